// The program behind the entry (main.ts): reads the command line, runs the
// command, and is the one place that writes stdout/stderr and sets the exit status.
import { writeJson } from './output/json-stream.js';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Argv } from 'yargs';
import type { GlobalArgs } from './args/global.js';
import type { CliContext, CommandOutput, LicutilCommand, Message } from './common/command.js';
import { readFast } from './args/fast.js';
import { GLOBAL_ARGS } from './args/global.js';
import { colorEnabled } from './output/color.js';
import { printable, printableColoured } from './output/printable.js';
import { EXIT, LicutilError, isLicutilError } from '../protocol/errors.js';
import { VERSION } from '../version.js';
import { jsonDocument } from '../protocol/documents.js';
import { COMMANDS } from './commands/index.js';
import { NotPlainTable, plainRenderer } from './output/plain-table.js';

// The real directory of bin/licutil.js: a global npm install runs it through a
// symbolic link, and "*.lic beside the binary" means beside the real one.
function launcherDir(): string {
  const launcher = path.resolve(process.argv[1] ?? '.');
  try {
    return path.dirname(realpathSync(launcher));
  } catch {
    return path.dirname(launcher);
  }
}

export function defaultContext(): CliContext {
  const fixed = process.env.LICUTIL_NOW;
  const fixedDate = fixed ? new Date(fixed) : null;
  if (fixedDate && Number.isNaN(fixedDate.getTime())) {
    throw new LicutilError('LICUTIL_E_USAGE', `LICUTIL_NOW is not a date: ${JSON.stringify(fixed)}`, 'use an ISO date such as 2026-01-31T12:00:00Z');
  }
  return {
    env: process.env,
    cwd: process.cwd(),
    platform: process.platform,
    now: fixedDate ? () => new Date(fixedDate.getTime()) : () => new Date(),
    binDir: launcherDir(),
    interactive: Boolean(process.stdout.isTTY && process.stdin.isTTY),
  };
}

/** A command line read: the command and what its run receives. */
export interface ParsedLine {
  command: LicutilCommand<GlobalArgs>;
  args: GlobalArgs;
}

// yargs loads only for a command line the fast reader (args/fast.ts) leaves
// to it. The command list is imported statically: every command line needs
// it, and the build puts it in the one chunk of the short commands
// (scripts/hot-chunk.mjs); `licutil --version` never gets here (main.ts).
async function buildParser(argv: string[], onCommand: (line: ParsedLine) => Promise<void>): Promise<Argv<GlobalArgs>> {
  const [{ default: yargs }, { withGlobalOptions, yargsCommand, lastWins, checkConflicts, checkNumbers }, { usageError }] = await Promise.all([
    import('yargs'),
    import('./yargs.js'),
    import('./usage.js'),
  ]);
  let y = withGlobalOptions(yargs(argv))
    .scriptName('licutil')
    .usage('$0 <command> [options]\n\nFloating-license toolkit: the lmutil/rlmutil commands, license files and a license server.')
    .version(VERSION)
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .strict()
    .demandCommand(1, 'Name a command; `licutil --help` lists them.')
    .parserConfiguration({ 'populate--': true, 'parse-positional-numbers': false })
    .exitProcess(false)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .epilogue(EXIT_EPILOGUE)
    .fail((msg, err) => {
      if (err) throw err;
      throw usageError(msg ?? 'invalid command line', argv, COMMANDS);
    }) as unknown as Argv<GlobalArgs>;
  for (const command of COMMANDS) {
    y = y.command(
      yargsCommand<GlobalArgs>(command, async (args) => {
        lastWins(args, command);
        checkConflicts(args, command);
        checkNumbers(args, command, argv);
        await onCommand({ command, args });
      }),
    );
  }
  skipHelpCache(y);
  return y;
}

const EXIT_EPILOGUE = [
  'Exit codes: 0 ok, 1 not usable here or nothing matched, 2 usage, 65 bad license data,',
  '66 no license source, 69 server unavailable, 70 internal error, 73 cannot create a file,',
  '75 try again later, 77 permission denied, 78 bad configuration.',
].join('\n');

