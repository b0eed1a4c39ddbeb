// The license service with a fake clock, fake timers and a journal whose writes
// the test releases or fails: durability before answers, revocation of grants
// the journal could not record, waiters pushed by events, one timer at the next
// deadline.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LicutilError } from '../../../src/protocol/errors.js';
import { memoryLog } from '../../../src/server/core/debug-log.js';
import type { JournalLoad, JournalStore } from '../../../src/server/core/store.js';
import { PoolManager } from '../../../src/server/core/pool/manager.js';
import type { PoolEvent } from '../../../src/server/core/pool/types.js';
import type { JournalRecord } from '../../../src/server/core/pool/records.js';
import { diffPools } from '../../../src/server/boot/reread-diff.js';
import { deferToBatchEnd, inWriteBatch } from '../../../src/server/core/write-batch.js';
import { LicenseService, type Timers } from '../../../src/server/core/service.js';
import { FakeClock, poolDef } from './http/fixtures.js';

/** Appends wait until the test releases (or fails) them. */
class GatedJournal implements JournalStore {
  healthy = true;
  durable: JournalRecord[] = [];
  pending: Array<{ records: readonly JournalRecord[]; resolve: () => void; reject: (e: Error) => void }> = [];
  private listeners: Array<(h: boolean, e: Error | null) => void> = [];
  append(records: readonly JournalRecord[]): Promise<void> {
    return new Promise((resolve, reject) => this.pending.push({ records, resolve, reject }));
  }
  releaseAll(): void {
    for (const p of this.pending.splice(0)) {
      this.durable.push(...p.records);
      p.resolve();
    }
  }
  failAll(msg: string): void {
    for (const p of this.pending.splice(0)) p.reject(new LicutilError('LICUTIL_E_JOURNAL', msg));
    this.healthy = false;
    for (const l of this.listeners) l(false, new Error(msg));
  }
  recover(): void {
    this.healthy = true;
    for (const l of this.listeners) l(true, null);
  }
  async load(): Promise<JournalLoad> {
    return { records: [], problems: [] };
  }
  async compact(): Promise<void> {}
  onHealthChange(l: (h: boolean, e: Error | null) => void): void {
    this.listeners.push(l);
  }
  async close(): Promise<void> {}
}

class FakeTimers implements Timers {
  armed: Array<{ fn: () => void; at: number; id: number }> = [];
  sets = 0;
  private next = 1;
  constructor(private readonly clock: FakeClock) {}
  setTimeout(fn: () => void, ms: number): unknown {
    this.sets++;
    const id = this.next++;
    this.armed.push({ fn, at: this.clock.mono + ms, id });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.armed = this.armed.filter((t) => t.id !== h);
  }
  /** move the clock and fire what is due */
  advance(ms: number): void {
    this.clock.advance(ms);
    for (;;) {
      const due = this.armed.filter((t) => t.at <= this.clock.mono).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      this.armed = this.armed.filter((t) => t !== due);
      due.fn();
    }
  }
}

const tick = () => new Promise((r) => setImmediate(r));
const req = (pid: number, extra: Record<string, unknown> = {}) => ({ product: 'seat', version: '0', count: 1, user: `u${pid}`, host: 'h', pid, ...extra });

function setup(count = 1, opts: { defaultLeaseMs?: number } = {}) {
  const clock = new FakeClock();
  const timers = new FakeTimers(clock);
  const journal = new GatedJournal();
  const events: PoolEvent[] = [];
  const manager = new PoolManager([poolDef({ product: 'seat', count })], { clock, randomBytes: (n) => randomBytes(n), ...opts });
  const log = memoryLog();
  const service = new LicenseService({ manager, journal, clock, log, timers, onEvent: (e) => events.push(e) });
  return { clock, timers, journal, events, manager, service, log };
}

