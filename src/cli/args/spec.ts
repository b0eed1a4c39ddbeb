// A command's arguments as data. yargs reads them (for --help, completion
// checks and every error message), and so does the yargs-free reader of
// fast-args.ts that starts the common command lines: one table, two readers
// that a property test holds in agreement (test/unit/cli/fast-args.test.ts).
import type { Argv } from 'yargs';

export interface OptionSpec {
  type: 'string' | 'number' | 'boolean';
  alias?: string;
  default?: string | number | boolean;
  choices?: readonly string[];
  /** the option needs a value (yargs requiresArg) */
  requiresArg?: boolean;
  describe: string;
}

export interface PositionalSpec {
  name: string;
  describe: string;
  /** required (`<name>`) rather than optional (`[name]`) */
  demand?: boolean;
  /** takes every remaining positional (`[name..]`); only the last may */
  variadic?: boolean;
  choices?: readonly string[];
}

export interface ArgSpec {
  positionals: readonly PositionalSpec[];
  options: Readonly<Record<string, OptionSpec>>;
}

/** `stat [feature]`, `checkout <feature>`, `lmdiag [features..]`: the yargs command string. */
export function commandString(name: string, spec: ArgSpec): string {
  const parts = spec.positionals.map((p) => {
    const inner = p.variadic ? `${p.name}..` : p.name;
    return p.demand ? `<${inner}>` : `[${inner}]`;
  });
  return [name, ...parts].join(' ');
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
      describe: o.describe,
      ...(o.alias !== undefined ? { alias: o.alias } : {}),
      ...(o.default !== undefined ? { default: o.default } : {}),
      ...(o.choices ? { choices: o.choices as string[] } : {}),
      ...(o.requiresArg ? { requiresArg: true } : {}),
      ...(global ? { global: true } : {}),
    }) as unknown as Argv<T>;
  }
  return out;
}
