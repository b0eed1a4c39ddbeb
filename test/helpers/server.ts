// Starts a real `licutil serve` process on 127.0.0.1 with a free port (--port 0,
// port read from the ready line `listening on http://HOST:PORT`) and talks to it
// with fetch. Every server gets its own temporary directory for license files
// and state; stop() sends SIGTERM and waits, kill() is SIGKILL.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { BIN, ROOT } from './cli.js';

/** The binary under test; LICUTIL_TEST_BIN points elsewhere (e.g. a private build). */
export const SERVER_BIN = process.env.LICUTIL_TEST_BIN ?? BIN;

const LICENSE_VARS = /(_LICENSE|_LICENSE_FILE|^RLM_|^LICUTIL_)/;

export interface StartOptions {
  /** license files to write into the server's directory: name → text */
  licenses?: Record<string, string>;
  /** extra arguments after `serve`; license file names of `licenses` are passed unless `files` says otherwise */
  args?: string[];
  /** files to name on the command line (default: every key of `licenses`) */
  files?: string[];
  /** reuse a directory (and its state) from an earlier server */
  dir?: string;
  bind?: string;
  /** default 0 (any free port) */
  port?: number | null;
  env?: Record<string, string | undefined>;
  /** how long to wait for the ready line */
  readyMs?: number;
  /** start the server under `ulimit -n N` (through sh), as a host with few file descriptors */
  fdLimit?: number;
}

export interface ApiResult<T = Record<string, unknown>> {
  status: number;
  json: T & { error?: { code: string; message: string; hint?: string } };
}

export interface ServerHandle {
  url: string;
  port: number;
  dir: string;
  stateDir: string;
  proc: ChildProcessByStdio<null, Readable, Readable>;
  stdout: () => string;
  stderr: () => string;
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  api: <T = Record<string, unknown>>(method: string, route: string, body?: unknown, headers?: Record<string, string>, signal?: AbortSignal) => Promise<ApiResult<T>>;
  stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: () => Promise<void>;
}

export function tempDir(prefix = 'licutil-serve-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeLicenses(dir: string, licenses: Record<string, string>): void {
  for (const [name, text] of Object.entries(licenses)) writeFileSync(path.join(dir, name), text);
}

const running = new Set<ServerHandle>();

/** SIGKILL every server still running (for afterAll). */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((s) => s.kill()));
}

export async function api<T = Record<string, unknown>>(
  base: string,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  if (signal) init.signal = signal;
  const r = await fetch(`${base}${route}`, init);
  const text = await r.text();
  let json: ApiResult<T>['json'];
  try {
    json = JSON.parse(text) as ApiResult<T>['json'];
  } catch {
    json = { raw: text } as unknown as ApiResult<T>['json'];
  }
  return { status: r.status, json };
}

export async function startServer(opts: StartOptions = {}): Promise<ServerHandle> {
  const dir = opts.dir ?? tempDir();
  if (opts.licenses) writeLicenses(dir, opts.licenses);
  const stateDir = path.join(dir, 'state');
  const files = opts.files ?? Object.keys(opts.licenses ?? {});
  const args = [
    SERVER_BIN,
    'serve',
    ...files.map((f) => path.join(dir, f)),
    '--bind',
    opts.bind ?? '127.0.0.1',
    ...(opts.port === null ? [] : ['--port', String(opts.port ?? 0)]),
    '--state-dir',
    stateDir,
    ...(opts.args ?? []),
  ];
  const base: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(base)) if (LICENSE_VARS.test(k)) delete base[k];
  const env: Record<string, string | undefined> = { ...base, NO_COLOR: '1', LICUTIL_NOW: '2026-06-15T12:00:00Z', ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const [cmd, argv] =
    opts.fdLimit === undefined ? [process.execPath, args] : ['sh', ['-c', `ulimit -n ${opts.fdLimit} && exec "$0" "$@"`, process.execPath, ...args]];
  const proc = spawn(cmd, argv, { cwd: dir, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready within ${opts.readyMs ?? 15_000} ms\nstdout: ${out}\nstderr: ${err}`)), opts.readyMs ?? 15_000);
    const check = () => {
      const m = /^listening on (https?:\/\/\S+)$/m.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        proc.stdout.off('data', check);
        resolve(m[1]);
      }
    };
    proc.stdout.on('data', check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before it was ready\nstdout: ${out}\nstderr: ${err}`));
    });
  });
  const port = Number(new URL(url).port);
  const handle: ServerHandle = {
    url,
    port,
    dir,
    stateDir,
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    api: (method, route, body, headers, signal) => api(url, method, route, body, headers, signal),
    stop: async () => {
      proc.kill('SIGTERM');
      const r = await exited;
      running.delete(handle);
      return r;
    },
    kill: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
      running.delete(handle);
    },
  };
  running.add(handle);
  return handle;
}

/** A license file with floating counted licenses of ISV demo served by this machine. */
export function demoLicense(lines: string[], hostPort = 5053): string {
  return [`HOST localhost any ${hostPort}`, 'ISV demo', ...lines, ''].join('\n');
}

export { ROOT };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 10_000, stepMs = 50): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await sleep(stepMs);
  }
}
