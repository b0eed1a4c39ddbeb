// Processes the benchmarks start: licutil servers, worker scripts (load
// generators, the bare node:http baseline), and resident-memory sampling.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchContext } from './types.js';

const LICENSE_VARS = /(_LICENSE|_LICENSE_FILE|^RLM_|^LICUTIL_)/;

/** Every process the suite started and has not seen exit, so a watchdog can stop them all. */
const children = new Set<ChildProcess>();

function track(proc: ChildProcess): void {
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
}

/** SIGKILL every process the suite started that is still running. */
export function killChildren(): void {
  for (const p of children) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
}

/** The environment without the caller's license variables, as the e2e tests run the binary. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !LICENSE_VARS.test(k) && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Resident set size of a process in bytes (Linux /proc), or NaN. */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds (user + system) a process has used so far (Linux /proc), or NaN. */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // fields after "pid (comm) ": state is [0], utime is [11], stime is [12]
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * The command that runs `args` on the measured Node.js binary, pinned to the
 * role's core when pinning is on (taskset -c, so every thread the process
 * ever starts inherits the mask).
 */
export function nodeCommand(ctx: BenchContext, role: 'server' | 'load' | null, args: string[]): [string, string[]] {
  const cpu = role === null || ctx.pin === null ? null : ctx.pin[role];
  return cpu === null ? [ctx.node, args] : ['taskset', ['-c', cpu, ctx.node, ...args]];
}

export interface LicutilServer {
  url: string;
  port: number;
  pid: number;
  dir: string;
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  stop: () => Promise<void>;
}

export interface ServerOptions {
  name: string;
  license: string;
  args?: string[];
  /** extra node flags (--cpu-prof ...) */
  nodeArgs?: string[];
  /** another build's launcher, for comparing two builds in one run (default: bin/licutil.js) */
  bin?: string;
  /** how long start-up may take (default 20 s) */
  readyMs?: number;
  /** the license file to serve, when it is already written (then `license` is ignored) */
  licenseFile?: string;
}

/** `licutil serve` on 127.0.0.1, any free port, its own state directory; resolves once it prints its ready line. */
export async function startLicutil(ctx: BenchContext, opts: ServerOptions): Promise<LicutilServer> {
  const dir = path.join(ctx.tmp, `server-${opts.name}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const lic = opts.licenseFile ?? path.join(dir, 'bench.lic');
  if (opts.licenseFile === undefined) writeFileSync(lic, opts.license);
  const prof = ctx.profileDir ? ['--cpu-prof', '--cpu-prof-dir', ctx.profileDir, '--cpu-prof-name', `${opts.name}-${Date.now()}.cpuprofile`] : [];
  const args = [
    ...prof,
    ...(opts.nodeArgs ?? []),
    opts.bin ?? path.join(ctx.root, 'bin/licutil.js'),
    'serve',
    lic,
    '--bind',
    '127.0.0.1',
    '--port',
    '0',
    '--state-dir',
    path.join(dir, 'state'),
    '-q',
    ...(opts.args ?? []),
  ];
  const [file, argv] = nodeCommand(ctx, 'server', args);
  const proc = spawn(file, argv, { cwd: dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  track(proc);
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-2_000_000)));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-20_000)));
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const readyMs = opts.readyMs ?? 20_000;
    const timer = setTimeout(() => reject(new Error(`licutil serve not ready within ${readyMs / 1000} s\n${err}`)), readyMs);
    const check = () => {
      const m = /^listening on (https?:\/\/\S+)$/m.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`licutil serve exited before it was ready\n${err}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    pid: proc.pid as number,
    dir,
    proc,
    stdout: () => out,
    stderr: () => err,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

export interface Worker<R> {
  proc: ChildProcess;
  /** what the worker answers when it is done */
  result: Promise<R>;
  /** notes the worker sends while it runs ({ event }) */
  onEvent: (fn: (event: unknown) => void) => void;
  kill: () => Promise<void>;
}

/**
 * Forks bench/workers/NAME.ts (compiled) and sends it `input`. Workers whose
 * name ends in `-server` (the baselines) are pinned as servers, `load` as load.
 */
export function startWorker<R>(ctx: BenchContext, name: string, input: unknown, nodeArgs: string[] = []): Worker<R> {
  const role = name.endsWith('-server') ? 'server' : name === 'load' ? 'load' : null;
  // fork runs execPath with execArgv before the module: taskset there keeps the IPC channel
  const [execPath, execArgv] = nodeCommand(ctx, role, nodeArgs);
  const proc = fork(path.join(ctx.compiled, 'workers', `${name}.js`), [], {
    execPath,
    execArgv,
    env: cleanEnv({ LICUTIL_BENCH_ROOT: ctx.root }),
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  track(proc);
  const listeners: ((m: unknown) => void)[] = [];
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const result = new Promise<R>((resolve, reject) => {
    proc.on('message', (m) => {
      const msg = m as { result?: R; error?: string; event?: unknown };
      if ('event' in msg) for (const l of listeners) l(msg.event);
      else if (msg.error !== undefined) reject(new Error(`worker ${name}: ${msg.error}`));
      else resolve(msg.result as R);
    });
    void exited.then(() => reject(new Error(`worker ${name} exited without an answer`)));
  });
  result.catch(() => undefined);
  proc.send(input as object);
  return {
    proc,
    result,
    onEvent: (fn) => listeners.push(fn),
    kill: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** The worker side: take the input, run, answer once ({ result } or { error }). */
export function workerMain<I, R>(run: (input: I) => Promise<R>): void {
  process.once('message', (input) => {
    run(input as I).then(
      // a load generator ends here; a server worker keeps its sockets open until killed
      (r) => process.send?.({ result: r }, () => process.disconnect()),
      (e: unknown) => process.send?.({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }, () => process.disconnect()),
    );
  });
}

/** The worker side: a note to the parent while running. */
export function workerEvent(event: unknown): void {
  process.send?.({ event });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The environments a start-up is timed in. NODE_EXTRA_CA_CERTS makes every
 * node process parse that bundle of certificates before running a line (on
 * the benchmark machine ~140 certificates, ~45 ms, more than node -e 0 takes
 * without it), which would flatter every ratio against node -e 0. When it is
 * set, start-up figures are judged without it ("node alone") and reported
 * with it too ("this machine's environment").
 */
export function startupEnvs(extra: Record<string, string> = {}): { id: 'plain' | 'machine'; label: string; env: NodeJS.ProcessEnv }[] {
  const machine = cleanEnv(extra);
  if (machine.NODE_EXTRA_CA_CERTS === undefined) return [{ id: 'plain', label: 'node alone', env: machine }];
  const plain = { ...machine };
  delete plain.NODE_EXTRA_CA_CERTS;
  return [
    { id: 'plain', label: 'node alone (NODE_EXTRA_CA_CERTS unset)', env: plain },
    { id: 'machine', label: `this machine's environment (NODE_EXTRA_CA_CERTS=${machine.NODE_EXTRA_CA_CERTS})`, env: machine },
  ];
}
