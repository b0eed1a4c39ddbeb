// Random sequences of checkout / heartbeat / checkin / remove / cancel / time
// passing over random pools, checked after every step against a model kept
// from the manager's own answers and events:
// - in use never above count, and in use = the licenses of the seats listed;
// - no handle lost: status lists exactly the handles granted and not yet ended;
// - nothing lost across a restart: replaying the journal records (or the
//   compacted snapshot) rebuilds the same live leases and held seats;
// - FIFO: a waiter is granted a seat of a pool only when no earlier waiter
//   that pool could serve is still waiting.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PoolManager } from '../../../src/server/core/pool/manager.js';
import type { PoolDef, PoolEvent, Step } from '../../../src/server/core/pool/types.js';
import type { JournalRecord } from '../../../src/server/core/pool/records.js';
import { FakeClock, manager, pool } from './pool-fixtures.js';

const products = ['p0', 'p1'] as const;

const poolArb = fc.record({
  product: fc.constantFrom(...products),
  version: fc.constantFrom('1.0', '2.0', '2.0'),
  count: fc.integer({ min: 1, max: 3 }),
  share: fc.option(
    fc.record({
      user: fc.boolean(),
      host: fc.boolean(),
      isv: fc.constant(false),
      max: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    }),
    { nil: null },
  ),
  hold: fc.constantFrom(0, 0, 5),
  minCheckout: fc.constantFrom(0, 0, 20),
  minRemove: fc.constantFrom(0, 120, -1),
});

const opArb = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('checkout' as const),
      product: fc.constantFrom('p0', 'p0', 'p0', 'p1'),
      user: fc.constantFrom('u1', 'u2', 'u3'),
      host: fc.constantFrom('h1', 'h2'),
      version: fc.constantFrom('1.0', '2.0'),
      count: fc.integer({ min: 1, max: 2 }),
      wait: fc.constantFrom(true, true, false),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ op: fc.constant('heartbeat' as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('checkin' as const), pick: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40_000 }) }), weight: 3 },
);

interface Model {
  live: Set<string>;
  /** tickets in arrival order, per product */
  waiting: Map<string, string[]>;
  ticketProduct: Map<string, string>;
  ticketVersion: Map<string, string>;
  ticketCount: Map<string, number>;
  poolVersion: Map<string, string>;
  poolCount: Map<string, number>;
}

function pickFrom<T>(items: Iterable<T>, n: number): T | undefined {
  const arr = [...items];
  return arr.length === 0 ? undefined : arr[n % arr.length];
}

function apply(model: Model, step: Step<unknown>): void {
  for (const e of step.events as PoolEvent[]) {
    switch (e.type) {
      case 'checkout':
        model.live.add(e.lease.handle);
        break;
      case 'checkin':
      case 'removal':
      case 'reclaim':
        expect(model.live.delete(e.lease.handle)).toBe(true);
        break;
      case 'queue': {
        const q = model.waiting.get(e.request.product) ?? [];
        q.push(e.ticket);
        model.waiting.set(e.request.product, q);
        model.ticketProduct.set(e.ticket, e.request.product);
        model.ticketVersion.set(e.ticket, e.request.version);
        model.ticketCount.set(e.ticket, e.request.count);
        break;
      }
      case 'wait-granted': {
        const q = model.waiting.get(model.ticketProduct.get(e.ticket) as string) ?? [];
        // FIFO: every waiter ahead of this one is one the granting pool cannot serve:
        // it asks a higher version, or more seats than the whole pool has (it waits
        // only on pools large enough, so it never holds back a smaller request)
        const poolVersion = model.poolVersion.get(e.grant.poolId) as string;
        const poolCount = model.poolCount.get(e.grant.poolId) as number;
        const i = q.indexOf(e.ticket);
        expect(i).toBeGreaterThanOrEqual(0);
        for (const ahead of q.slice(0, i)) expect(model.ticketVersion.get(ahead)! > poolVersion || model.ticketCount.get(ahead)! > poolCount).toBe(true);
        q.splice(i, 1);
        break;
      }
      case 'wait-timeout':
      case 'wait-cancelled': {
        const q = model.waiting.get(model.ticketProduct.get(e.ticket) as string) ?? [];
        const i = q.indexOf(e.ticket);
        expect(i).toBeGreaterThanOrEqual(0);
        q.splice(i, 1);
        break;
      }
      default:
        break;
    }
  }
}

/** The part of the state a restart must keep (lease deadlines restart by design). */
function liveState(m: PoolManager): unknown {
  return m.status({ includeProtected: true }).pools.map((p) => ({
    id: p.id,
    inUse: p.inUse,
    checkouts: p.checkouts
      .map((c) => [c.handle, c.user, c.host, c.pid, c.seat, c.count, c.sinceIso, c.requestedVersion])
      .sort(),
    held: p.held.map((h) => [h.seat, h.count, h.untilIso]).sort(),
  }));
}