describe('LicenseService', () => {
  it('answers a grant only after its record is durable', async () => {
    const { service, journal } = setup();
    let answered = false;
    const p = service.checkout(req(1)).then((o) => {
      answered = true;
      return o;
    });
    await tick();
    expect(answered).toBe(false);
    expect(journal.pending).toHaveLength(1);
    journal.releaseAll();
    const o = await p;
    expect(o.kind).toBe('grant');
    expect(journal.durable.some((r) => r.t === 'grant')).toBe(true);
  });

  it('a grant the journal could not record is revoked and refused; grants stay blocked until the journal recovers', async () => {
    const { service, journal, manager, log } = setup(2);
    const p = service.checkout(req(1));
    await tick();
    journal.failAll('ENOSPC');
    const o = await p;
    expect(o.kind).toBe('error');
    if (o.kind === 'error') expect(o.error.code).toBe('LICUTIL_E_JOURNAL');
    expect(manager.status().pools[0]?.inUse).toBe(0);
    expect(service.journalHealthy).toBe(false);
    expect(log.lines.some((l) => l.level === 'error' && /journal write failed/.test(l.text))).toBe(true);
    const again = await service.checkout(req(2));
    expect(again.kind === 'denial' && again.denial.code).toBe('LICUTIL_E_JOURNAL');
    journal.recover();
    await tick();
    const p3 = service.checkout(req(3));
    await tick();
    journal.releaseAll();
    expect((await p3).kind).toBe('grant');
  });

  it('a waiter is pushed its grant from a checkin, once the grant is durable; FIFO', async () => {
    const { service, journal } = setup(1);
    const first = service.checkout(req(1));
    await tick();
    journal.releaseAll();
    const g = await first;
    if (g.kind !== 'grant') throw new Error('no grant');
    const order: number[] = [];
    const w2 = service.checkout(req(2, { waitMs: 60_000 })).then((o) => (order.push(2), o));
    const w3 = service.checkout(req(3, { waitMs: 60_000 })).then((o) => (order.push(3), o));
    await tick();
    journal.releaseAll();
    expect(service.waitingCount).toBe(2);
    const ci = service.checkin(g.grant.handle);
    await tick();
    journal.releaseAll();
    await ci;
    await tick();
    expect(order).toEqual([2]);
    const o2 = await w2;
    expect(o2.kind).toBe('grant');
    if (o2.kind === 'grant') {
      void service.checkin(o2.grant.handle);
      await tick();
      journal.releaseAll();
    }
    expect((await w3).kind).toBe('grant');
    expect(order).toEqual([2, 3]);
  });

  it('a waiter whose client hung up is withdrawn; if its grant was already on the way, the seat is given back', async () => {
    const { service, journal, manager } = setup(1);
    const first = service.checkout(req(1));
    await tick();
    journal.releaseAll();
    const g = await first;
    if (g.kind !== 'grant') throw new Error('no grant');

    const ac = new AbortController();
    const w = service.checkout(req(2, { waitMs: 60_000 }), ac.signal);
    await tick();
    ac.abort();
    expect((await w).kind).toBe('cancelled');
    expect(manager.status().queues.flatMap((q) => q.waiters)).toEqual([]);

    // the race: the seat is handed over while the record is being written, then the client goes
    const ac2 = new AbortController();
    const w2 = service.checkout(req(3, { waitMs: 60_000 }), ac2.signal);
    await tick();
    journal.releaseAll();
    void service.checkin(g.grant.handle);
    await tick();
    ac2.abort();
    journal.releaseAll();
    expect((await w2).kind).toBe('cancelled');
    await tick();
    journal.releaseAll();
    await tick();
    expect(manager.status().pools[0]?.inUse).toBe(0);
  });

  it('one timer at the next deadline drives reclaims and wait timeouts — no periodic scan', async () => {
    const { service, journal, timers, manager, events, clock } = setup(1, { defaultLeaseMs: 10_000 });
    const p = service.checkout(req(1));
    await tick();
    journal.releaseAll();
    await p;
    expect(timers.armed).toHaveLength(1);
    expect(timers.armed[0]?.at).toBe(1_000_000 + 10_000);
    const w = service.checkout(req(2, { waitMs: 3_000 }));
    await tick();
    journal.releaseAll();
    // the wait ends first: the timer moved earlier
    expect(timers.armed).toHaveLength(1);
    expect(timers.armed[0]?.at).toBe(1_000_000 + 3_000);
    timers.advance(3_000);
    await tick();
    const o = await w;
    expect(o.kind === 'denial' && o.denial.code).toBe('LICUTIL_E_TIMED_OUT');
    timers.advance(7_000);
    await tick();
    journal.releaseAll();
    await tick();
    expect(manager.status().pools[0]?.inUse).toBe(0);
    expect(events.some((e) => e.type === 'reclaim')).toBe(true);
    // whatever the manager still keeps (e.g. the tombstone of the reclaimed handle) is due later, not now
    expect(timers.armed.every((t) => t.at > clock.mono)).toBe(true);
    expect(timers.sets).toBeLessThanOrEqual(5);
  });

  it('close() tells every waiter the server is shutting down', async () => {
    const { service, journal } = setup(1);
    const p = service.checkout(req(1));
    await tick();
    journal.releaseAll();
    await p;
    const w = service.checkout(req(2, { waitMs: 60_000 }));
    await tick();
    journal.releaseAll();
    const closing = service.close();
    const o = await w;
    expect(o.kind === 'error' && o.error.code).toBe('LICUTIL_E_SHUTTING_DOWN');
    await tick();
    journal.releaseAll();
    await closing;
    expect((await service.checkout(req(3))).kind).toBe('error');
  });
});

