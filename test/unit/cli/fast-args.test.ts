// The yargs-free reading of the common command lines (src/cli/args/fast.ts)
// exists only for start-up time: on every command line it accepts it must hand
// the command exactly what yargs, configured as main.ts configures it, would.
import fc from 'fast-check';
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import type { ArgSpec } from '../../../src/cli/args/spec.js';
import type { GlobalArgs, LicutilCommand } from '../../../src/cli/command.js';
import { COMMANDS } from '../../../src/cli/commands/index.js';
import { readFast } from '../../../src/cli/args/fast.js';
import { GLOBAL_ARGS, withGlobalOptions } from '../../../src/cli/args/global.js';

async function viaYargs(argv: string[], command: LicutilCommand<GlobalArgs>): Promise<Record<string, unknown> | Error> {
  let got: Record<string, unknown> | undefined;
  try {
    await withGlobalOptions(yargs(argv))
      .strict()
      .parserConfiguration({ 'populate--': true, 'parse-positional-numbers': false })
      .fail((msg, err) => {
        throw err ?? new Error(msg);
      })
      .command({
        ...command.module,
        handler: (a: unknown) => {
          got = a as Record<string, unknown>;
        },
      } as never)
      .parseAsync();
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
  return got ?? new Error('yargs ran no handler');
}

function nameOf(c: LicutilCommand<GlobalArgs>): string {
  return String(c.module.command).split(' ')[0] ?? '';
}

const FAST = COMMANDS.filter((c) => c.args !== undefined);

function commandNamed(name: string): LicutilCommand<GlobalArgs> {
  const c = COMMANDS.find((x) => nameOf(x) === name);
  if (!c) throw new Error(`no command ${name}`);
  return c;
}

function fast(argv: string[]): Record<string, unknown> | null {
  const c = COMMANDS.find((x) => nameOf(x) === argv[0] || (x.module.aliases as string[] | undefined)?.includes(argv[0] ?? ''));
  if (!c?.args) return null;
  return readFast(argv, { spec: c.args, dashdash: c.dashdash ?? false }, GLOBAL_ARGS);
}

/** every key the command may read: options with their aliases and camelCase, positionals, `--` */
function keysOf(spec: ArgSpec): string[] {
  const keys = ['--', ...spec.positionals.map((p) => p.name)];
  for (const s of [GLOBAL_ARGS, spec]) {
    for (const [k, o] of Object.entries(s.options)) {
      keys.push(k, k.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase()));
      if (o.alias !== undefined) keys.push(o.alias);
    }
  }
  return keys;
}

function pick(args: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = args[k];
    if (v !== undefined) out[k] = k === '--' ? (v as unknown[]).map(String) : v;
  }
  return out;
}

describe('command lines read without yargs', () => {
  it('covers the commands whose start-up matters', () => {
    expect(FAST.map(nameOf)).toEqual(expect.arrayContaining(['env', 'stat', 'lmdiag', 'hostid', 'checkout', 'checkin', 'heartbeat']));
  });

  it('reads the usual command lines', () => {
    expect(fast(['checkout', 'solver:2', '-c', '5053@h', '--wait', '5m', '-n', '2', '-q', '--', 'make', '-j', '4'])).toMatchObject({
      feature: 'solver:2',
      license: '5053@h',
      c: '5053@h',
      wait: '5m',
      count: 2,
      quiet: true,
      'on-lost': 'warn',
      onLost: 'warn',
      '--': ['make', '-j', '4'],
    });
    expect(fast(['lmstat', '-i', '-c', 'a.lic', '-c', 'b.lic'])).toMatchObject({ i: true, license: ['a.lic', 'b.lic'], format: 'table' });
    expect(fast(['lmdiag', '--no-checkout', 'solver', 'cad:2'])).toMatchObject({ checkout: false, features: ['solver', 'cad:2'] });
    expect(fast(['env'])).toMatchObject({ json: false, color: true, quiet: false });
    // what CI jobs run: check out now, check in from a later step
    expect(fast(['checkout', 'solver', '--detach', '--lease', '1h'])).toMatchObject({ feature: 'solver', detach: true, lease: '1h' });
  });

  it('leaves everything else to yargs', () => {
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
      ['checkout', 'solver', '--tag', 'a', '--tag', 'b', '--', 'x'],
      ['checkout', 'solver', '--'],
      ['checkin'],
      ['stat', '--', 'x'],
      ['explain', '-15'],
      ['serve', '--port', '5053'],
      ['nosuch'],
    ]) {
      expect(fast(argv), argv.join(' ')).toBeNull();
    }
  });

  it('agrees with yargs on every command line it accepts', async () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_.:@/=-]{1,10}$/);
    const valueFor = (choices?: readonly string[]) =>
      fc.oneof(word, fc.constantFrom('0', '7', '2.5', '010', '1e3', '-3', 'true', '', ...(choices ?? [])));
    let compared = 0;
    for (const command of FAST) {
      const spec = command.args as ArgSpec;
      const options = [...Object.entries(GLOBAL_ARGS.options), ...Object.entries(spec.options)];
      const optArb = fc.constantFrom(...options).chain(([key, o]) => {
        const spellings = [key.length === 1 ? `-${key}` : `--${key}`];
        if (o.alias !== undefined) spellings.push(o.alias.length === 1 ? `-${o.alias}` : `--${o.alias}`);
        if (o.type === 'boolean') {
          if (key.length > 1) spellings.push(`--no-${key}`);
          return fc.tuple(fc.constantFrom(...spellings)).map((t) => [...t]);
        }
        return fc.tuple(fc.constantFrom(...spellings), valueFor(o.choices)).map((t) => [...t]);
      });
      const names = [nameOf(command), ...((command.module.aliases as string[] | undefined) ?? [])];
      const positional = fc.oneof(word, fc.constantFrom('x', ...spec.positionals.flatMap((p) => p.choices ?? [])));
      const argvArb = fc
        .record({
          name: fc.constantFrom(...names),
          parts: fc.array(fc.oneof(optArb, positional.map((p) => [p])), { maxLength: 6 }),
          rest: command.dashdash
            ? fc.option(fc.array(fc.oneof(word, fc.constantFrom('-x', '--', '7')), { minLength: 1, maxLength: 3 }), { nil: null })
            : fc.constant(null),
        })
        .map(({ name, parts, rest }) => [name, ...parts.flat(), ...(rest ? ['--', ...rest] : [])]);
      const keys = keysOf(spec);
      await fc.assert(
        fc.asyncProperty(argvArb, async (argv) => {
          const mine = fast(argv);
          if (mine === null) return;
          compared++;
          const theirs = await viaYargs(argv, command);
          expect(theirs, argv.join(' ')).not.toBeInstanceOf(Error);
          expect(pick(mine, keys), argv.join(' ')).toEqual(pick(theirs as Record<string, unknown>, keys));
        }),
        { numRuns: 100 },
      );
    }
    // a good share of generated lines are of the plain kind the reader is for
    expect(compared).toBeGreaterThan(FAST.length * 30);
  });

  it('finds a command by any of its names', () => {
    expect(fast(['rlmstat', '-a'])).toMatchObject({ a: true });
    expect(commandNamed('stat').args).toBeDefined();
  });
});
