// `licutil serve`: turn the command line into a running server and wait until
// it stops. This is the one server file that touches the process (stdout for the
// ready line, stderr for the debug log, signals, the real file system); the
// parts it wires together stay injectable.
import { randomInt } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { detectHostFacts } from '../../hostid/detect.js';
import { nodeHostIo } from '../../hostid/node-io.js';
import { LicutilError } from '../../protocol/errors.js';
import type { Dialect } from '../../licfile/types.js';
import type { DebugLog, LogLevel } from '../core/debug-log.js';
import { FileJournal } from '../stores/file/file-journal.js';
import { MemoryJournal } from '../stores/memory-journal.js';
import { adminEntryOf, reportEntryOf } from '../adapters/report/report-entry.js';
import { DENIAL_FILE, REPORT_FILE, ReportSink } from '../adapters/report/report-sink.js';
import { GuessThrottle } from '../adapters/guesses.js';
import { iso } from '../core/pool/request.js';
import type { JournalStore, SharedServiceDeps } from '../core/store.js';
import type { Clock } from '../core/pool/types.js';
import { VERSION } from '../../version.js';
import { LiveLogControl, type LogPolicy } from '../adapters/logging/log-control.js';
import { startFrontEnds, type FrontEnds } from '../adapters/remote/attach.js';
import { ClientRegistry } from '../adapters/remote/clients.js';
import { LiveServerControl } from '../adapters/remote/server-control.js';
import { StatsSampler } from '../adapters/remote/stats.js';
import { browserPolicyOf, webDepsOf } from './browser-setup.js';
import { startServer, type RunningServer } from './run.js';
import { configChanged, loadConfigFile, readRemoteFiles } from './serve-config-io.js';
import { effectiveServe, type EffectiveServe } from './serve-config.js';
import { createServerLog, formatLogOptionsOf, licenseInfoOf, parseLogOptionsOn, settleNextTick, summaryOf } from './serve-support.js';
import { runLoadJob, type LoadJob } from './load-job.js';
import { processServeIo, type ServeIo } from './serve-io.js';
import { readAdminToken, readPem } from './secret-files.js';
import { LicenseLoader } from './loader.js';
import { DEFAULT_PORT, type StartupResult } from './startup.js';
import { defaultStateDir, lockStateDir } from './state-dir.js';
import { checkTlsKeyPair } from './tls-key.js';
import { checkQueueFlags, waitLimitsOf, type QueueOptions } from './queue-limits.js';

/** QueueOptions: the queue's limits (queue-limits.ts). */
export interface ServeOptions extends QueueOptions {
  paths: string[];
  port?: number | undefined;
  /** default 0.0.0.0, or bind_addr of the configuration */
  bind?: string | undefined;
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
  /** postgres://...: the pools live in PostgreSQL, shared with other servers (no journal) */
  store?: string | undefined;
  /** with `store`: create or upgrade the schema first */
  init?: boolean | undefined;
  loopbackAdmin: boolean;
  /** -v / -q; undefined: log_options of the configuration, else info */
  logLevel?: LogLevel | undefined;
  dialect?: Dialect | undefined;
  /** an ltelicense configuration file (seed 000 §5); the other options override it */
  config?: string | undefined;
  /** read monitor commands (seed 000 §7) from standard input */
  monitor?: boolean | undefined;
  /** serve the status page on / (default true) */
  web?: boolean | undefined;
  /** more names the server answers to (Host); `*`: any */
  allowHost?: string[] | undefined;
  /** Origin values the remote API accepts besides the server's own names; `*`: any */
  remoteOrigin?: string[] | undefined;
  /** wrong passwords from one address before it must wait (adapters/guesses.ts); 0 = no limit */
  authFailures: number;
  /** denial and queue lines of one client written one by one per minute, the rest summarised (report/limited-log.ts); 0 = all */
  denialsPerMinute: number;
}

