// `licutil serve`: turn the command line into a running server and wait until
// it stops. This is the one server file that touches the process (stdout for the
// ready line, stderr for the debug log, signals, the real file system); the
// parts it wires together stay injectable.
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectHostFacts } from '../hostid/detect.js';
import { nodeHostIo } from '../hostid/node-io.js';
import { LicutilError } from '../protocol/errors.js';
import type { Dialect } from '../licfile/types.js';
import { digestToken } from './admin-auth.js';
import { createDebugLog, type DebugLog, type LogLevel } from './debug-log.js';
import { FileJournal } from './journal/file-journal.js';
import { MemoryJournal } from './journal/memory-journal.js';
import { reportEntryOf } from './journal/report-entry.js';
import { ReportLog } from './journal/report-log.js';
import type { JournalStore } from './journal/store.js';
import type { Clock } from './pool/types.js';
import { startServer, type LoadedPools } from './run.js';
import { loadLicenses } from './startup-io.js';
import { DEFAULT_PORT, type StartupResult } from './startup.js';
import { defaultStateDir, lockStateDir } from './state-dir.js';

export interface ServeOptions {
  paths: string[];
  port?: number | undefined;
  bind: string;
  stateDir?: string | undefined;
  pub?: string[] | undefined;
  keys?: string | undefined;
  requireSignatures: boolean;
  adminTokenFile?: string | undefined;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  /** seconds */
  leaseMax: number;
  /** seconds */
  leaseDefault: number;
  journal: boolean;
  loopbackAdmin: boolean;
  logLevel: LogLevel;
  dialect?: Dialect | undefined;
}

export interface ServeContext {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  binDir: string;
  platform: NodeJS.Platform;
  now: () => Date;
}

export interface ServeIo {
  /** the ready line goes here (stdout) */
  out: (line: string) => void;
  /** the debug log goes here (stderr) */
  err: (line: string) => void;
  /** install handlers for SIGTERM/SIGINT (stop) and SIGHUP (reread); returns their removal */
  onSignals: (handlers: { stop: (signal: string) => void; reread: () => void }) => () => void;
}

export const processServeIo: ServeIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(line),
  onSignals: ({ stop, reread }) => {
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    const onHup = () => reread();
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    process.on('SIGHUP', onHup);
    return () => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      process.off('SIGHUP', onHup);
    };
  },
};

/** Leases run on the monotonic clock; wall time starts at ctx.now() (LICUTIL_NOW) and runs on. */
function serverClock(ctx: ServeContext): Clock {
  const offset = ctx.now().getTime() - Date.now();
  return { monotonicMs: () => performance.now(), wallMs: () => Date.now() + offset };
}

function readAdminToken(file: string, log: DebugLog): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new LicutilError('LICUTIL_E_CONFIG', `cannot read the admin token file ${file}: ${(e as Error).message}`, 'check --admin-token-file and its permissions');
  }
  const token = text.trim();
  if (!/^[\x21-\x7e]{16,}$/.test(token)) {
    throw new LicutilError(
      'LICUTIL_E_CONFIG',
      `the admin token in ${file} must be at least 16 printable characters without spaces`,
      'make one with: openssl rand -hex 32 > FILE && chmod 600 FILE',
    );
  }
  try {
    if ((statSync(file).mode & 0o077) !== 0) log.warn(`the admin token file ${file} can be read by other users; chmod 600 it`);
  } catch {
    // stat after a successful read: nothing useful to add
  }
  return digestToken(token);
}

function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new LicutilError('LICUTIL_E_CONFIG', `cannot read the TLS ${what} ${file}: ${(e as Error).message}`, `check --tls-${what}`);
  }
}

function fatalOf(r: StartupResult): LicutilError | null {
  if (r.fatal.length === 0) return null;
  return new LicutilError(
    'LICUTIL_E_KEY',
    `--require-signatures: ${r.fatal.length} served license(s) have no verified signature:\n  ${r.fatal.join('\n  ')}`,
    "give the ISV's public key with --pub FILE or --keys DIR, or drop --require-signatures",
  );
}

/**
 * Runs the server until it stops. The promise resolves with the reason it
 * stopped (signal, `down`); start-up failures reject with a LicutilError.
 */
