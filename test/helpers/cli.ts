// Runs the built binary as a user would, with colour off and a fixed clock.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/licutil.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** standard input: text, or bytes (a .gz piped in) */
  input?: string | Buffer;
  /** keep the caller's license variables instead of clearing them */
  inheritLicenseEnv?: boolean;
}

const LICENSE_VARS = /(_LICENSE|_LICENSE_FILE|^RLM_|^LICUTIL_)/;

export function runCli(args: string[], opts: RunOptions = {}): RunResult {
  const base: Record<string, string | undefined> = { ...process.env };
  if (!opts.inheritLicenseEnv) {
    for (const k of Object.keys(base)) if (LICENSE_VARS.test(k)) delete base[k];
  }
  const env: Record<string, string | undefined> = { ...base, NO_COLOR: '1', LICUTIL_NOW: '2026-06-15T12:00:00Z', ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: env as NodeJS.ProcessEnv,
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}

export function runJson<T = unknown>(args: string[], opts: RunOptions = {}): { code: number; json: T; stderr: string } {
  const r = runCli([...args, '--json'], opts);
  let json: T;
  try {
    json = JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
  return { code: r.code, json, stderr: r.stderr };
}
