// The server's lifecycle: restore the journal, build the service and the HTTP
// app, listen, serve, and stop gracefully. Everything from the outside world
// (licenses, clock, logs, the journal, the token) comes in through ServerSetup,
// so tests can start a whole server in-process.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ServerInfo } from '../../protocol/messages.js';
import { PROTOCOL_VERSION } from '../../protocol/messages.js';
import type { StartupMessage } from './messages.js';
import { VERSION } from '../../version.js';
import type { AdminPolicy } from '../adapters/http/admin-auth.js';
import type { BrowserPolicy } from '../adapters/http/browser-guard.js';
import { registerWebRoutes, type WebDeps } from '../adapters/web/routes.js';
import type { DebugLog } from '../core/debug-log.js';
import { buildApp } from '../adapters/http/app.js';
import type { GuessThrottle } from '../adapters/guesses.js';
import type { WaitLimits } from '../adapters/http/long-polls.js';
import type { HttpTimeouts } from '../adapters/http/deps.js';
import type { ClientHooks } from '../adapters/http/client-hooks.js';
import type { RereadAnswer } from '../adapters/http/reread-answer.js';
import type { JournalProblem, JournalStore, SharedServiceDeps } from '../core/store.js';
import { createMetrics, type PoolGaugeRow, type ServerMetrics } from '../adapters/metrics.js';
import { PoolManager } from '../core/pool/manager.js';
import { pooledRandomBytes } from '../core/pool/random.js';
import type { Clock, PoolDef, PoolEvent } from '../core/pool/types.js';
import type { JournalRecord } from '../core/pool/records.js';
import { InstalledPools, installChanges, type PoolChanges } from './pool-set.js';
import { LicenseService } from '../core/service.js';
import { type LeaseService } from '../core/lease-service.js';

/** What start-up processing produced (startup.ts), and what a reread produces again. */
export interface LoadedPools {
  defs: PoolDef[];
  /** license files that were read */
  files: string[];
  /** what the debug log should say about them (exclusions, expiring soon, ...) */
  messages: Array<{ level: 'info' | 'warn' | 'error'; text: string }>;
  /** wall ms when a license starts or ends and the pools must be rebuilt; null when never */
  nextChangeMs: number | null;
}

/**
 * What a reread produced when it was worked out against the installed pools
 * (boot/loader.ts): the changes only. `settle` is told whether they went in.
 */
export interface ReloadedPools extends Omit<LoadedPools, 'defs'> {
  changes: PoolChanges;
  settle?: (outcome: 'installed' | 'not-installed' | 'unknown') => void;
}

export interface ServerSetup {
  bind: string;
  port: number;
  clock: Clock;
  log: DebugLog;
  journal: JournalStore;
  journalMode: 'file' | 'off' | 'shared';
  admin: AdminPolicy;
  hostname: string;
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  /** longest lease a client may ask for, and the default one */
  leaseMaxMs: number;
  leaseDefaultMs: number;
  /** the initial pools; `reload` is called again by reread, with the pools installed then */
  initial: LoadedPools;
  reload: (installed: () => Iterable<PoolDef>) => Promise<LoadedPools | ReloadedPools>;
  /** every event after it is durable (report log) */
  onEvent?: (e: PoolEvent) => void;
  /** an administrator's reread or down over HTTP, with who asked (report log) */
  onAdmin?: (action: 'reread' | 'down', by: string) => void;
  /** the names the server answers to (Host checks); default loopback names */
  browser?: BrowserPolicy;
  /** the status page; absent: --no-web */
  web?: WebDeps;
  /** given the live state once it is restored (a file journal compacts itself from it) */
  liveState?: (snapshot: () => readonly JournalRecord[]) => void;
  timeouts?: Partial<HttpTimeouts>;
  /** long-poll time-out and the caps on waiting requests (default: long-polls.ts) */
  waits?: Partial<WaitLimits>;
  /** the monitor and remote API's client registry (addresses, messages, close reasons) */
  clients?: ClientHooks;
  /** slows the guessing of license passwords per address; absent: no limit */
  guesses?: GuessThrottle;
  /** several servers, one state: the service comes from a shared store (stores/postgres), not from `journal` */
  shared?: (deps: SharedServiceDeps) => Promise<LeaseService>;
}


