// The common command lines read without yargs, generated from the same spec
// (spec.ts) that yargs is built from. Loading yargs is most of the
// start-up of a command (its bundle builds Intl.Segmenters and Unicode
// emoji regexes when it loads; bench/RESULTS.md, start-up), and issue 8 wants
// `licutil env` and `stat -i` close to node's own start-up. This reader accepts a
// strict subset of what yargs does — known options written plainly, plain
// values, each option once — and returns null for anything else (help,
// `--opt=value`, `-abc`, a bad choice, a value starting with `-`, ...), which
// then goes through yargs, with its messages. A property test drives both
// through program.ts and checks they agree on every line this accepts.
import { conflictIn, type ArgSpec, type OptionSpec } from './spec.js';

/** a value every parser reads the same: no leading '-', no blanks */
const PLAIN = /^[^-\s]\S*$/;
/** what yargs turns into the same number as Number() */
const NUMBER = /^\d+(\.\d+)?$/;

interface Flag {
  key: string;
  spec: OptionSpec;
  negated: boolean;
}

function flagTable(specs: readonly ArgSpec[]): Map<string, Flag> {
  const flags = new Map<string, Flag>();
  const spell = (name: string) => (name.length === 1 ? `-${name}` : `--${name}`);
  for (const s of specs) {
    for (const [key, spec] of Object.entries(s.options)) {
      flags.set(spell(key), { key, spec, negated: false });
      if (spec.alias !== undefined) flags.set(spell(spec.alias), { key, spec, negated: false });
      if (spec.type === 'boolean' && key.length > 1) flags.set(`--no-${key}`, { key, spec, negated: true });
    }
  }
  return flags;
}

/**
 * The arguments yargs would hand the command's handler (without `_`, `$0` and
 * alias copies), or null when yargs should read this command line. argv[0] is
 * the command name, already matched by the caller.
 */
export function readFast(argv: readonly string[], spec: ArgSpec, global: ArgSpec): Record<string, unknown> | null {
  const dash = argv.indexOf('--');
  // `checkout F --detach` has no `--`; a `--` with nothing after it is left to yargs
  if (spec.dashdash ? dash === argv.length - 1 : dash >= 0) return null;
  const end = dash < 0 ? argv.length : dash;
  const flags = flagTable([global, spec]);
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  const positionals: string[] = [];
  for (let i = 1; i < end; i++) {
    const tok = argv[i] as string;
    if (!tok.startsWith('-')) {
      if (!PLAIN.test(tok)) return null;
      positionals.push(tok);
      continue;
    }
    const flag = flags.get(tok);
    if (flag === undefined) return null;
    const { key, spec: option } = flag;
    const again = seen.has(key);
    seen.add(key);
    if (option.type === 'boolean') {
      // yargs takes a following `true`/`false` as the flag's value
      if (again || argv[i + 1] === 'true' || argv[i + 1] === 'false') return null;
      out[key] = !flag.negated;
      continue;
    }
    const value = argv[++i];
    if (value === undefined || i >= end || !PLAIN.test(value)) return null;
    if (option.choices && !option.choices.includes(value)) return null;
    let v: string | number = value;
    if (option.type === 'number') {
      if (!NUMBER.test(value)) return null;
      v = Number(value);
    }
    // a repeatable option gathers a list; any other keeps its last value (cli/yargs.ts lastWins)
    out[key] = option.repeatable ? [...((out[key] as unknown[] | undefined) ?? []), v] : v;
  }
  if (!placePositionals(positionals, spec, out)) return null;
  if (conflictIn(out, spec, global)) return null;
  for (const s of [global, spec]) {
    for (const [key, option] of Object.entries(s.options)) {
      if (out[key] === undefined && option.default !== undefined) out[key] = option.default;
      // yargs hands over every spelling of an option: its alias and its camelCase
      if (out[key] === undefined) continue;
      if (option.alias !== undefined) out[option.alias] = out[key];
      if (key.includes('-')) out[camelCase(key)] = out[key];
    }
  }
  if (spec.dashdash && dash >= 0) out['--'] = argv.slice(dash + 1);
  return out;
}

function placePositionals(values: readonly string[], spec: ArgSpec, out: Record<string, unknown>): boolean {
  let next = 0;
  for (const p of spec.positionals) {
    if (p.variadic) {
      const rest = values.slice(next);
      next = values.length;
      if (rest.some((v) => p.choices !== undefined && !p.choices.includes(v))) return false;
      if (rest.length === 0 && p.demand) return false;
      out[p.name] = rest;
      continue;
    }
    const v = values[next];
    if (v === undefined) {
      if (p.demand) return false;
      continue;
    }
    if (p.choices && !p.choices.includes(v)) return false;
    out[p.name] = v;
    next++;
  }
  // yargs (strict) rejects a positional the command does not take
  return next === values.length;
}

function camelCase(key: string): string {
  return key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