/**
 * The command line as yargs reads it in the program (the same set-up `run`
 * uses), without running the command; null when yargs answered it itself
 * (--help, --version). Throws the usage error a user would see.
 */
export async function parseWithYargs(argv: string[]): Promise<ParsedLine | null> {
  let line: ParsedLine | null = null;
  const parser = await buildParser(argv, async (l) => {
    line = l;
  });
  await parser.parseAsync();
  return line;
}

/**
 * yargs renders the whole help text of a command before running its handler,
 * in case the handler fails and help is shown afterwards. Our `.fail` throws
 * instead of showing help, so that text is never used, and rendering it (string
 * widths of every line) was a fifth of the start-up time of `licutil env`.
 * `--help` itself does not go through this cache. Without that internal hook
 * (another yargs version), nothing changes.
 */
function skipHelpCache(y: Argv<GlobalArgs>): void {
  type Internals = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } | undefined } };
  const usage = (y as unknown as Internals).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

/** Text for a stream: fitted to its terminal's width; as it is for a pipe (which then loads nothing more). */
type Fit = (text: string) => string;
async function fitterFor(stream: NodeJS.WriteStream): Promise<Fit> {
  const width = terminalWidth(stream, process.env);
  if (width === null) return (t) => t;
  const { fitText } = await import('./output/fit.js');
  return (t) => fitText(t, width);
}

/**
 * How every line of licutil's own on standard error begins: an error as a failure
 * the command threw (`licutil: ...`, reportError), a warning `licutil: warning: ...`,
 * a note as it is. One prefix, so a script or a person reading a job's log can tell
 * licutil's lines from a wrapped command's.
 */
const PREFIX: Record<Message['level'], string> = { error: 'licutil: ', warning: 'licutil: warning: ', info: '' };

function writeMessages(messages: Message[] | undefined, quiet: boolean, fit: Fit): void {
  for (const m of messages ?? []) {
    if (quiet && m.level === 'info') continue;
    process.stderr.write(`${fit(`${PREFIX[m.level]}${printable(m.text)}`)}\n`);
  }
}

function wantsJson(argv: string[]): boolean {
  return argv.includes('--json');
}

