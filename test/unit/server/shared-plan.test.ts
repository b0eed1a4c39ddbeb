// The shared store's transaction logic (stores/postgres/plan.ts) without a
// database: the pool manager rebuilt from a product's rows at the database's
// clock decides as the single server would, and says what to write back.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PoolDef } from '../../../src/server/core/pool/types.js';
import { plan, planBatch, statusOf, type PlanContext, type ProductState } from '../../../src/server/stores/postgres/plan.js';

const T0 = Date.parse('2026-06-15T12:00:00Z');

function def(over: Partial<PoolDef> = {}): PoolDef {
  return {
    id: 'demo:seat:1.0:0',
    isv: 'demo',
    product: 'seat',
    version: '1.0',
    count: 1,
    softLimit: 1,
    share: null,
    hold: 0,
    minCheckout: 0,
    minRemove: 120,
    password: null,
    tag: null,
    expiresIso: 'permanent',
    order: 0,
    ...over,
  };
}

const ctx = (nowMs: number, d: PoolDef = def()): PlanContext => ({ defs: [d], nowMs, randomBytes, maxLeaseMs: 3_600_000, defaultLeaseMs: 60_000 });
const empty = (): ProductState => ({ leases: [], held: [], waiters: [] });
const req = (pid: number, extra: object = {}) => ({ product: 'seat', version: '0', count: 1, user: `u${pid}`, host: 'h', pid, leaseMs: 10_000, ...extra });

describe('shared store plan', () => {
  it('a grant becomes a lease row that lapses one lease length after the database clock', () => {
    const p = plan(ctx(T0), empty(), { kind: 'checkout', req: req(1) });
    expect(p.result.kind).toBe('grant');
    expect(p.inserted).toHaveLength(1);
    expect(p.inserted[0]?.expiresMs).toBe(T0 + 10_000);
    expect(p.events.map((e) => e.type)).toEqual(['checkout']);
    expect(p.after.leases).toHaveLength(1);
  });

  it('a lease row that has lapsed is reclaimed by the next transaction of its product, which then grants', () => {
    const first = plan(ctx(T0), empty(), { kind: 'checkout', req: req(1) });
    const busy = plan(ctx(T0 + 5_000), first.after, { kind: 'checkout', req: req(2) });
    expect(busy.result.kind).toBe('denial');
    const later = plan(ctx(T0 + 10_000), first.after, { kind: 'checkout', req: req(2) });
    expect(later.result.kind).toBe('grant');
    expect(later.ended).toEqual([{ handle: first.inserted[0]?.record.handle, tomb: 'reclaimed' }]);
    expect(later.events.map((e) => e.type)).toEqual(['reclaim', 'checkout']);
  });

  it('hold keeps the seat after check-in as a held row, and frees it when the hold has passed', () => {
    const d = def({ hold: 30 });
    const g = plan(ctx(T0, d), empty(), { kind: 'checkout', req: req(1) });
    const handle = g.inserted[0]?.record.handle as string;
    const ci = plan(ctx(T0 + 1_000, d), g.after, { kind: 'checkin', handle });
    expect(ci.result).toEqual({ kind: 'ok', heldForMs: 30_000 });
    expect(ci.heldChanged).toBe(true);
    expect(ci.held).toMatchObject([{ untilMs: T0 + 31_000, holdMs: 30_000 }]);
    expect(plan(ctx(T0 + 20_000, d), ci.after, { kind: 'checkout', req: req(2) }).result.kind).toBe('denial');
    const after = plan(ctx(T0 + 31_000, d), ci.after, { kind: 'checkout', req: req(2) });
    expect(after.result.kind).toBe('grant');
    expect(after.held).toEqual([]);
  });

  it('the queue is replayed in arrival order: a check-in hands the seat to the first waiter, by its row id', () => {
    const g = plan(ctx(T0), empty(), { kind: 'checkout', req: req(1) });
    const state: ProductState = {
      ...g.after,
      waiters: [
        { id: '7', server: 'b', request: req(2), sinceMs: T0, untilMs: T0 + 60_000 },
        { id: '9', server: 'a', request: req(3), sinceMs: T0, untilMs: T0 + 60_000 },
      ],
    };
    const q = plan(ctx(T0 + 100), state, { kind: 'checkout', req: req(4, { waitMs: 60_000 }) });
    expect(q.result).toMatchObject({ kind: 'queued', position: 3 });
    expect(q.queued[0]?.untilMs).toBe(T0 + 100 + 60_000);
    // replayed waiters make no new queue events
    expect(q.events.map((e) => e.type)).toEqual(['queue']);
    const ci = plan(ctx(T0 + 200), state, { kind: 'checkin', handle: g.inserted[0]?.record.handle as string });
    expect(ci.outcomes).toHaveLength(1);
    expect(ci.outcomes[0]).toMatchObject({ id: '7', outcome: { kind: 'grant', grant: { product: 'seat' } } });
    expect(ci.inserted).toHaveLength(1);
    expect(ci.after.waiters.map((w) => w.id)).toEqual(['9']);
  });

  it('cancelling the first waiter lets the next one through when it fits', () => {
    const d = def({ count: 2 });
    const g = plan(ctx(T0, d), empty(), { kind: 'checkout', req: req(1) });
    const state: ProductState = {
      ...g.after,
      waiters: [
        { id: '1', server: 'a', request: req(2, { count: 2 }), sinceMs: T0, untilMs: T0 + 60_000 },
        { id: '2', server: 'b', request: req(3), sinceMs: T0, untilMs: T0 + 60_000 },
      ],
    };
    const c = plan(ctx(T0 + 10, d), state, { kind: 'cancel', waiterId: '1' });
    expect(c.result).toBe(true);
    expect(c.outcomes.map((o) => o.id)).toEqual(['2']);
  });

  it('a batch runs its operations in order on one manager: a waiter queued in it is served by a check-in in it, without a row', () => {
    const g = plan(ctx(T0), empty(), { kind: 'checkout', req: req(1) });
    const handle = g.inserted[0]?.record.handle as string;
    const b = planBatch(ctx(T0 + 10), g.after, [
      { kind: 'checkout', req: req(2, { waitMs: 60_000 }) },
      { kind: 'checkout', req: req(3) },
      { kind: 'checkin', handle },
    ]);
    expect(b.results.map((r) => (r as { kind: string }).kind)).toEqual(['grant', 'denial', 'ok']);
    expect(b.queued).toEqual([]);
    expect(b.ended).toEqual([{ handle, tomb: null }]);
    expect(b.inserted.map((l) => l.record.pid)).toEqual([2]);
  });

  it('status keeps the store ids as tickets and the arrival times', () => {
    const g = plan(ctx(T0), empty(), { kind: 'checkout', req: req(1) });
    const snap = statusOf(ctx(T0 + 1_000), { ...g.after, waiters: [{ id: '42', server: 'a', request: req(2), sinceMs: T0 + 500, untilMs: T0 + 60_000 }] });
    expect(snap.pools[0]?.inUse).toBe(1);
    expect(snap.pools[0]?.checkouts[0]?.leaseExpiresIso).toBe(new Date(T0 + 10_000).toISOString());
    expect(snap.queues[0]?.waiters[0]).toMatchObject({ ticket: '42', sinceIso: new Date(T0 + 500).toISOString(), position: 1 });
  });
});
