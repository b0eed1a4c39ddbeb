// lmutil and rlmutil habits: a link named after a vendor tool behaves as that
// tool (`lmstat -a` run through a link named lmstat is `licutil lmstat -a`;
// through a link named lmutil, `lmutil lmstat -a`), and under the vendor
// names the vendors' single-dash options mean what they mean there
// (`lmdown -vendor V`, `rlmstat -avail`, `lmremove -h F HOST PORT HANDLE`).
// The command line is rewritten into licutil's own before either reader
// sees it, so yargs, the fast reader and help all stay as the spec says.
import { LicutilError } from '../../protocol/errors.js';
import type { ArgSpec } from './spec.js';

/** Tools whose first word names the command: `lmutil lmstat -a`. */
const MULTIPLEXERS = new Set(['lmutil', 'rlmutil']);

/** A vendor command name and the licutil command it is an alias of. */
export const VENDOR_COMMANDS: Readonly<Record<string, string>> = {
  lmstat: 'stat',
  rlmstat: 'stat',
  lmdiag: 'lmdiag',
  lmdown: 'down',
  rlmdown: 'down',
  lmremove: 'remove',
  rlmremove: 'remove',
  lmreread: 'reread',
  rlmreread: 'reread',
  lmhostid: 'hostid',
  rlmhostid: 'hostid',
  lmpath: 'env',
  rlmsign: 'sign',
};

/**
 * What a vendor word becomes. `to`: the licutil words in its place. `value`:
 * the word takes the next one as its value (`required`), or only when the
 * next one is not an option (`optional`: `rlmstat -i` and `rlmstat -i acme`).
 */
export interface VendorWord {
  to: readonly string[];
  value?: 'required' | 'optional';
}

const LMSTAT: Record<string, VendorWord> = {
  '-A': { to: ['-a'] },
  '-S': { to: ['--isv'], value: 'optional' },
  '-t': { to: ['--timeout'], value: 'required' },
  '-f': { to: ['-f'], value: 'optional' },
};

const RLMSTAT: Record<string, VendorWord> = {
  '-avail': { to: ['--avail'] },
  // RLM's -i and -l name an ISV whose servers to show (not lmstat's -i)
  '-i': { to: ['--isv'], value: 'optional' },
  '-l': { to: ['--isv'], value: 'optional' },
  '-p': { to: ['-f'], value: 'optional' },
  '-u': { to: ['-u'], value: 'optional' },
  // "full listing": licutil's listing is always full
  '-f': { to: [] },
  // the license password: licutil's status needs none
  '-z': { to: [], value: 'required' },
};

const DOWN: Record<string, VendorWord> = {
  '-vendor': { to: ['--isv'], value: 'required' },
  '-force': { to: ['--force'] },
  '-all': { to: [] },
};

const HOSTID: Record<string, VendorWord> = {
  '-hostname': { to: ['hostname'] },
  '-ether': { to: ['ether'] },
  '-user': { to: ['user'] },
  '-internet': { to: ['internet'] },
};

/** The vendor options each vendor name accepts (the completion scripts offer them too). */
export const VENDOR_WORDS: Readonly<Record<string, Record<string, VendorWord>>> = {
  lmstat: LMSTAT,
  rlmstat: RLMSTAT,
  lmdown: DOWN,
  rlmdown: DOWN,
  lmreread: { '-vendor': { to: ['--isv'], value: 'required' }, '-all': { to: [] } },
  rlmreread: {},
  lmhostid: HOSTID,
  rlmhostid: HOSTID,
  lmpath: { '-status': { to: [] } },
  lmdiag: {},
  lmremove: {},
  rlmremove: {},
  rlmsign: {},
};

/** The tool name a program was started as: the file name of the link, without an extension. */
export function toolName(invokedAs: string): string {
  const base = invokedAs.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.(js|mjs|cjs|exe|cmd)$/i, '');
}

/** Whether the line has anything to rewrite: a vendor tool's name as the program or the first word. */
export function namesVendorTool(invokedAs: string, argv: readonly string[]): boolean {
  const tool = toolName(invokedAs);
  const first = argv[0] ?? '';
  return MULTIPLEXERS.has(tool) || Object.hasOwn(VENDOR_COMMANDS, tool) || MULTIPLEXERS.has(first) || Object.hasOwn(VENDOR_COMMANDS, first);
}

function usage(alias: string, message: string, hint: string): LicutilError {
  return new LicutilError('LICUTIL_E_USAGE', `${alias}: ${message}`, hint);
}

/** Short options of our own (`-c`, `-a`, ...): which take a value. */
function shortOptions(specs: readonly ArgSpec[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const s of specs) {
    for (const [key, o] of Object.entries(s.options)) {
      for (const name of [key, o.alias]) if (name !== undefined && name.length === 1) out.set(name, o.type !== 'boolean');
    }
  }
  out.set('h', false);
  out.set('V', false);
  return out;
}

