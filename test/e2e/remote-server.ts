// Starts a real `licutil serve --config FILE` process for the remote API and
// monitor tests: the configuration and license files are written into a fresh
// directory, ports are picked by the system (bind_addr/com_addr "127.0.0.1:0"),
// and both URLs are read from standard output (`remote API listening on
// ws://...` before the ready line `listening on http://...`). With `monitor`,
// standard input is a pipe the test writes commands to.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api, SERVER_BIN, type ApiResult } from '../helpers/server.js';

const LICENSE_VARS = /(_LICENSE|_LICENSE_FILE|^RLM_|^LICUTIL_)/;

export interface ConfigServerOptions {
  /** license.cfg text */
  config: string;
  /** more files for the directory (license files, includes, password files): name → text */
  files?: Record<string, string>;
  args?: string[];
  monitor?: boolean;
  readyMs?: number;
}

export interface ConfigServer {
  dir: string;
  url: string;
  wsUrl: string | null;
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  api: <T = Record<string, unknown>>(method: string, route: string, body?: unknown) => Promise<ApiResult<T>>;
  /** a line to the monitor */
  command: (line: string) => void;
  /** resolves with stdout once `pattern` appears after position `from` */
  waitOut: (pattern: RegExp, from?: number, ms?: number) => Promise<string>;
  stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ConfigServer>();

export async function stopAllConfigServers(): Promise<void> {
  await Promise.all(
    [...running].map(async (s) => {
      if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGKILL');
      await s.exited;
    }),
  );
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

export async function startConfigServer(o: ConfigServerOptions): Promise<ConfigServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'licutil-remote-'));
  writeFiles(dir, { ...o.files, 'license.cfg': o.config });
  const args = [SERVER_BIN, 'serve', '--config', path.join(dir, 'license.cfg'), '--state-dir', path.join(dir, 'state'), ...(o.monitor ? ['--monitor'] : []), ...(o.args ?? [])];
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !LICENSE_VARS.test(k)) env[k] = v;
  Object.assign(env, { NO_COLOR: '1', LICUTIL_NOW: '2026-06-15T12:00:00Z' });
  const proc = spawn(process.execPath, args, { cwd: dir, env, stdio: [o.monitor ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  proc.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    for (const l of [...listeners]) l();
  });
  proc.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));

  const waitOut = (pattern: RegExp, from = 0, ms = 10_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (pattern.test(out.slice(from))) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve(out);
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`${pattern} not on stdout within ${ms} ms\nstdout: ${out}\nstderr: ${err}`));
      }, ms);
      listeners.add(check);
      void exited.then(() => setTimeout(() => {
        if (listeners.has(check)) {
          listeners.delete(check);
          clearTimeout(timer);
          reject(new Error(`server exited before ${pattern}\nstdout: ${out}\nstderr: ${err}`));
        }
      }, 50));
      check();
    });

  await waitOut(/^listening on https?:\/\/\S+$/m, 0, o.readyMs ?? 15_000);
  const url = (/^listening on (https?:\/\/\S+)$/m.exec(out) as RegExpExecArray)[1] as string;
  const wsUrl = /^remote API listening on (wss?:\/\/\S+)$/m.exec(out)?.[1] ?? null;
  const handle: ConfigServer = {
    dir,
    url,
    wsUrl,
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    api: (method, route, body) => api(url, method, route, body),
    command: (line) => proc.stdin?.write(`${line}\n`),
    waitOut,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const r = await exited;
      running.delete(handle);
      return r;
    },
  };
  running.add(handle);
  return handle;
}

/** A license file served by any machine: counted floating licenses of ISV demo. */
export function demoLic(lines: string[]): string {
  return ['HOST localhost any 5053', 'ISV demo', ...lines, ''].join('\n');
}

export const who = (pid: number) => ({ user: `u${pid}`, host: `h${pid}`, pid });