function restarted(defs: PoolDef[], at: FakeClock, records: JournalRecord[]): PoolManager {
  const clock = new FakeClock();
  clock.wall = at.wall;
  clock.mono = 5; // a new process: the monotonic clock starts over
  const { m } = manager(defs, { clock });
  m.restore(records);
  return m;
}

function checkInvariants(m: PoolManager, model: Model, defs: PoolDef[]): void {
  const s = m.status({ includeProtected: true });
  const listed = new Set<string>();
  for (const p of s.pools) {
    const def = defs.find((d) => d.id === p.id) as PoolDef;
    expect(p.inUse).toBeLessThanOrEqual(def.count);
    const seats = new Map<string, number>();
    for (const c of p.checkouts) {
      seats.set(c.seat, c.count);
      expect(listed.has(c.handle)).toBe(false);
      listed.add(c.handle);
    }
    const licensed = [...seats.values()].reduce((a, b) => a + b, 0) + p.held.reduce((a, h) => a + h.count, 0);
    expect(p.inUse).toBe(licensed);
  }
  expect([...listed].sort()).toEqual([...model.live].sort());
  const waitersNow = s.queues.flatMap((q) => q.waiters.map((w) => w.ticket));
  const modelWaiters = [...model.waiting.values()].flat();
  expect(waitersNow.sort()).toEqual(modelWaiters.sort());
}

describe('pool manager properties', () => {
  it('never exceeds count, never loses a handle, serves waiters first-in first-out', () => {
    fc.assert(
      fc.property(
        fc.array(poolArb, { minLength: 1, maxLength: 4 }),
        fc.array(opArb, { maxLength: 120 }),
        fc.nat(),
        fc.nat(),
        (ps, ops, snapAt, writtenAt) => {
        const defs = ps.map((p, i) => pool({ id: `pool${i}`, softLimit: p.count, order: i, ...p }));
        const { m, clock } = manager(defs);
        const model: Model = {
          live: new Set(),
          waiting: new Map(),
          ticketProduct: new Map(),
          ticketVersion: new Map(),
          ticketCount: new Map(),
          poolVersion: new Map(defs.map((d) => [d.id, d.version])),
          poolCount: new Map(defs.map((d) => [d.id, d.count])),
        };
        let pid = 0;
        const journal: JournalRecord[] = [];
        // a compaction in the middle: snapshot taken after op `snap`, when only
        // the first `written` records had reached the old file
        const snap = ops.length === 0 ? 0 : snapAt % ops.length;
        let snapshot: JournalRecord[] = [];
        let written = 0;
        for (const [i, op] of ops.entries()) {
          let step: Step<unknown>;
          switch (op.op) {
            case 'checkout':
              step = m.checkout({
                product: op.product,
                version: op.version,
                count: op.count,
                user: op.user,
                host: op.host,
                pid: ++pid,
                waitMs: op.wait ? 120_000 : 0,
              });
              break;
            case 'heartbeat': {
              const h = pickFrom(model.live, op.pick) ?? 'none';
              step = m.heartbeat(h);
              break;
            }
            case 'checkin':
              step = m.checkin(pickFrom(model.live, op.pick) ?? 'none');
              break;
            case 'remove':
              step = m.remove(pickFrom(model.live, op.pick) ?? 'none');
              break;
            case 'cancel':
              step = m.cancelWait(pickFrom([...model.waiting.values()].flat(), op.pick) ?? 'none');
              break;
            case 'advance':
              clock.tick(op.ms);
              step = m.advance();
              break;
          }
          apply(model, step);
          journal.push(...step.records);
          checkInvariants(m, model, defs);
          if (i === snap) {
            snapshot = m.snapshotRecords();
            written = writtenAt % (journal.length + 1);
          }
        }
        const before = liveState(m);
        expect(liveState(restarted(defs, clock, journal))).toEqual(before);
        expect(liveState(restarted(defs, clock, m.snapshotRecords()))).toEqual(before);
        if (ops.length > 0) {
          expect(liveState(restarted(defs, clock, [...snapshot, ...journal.slice(written)]))).toEqual(before);
        }
        },
      ),
      {
        numRuns: 500,
        examples: [
          // found by a run: a 2-seat request waits only on the 2-seat pool, so a later 1-seat request is served by the 1-seat pool first
          [
            [
              { product: 'p0', version: '1.0', count: 1, share: null, hold: 0, minCheckout: 0, minRemove: 0 },
              { product: 'p0', version: '1.0', count: 2, share: null, hold: 5, minCheckout: 0, minRemove: 0 },
            ],
            [
              { op: 'checkout', product: 'p0', user: 'u1', host: 'h1', version: '1.0', count: 2, wait: true },
              { op: 'checkout', product: 'p0', user: 'u1', host: 'h1', version: '1.0', count: 2, wait: true },
              { op: 'checkin', pick: 0 },
              { op: 'checkout', product: 'p0', user: 'u1', host: 'h1', version: '1.0', count: 1, wait: true },
              { op: 'checkout', product: 'p0', user: 'u1', host: 'h1', version: '1.0', count: 1, wait: true },
              { op: 'checkin', pick: 0 },
            ],
            0,
            0,
          ],
        ],
      },
    );
  });
});
