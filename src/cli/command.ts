// What every command module is: yargs wiring plus a `run` that returns what to
// show. Only main.ts writes to stdout/stderr and sets the exit status, so a
// command can be called from a test or the library exactly as the CLI calls it.
import type { CommandModule } from 'yargs';
import type { ArgSpec } from './args/spec.js';
import type { Renderer } from './output/renderer.js';

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

export interface GlobalArgs {
  /** one -c, or several when repeated; use licenseSpecs() */
  license?: string | string[] | undefined;
  json: boolean;
  color: boolean;
  quiet: boolean;
  isv?: string | undefined;
  dialect?: 'rlm' | 'flexlm' | undefined;
}

export interface LicutilCommand<A extends GlobalArgs = GlobalArgs> {
  module: CommandModule<GlobalArgs, A>;
  /**
   * The arguments as data, for commands whose builder declares nothing else:
   * their plain command lines start without yargs (src/cli/args/fast.ts).
   */
  args?: ArgSpec;
  /** `checkout F -- CMD`: the words after `--` are the command to run */
  dashdash?: boolean;
  run: (args: A, ctx: CliContext) => Promise<CommandOutput>;
}

/** The -c values as a list, however many times -c was given. */
export function licenseSpecs(args: GlobalArgs): string[] | undefined {
  if (args.license === undefined) return undefined;
  return Array.isArray(args.license) ? args.license : [args.license];
}