function longTakesValue(word: string, specs: readonly ArgSpec[]): boolean {
  if (word.includes('=')) return false;
  const name = word.slice(2);
  for (const s of specs) {
    const o = s.options[name] ?? Object.values(s.options).find((x) => x.alias === name);
    if (o) return o.type !== 'boolean';
  }
  return false;
}

/** `lmremove -h FEATURE HOST PORT HANDLE`: FlexNet's removal by handle, never help. */
function lmremoveByHandle(alias: string, rest: readonly string[], at: number, out: string[]): number {
  const words = rest.slice(at + 1, at + 5);
  if (words.length < 4 || words.some((w) => w.startsWith('-'))) {
    throw usage(alias, '-h needs FEATURE HOST PORT HANDLE (lmremove -h solver licserver 27000 1234)', 'for help: `licutil remove --help`');
  }
  const [, host, port, handle] = words as [string, string, string, string];
  out.push(`${handle}@${port}@${host}`);
  return at + 4;
}

/**
 * The command line in licutil's own words. `invokedAs` is the path the
 * program was started by (argv[1]); `specOf` gives the spec of a licutil
 * command and the global one. Lines with no vendor name come back as they are.
 */
export function legacyLine(invokedAs: string, argv: readonly string[], specsOf: (command: string) => readonly ArgSpec[]): string[] {
  const tool = toolName(invokedAs);
  let line = [...argv];
  if (VENDOR_COMMANDS[tool] !== undefined) line = [tool, ...line];
  // `lmutil lmstat -a` through a link named lmutil, or `licutil lmutil lmstat -a`
  else if (line[0] !== undefined && MULTIPLEXERS.has(line[0])) line = line.slice(1);
  const alias = line[0];
  if (alias === undefined) return line;
  const words = VENDOR_WORDS[alias];
  const command = VENDOR_COMMANDS[alias];
  if (words === undefined || command === undefined) return line;
  refuseHelpWithAction(alias, command, line);
  const specs = specsOf(command);
  const shorts = shortOptions(specs);
  const out = [alias];
  for (let i = 1; i < line.length; i++) {
    const w = line[i] as string;
    if (w === '--') {
      out.push(...line.slice(i));
      break;
    }
    if (alias === 'lmremove' && w === '-h' && i + 1 < line.length) {
      i = lmremoveByHandle(alias, line, i, out);
      continue;
    }
    const vendor = Object.hasOwn(words, w) ? words[w] : undefined;
    if (vendor !== undefined) {
      const next = line[i + 1];
      if (vendor.value === 'required') {
        if (next === undefined) throw usage(alias, `${w} needs a value`, `see \`licutil ${command} --help\``);
        i++;
        if (vendor.to.length > 0) out.push(...vendor.to, next);
      } else if (vendor.value === 'optional' && next !== undefined && !next.startsWith('-')) {
        i++;
        if (vendor.to.length > 0) out.push(...vendor.to, next);
      } else if (vendor.value === undefined) {
        out.push(...vendor.to);
      }
      continue;
    }
    if (w.startsWith('--')) {
      out.push(w);
      if (longTakesValue(w, specs) && i + 1 < line.length) out.push(line[++i] as string);
      continue;
    }
    if (w.startsWith('-') && w.length > 1 && !/^-\d/.test(w)) {
      const letters = [...w.slice(1)];
      // one of our short options, or a cluster of them (-ai); else a vendor word licutil does not know,
      // which must not fall to yargs as letters (-hostname would be -h: help, exit 0)
      if (!letters.every((l) => shorts.has(l)) || (letters.length > 1 && letters.some((l) => shorts.get(l) === true || l === 'h'))) {
        const known = Object.keys(words);
        throw usage(
          alias,
          `unknown option ${w}`,
          `${known.length > 0 ? `${alias} here accepts ${known.join(', ')} and ` : ''}the options of \`licutil ${command} --help\``,
        );
      }
      out.push(w);
      if (letters.length === 1 && shorts.get(letters[0] as string) === true && i + 1 < line.length) out.push(line[++i] as string);
      continue;
    }
    out.push(w);
  }
  return out;
}

/**
 * Under a vendor name, help is `-h` or `--help` alone. With more words the line
 * asks for something (`lmstat -h -a`); answering with help and exit 0 would let
 * a script believe it was done, so it is a usage error.
 */
function refuseHelpWithAction(alias: string, command: string, line: readonly string[]): void {
  const end = line.indexOf('--');
  const words = line.slice(1, end < 0 ? undefined : end);
  // lmremove -h FEATURE HOST PORT HANDLE is a removal (legacyLine reads it)
  const isHelp = (w: string) => w === '--help' || (w === '-h' && alias !== 'lmremove');
  const help = words.find(isHelp);
  if (help === undefined || words.every(isHelp)) return;
  const rest = words.filter((w) => !isHelp(w)).join(' ');
  throw usage(
    alias,
    `${help} asks for help, but the line also asks for \`${rest}\``,
    `for help: \`${alias} ${help}\` alone (or \`licutil ${command} --help\`); to act, leave out ${help}`,
  );
}
