// The yargs-free reading of the common command lines (src/cli/args/fast.ts)
// exists only for start-up time: on every command line it accepts it must hand
// the command exactly what yargs, as program.ts sets it up, would. Both
// readers are driven here through program.ts itself, never a copy of its set-up.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GLOBAL_ARGS } from '../../../src/cli/args/global.js';
import { conflictIn, type ArgSpec, type OptionSpec } from '../../../src/cli/args/spec.js';
import type { LicutilCommand } from '../../../src/cli/common/command.js';
import { COMMANDS } from '../../../src/cli/commands/index.js';
import { parseWithYargs, readWithoutYargs } from '../../../src/cli/program.js';

async function viaYargs(argv: string[]): Promise<Record<string, unknown> | Error> {
  try {
    const line = await parseWithYargs(argv);
    return line ? (line.args as unknown as Record<string, unknown>) : new Error('yargs ran no command');
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

async function fast(argv: string[]): Promise<Record<string, unknown> | null> {
  const line = await readWithoutYargs(argv);
  return line ? (line.args as unknown as Record<string, unknown>) : null;
}

const FAST = COMMANDS.filter((c) => c.configure === undefined);

/** every key the command may read: options with their aliases and camelCase, positionals, `--` */
function keysOf(spec: ArgSpec): string[] {
  const keys = ['--', ...spec.positionals.map((p) => p.name)];
  for (const s of [GLOBAL_ARGS as ArgSpec, spec]) {
    for (const [k, o] of Object.entries(s.options)) {
      keys.push(k, k.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase()));
      if (o.alias !== undefined) keys.push(o.alias);
    }
  }
  return keys;
}

function pick(args: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (args[k] !== undefined) out[k] = args[k];
  return out;
}

const spell = (name: string) => (name.length === 1 ? `-${name}` : `--${name}`);

describe('command lines read without yargs', () => {
  it('covers the commands whose start-up matters', () => {
    expect(FAST.map((c) => c.name)).toEqual(expect.arrayContaining(['env', 'stat', 'lmdiag', 'hostid', 'checkout', 'checkin', 'heartbeat', 'serve']));
  });

  it('reads the usual command lines', async () => {
    expect(await fast(['checkout', 'solver:2', '-c', '5053@h', '--wait', '5m', '-n', '2', '-q', '--', 'make', '-j', '4'])).toMatchObject({
      feature: 'solver:2',
      license: ['5053@h'],
      c: ['5053@h'],
      wait: '5m',
      count: 2,
      quiet: true,
      'on-lost': 'warn',
      onLost: 'warn',
      '--': ['make', '-j', '4'],
    });
    expect(await fast(['lmstat', '-i', '-c', 'a.lic', '-c', 'b.lic'])).toMatchObject({ i: true, license: ['a.lic', 'b.lic'], format: 'table' });
    expect(await fast(['lmdiag', '--no-checkout', 'solver', 'cad:2'])).toMatchObject({ checkout: false, features: ['solver', 'cad:2'] });
    expect(await fast(['env'])).toMatchObject({ json: false, color: true, quiet: false });
    // what CI jobs run: check out now, check in from a later step
    expect(await fast(['checkout', 'solver', '--detach', '--lease', '1h'])).toMatchObject({ feature: 'solver', detach: true, lease: '1h' });
    // one value given twice: the last wins, as in yargs.ts lastWins
    expect(await fast(['checkout', 'solver', '--tag', 'a', '--tag', 'b', '--', 'x'])).toMatchObject({ tag: 'b' });
    // issue 13: --pub no longer takes the file after it
    expect(await fast(['serve', '--pub', 'acme.pub', '--port', '0', '--bind', '127.0.0.1', './site.lic'])).toMatchObject({
      pub: ['acme.pub'],
      port: 0,
      paths: ['./site.lic'],
    });
  });

  it('leaves everything else to yargs', async () => {
    for (const argv of [
      ['env', '--help'],
      ['stat', '-h'],
      ['env', '--version'],
      ['env', 'extra'],
      ['stat', '-i', 'true'],
      ['stat', '--format=lmstat'],
      ['stat', '--format', 'csv'],
      ['stat', '-ai'],
      ['stat', '--from', 'lmstat', '-'],
      ['hostid', 'bogus'],
      ['checkout', 'solver', '--json', '--json', '--', 'x'],
      ['checkout', '--', 'x'],
      ['checkout', 'a', 'b', '--', 'x'],
      ['checkout', 'solver', '-n', 'two', '--', 'x'],
      ['checkout', 'solver', '-n', '-1', '--', 'x'],
      ['checkout', 'solver', '--on-lost', 'explode', '--', 'x'],
      ['checkout', 'solver', '--'],
      ['checkin'],
      ['stat', '--', 'x'],
      ['explain', '-15'],
      ['serve', '--pub', 'a.pub', '--keys', 'dir'],
      ['nosuch'],
    ]) {
      expect(await fast(argv), argv.join(' ')).toBeNull();
    }
  });

  it('agrees with the program’s yargs on every command line it accepts', async () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_.:@/=-]{1,10}$/);
    const valueFor = (choices?: readonly string[]) =>
      fc.oneof(word, fc.constantFrom('0', '7', '2.5', '010', '1e3', '-3', 'true', '', ...(choices ?? [])));
    let compared = 0;
    for (const command of FAST) {
      const spec = command.spec;
      const options: [string, OptionSpec][] = [...Object.entries(GLOBAL_ARGS.options as Record<string, OptionSpec>), ...Object.entries(spec.options)];
      const optArb = fc.constantFrom(...options).chain(([key, o]) => {
        const spellings = [spell(key)];
        if (o.alias !== undefined) spellings.push(spell(o.alias));
        if (o.type === 'boolean') {
          if (key.length > 1) spellings.push(`--no-${key}`);
          return fc.tuple(fc.constantFrom(...spellings)).map((t) => [...t]);
        }
        return fc.tuple(fc.constantFrom(...spellings), valueFor(o.choices)).map((t) => [...t]);
      });
      const names = [command.name, ...(command.aliases ?? [])];
      const positional = fc.oneof(word, fc.constantFrom('x', ...spec.positionals.flatMap((p) => p.choices ?? [])));
      const argvArb = fc
        .record({
          name: fc.constantFrom(...names),
          parts: fc.array(fc.oneof(optArb, positional.map((p) => [p])), { maxLength: 6 }),
          rest: spec.dashdash ? fc.option(fc.array(fc.oneof(word, fc.constantFrom('-x', '--', '7')), { minLength: 1, maxLength: 3 }), { nil: null }) : fc.constant(null),
        })
        .map(({ name, parts, rest }) => [name, ...parts.flat(), ...(rest ? ['--', ...rest] : [])]);
      const keys = keysOf(spec);
      await fc.assert(
        fc.asyncProperty(argvArb, async (argv) => {
          const mine = await fast(argv);
          if (mine === null) return;
          compared++;
          const theirs = await viaYargs(argv);
          expect(theirs, argv.join(' ')).not.toBeInstanceOf(Error);
          expect(pick(mine, keys), argv.join(' ')).toEqual(pick(theirs as Record<string, unknown>, keys));
        }),
        { numRuns: 60 },
      );
    }
    // a good share of generated lines are of the plain kind the reader is for
    expect(compared).toBeGreaterThan(FAST.length * 15);
  });

  it('conflicting options are a usage error naming both; an option at its default conflicts with nothing', async () => {
    await expect(parseWithYargs(['serve', '--pub', 'a.pub', '--keys', 'dir'])).rejects.toMatchObject({
      code: 'LICUTIL_E_USAGE',
      message: 'serve: --pub and --keys cannot be used together',
    });
    const spec = { positionals: [], options: { csv: { type: 'boolean', default: false, describe: 'csv' } }, conflicts: [['csv', 'json']] } as const;
    expect(conflictIn({ csv: true, json: false }, spec, GLOBAL_ARGS)).toBeNull();
    expect(conflictIn({ csv: true, json: true }, spec, GLOBAL_ARGS)).toEqual(['csv', 'json']);
  });

  it('finds a command by any of its names', async () => {
    expect(await fast(['rlmstat', '-a'])).toMatchObject({ a: true });
  });
});

