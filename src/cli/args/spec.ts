// A command's arguments as data: the one source of truth for its option names,
// types, arity, repeatability, choices, defaults and help text. yargs is built
// from it (cli/yargs.ts), the yargs-free reader of fast.ts reads it, and the
// TypeScript type of the parsed arguments is derived from it (ArgsOf), so no
// command writes its argument list a second time. docs/decisions.md, "One
// argument layer", says why each rule below is what it is.

export interface OptionSpec {
  type: 'string' | 'number' | 'boolean';
  /** one short (`c`) or long spelling more */
  alias?: string;
  default?: string | number | boolean;
  choices?: readonly string[];
  /** the option needs a value (yargs requiresArg) */
  requiresArg?: boolean;
  /**
   * May be given more than once; the parsed value is then always a list. Each
   * value follows its own flag (`--pub a.pub --pub b.pub`): a repeatable option
   * never takes the positionals after it, unlike a yargs array option.
   */
  repeatable?: boolean;
  /** what a shell completes for the value (completions/ is generated from the specs) */
  complete?: ValueCompletion;
  describe: string;
}

/** A value that is a path: the completion scripts offer files or directories for it. */
export type ValueCompletion = 'file' | 'directory';

export interface PositionalSpec {
  name: string;
  describe: string;
  /** required (`<name>`) rather than optional (`[name]`) */
  demand?: boolean;
  /** takes every remaining positional (`[name..]`); only the last may */
  variadic?: boolean;
  choices?: readonly string[];
  complete?: ValueCompletion;
  /** words a shell offers besides (sign's `keygen`), not enforced as choices */
  suggest?: readonly string[];
}

export interface ArgSpec {
  positionals: readonly PositionalSpec[];
  options: Readonly<Record<string, OptionSpec>>;
  /** pairs of options that may not be given together */
  conflicts?: readonly (readonly [string, string])[];
  /** `checkout F -- CMD`: the words after `--` are a command to run, handed over as `--` */
  dashdash?: boolean;
}

// ---- the parsed type, derived from a spec declared `as const satisfies ArgSpec`

type ScalarOf<O> = O extends { type: 'boolean' }
  ? boolean
  : O extends { type: 'number' }
    ? number
    : O extends { choices: readonly (infer C)[] }
      ? C
      : string;
type ValueOf<O> = O extends { repeatable: true } ? ScalarOf<O>[] : ScalarOf<O>;
type HasDefault<O> = O extends { default: string | number | boolean } ? true : false;

type OptionArgs<Os> = {
  -readonly [K in keyof Os as HasDefault<Os[K]> extends true ? K : never]: ValueOf<Os[K]>;
} & {
  -readonly [K in keyof Os as HasDefault<Os[K]> extends true ? never : K]?: ValueOf<Os[K]> | undefined;
};

type PositionalValue<P> = (P extends { choices: readonly (infer C)[] } ? C : string) extends infer V
  ? P extends { variadic: true }
    ? V[]
    : V
  : never;

type PositionalArgs<Ps extends readonly PositionalSpec[]> = {
  [P in Ps[number] as P extends { demand: true } ? P['name'] : never]: PositionalValue<P>;
} & {
  [P in Ps[number] as P extends { demand: true } ? never : P['name']]?: PositionalValue<P> | undefined;
};

type DashDashArgs<S> = S extends { dashdash: true } ? { '--'?: string[] | undefined } : unknown;

type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** What the command's handler receives for `spec` (its own arguments; GlobalArgs adds the common ones). */
export type ArgsOf<S extends ArgSpec> = Flatten<OptionArgs<S['options']> & PositionalArgs<S['positionals']> & DashDashArgs<S>>;

// ---- helpers both readers use

/** `stat [feature]`, `checkout <feature>`, `lmdiag [features..]`: the yargs command string. */
export function commandString(name: string, spec: ArgSpec): string {
  const parts = spec.positionals.map((p) => {
    const inner = p.variadic ? `${p.name}..` : p.name;
    return p.demand ? `<${inner}>` : `[${inner}]`;
  });
  return [name, ...parts].join(' ');
}


/**
 * The first pair of the spec's conflicts that are both in effect: given, and
 * not at their default (so `--csv` conflicts with `--json` but not with
 * json's default false, which yargs' own check would count).
 */
export function conflictIn(args: Readonly<Record<string, unknown>>, spec: ArgSpec, global: ArgSpec): readonly [string, string] | null {
  const inEffect = (key: string) => {
    const o = spec.options[key] ?? global.options[key];
    return args[key] !== undefined && args[key] !== o?.default;
  };
  return spec.conflicts?.find(([a, b]) => inEffect(a) && inEffect(b)) ?? null;
}