export interface ServeContext {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  binDir: string;
  platform: NodeJS.Platform;
  now: () => Date;
}

/** Leases run on the monotonic clock; wall time starts at ctx.now() (LICUTIL_NOW) and runs on. */
function serverClock(ctx: ServeContext): Clock {
  const offset = ctx.now().getTime() - Date.now();
  return { monotonicMs: () => performance.now(), wallMs: () => Date.now() + offset };
}

/**
 * A license file that is not text stops start-up (exit 65), as it stops `stat -i`:
 * serving "nothing" from a binary named by mistake hides the mistake. A reread
 * keeps serving and reports it as an error of the new files instead.
 */
function notTextOf(r: StartupResult): LicutilError | null {
  const bad = r.messages.filter((m) => m.kind === 'not-text' || m.kind === 'not-text-more');
  if (bad.length === 0) return null;
  return new LicutilError(
    'LICUTIL_E_LICENSE_SYNTAX',
    bad.map((m) => m.text).join('\n'),
    'pass the license files themselves (text files), or move what is not one out of the directory',
  );
}

function fatalOf(r: Pick<StartupResult, 'fatal'>): LicutilError | null {
  if (r.fatal.length === 0) return null;
  return new LicutilError(
    'LICUTIL_E_KEY',
    `--require-signatures: ${r.fatal.length} served license(s) have no verified signature:\n  ${r.fatal.join('\n  ')}`,
    "give the ISV's public key with --pub FILE or --keys DIR, or drop --require-signatures",
  );
}

/**
 * Runs the server until it stops. The promise resolves with the reason it
 * stopped (signal, `down`, monitor or remote API `quit`); start-up failures
 * reject with a LicutilError.
 */
