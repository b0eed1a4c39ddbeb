// In-process fixtures for the HTTP layer: a real PoolManager and LicenseService
// behind the fastify app, a journal whose failures the test controls, and a
// clock the test can move.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../../src/server/adapters/http/app.js';
import type { AppDeps } from '../../../../src/server/adapters/http/deps.js';
import { digestToken } from '../../../../src/server/adapters/http/admin-auth.js';
import { memoryLog } from '../../../../src/server/core/debug-log.js';
import { createMetrics } from '../../../../src/server/adapters/metrics.js';
import { PoolManager } from '../../../../src/server/core/pool/manager.js';
import type { JournalLoad, JournalStore } from '../../../../src/server/core/store.js';
import type { Clock, PoolDef } from '../../../../src/server/core/pool/types.js';
import type { JournalRecord } from '../../../../src/server/core/pool/records.js';
import { LicenseService } from '../../../../src/server/core/service.js';
import { LicutilError } from '../../../../src/protocol/errors.js';
import { encodeReport } from '../../../../src/server/adapters/http/reread-answer.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export class TestJournal implements JournalStore {
  records: JournalRecord[] = [];
  failing: string | null = null;
  healthy = true;
  private listeners: Array<(h: boolean, e: Error | null) => void> = [];
  async append(records: readonly JournalRecord[]): Promise<void> {
    await Promise.resolve();
    if (this.failing !== null) {
      this.setHealth(false, new Error(this.failing));
      throw new LicutilError('LICUTIL_E_JOURNAL', this.failing);
    }
    this.records.push(...records);
  }
  async load(): Promise<JournalLoad> {
    return { records: [...this.records], problems: [] };
  }
  async compact(snapshot: readonly JournalRecord[]): Promise<void> {
    this.records = [...snapshot];
  }
  onHealthChange(listener: (healthy: boolean, error: Error | null) => void): void {
    this.listeners.push(listener);
  }
  setHealth(h: boolean, e: Error | null): void {
    if (h === this.healthy) return;
    this.healthy = h;
    for (const l of this.listeners) l(h, e);
  }
  recover(): void {
    this.failing = null;
    this.setHealth(true, null);
  }
  async close(): Promise<void> {}
}

export function poolDef(p: Partial<PoolDef> & { product: string }): PoolDef {
  return {
    id: `demo/${p.product}/${p.version ?? '1.0'}/${p.order ?? 0}`,
    isv: 'demo',
    version: '1.0',
    count: 2,
    softLimit: p.count ?? 2,
    share: null,
    hold: 0,
    minCheckout: 0,
    minRemove: 120,
    password: null,
    tag: null,
    expiresIso: 'permanent',
    order: 0,
    ...p,
  };
}

export class FakeClock implements Clock {
  mono = 1_000_000;
  wall = Date.parse('2026-06-15T12:00:00Z');
  monotonicMs(): number {
    return this.mono;
  }
  wallMs(): number {
    return this.wall;
  }
  advance(ms: number): void {
    this.mono += ms;
    this.wall += ms;
  }
}

export interface Harness {
  app: FastifyInstance;
  service: LicenseService;
  journal: TestJournal;
  log: ReturnType<typeof memoryLog>;
  downs: string[];
  close: () => Promise<void>;
}

export async function harness(defs: PoolDef[], opts: { clock?: Clock; deps?: Partial<AppDeps> } = {}): Promise<Harness> {
  const clock = opts.clock ?? { monotonicMs: () => performance.now(), wallMs: () => Date.now() };
  const manager = new PoolManager(defs, { clock, randomBytes: (n) => randomBytes(n) });
  const journal = new TestJournal();
  const log = memoryLog();
  const service = new LicenseService({ manager, journal, clock, log });
  const metrics = createMetrics(() => [], { defaultMetrics: false });
  const downs: string[] = [];
  const app = await buildApp({
    service,
    metrics,
    log,
    admin: { tokenDigest: digestToken(ADMIN_TOKEN), loopbackIsAdmin: true },
    serverInfo: () => ({
      server: 'licutil',
      version: '0.0.0-test',
      protocol: 1,
      host: 'testhost',
      port: 0,
      started: new Date(0).toISOString(),
      uptime_seconds: 0,
      journal: 'ok',
      license_files: [],
    }),
    actions: {
      reread: async () => ({ ...encodeReport({ added: [], removed: [], changed: [] }), messages: [], orphaned_checkouts: 0 }),
      down: (by) => downs.push(by),
    },
    ...opts.deps,
  });
  return {
    app,
    service,
    journal,
    log,
    downs,
    close: async () => {
      await service.close();
      await app.close();
    },
  };
}

export const who = { user: 'alice', host: 'ws1', pid: 42 };