export interface RunningServer {
  url: string;
  port: number;
  app: FastifyInstance;
  service: LeaseService;
  metrics: ServerMetrics;
  /** stop serving: waiters are told, in-flight requests finish, the journal is flushed */
  stop: (reason: string) => Promise<void>;
  /** re-run start-up processing (as POST /v1/reread does) */
  reread: (why: string) => Promise<RereadAnswer>;
  /** the pool definitions installed now, in no particular order */
  defs: () => Iterable<PoolDef>;
  /** settles when the server has stopped (by stop(), `down`, or a signal handled by the caller) */
  stopped: Promise<string>;
}

/** The /metrics gauges' rows: the pools walked as they are read where the service can (no 100,000-pool snapshot); never a pool behind a password. */
function* poolGaugeRows(service: LeaseService): Generator<PoolGaugeRow> {
  if (service.poolCounts) {
    for (const { def: d, inUse, queued } of service.poolCounts()) {
      if (d.password === null) yield { isv: d.isv, product: d.product, version: d.version, pool: d.id, count: d.count, inUse, queued };
    }
    return;
  }
  for (const p of service.status({ includeProtected: true, countsOnly: true }).pools) {
    if (!p.hasPassword) yield { isv: p.isv, product: p.product, version: p.version, pool: p.id, count: p.count, inUse: p.inUse, queued: p.queued };
  }
}

/** What the server keeps of a load: not its definitions nor a reread's changes (100,000 of them, and the answer's 25 MB, kept until the next reread). */
function kept(p: Omit<LoadedPools, 'defs'>): Omit<LoadedPools, 'defs'> {
  return { files: p.files, messages: p.messages, nextChangeMs: p.nextChangeMs };
}

/** how long in-flight requests may take to finish once the server is stopping */
const STOP_GRACE_MS = 10_000;

function urlOf(tls: boolean, host: string, port: number): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return `${tls ? 'https' : 'http'}://${h}:${port}`;
}

