// yargs built from the argument specs (spec.ts): every option, positional,
// conflict and example of a command is declared here from its data, so help,
// completion and yargs' errors say what the spec says.
import type { Argv, CommandModule } from 'yargs';
import { LicutilError } from '../protocol/errors.js';
import { commandString, conflictIn, type ArgSpec } from './args/spec.js';
import type { LicutilCommand } from './common/command.js';
import { GLOBAL_ARGS } from './args/global.js';

/** A repeated option gathers a list; once given, it is a list of one (never a bare string). */
function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

/** Declares the spec's options and positionals to yargs; `global` for options that every command takes. */
export function applyArgSpec<T>(y: Argv<T>, spec: ArgSpec, global = false): Argv<T> {
  let out = y;
  for (const p of spec.positionals) {
    out = out.positional(p.name, {
      type: 'string',
      describe: p.describe,
      ...(p.variadic ? { array: true } : {}),
      ...(p.demand ? { demandOption: true } : {}),
      ...(p.choices ? { choices: p.choices as string[] } : {}),
    }) as unknown as Argv<T>;
  }
  for (const [name, o] of Object.entries(spec.options)) {
    out = out.option(name, {
      type: o.type,
      describe: o.repeatable ? `${o.describe} [repeatable]` : o.describe,
      ...(o.alias !== undefined ? { alias: o.alias } : {}),
      ...(o.default !== undefined ? { default: o.default } : {}),
      ...(o.choices ? { choices: o.choices as string[] } : {}),
      ...(o.requiresArg ? { requiresArg: true } : {}),
      // not `array: true`, which would take the positionals after the option
      ...(o.repeatable ? { coerce: asList } : {}),
      ...(global ? { global: true } : {}),
    }) as unknown as Argv<T>;
  }
  return out;
}

/** The yargs command object of a command: its spec, help and examples; `handler` runs it. */
export function yargsCommand<A>(cmd: LicutilCommand, handler: (args: A) => Promise<void>): CommandModule<A, A> {
  return {
    command: commandString(cmd.name, cmd.spec),
    aliases: [...(cmd.aliases ?? [])],
    describe: cmd.describe,
    builder: (y: Argv<A>) => {
      let out = applyArgSpec(y, cmd.spec);
      if (cmd.usage !== undefined) out = out.usage(cmd.usage);
      for (const [example, what] of cmd.examples ?? []) out = out.example(example, what);
      return cmd.configure ? (cmd.configure(out as unknown as Argv) as unknown as Argv<A>) : out;
    },
    handler: async (args) => handler(args as A),
  };
}

export function withGlobalOptions<T>(y: Argv<T>): Argv<T> {
  return applyArgSpec(y, GLOBAL_ARGS, true);
}

/**
 * An option that is not repeatable, given twice, keeps its last value (as a
 * later `--timeout 10` overrides one an alias or script put first). yargs
 * gathers a list under every spelling; the command's type says one value.
 */
/** The spec's conflicts, judged after lastWins (yargs' own check would count defaults). */
export function checkConflicts(args: object, command: LicutilCommand): void {
  const pair = conflictIn(args as Record<string, unknown>, command.spec, GLOBAL_ARGS);
  if (pair === null) return;
  const [a, b] = pair.map((k) => (k.length === 1 ? `-${k}` : `--${k}`));
  throw new LicutilError('LICUTIL_E_USAGE', `${command.name}: ${a} and ${b} cannot be used together`, `see \`licutil ${command.name} --help\``);
}

/**
 * A number option given a word: yargs hands over NaN, which each command would
 * then print ("--port NaN is not a TCP port"). One check for all of them, naming
 * the word as typed (argv: the command line as given).
 */
export function checkNumbers(args: object, command: LicutilCommand, argv: readonly string[]): void {
  const values = args as Record<string, unknown>;
  for (const spec of [GLOBAL_ARGS as ArgSpec, command.spec]) {
    for (const [key, o] of Object.entries(spec.options)) {
      if (o.type !== 'number' || !asList(values[key]).some((v) => typeof v === 'number' && Number.isNaN(v))) continue;
      const spellings = [key, o.alias].filter((n): n is string => n !== undefined).map((n) => (n.length === 1 ? `-${n}` : `--${n}`));
      let flag = spellings[0] as string;
      let word = '';
      for (let i = 0; i < argv.length; i++) {
        const t = argv[i] as string;
        const s = spellings.find((sp) => t === sp || t.startsWith(`${sp}=`));
        if (s === undefined) continue;
        const raw = t === s ? (argv[i + 1] ?? '') : t.slice(s.length + 1);
        if (Number.isNaN(Number(raw)) || raw.trim() === '') [flag, word] = [s, raw];
      }
      throw new LicutilError('LICUTIL_E_USAGE', `${command.name}: ${flag} ${JSON.stringify(word)} is not a number`, `see \`licutil ${command.name} --help\``);
    }
  }
}

export function lastWins(args: object, command: LicutilCommand): void {
  const values = args as Record<string, unknown>;
  for (const spec of [GLOBAL_ARGS as ArgSpec, command.spec]) {
    for (const [key, o] of Object.entries(spec.options)) {
      const v = values[key];
      if (o.repeatable || !Array.isArray(v)) continue;
      const last: unknown = v[v.length - 1];
      for (const name of [key, o.alias, key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())]) if (name !== undefined) values[name] = last;
    }
  }
}
