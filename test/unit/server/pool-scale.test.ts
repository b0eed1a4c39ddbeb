// Complexity sanity at the scale issue 8 asks for (100,000 live leases in one
// process). Work is counted, not timed: timing belongs in bench/.
import { describe, expect, it } from 'vitest';
import { handleOf, manager, pool } from './pool-fixtures.js';

const N = 100_000;

describe('pool manager at 100,000 leases', () => {
  it('does no per-lease work when nothing is due, and none per checkout or heartbeat', () => {
    const { m, clock } = manager([pool({ id: 'big', count: N + 10 })]);
    const handles: string[] = [];
    for (let i = 0; i < N; i++) {
      handles.push(handleOf(m.checkout({ product: 'cad', version: '1', count: 1, user: `u${i}`, host: 'h', pid: i })));
    }
    expect(m.status().pools[0]?.inUse).toBe(N);

    const pops = m.counters.timerPops;
    clock.tick(30_000);
    expect(m.advance().result).toBe(0);
    expect(m.counters.timerPops).toBe(pops); // advance with nothing due looks at no lease

    for (const h of handles) m.heartbeat(h);
    expect(m.counters.timerPops).toBe(pops); // heartbeats touch only their own lease

    const step = m.checkout({ product: 'cad', version: '1', count: 1, user: 'x', host: 'h', pid: 1 });
    expect(step.result.kind).toBe('grant');
    expect(m.counters.timerPops).toBe(pops);

    // at the first deadline every renewed lease is re-filed once (one heap pop
    // per lease per lease period) and none is reclaimed
    clock.tick(30_001);
    expect(m.advance().result).toBe(0);
    expect(m.counters.timerPops - pops).toBe(N);
    expect(m.status().pools[0]?.inUse).toBe(N + 1);

    // after another lease period without heartbeats every lease is reclaimed
    clock.tick(60_000);
    const reclaimed = m.advance();
    expect(reclaimed.result).toBe(N + 1);
    expect(m.status().pools[0]?.inUse).toBe(0);
  });

  it('hands a freed seat to the next of many waiters, each asking something different, without walking the queue', () => {
    const { m } = manager([pool({ id: 'one', count: 1, version: '9' })], { maxWaiters: N });
    let h = handleOf(m.checkout({ product: 'cad', version: '1', count: 1, user: 'first', host: 'h', pid: 0 }));
    for (let i = 0; i < 20_000; i++) {
      // 20,000 different versions: no grouping of alike requests to lean on
      m.checkout({ product: 'cad', version: `1.${i}`, count: 1, user: `w${i}`, host: 'h', pid: i, waitMs: 3_600_000 });
    }
    for (let i = 0; i < 100; i++) {
      const pumps = m.counters.pumps;
      const step = m.checkin(h);
      const got = step.events.find((e) => e.type === 'wait-granted');
      if (!got || got.type !== 'wait-granted') throw new Error('no hand-over');
      expect(got.grant.handle).toBeTruthy();
      expect(m.counters.pumps - pumps).toBeLessThanOrEqual(2);
      h = got.grant.handle;
    }
    expect(m.status().queues[0]?.waiters[0]).toMatchObject({ user: 'w100', position: 1 });
  });
});

describe('the deadline heap under checkout/checkin traffic', () => {
  it('stays near the live state, not the traffic of the last lease period', () => {
    const { m } = manager([pool({ id: 'p', count: 100 })], { defaultLeaseMs: 300_000, maxLeaseMs: 600_000 });
    for (let i = 0; i < 50_000; i++) {
      const h = handleOf(m.checkout({ product: 'cad', version: '1', count: 1, user: `u${i}`, host: 'h', pid: i }));
      m.checkin(h);
    }
    // without compaction every checked-in lease stays filed until its 300 s are up
    expect(m.timerEntries).toBeLessThanOrEqual(2 * 4096 + 2);
    expect(m.counters.timerCompactions).toBeGreaterThan(0);
  });

  it('keeps every timer that still matters through a rebuild: leases, held seats, tombstones, waiters', () => {
    const { m, clock } = manager([pool({ id: 'held', product: 'cad', count: 1, hold: 20 }), pool({ id: 'busy', product: 'cam', count: 1_000 })], {
      defaultLeaseMs: 60_000,
      maxLeaseMs: 600_000,
    });
    // a lease that will lapse, one whose holder will be removed (a tombstone), a held seat and a waiter
    const lapsing = handleOf(m.checkout({ product: 'cam', version: '1', count: 1, user: 'lapse', host: 'h', pid: 1, leaseMs: 10_000 }));
    const removed = handleOf(m.checkout({ product: 'cam', version: '1', count: 1, user: 'rm', host: 'h', pid: 2, leaseMs: 600_000 }));
    clock.tick(121_000);
    const keep = handleOf(m.checkout({ product: 'cam', version: '1', count: 1, user: 'keep', host: 'h', pid: 3 }));
    expect(m.remove(removed).result.kind).toBe('removed');
    const heldHandle = handleOf(m.checkout({ product: 'cad', version: '1', count: 1, user: 'held', host: 'h', pid: 4 }));
    m.checkin(heldHandle); // the seat stays held 20 s
    const waiting = m.checkout({ product: 'cad', version: '1', count: 1, user: 'w', host: 'h', pid: 5, waitMs: 15_000 });
    expect(waiting.result.kind).toBe('queued');
    expect(m.heartbeat(lapsing).result).toEqual({ kind: 'gone', reason: 'reclaimed' });

    const before = m.counters.timerCompactions;
    for (let i = 0; m.counters.timerCompactions === before; i++) {
      m.checkin(handleOf(m.checkout({ product: 'cam', version: '1', count: 1, user: `u${i}`, host: 'h', pid: i })));
    }
    // the waiter times out after 15 s (before the seat's hold ends at 20 s)
    clock.tick(15_001);
    expect(m.advance().events.map((e) => e.type)).toContain('wait-timeout');
    // the held seat is released at 20 s
    clock.tick(5_000);
    expect(m.advance().events.map((e) => e.type)).toContain('hold-release');
    // the removed lease's tombstone still answers, and is forgotten after two lease periods
    expect(m.heartbeat(removed).result).toEqual({ kind: 'gone', reason: 'removed' });
    clock.tick(1_200_000);
    m.advance();
    expect(m.heartbeat(removed).result).toEqual({ kind: 'gone', reason: 'unknown' });
    // the live lease still lapses when it is not renewed
    expect(m.heartbeat(keep).result.kind).toBe('gone');
  });
});
