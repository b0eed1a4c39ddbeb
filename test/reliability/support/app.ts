// The server's HTTP app in-process: the real fastify app, pool manager and
// license service over a journal in memory. For inject()-driven property tests
// and for the admin checks when this machine has no non-loopback address (the
// remoteAddressOf seam then plays the remote peer).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { PoolDef } from '../../../src/server/core/pool/types.js';
import { digestToken, type AdminPolicy, type RemoteAddressOf } from '../../../src/server/adapters/http/admin-auth.js';
import { memoryLog } from '../../../src/server/core/debug-log.js';
import { buildApp } from '../../../src/server/adapters/http/app.js';
import type { WaitLimits } from '../../../src/server/adapters/http/long-polls.js';
import { MemoryJournal } from '../../../src/server/stores/memory-journal.js';
import type { JournalStore } from '../../../src/server/core/store.js';
import { createMetrics } from '../../../src/server/adapters/metrics.js';
import { PoolManager } from '../../../src/server/core/pool/manager.js';
import { LicenseService } from '../../../src/server/core/service.js';
import { encodeReport } from '../../../src/server/adapters/http/reread-answer.js';

export interface InProcessApp {
  app: FastifyInstance;
  service: LicenseService;
  log: ReturnType<typeof memoryLog>;
  rereads: number;
  downs: string[];
  close(): Promise<void>;
}

export function poolDef(p: Partial<PoolDef> & { product: string }): PoolDef {
  return {
    id: `demo:${p.product}:1.0:0`,
    isv: 'demo',
    version: '1.0',
    count: 2,
    softLimit: p.count ?? 2,
    share: null,
    hold: 0,
    minCheckout: 0,
    minRemove: 0,
    password: null,
    tag: null,
    expiresIso: 'permanent',
    order: 0,
    ...p,
  };
}

export async function inProcessApp(opts: {
  defs: PoolDef[];
  admin?: { token?: string; loopbackIsAdmin?: boolean };
  remoteAddressOf?: RemoteAddressOf;
  /** longest wait the manager grants (keeps property tests from long-polling) */
  maxWaitMs?: number;
  /** default: a journal in memory */
  journal?: JournalStore;
  /** the queue's limits (default: long-polls.ts) */
  waits?: Partial<WaitLimits>;
}): Promise<InProcessApp> {
  const clock = { monotonicMs: () => performance.now(), wallMs: () => Date.now() };
  const manager = new PoolManager(opts.defs, { clock, randomBytes: (n) => randomBytes(n), maxWaitMs: opts.maxWaitMs ?? 86_400_000, minLeaseMs: 1000 });
  const journal = opts.journal ?? new MemoryJournal();
  const log = memoryLog();
  const service = new LicenseService({ manager, journal, clock, log });
  const policy: AdminPolicy = {
    tokenDigest: opts.admin?.token === undefined ? null : digestToken(opts.admin.token),
    loopbackIsAdmin: opts.admin?.loopbackIsAdmin ?? true,
  };
  const state = { rereads: 0, downs: [] as string[] };
  const app = await buildApp({
    service,
    metrics: createMetrics(() => [], { defaultMetrics: false }),
    log,
    admin: policy,
    ...(opts.remoteAddressOf ? { remoteAddressOf: opts.remoteAddressOf } : {}),
    ...(opts.waits ? { waits: opts.waits } : {}),
    serverInfo: () => ({
      server: 'licutil',
      version: '0.0.0-reliability',
      protocol: 1,
      host: 'reliability',
      port: 0,
      started: new Date(0).toISOString(),
      uptime_seconds: 0,
      journal: service.journalHealthy ? 'ok' : 'failing',
      license_files: [],
    }),
    actions: {
      reread: async () => {
        state.rereads++;
        return { ...encodeReport({ added: [], removed: [], changed: [] }), messages: [], orphaned_checkouts: 0 };
      },
      down: (by) => void state.downs.push(by),
    },
  });
  return {
    app,
    service,
    log,
    get rereads() {
      return state.rereads;
    },
    downs: state.downs,
    close: async () => {
      await service.close();
      await app.close();
    },
  };
}
