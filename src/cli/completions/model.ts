// What the completion scripts offer, read from the argument specs (args/) and
// the command list: the same data yargs is built from, so a script cannot offer
// an option, a command or a value the CLI rejects (they once offered
// `--format json`). scripts/build.mjs writes completions/ from it, and
// test/e2e/completions.test.ts checks the files are what it writes.
import { GLOBAL_ARGS } from '../args/global.js';
import type { ArgSpec, OptionSpec, ValueCompletion } from '../args/spec.js';
import type { LicutilCommand } from '../common/command.js';
import { VENDOR_WORDS, type VendorWord } from '../args/legacy.js';

export interface ValueOffer {
  /** the value is one of these words */
  choices?: readonly string[];
  /** words offered besides files (sign's `keygen`) */
  suggest?: readonly string[];
  complete?: ValueCompletion;
  /** what the value is called (zsh shows it) */
  name: string;
}

export interface CompletedOption {
  /** `-c`, `--license`: every spelling */
  flags: string[];
  describe: string;
  /** null: a flag that takes no value */
  value: ValueOffer | null;
  repeatable: boolean;
}

export interface CompletedCommand {
  /** the command's name, then its aliases */
  names: string[];
  describe: string;
  options: CompletedOption[];
  /** the positionals in order; the last may take every remaining word */
  positionals: (ValueOffer & { variadic: boolean; demand: boolean })[];
  /** `checkout F -- CMD`: the words after `--` are a command */
  dashdash: boolean;
  /** under a vendor name, its single-dash options (`rlmstat -avail`) besides the command's own */
  vendor: { alias: string; options: CompletedOption[] }[];
}

export interface CompletionModel {
  program: string;
  global: CompletedOption[];
  commands: CompletedCommand[];
}

/**
 * The first clause of a help text, at most `max` characters, cut at a word, in
 * characters every shell's quoting keeps as they are.
 */
export function shortDescription(text: string, max = 80): string {
  const plain = text.replace(/\s*\([^)]*\)/g, '');
  const first = (plain.split(';')[0] ?? plain).replace(/[`[\]{}$\\"<>|*]/g, '').replace(/\s+/g, ' ').trim();
  if (first.length <= max) return first;
  const cut = first.slice(0, max + 1);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).replace(/[,.:]$/, '');
}

/** `--no-checkout`: what the help says it does (`(--no-checkout: only look at its pools)`), else "off: ...". */
function negatedDescription(name: string, text: string): string {
  const said = new RegExp(`\\(--no-${name}:\\s*([^)]*)\\)`).exec(text)?.[1];
  return said !== undefined ? shortDescription(said) : `off: ${shortDescription(text)}`;
}

function optionOf(key: string, o: OptionSpec): CompletedOption {
  const names = [key, ...(o.alias !== undefined ? [o.alias] : [])];
  // a flag that is on by default is offered as what turns it off (--no-checkout)
  const negated = o.type === 'boolean' && o.default === true;
  const flags = names
    .map((n) => (n.length === 1 ? `-${n}` : negated ? `--no-${n}` : `--${n}`))
    .filter((f) => !(negated && f.length === 2))
    .sort((a, b) => a.length - b.length);
  return {
    flags,
    describe: negated ? negatedDescription(key, o.describe) : shortDescription(o.describe),
    value:
      o.type === 'boolean'
        ? null
        : { name: key, ...(o.choices ? { choices: o.choices } : {}), ...(o.complete !== undefined ? { complete: o.complete } : {}) },
    repeatable: o.repeatable === true,
  };
}

function optionsOf(spec: ArgSpec): CompletedOption[] {
  return Object.entries(spec.options).map(([k, o]) => optionOf(k, o));
}

/** A vendor word that is not already one of the command's options (`rlmstat -f` is stat's `-f` too). */
function vendorOptions(c: LicutilCommand): CompletedCommand['vendor'] {
  const own = new Set(optionsOf(c.spec).flatMap((o) => o.flags));
  return (c.aliases ?? []).flatMap((alias) => {
    const words = Object.entries(VENDOR_WORDS[alias] ?? {}).filter(([w]) => !own.has(w));
    const options = words.map(([w, v]: [string, VendorWord]) => ({
      flags: [w],
      describe: v.to.length > 0 ? `${alias} habit: ${v.to.join(' ')}` : `${alias} habit: accepted, changes nothing`,
      value: v.value === 'required' ? { name: w.slice(1) } : null,
      repeatable: false,
    }));
    return options.length > 0 ? [{ alias, options }] : [];
  });
}

/** yargs adds these to every command (program.ts: .help() alias h, .version() alias V). */
const BUILT_IN: CompletedOption[] = [
  { flags: ['-h', '--help'], describe: 'show help', value: null, repeatable: false },
  { flags: ['-V', '--version'], describe: 'show the version', value: null, repeatable: false },
];

export function completionModel(commands: readonly LicutilCommand[]): CompletionModel {
  return {
    program: 'licutil',
    global: [...optionsOf(GLOBAL_ARGS), ...BUILT_IN],
    commands: commands.map((c) => ({
      names: [c.name, ...(c.aliases ?? [])],
      describe: shortDescription(c.describe),
      options: optionsOf(c.spec),
      positionals: c.spec.positionals.map((p) => ({
        name: p.name,
        variadic: p.variadic === true,
        demand: p.demand === true,
        ...(p.choices ? { choices: p.choices } : {}),
        ...(p.suggest ? { suggest: p.suggest } : {}),
        ...(p.complete !== undefined ? { complete: p.complete } : {}),
      })),
      dashdash: c.spec.dashdash === true,
      vendor: vendorOptions(c),
    })),
  };
}

/** Every flag that takes a value, of the global options and of these. */
export function valueFlags(options: readonly CompletedOption[]): string[] {
  return options.filter((o) => o.value !== null).flatMap((o) => o.flags);
}