export async function runServe(opts: ServeOptions, ctx: ServeContext, io: ServeIo = processServeIo): Promise<string> {
  const clock = serverClock(ctx);
  const log = createDebugLog(io.err, () => clock.wallMs(), opts.logLevel);
  if (opts.tlsCert === undefined !== (opts.tlsKey === undefined)) {
    throw new LicutilError('LICUTIL_E_USAGE', '--tls-cert and --tls-key go together', 'give both, or neither for plain HTTP');
  }
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port >= 0 && opts.port <= 65535)) {
    throw new LicutilError('LICUTIL_E_USAGE', `--port ${opts.port} is not a TCP port`, 'give a number from 1 to 65535, or 0 for any free port');
  }
  for (const [flag, v] of [['--lease-max', opts.leaseMax], ['--lease-default', opts.leaseDefault]] as const) {
    if (!(Number.isFinite(v) && v >= 1)) throw new LicutilError('LICUTIL_E_USAGE', `${flag} must be at least 1 second (got ${v})`);
  }
  const host = detectHostFacts(nodeHostIo(ctx.env, () => new Date(clock.wallMs())));
  const load = (): LoadedPools & StartupResult =>
    loadLicenses(
      {
        paths: opts.paths,
        env: ctx.env,
        cwd: ctx.cwd,
        binDir: ctx.binDir,
        platform: ctx.platform,
        pub: opts.pub,
        keysDir: opts.keys,
        requireSignatures: opts.requireSignatures,
        dialect: opts.dialect,
      },
      host,
      new Date(clock.wallMs()),
    );

  const initial = load();
  const fatal = fatalOf(initial);
  if (fatal) {
    for (const m of initial.messages) log[m.level](m.text);
    throw fatal;
  }
  const port = opts.port ?? initial.port?.port ?? DEFAULT_PORT;
  if (opts.port === undefined) {
    log.info(initial.port ? `port ${port} from the HOST line at ${initial.port.file}:${initial.port.line}` : `no HOST line names this machine; using port ${DEFAULT_PORT}`);
  }

  const stateDir = path.resolve(ctx.cwd, opts.stateDir ?? defaultStateDir(ctx.env, ctx.env.HOME ?? os.homedir()));
  const unlock = lockStateDir(stateDir);
  let report: ReportLog | null = null;
  let journal: JournalStore | null = null;
  try {
    const adminDigest = opts.adminTokenFile ? readAdminToken(opts.adminTokenFile, log) : null;
    const tls = opts.tlsCert && opts.tlsKey ? { cert: readPem(opts.tlsCert, 'cert'), key: readPem(opts.tlsKey, 'key') } : undefined;
    const fileJournal = opts.journal ? await FileJournal.open(stateDir) : null;
    journal = fileJournal ?? new MemoryJournal();
    if (!opts.journal) log.warn('--no-journal: checkouts are kept in memory only and are forgotten if the server stops');
    report = await ReportLog.open(path.join(stateDir, 'report.ndjson'), { onError: (e) => log.warn(`report log: ${e.message}`) });
    const reportLog = report;
    log.info(`state directory ${stateDir} (journal ${opts.journal ? 'journal.ndjson' : 'off'}, report log report.ndjson)`);

    let server;
    try {
      server = await startServer({
        bind: opts.bind,
        port,
        clock,
        log,
        journal,
        journalMode: opts.journal ? 'file' : 'off',
        admin: { tokenDigest: adminDigest, loopbackIsAdmin: opts.loopbackAdmin },
        hostname: host.hostname,
        tls,
        leaseMaxMs: opts.leaseMax * 1000,
        leaseDefaultMs: opts.leaseDefault * 1000,
        initial,
        reload: async () => {
          const next = load();
          const f = fatalOf(next);
          if (f) throw f;
          return next;
        },
        onEvent: (e) => {
          const entry = reportEntryOf(e);
          if (entry) reportLog.write([entry]);
        },
        // keep the journal near the size of the live state while the server runs
        liveState: (snapshot) => fileJournal?.autoCompact(snapshot),
      });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
        throw new LicutilError(
          'LICUTIL_E_CONFIG',
          `cannot listen on ${opts.bind}:${port}: ${(e as Error).message}`,
          code === 'EADDRINUSE' ? 'another server uses that port: stop it, or choose another with --port' : 'choose another --bind address or --port',
        );
      }
      throw e;
    }
    log.info(`licutil server listening on ${server.url}; admin: ${opts.loopbackAdmin ? 'loopback' : 'nobody without the token'}${adminDigest ? ' or bearer token' : ''}`);
    io.out(`listening on ${server.url}`);
    const offSignals = io.onSignals({
      stop: (signal) => void server.stop(`received ${signal}`),
      reread: () => void server.reread('SIGHUP').catch((e: unknown) => log.error(`reread failed: ${e instanceof Error ? e.message : String(e)}`)),
    });
    const reason = await server.stopped;
    offSignals();
    return reason;
  } finally {
    await report?.close();
    if (journal) await journal.close().catch(() => undefined);
    unlock();
  }
}