export async function runServe(opts: ServeOptions, ctx: ServeContext, io: ServeIo = processServeIo): Promise<string> {
  settleNextTick();
  const clock = serverClock(ctx);
  if (opts.tlsCert === undefined !== (opts.tlsKey === undefined)) {
    throw new LicutilError('LICUTIL_E_USAGE', '--tls-cert and --tls-key go together', 'give both, or neither for plain HTTP');
  }
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port >= 0 && opts.port <= 65535)) {
    throw new LicutilError('LICUTIL_E_USAGE', `--port ${opts.port} is not a TCP port`, 'give a number from 1 to 65535, or 0 for any free port');
  }
  for (const [flag, v] of [['--lease-max', opts.leaseMax], ['--lease-default', opts.leaseDefault]] as const) {
    if (!(Number.isFinite(v) && v >= 1)) throw new LicutilError('LICUTIL_E_USAGE', `${flag} must be at least 1 second (got ${v})`);
  }
  for (const [flag, v] of [['--auth-failures', opts.authFailures], ['--denials-per-minute', opts.denialsPerMinute]] as const) {
    if (!(Number.isInteger(v) && v >= 0)) throw new LicutilError('LICUTIL_E_USAGE', `${flag} must be a whole number, 0 or more (got ${v})`, '0 turns the limit off');
  }
  checkQueueFlags(opts);
  if (opts.store !== undefined && !/^postgres(ql)?:\/\//.test(opts.store)) {
    throw new LicutilError('LICUTIL_E_USAGE', `--store ${opts.store.replace(/:[^:@/]*@/, ':***@')} is not a PostgreSQL URL`, 'give postgres://USER:PASSWORD@HOST[:PORT]/DATABASE');
  }
  if (opts.store !== undefined && !opts.journal) throw new LicutilError('LICUTIL_E_USAGE', '--no-journal and --store exclude each other', 'the shared store keeps the checkouts; leave out --no-journal');
  if (opts.init && opts.store === undefined) throw new LicutilError('LICUTIL_E_USAGE', '--init goes with --store', 'give the PostgreSQL URL whose schema to create');
  const configFile = opts.config === undefined ? undefined : path.resolve(ctx.cwd, opts.config);
  let config = configFile === undefined ? null : loadConfigFile(configFile);
  const flags = { paths: opts.paths, port: opts.port, bind: opts.bind, logLevel: opts.logLevel, queuePerClient: opts.queuePerClient, fdHeadroom: opts.fdHeadroom, pollTimeout: opts.pollTimeout };
  const eff = effectiveServe(flags, config?.config ?? null);

  const host = detectHostFacts(nodeHostIo(ctx.env, () => new Date(clock.wallMs())));
  const started = new Date(clock.wallMs()).toISOString();
  const headers = () => [`licutil ${VERSION} license server on ${host.hostname}`, `started ${started}`, ...(configFile ? [`configuration ${configFile}`] : [])];
  const { hub, file: logFile } = createServerLog(eff, clock, io, headers, host.timezoneOffsetMinutes);
  const log: DebugLog = hub;
  for (const d of config?.warnings ?? []) log.warn(d);

  const startupSources = {
    env: ctx.env,
    cwd: ctx.cwd,
    binDir: ctx.binDir,
    platform: ctx.platform,
    pub: opts.pub,
    keysDir: opts.keys,
    requireSignatures: opts.requireSignatures,
    dialect: opts.dialect,
  };
  const jobOf = (): LoadJob => ({ groups: eff.groups, sources: { ...startupSources, paths: eff.paths }, host, nowMs: clock.wallMs() });
  const loader = new LicenseLoader();

  // start-up reads in this thread: nothing is served yet
  const initial = runLoadJob(jobOf());
  const notText = notTextOf(initial);
  if (notText) throw notText;
  // after start-up the pools live in the server (run.ts); a reread brings only their changes
  let current: Omit<StartupResult, 'defs'> = initial;
  const origins = initial.origins;
  const fatal = fatalOf(current);
  if (fatal) {
    for (const m of current.messages) log[m.level](m.text);
    throw fatal;
  }
  const port = eff.port ?? current.port?.port ?? DEFAULT_PORT;
  if (eff.portOrigin !== undefined && opts.port === undefined) log.info(`port ${port} from ${eff.portOrigin}`);
  if (eff.port === undefined) {
    log.info(current.port ? `port ${port} from the HOST line at ${current.port.file}:${current.port.line}` : `no HOST line names this machine; using port ${DEFAULT_PORT}`);
  }

  // what reload changes besides the licenses (seed 000 §6.6 "If config file has been changed, modifications will be applied")
  const policy: LogPolicy = { locked: eff.log.locked, microseconds: eff.log.microseconds };
  const logControl = new LiveLogControl(hub, policy, logFile);
  let configReloaded = false;
  const rereadConfig = () => {
    configReloaded = false;
    if (configFile === undefined || config === null) return;
    const next = loadConfigFile(configFile);
    if (!configChanged(config, next)) return;
    for (const w of next.warnings) log.warn(w);
    const e = effectiveServe(flags, next.config);
    if (e.groups) eff.groups = e.groups;
    else delete eff.groups;
    if (JSON.stringify(e.log.settings) !== JSON.stringify(eff.log.settings)) {
      logControl.apply(e.log.settings);
      eff.log.settings = e.log.settings;
    }
    policy.locked = e.log.locked;
    policy.microseconds = e.log.microseconds;
    if (e.log.count !== hub.buffer.capacity) hub.buffer.resize(e.log.count);
    const restart = ['bind', 'port', 'remote'].filter((k) => JSON.stringify(e[k as keyof EffectiveServe]) !== JSON.stringify(eff[k as keyof EffectiveServe]));
    if (restart.length > 0 || e.log.file !== eff.log.file || e.log.sync !== eff.log.sync) {
      log.warn(`${configFile} changed ${[...restart, ...(e.log.file !== eff.log.file || e.log.sync !== eff.log.sync ? ['log_filename/log_sync'] : [])].join(', ')}: restart the server for that to apply`);
    }
    config = next;
    configReloaded = true;
    log.info(`configuration ${configFile} read again`);
  };

  const { dir: stateDir, unlock } = lockStateDir(path.resolve(ctx.cwd, opts.stateDir ?? defaultStateDir(ctx.env, ctx.env.HOME ?? os.homedir())));
  let report: ReportSink | null = null;
  let journal: JournalStore | null = null;
  let frontEnds: FrontEnds | null = null;
  try {
    const adminDigest = opts.adminTokenFile ? readAdminToken(opts.adminTokenFile, log) : null;
    const tls = opts.tlsCert && opts.tlsKey ? { cert: readPem(opts.tlsCert, 'cert'), key: readPem(opts.tlsKey, 'key') } : undefined;
    if (tls && opts.tlsCert && opts.tlsKey) checkTlsKeyPair(tls.key, opts.tlsKey, tls.cert, opts.tlsCert);
    const remoteFiles = eff.remote ? readRemoteFiles(eff.remote) : undefined;
    const storeUrl = opts.store;
    const fileJournal = opts.journal && storeUrl === undefined ? await FileJournal.open(stateDir) : null;
    journal = fileJournal ?? new MemoryJournal();
    if (!opts.journal && storeUrl === undefined) log.warn('--no-journal: checkouts are kept in memory only and are forgotten if the server stops');
    report = await ReportSink.open(stateDir, {
      denialsPerMinute: opts.denialsPerMinute,
      nowIso: () => iso(clock.wallMs()),
      warn: (line) => log.warn(line),
      // the minute's summary must not keep a stopping server alive: close() writes it
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms).unref(), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    });
    const reportLog = report;
    log.info(`state directory ${stateDir} (journal ${storeUrl !== undefined ? 'none: the shared store' : opts.journal ? 'journal.ndjson' : 'off'}, report log ${REPORT_FILE}, denials ${DENIAL_FILE})`);
    const guesses = new GuessThrottle({ nowMs: () => clock.monotonicMs(), info: (l) => log.info(l), warn: (l) => log.warn(l), policy: { limit: opts.authFailures } });
    let advertised = '';

    const clients = new ClientRegistry(() => clock.monotonicMs());
    const stats = new StatsSampler(() => process.cpuUsage(), () => clock.monotonicMs(), randomInt(1, 2 ** 31));
    const browser = browserPolicyOf({ hostname: host.hostname, bind: eff.bind, allowHost: opts.allowHost ?? [], tls: Boolean(tls) });
    const web =
      opts.web === false
        ? undefined
        : webDepsOf({ tls: Boolean(tls), nowMs: () => clock.monotonicMs(), wallMs: () => clock.wallMs(), notes: () => current.messages, report: (e) => reportLog.write(e) });
    let server: RunningServer;
    try {
      server = await startServer({
        bind: eff.bind,
        port,
        clock,
        log,
        journal,
        journalMode: storeUrl !== undefined ? 'shared' : opts.journal ? 'file' : 'off',
        ...(storeUrl === undefined
          ? {}
          : {
              shared: async (deps: SharedServiceDeps) => {
                const { openSharedService } = await import('../stores/postgres/open.js');
                return openSharedService({ url: storeUrl, init: opts.init === true, hostname: host.hostname, url_of_server: () => advertised }, deps);
              },
            }),
        admin: { tokenDigest: adminDigest, loopbackIsAdmin: opts.loopbackAdmin },
        hostname: host.hostname,
        tls,
        leaseMaxMs: opts.leaseMax * 1000,
        leaseDefaultMs: opts.leaseDefault * 1000,
        initial,
        reload: async (installed) => {
          rereadConfig();
          const delta = await loader.load(jobOf(), () => ({ defs: installed(), origins }));
          const f = fatalOf(delta.result);
          if (f) {
            loader.settle(delta.seq, 'not-installed');
            throw f;
          }
          for (const id of delta.removed) origins.delete(id);
          for (const [id, o] of delta.origins) origins.set(id, o);
          current = { ...delta.result, origins };
          return {
            ...delta.result,
            changes: { upserts: delta.upserts, removed: delta.removed, report: delta.report },
            settle: (outcome) => loader.settle(delta.seq, outcome),
          };
        },
        onEvent: (e) => {
          const entry = reportEntryOf(e);
          if (entry) reportLog.write([entry]);
          clients.onEvent(e);
          stats.count(e.type);
        },
        onAdmin: (action, by) => reportLog.write([adminEntryOf(clock.wallMs(), action, by)]),
        browser,
        ...(web ? { web } : {}),
        // keep the journal near the size of the live state while the server runs
        liveState: (snapshot) => fileJournal?.autoCompact(snapshot),
        clients,
        guesses,
        waits: waitLimitsOf(eff, log),
      });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
        throw new LicutilError(
          'LICUTIL_E_CONFIG',
          `cannot listen on ${eff.bind}:${port}: ${(e as Error).message}`,
          code === 'EADDRINUSE' ? 'another server uses that port: stop it, or choose another with --port' : 'choose another --bind address or --port',
        );
      }
      throw e;
    }
    const running = server;
    // the reread worker gets the pools now, so the first reread sends it only what changed
    void loader.prime(() => ({ defs: running.defs(), origins })).catch((e: unknown) => log.warn(`license reader thread: ${e instanceof Error ? e.message : String(e)}`));
    advertised = running.url.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, `//${host.hostname}`);
    const control = new LiveServerControl({
      name: eff.remote?.name ?? 'LICENSE',
      version: VERSION,
      service: running.service,
      clients,
      wallMs: () => clock.wallMs(),
      origins: () => current.origins,
      licenseInfo: () => licenseInfoOf({ ...current, defs: running.defs() }, host, running.url),
      reload: async (by) => summaryOf(await running.reread(by), configReloaded),
      quit: (by) => void running.stop(`quit requested by ${by}`),
      logs: logControl,
      stats,
    });
    const monitorIo = opts.monitor ? io.monitor?.() : undefined;
    try {
      frontEnds = await startFrontEnds({
        control,
        log,
        clock: { processSeconds: () => performance.now() / 1000, utcSeconds: () => clock.wallMs() / 1000 },
        remote:
          eff.remote && remoteFiles
            ? { host: eff.remote.host, port: eff.remote.port, tls: remoteFiles.tls, auth: remoteFiles.auth, origins: { policy: browser, allowed: opts.remoteOrigin ?? [] }, guesses }
            : undefined,
        monitor: monitorIo ? { ...monitorIo, parseLogOptions: parseLogOptionsOn, formatLogOptions: formatLogOptionsOf } : undefined,
      });
    } catch (e) {
      await running.stop('the remote API could not start');
      throw e;
    }
    log.info(`licutil server listening on ${running.url}; admin: ${opts.loopbackAdmin ? 'loopback' : 'nobody without the token'}${adminDigest ? ' or bearer token' : ''}`);
    // handlers first: whoever reads the ready line may signal at once
    const offSignals = io.onSignals({
      stop: (signal) => void running.stop(`received ${signal}`),
      reread: () => void running.reread('SIGHUP').catch((e: unknown) => log.error(`reread failed: ${e instanceof Error ? e.message : String(e)}`)),
    });
    if (frontEnds.remote) io.out(`remote API listening on ${frontEnds.remote.url}`);
    io.out(`listening on ${running.url}`);
    frontEnds.startMonitor();
    const reason = await running.stopped;
    offSignals();
    return reason;
  } finally {
    await loader.close();
    await frontEnds?.close();
    await report?.close();
    if (journal) await journal.close().catch(() => undefined);
    logFile?.close();
    unlock();
  }
}