export async function startServer(setup: ServerSetup): Promise<RunningServer> {
  const { clock, log, journal } = setup;
  const startedWall = clock.wallMs();
  const startedMono = clock.monotonicMs();
  let current = kept(setup.initial);
  // pools behind a password: status hides them from whoever lacks it, so /metrics (no password) must too (installed.hidden)
  const installed = new InstalledPools(setup.initial.defs);
  for (const m of current.messages) log[m.level](m.text);

  const metrics = createMetrics(() => poolGaugeRows(service));

  const onEvent = (e: PoolEvent) => {
    countEvent(metrics, e, installed.hidden);
    logEvent(log, e);
    setup.onEvent?.(e);
    setup.web?.changes.notify();
  };
  const service: LeaseService = setup.shared
    ? await setup.shared({ defs: setup.initial.defs, clock, log, onEvent, leaseMaxMs: setup.leaseMaxMs, leaseDefaultMs: setup.leaseDefaultMs, onHealth: (h) => metrics.journalHealthy.set(h ? 1 : 0) })
    : await openLocalService(setup, setup.initial.defs, onEvent);
  journal.onHealthChange((healthy) => metrics.journalHealthy.set(healthy ? 1 : 0));

  let boundPort = setup.port;
  const serverInfo = (): ServerInfo => ({
    server: 'licutil',
    version: VERSION,
    protocol: PROTOCOL_VERSION,
    host: setup.hostname,
    port: boundPort,
    started: new Date(startedWall).toISOString(),
    uptime_seconds: Math.floor((clock.monotonicMs() - startedMono) / 1000),
    journal: setup.journalMode === 'off' ? 'off' : service.journalHealthy ? 'ok' : 'failing',
    license_files: current.files,
    ...(service.storeInfo ? { store: service.storeInfo() } : {}),
  });

  let resolveStopped!: (reason: string) => void;
  const stopped = new Promise<string>((r) => (resolveStopped = r));
  let stopping: Promise<void> | null = null;

  // a license that starts or ends changes the pools: rebuild them then, as a reread would
  let changeTimer: ReturnType<typeof setTimeout> | null = null;
  const armChangeTimer = () => {
    if (changeTimer) clearTimeout(changeTimer);
    changeTimer = null;
    if (current.nextChangeMs === null) return;
    const delay = Math.min(3_600_000, Math.max(1_000, current.nextChangeMs - clock.wallMs()));
    changeTimer = setTimeout(() => {
      void reread('a license started or expired').catch((e: unknown) => log.error(`automatic reread failed: ${e instanceof Error ? e.message : String(e)}`));
    }, delay);
    changeTimer.unref();
  };

  // what `reread` reports as errors of the new files (exit 65): their syntax
  // errors (warnings of the start-up, which serves the rest) and unreadable files
  const isFileError = (m: StartupMessage): boolean =>
    m.level === 'error' || (m.kind !== undefined && ['diagnostic', 'diagnostic-more', 'unreadable', 'unreadable-more', 'not-text', 'not-text-more'].includes(m.kind));
  let rereading: Promise<RereadAnswer> | null = null;
  let mayHaveRetired = false;
  const reread = (why: string): Promise<RereadAnswer> => {
    // one reread at a time; a second request gets the answer of the one running
    rereading ??= (async () => {
      try {
        log.info(`rereading licenses (${why})`);
        const next = await setup.reload(() => installed.values());
        for (const m of next.messages) log[m.level](m.text);
        const changes = 'changes' in next ? next.changes : installed.changesTo(next.defs);
        const settle = 'settle' in next ? next.settle : undefined;
        try {
          await installChanges(service, installed, changes);
        } catch (e) {
          settle?.('unknown');
          throw e;
        }
        settle?.('installed');
        const diff = changes.report;
        current = kept(next);
        armChangeTimer();
        // pools retire only when a reread removes them; asking status walks them all
        if (changes.removed.length > 0) mayHaveRetired = true;
        const retired = mayHaveRetired ? service.status({ includeProtected: true, retiredOnly: true }).pools.filter((p) => p.retired) : [];
        mayHaveRetired = retired.length > 0;
        const orphaned = retired.reduce((n, p) => n + p.checkouts.length, 0);
        log.info(`reread: ${diff.added.count} pool(s) added, ${diff.removed.count} removed, ${diff.changed.count} changed`);
        setup.web?.changes.notify();
        return {
          ...diff,
          messages: next.messages.map((m) => m.text),
          errors: next.messages.filter(isFileError).map((m) => m.text),
          orphaned_checkouts: orphaned,
        };
      } finally {
        rereading = null;
      }
    })();
    return rereading;
  };

  const web = setup.web;
  const app = await buildApp({
    service,
    metrics,
    log,
    admin: setup.admin,
    serverInfo,
    isvs: () => installed.isvs(),
    actions: {
      reread: (by) => {
        setup.onAdmin?.('reread', by);
        return reread(`requested by ${by}`);
      },
      down: (by) => {
        setup.onAdmin?.('down', by);
        void stop(`down requested by ${by}`);
      },
    },
    browser: setup.browser,
    web: web === undefined ? undefined : { register: (app, ctx) => registerWebRoutes(app, ctx, web), adminOf: (cookie, csrf) => web.sessions.adminOf(cookie, csrf) },
    tls: setup.tls,
    timeouts: setup.timeouts,
    waits: setup.waits,
    clients: setup.clients,
    guesses: setup.guesses,
  });

  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      log.info(`stopping: ${reason}`);
      if (changeTimer) clearTimeout(changeTimer);
      // stop accepting, tell the waiters, let in-flight requests finish
      setup.web?.changes.close();
      const closing = app.close();
      await service.close();
      // a keep-alive connection that goes idle after close() began would otherwise
      // be waited for until its keep-alive timeout; a request still running after
      // the grace period is cut off
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      const deadline = setTimeout(() => app.server.closeAllConnections(), STOP_GRACE_MS);
      try {
        await closing;
      } finally {
        clearInterval(sweep);
        clearTimeout(deadline);
      }
      await journal.close();
      log.info('stopped');
      resolveStopped(reason);
    })();
    return stopping;
  };

  try {
    await app.listen({ host: setup.bind, port: setup.port });
  } catch (e) {
    await service.close();
    await journal.close();
    throw e;
  }
  boundPort = (app.server.address() as AddressInfo).port;
  armChangeTimer();
  return { url: urlOf(Boolean(setup.tls), setup.bind, boundPort), port: boundPort, app, service, metrics, stop, reread, defs: () => installed.values(), stopped };
}