describe('LicenseService and the report log', () => {
  it('acts on the events of one group commit in one write batch, written before any of its callers resumes', async () => {
    const clock = new FakeClock();
    const manager = new PoolManager([poolDef({ product: 'seat', count: 10 })], { clock, randomBytes: (n) => randomBytes(n) });
    const journal = new GatedJournal();
    // a writer like the report log: keeps its lines while a batch is open
    const writes: string[][] = [];
    const kept: string[] = [];
    const writer = { flushBatch: () => void writes.push(kept.splice(0)) };
    const onEvent = (e: PoolEvent) => {
      if (!inWriteBatch()) return void writes.push([e.type]);
      if (kept.length === 0) deferToBatchEnd(writer);
      kept.push(e.type);
    };
    const service = new LicenseService({ manager, journal, clock, log: memoryLog(), timers: new FakeTimers(clock), onEvent });
    const seen: number[] = [];
    const all = [1, 2, 3].map((pid) => service.checkout(req(pid)).then((o) => (seen.push(writes.length), o)));
    await tick();
    expect(writes).toEqual([]);
    journal.releaseAll();
    expect((await Promise.all(all)).map((o) => o.kind)).toEqual(['grant', 'grant', 'grant']);
    expect(writes).toEqual([['checkout', 'checkout', 'checkout']]);
    expect(seen).toEqual([1, 1, 1]);
  });
});

describe('diffPools (reread answer)', () => {
  it('pools compared by id: added, removed, changed with before and after', () => {
    const a = poolDef({ product: 'a', count: 2 });
    const b = poolDef({ product: 'b', count: 1 });
    const c = poolDef({ product: 'c', count: 1 });
    const d = diffPools([a, b, c], [{ ...a, count: 5, softLimit: 5 }, c, poolDef({ product: 'e', count: 3 })]);
    expect(d.added.map((p) => p.product)).toEqual(['e']);
    expect(d.removed.map((p) => p.product)).toEqual(['b']);
    expect(d.changed.map((x) => [x.id, x.before.count, x.after.count])).toEqual([[a.id, 2, 5]]);
    expect(diffPools([a], [{ ...a, password: 'x' }]).changed).toHaveLength(1);
    expect(diffPools([a], [{ ...a }]).changed).toHaveLength(0);
  });
});
