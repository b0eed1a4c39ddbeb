// Shared by the checkout e2e tests: the built binary run asynchronously (several
// at once, or signalled while running), and the status of a real server.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { ROOT } from '../helpers/cli.js';
import { SERVER_BIN, type ServerHandle } from '../helpers/server.js';

/** The binary under test (LICUTIL_TEST_BIN points at a private build). */
export const CLI = SERVER_BIN;

const LICENSE_VARS = /(_LICENSE|_LICENSE_FILE|^RLM_|^LICUTIL_)/;

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  proc: ChildProcess;
  ended: Promise<Ended>;
  stderr: () => string;
}

export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(base)) if (LICENSE_VARS.test(k)) delete base[k];
  const env: Record<string, string | undefined> = { ...base, NO_COLOR: '1', LICUTIL_NOW: '2026-06-15T12:00:00Z', ...extra };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env as NodeJS.ProcessEnv;
}

const started = new Set<ChildProcess>();

/**
 * Stop every `licutil` started by `start` that is still running (afterEach):
 * SIGTERM, so it returns its seat, then SIGKILL after 3 s.
 */
export async function killStarted(): Promise<void> {
  const alive = [...started].filter((p) => p.exitCode === null && p.signalCode === null);
  started.clear();
  await Promise.all(
    alive.map(
      (p) =>
        new Promise<void>((resolve) => {
          const force = setTimeout(() => p.kill('SIGKILL'), 3_000);
          p.once('close', () => {
            clearTimeout(force);
            resolve();
          });
          p.kill('SIGTERM');
        }),
    ),
  );
}

/** Start `licutil ARGS`. */
export function start(args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string } = {}): Running {
  const proc = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, env: cleanEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const ended = new Promise<Ended>((resolve) => proc.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err })));
  started.add(proc);
  return { proc, ended, stderr: () => err };
}

export function run(args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<Ended> {
  return start(args, opts).ended;
}

/** The status a shell reports for `licutil ARGS` (128+N when it died by signal N). */
export async function shellStatus(args: string[], opts: { env?: Record<string, string | undefined> } = {}): Promise<{ status: number; stderr: string }> {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const proc = spawn('sh', ['-c', `${quoted}; echo "status=$?"`], { env: cleanEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  await new Promise((r) => proc.on('close', r));
  const m = /status=(\d+)/.exec(out);
  if (!m?.[1]) throw new Error(`no status from sh: ${out} ${err}`);
  return { status: Number(m[1]), stderr: err };
}

export interface PoolView {
  product: string;
  count: number;
  in_use: number;
  queued: number;
  checkouts: Array<{ handle: string; pid: number; user: string; host: string }>;
}

export interface StatusView {
  pools: PoolView[];
  queues: Array<{ product: string; waiters: Array<{ position: number; pid: number }> }>;
}

export async function statusOf(s: ServerHandle): Promise<StatusView> {
  return (await s.api<StatusView>('GET', '/v1/status')).json;
}

export async function poolOf(s: ServerHandle, product: string): Promise<PoolView> {
  const st = await statusOf(s);
  const p = st.pools.find((x) => x.product === product);
  if (!p) throw new Error(`no pool ${product}: ${JSON.stringify(st)}`);
  return p;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