/** One server, its own journal: restore who holds what, then compact so the journal starts from the live state. */
async function openLocalService(setup: ServerSetup, defs: PoolDef[], onEvent: (e: PoolEvent) => void): Promise<LeaseService> {
  const { clock, log, journal } = setup;
  const manager = new PoolManager(defs, {
    clock,
    // one randomFillSync per 4 KiB of handles rather than a crypto call per checkout
    randomBytes: pooledRandomBytes(),
    maxLeaseMs: setup.leaseMaxMs,
    defaultLeaseMs: Math.min(setup.leaseDefaultMs, setup.leaseMaxMs),
  });

  // restore who holds what, then compact so the journal starts from the live state
  const restorer = manager.restorer();
  let problems: JournalProblem[];
  if (journal.scan) {
    problems = await journal.scan((r, line) => restorer.add(r, line));
  } else {
    const loaded = await journal.load();
    loaded.records.forEach((r, i) => restorer.add(r, i + 1));
    problems = loaded.problems;
  }
  const where = journal.path ?? 'journal record';
  for (const p of problems) log.warn(`${where}:${p.line}: skipped: ${p.reason}`);
  const restored = restorer.finish();
  for (const p of restored.problems) log.warn(`${where}:${p.line}: ${p.reason}`);
  if (restored.leases > 0 || restored.heldSeats > 0 || restored.ignored > 0 || restored.overCount > 0) {
    log.info(
      `journal restored ${restored.leases} checkout(s) and ${restored.heldSeats} held seat(s)` +
        `${restored.orphaned > 0 ? `, ${restored.orphaned} on pools no longer served` : ''}` +
        `${restored.overCount > 0 ? `; ${restored.overCount} left out: more seats than their pool has` : ''}` +
        `${restored.ignored > 0 ? `; ${restored.ignored} record(s) ignored` : ''}; each restored lease has one lease period to be renewed`,
    );
  }
  await journal.compact(manager.snapshotRecords());
  journal.autoCompact?.(() => manager.snapshotRecords());
  setup.liveState?.(() => manager.snapshotRecords());
  return new LicenseService({ manager, journal, clock, log, onEvent });
}

/** Lease counters are labelled by product; a password pool's are not counted where anyone can read them. */
function countEvent(m: ServerMetrics, e: PoolEvent, hidden: ReadonlySet<string>): void {
  if ('lease' in e && hidden.has(e.lease.poolId)) return;
  switch (e.type) {
    case 'checkout':
      m.checkouts.inc({ isv: e.lease.isv, product: e.lease.product });
      break;
    case 'denial':
      m.denials.inc({ code: e.code });
      break;
    case 'wait-timeout':
      m.denials.inc({ code: e.denial.code });
      break;
    case 'checkin':
      m.checkins.inc({ isv: e.lease.isv, product: e.lease.product });
      break;
    case 'reclaim':
      m.reclaims.inc({ isv: e.lease.isv, product: e.lease.product });
      break;
    case 'removal':
      m.removals.inc({ isv: e.lease.isv, product: e.lease.product });
      break;
    default:
      break;
  }
}

/** The debug log says what an administrator wants to read; per-request detail goes to the report log. */
function logEvent(log: DebugLog, e: PoolEvent): void {
  switch (e.type) {
    case 'reclaim':
      log.info(`reclaimed ${e.lease.product} ${e.lease.version} from ${e.lease.user}@${e.lease.host} pid ${e.lease.pid} (checkout ${e.lease.id}): lease not renewed in time`);
      break;
    case 'removal':
      log.info(`removed ${e.lease.product} ${e.lease.version} from ${e.lease.user}@${e.lease.host} (checkout ${e.lease.id})${e.by ? ` by ${e.by}` : ''}`);
      break;
    case 'denial':
      if (e.code !== e.logCode) log.info(`denied ${e.request.product} to ${e.request.user}@${e.request.host}: ${e.logCode} (told ${e.code})`);
      else log.debug(`denied ${e.request.product} to ${e.request.user}@${e.request.host}: ${e.code}`);
      break;
    default:
      log.debug(`${e.type}`);
  }
}
