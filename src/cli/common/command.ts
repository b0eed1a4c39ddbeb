// What every command module is: its argument spec, help, and a `run` that
// returns what to show. Only main.ts writes to stdout/stderr and sets the exit status, so a
// command can be called from a test or the library exactly as the CLI calls it.
import type { Argv } from 'yargs';
import type { CommandArgs, GlobalArgs } from '../args/global.js';
import type { ArgSpec } from '../args/spec.js';
import type { Renderer } from '../output/renderer.js';

/** The process inputs a command may use; tests pass their own. */
export interface CliContext {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  platform: NodeJS.Platform;
  /** the clock; `LICUTIL_NOW` fixes it for reproducible output */
  now: () => Date;
  /** directory of the licutil launcher (for `*.lic` beside the binary) */
  binDir: string;
  /** is stdin/stdout a terminal (prompts, tables, spinners) */
  interactive: boolean;
}

export interface Message {
  level: 'error' | 'warning' | 'info';
  text: string;
}

export interface CommandOutput {
  /** what `--json` prints: one document */
  json: unknown;
  /** what a person sees */
  human: (r: Renderer) => string;
  /** nothing to show a person (checkout -- CMD): main skips loading the renderer */
  silent?: boolean;
  exitCode: number;
  /** diagnostics and notes for stderr (info is hidden by --quiet) */
  messages?: Message[];
  /**
   * `checkout -- CMD` when the command died by a signal: main re-raises it on
   * licutil itself, after everything is written, so the shell sees 128+N.
   */
  signal?: NodeJS.Signals;
}

export interface LicutilCommand<A extends GlobalArgs = GlobalArgs> {
  name: string;
  aliases?: readonly string[];
  describe: string;
  /** the arguments as data: yargs and the fast reader are both built from it */
  spec: ArgSpec;
  /** the usage lines of `--help`, when the command line has several forms */
  usage?: string;
  examples?: readonly (readonly [string, string])[];
  /**
   * What the spec cannot say (explain reads `-15,570:115` as one word). A
   * command with this is always read by yargs, never by the fast reader.
   */
  configure?: (y: Argv) => Argv;
  run: (args: A, ctx: CliContext) => Promise<CommandOutput>;
}

/** A command whose run is typed by its spec. */
export function defineCommand<S extends ArgSpec>(def: Omit<LicutilCommand<CommandArgs<S>>, 'spec'> & { spec: S }): LicutilCommand<CommandArgs<S>> {
  return def;
}

/** The -c values, however many times -c was given (undefined when none). */
export function licenseSpecs(args: GlobalArgs): string[] | undefined {
  return args.license;
}
