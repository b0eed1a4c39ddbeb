// Runs the vendor's own tools (FlexNet lmutil, RLM rlmutil) when a license
// source is a server licutil did not write: no shell, LANG=C so their text
// is the English the readers expect, a timeout, and their exit status kept
// (lmstat exits non-zero when a server is down, which is an answer too).
// The I/O adapter beside the pure readers in lmstat/ and rlmstat/.
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { parseLmstat } from './lmstat/parse.js';
import { parseRlmstat } from './rlmstat/parse.js';
import type { LegacyParseOptions, LegacyParseResult } from './common/types.js';

export type VendorToolName = 'lmutil' | 'rlmutil';

export interface VendorToolOptions {
  /** the tool's path (`--lmutil PATH`); default: found on env.PATH */
  path?: string;
  timeoutMs: number;
  env: Readonly<Record<string, string | undefined>>;
  /** largest output kept, bytes (default 32 MiB; lmstat -a of a big site is a few MiB) */
  maxBuffer?: number;
}

export interface VendorToolResult {
  stdout: string;
  stderr: string;
  /** the tool's exit status; 124 when licutil stopped it at the timeout, 127 when it could not be started, 128+N after signal N */
  code: number;
  timedOut: boolean;
  /** the file that was run, or null when none was found */
  file: string | null;
}

/** Output as UTF-8 when it is, else Latin-1 (Windows tools print the ANSI code page). */
function decode(buf: Buffer | string): string {
  if (typeof buf === 'string') return buf;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return buf.toString('latin1');
  }
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };

function isRunnable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first runnable `name` on a PATH string (with PATHEXT endings on Windows),
 * or null. `isFile` is for tests; by default the file system is asked.
 */
export function findVendorTool(
  name: string,
  PATH: string | undefined,
  opts: { platform?: NodeJS.Platform; pathExt?: string; isFile?: (file: string) => boolean } = {},
): string | null {
  const platform = opts.platform ?? process.platform;
  const win = platform === 'win32';
  const isFile = opts.isFile ?? isRunnable;
  const exts = win ? ['', ...(opts.pathExt ?? '.EXE;.CMD;.BAT;.COM').split(';').filter((e) => e !== '')] : [''];
  const join = win ? path.win32.join : path.posix.join;
  for (const dir of (PATH ?? '').split(win ? ';' : ':')) {
    if (dir.trim() === '') continue;
    for (const ext of exts) {
      const file = join(dir.trim(), `${name}${ext}`);
      if (isFile(file)) return file;
    }
  }
  return null;
}

export function runVendorTool(tool: VendorToolName, args: string[], opts: VendorToolOptions): Promise<VendorToolResult> {
  const file = opts.path ?? findVendorTool(tool, opts.env.PATH);
  if (file === null) {
    return Promise.resolve({ stdout: '', stderr: `${tool}: not found on PATH`, code: 127, timedOut: false, file: null });
  }
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.env)) if (v !== undefined) env[k] = v;
  // The readers know the tools' English wording and C number formats.
  env.LANG = 'C';
  env.LC_ALL = 'C';
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env, timeout: opts.timeoutMs, killSignal: 'SIGKILL', maxBuffer: opts.maxBuffer ?? 32 * 1024 * 1024, windowsHide: true, shell: false, encoding: 'buffer' },
      (err, stdout, stderr) => {
        const out = { stdout: decode(stdout), stderr: decode(stderr), file };
        if (!err) return resolve({ ...out, code: 0, timedOut: false });
        const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean; signal?: NodeJS.Signals | null };
        if (typeof e.code === 'string') {
          // ENOENT, EACCES, ...: the tool did not start.
          return resolve({ ...out, stderr: `${out.stderr}${tool}: cannot run ${file}: ${e.message}`, code: 127, timedOut: false });
        }
        if (e.killed && e.signal === 'SIGKILL') return resolve({ ...out, code: 124, timedOut: true });
        if (e.signal) return resolve({ ...out, code: 128 + (SIGNALS[e.signal] ?? 0), timedOut: false });
        return resolve({ ...out, code: typeof e.code === 'number' ? e.code : 1, timedOut: false });
      },
    );
  });
}

/** The arguments that ask a vendor tool for everything it knows about the servers of `spec`. */
export function vendorStatusArgs(tool: VendorToolName, spec: string): string[] {
  return tool === 'lmutil' ? ['lmstat', '-a', '-c', spec] : ['rlmstat', '-a', '-c', spec];
}

export interface VendorStatus {
  run: VendorToolResult;
  /** the command that was run, for messages ("lmutil lmstat -a -c 27000@lic1") */
  command: string[];
  result: LegacyParseResult;
}

/**
 * Ask lmutil or rlmutil for the status of `spec` and read its answer into
 * licutil status documents marked as coming from that tool.
 */
export async function readVendorStatus(
  tool: VendorToolName,
  spec: string,
  opts: VendorToolOptions & LegacyParseOptions,
): Promise<VendorStatus> {
  const args = vendorStatusArgs(tool, spec);
  const run = await runVendorTool(tool, args, opts);
  const parse = tool === 'lmutil' ? parseLmstat : parseRlmstat;
  const parseOpts: LegacyParseOptions = {};
  if (opts.timeZone !== undefined) parseOpts.timeZone = opts.timeZone;
  if (opts.now !== undefined) parseOpts.now = opts.now;
  const result = parse(run.stdout, parseOpts);
  for (const s of result.servers) s.server.source.tool = tool;
  return { run, command: [tool, ...args], result };
}