function reportError(e: unknown, argv: string[], fit: Fit): number {
  const err = isLicutilError(e)
    ? e
    : new LicutilError(
        'LICUTIL_E_INTERNAL',
        `internal error: ${e instanceof Error ? e.message : String(e)}`,
        'this is a bug in licutil; please report it with the command you ran',
      );
  process.stderr.write(fit(printable(`${PREFIX.error}${err.message}\n${err.hint ? `  hint: ${err.hint}\n` : ''}`)));
  if (wantsJson(argv) && err.code !== 'LICUTIL_E_USAGE') {
    process.stdout.write(`${JSON.stringify(jsonDocument('error', { error: { ...err.toJSON(), exit_status: err.exitStatus } }), null, 2)}\n`);
  }
  if (!isLicutilError(e) && process.env.LICUTIL_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return err.exitStatus;
}

/** The line in licutil's words when it names a vendor tool (args/legacy.ts); other lines as they are. */
async function legacyCommandLine(invokedAs: string, argv: string[]): Promise<string[]> {
  // every vendor name starts lm or rlm: other lines skip loading the rewriter
  const vendorish = /^r?lm/;
  if (!vendorish.test(path.basename(invokedAs)) && !vendorish.test(argv[0] ?? '')) return argv;
  const { legacyLine, namesVendorTool } = await import('./args/legacy.js');
  if (!namesVendorTool(invokedAs, argv)) return argv;
  return legacyLine(invokedAs, argv, (name) => {
    const c = COMMANDS.find((x) => x.name === name);
    return c ? [GLOBAL_ARGS, c.spec] : [GLOBAL_ARGS];
  });
}

/** The command and its arguments when the fast reader (args/fast.ts) can read this command line, else null. */
export async function readWithoutYargs(argv: string[]): Promise<ParsedLine | null> {
  const name = argv[0];
  if (name === undefined || name.startsWith('-')) return null;
  const command = COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
  if (command === undefined || command.configure !== undefined) return null;
  const args = readFast(argv, command.spec, GLOBAL_ARGS);
  return args ? { command, args: args as unknown as GlobalArgs } : null;
}

/** The command line read as the program reads it: the fast reader when it can, else yargs. */
export async function parseCommandLine(argv: string[]): Promise<ParsedLine | null> {
  return (await readWithoutYargs(argv)) ?? parseWithYargs(argv);
}

export async function run(argv: string[], invokedAs: string = process.argv[1] ?? 'licutil'): Promise<void> {
  let output: CommandOutput | undefined;
  let args: GlobalArgs | undefined;
  let line = argv;
  try {
    const ctx = defaultContext();
    // a link named lmstat, rlmutil, ... and the vendors' single-dash options (args/legacy.ts)
    line = await legacyCommandLine(invokedAs, argv);
    // the plain command lines skip yargs, most of their start-up (args/fast.ts)
    const fast = await readWithoutYargs(line);
    if (fast) {
      output = await fast.command.run(fast.args, ctx);
      args = fast.args;
    } else {
      const parser = await buildParser(line, async ({ command, args: a }) => {
        output = await command.run(a, ctx);
        args = a;
      });
      await parser.parseAsync();
    }
  } catch (e) {
    process.exitCode = reportError(e, line, await fitterFor(process.stderr));
    return;
  }
  if (!output || !args) {
    process.exitCode = EXIT.ok; // --help / --version already printed
    return;
  }
  writeMessages(output.messages, args.quiet, await fitterFor(process.stderr));
  if (args.json) {
    writeJson(output.json, (t) => process.stdout.write(t));
  } else if (!output.silent) {
    const color = colorEnabled({ flag: args.color, json: false, isTTY: Boolean(process.stdout.isTTY), env: process.env });
    const width = terminalWidth(process.stdout, process.env);
    const fit = await fitterFor(process.stdout);
    const text = fit((!color && width === null ? plainHuman(output) : null) ?? (await fullHuman(output, color, width)));
    // text from license files and servers is echoed here: no raw control character reaches the terminal
    const safe = color ? printableColoured(text) : printable(text);
    if (safe) process.stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
  }
  process.exitCode = output.exitCode;
  if (output.signal && RERAISED.has(output.signal)) {
    // the default action must run: drop any handler that would catch it
    process.removeAllListeners(output.signal);
    process.kill(process.pid, output.signal);
  }
}

/**
 * The human text with plain tables (output/plain-table.ts), without loading
 * cli-table3; null when one of its tables needs cli-table3 after all. Drawing
 * the text is a pure function of the output, so drawing it again is safe.
 */
function plainHuman(output: CommandOutput): string | null {
  try {
    return output.human(plainRenderer());
  } catch (e) {
    if (e instanceof NotPlainTable) return null;
    throw e;
  }
}

async function fullHuman(output: CommandOutput, color: boolean, width: number | null): Promise<string> {
  const { makeRenderer } = await import('./output/renderer.js');
  const r = color ? makeRenderer(true, (await import('./output/paint.js')).chalkPaint(), width) : makeRenderer(false, undefined, width);
  return output.human(r);
}

/**
 * The columns human output must fit: the terminal's, else COLUMNS, else 80;
 * null when stdout is not a terminal (a pipe keeps one record per line).
 */
function terminalWidth(out: NodeJS.WriteStream, env: NodeJS.ProcessEnv): number | null {
  if (!out.isTTY) return null;
  const cols = out.columns || Number(env.COLUMNS) || 80;
  // narrower than this, nothing readable fits: wrap as for 40
  return Math.max(40, cols);
}

// Signals whose default action ends the process and that Node leaves alone:
// not SIGPIPE (Node ignores it), SIGUSR1 (starts the inspector), nor the
// core-dumping ones (exit status 128+N is reported for those instead).
const RERAISED = new Set<NodeJS.Signals>(['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGKILL', 'SIGALRM', 'SIGUSR2', 'SIGVTALRM']);