/** A valid value for each positional (two for a variadic one), so the line parses. */
function positionalsFor(spec: ArgSpec): { words: string[]; expected: Record<string, unknown> } {
  const words: string[] = [];
  const expected: Record<string, unknown> = {};
  spec.positionals.forEach((p, i) => {
    const v = p.choices?.[0] ?? `p${i}.lic`;
    if (p.variadic) {
      words.push(v, p.choices?.[1] ?? `q${i}.lic`);
      expected[p.name] = words.slice(-2);
    } else {
      words.push(v);
      expected[p.name] = v;
    }
  });
  return { words, expected };
}

function repeatables(command: LicutilCommand): [string, OptionSpec][] {
  return [...Object.entries(GLOBAL_ARGS.options as Record<string, OptionSpec>), ...Object.entries(command.spec.options)].filter(([, o]) => o.repeatable);
}

describe('repeatable options never take the positionals after them', () => {
  it('every command has the options it repeats in its spec, and -c among them', () => {
    for (const c of COMMANDS) expect(repeatables(c).map(([k]) => k), c.name).toContain('license');
    expect(repeatables(COMMANDS.find((c) => c.name === 'serve') as LicutilCommand).map(([k]) => k)).toContain('pub');
  });

  for (const command of COMMANDS) {
    for (const [key, o] of repeatables(command)) {
      const flags = [spell(key), ...(o.alias !== undefined ? [spell(o.alias)] : [])];
      it(`${command.name} ${flags.join('/')}: before, between and after the positionals`, async () => {
        const { words, expected } = positionalsFor(command.spec);
        const [flag] = flags as [string];
        const last = flags[flags.length - 1] as string;
        const lines = [
          [command.name, flag, 'v1', last, 'v2', ...words],
          [command.name, ...words, flag, 'v1', last, 'v2'],
          [command.name, flag, 'v1', ...words, last, 'v2'],
          [command.name, ...words.slice(0, 1), flag, 'v1', ...words.slice(1), last, 'v2'],
        ];
        for (const argv of lines) {
          for (const read of [viaYargs, fast]) {
            const args = await read(argv);
            if (args === null) continue; // a line the fast reader leaves to yargs
            expect(args, `${read.name}: ${argv.join(' ')}`).not.toBeInstanceOf(Error);
            expect(args, `${read.name}: ${argv.join(' ')}`).toMatchObject({ [key]: ['v1', 'v2'], ...expected });
          }
        }
      });
    }
  }
});
