// Public lease ids (issue 16): a decimal serial number per checkout, shown in
// status, taken by an administrator's remove, never given twice — not after
// the lease ended, not after a restart from the journal, not after compaction
// dropped every record that held it. It never acts as the secret handle.
import { describe, expect, it } from 'vitest';
import type { CheckoutResult, Step } from '../../../src/server/core/pool/types.js';
import type { JournalRecord } from '../../../src/server/core/pool/records.js';
import { handleOf, manager, pool, req } from './pool-fixtures.js';

const defs = () => [pool({ id: 'cad', count: 2, minRemove: 0 })];

function idOf(step: Step<CheckoutResult>): number {
  const r = step.result;
  if (r.kind !== 'grant') throw new Error(`expected a grant, got ${JSON.stringify(r)}`);
  return r.id;
}

function ids(m: ReturnType<typeof manager>['m']): number[] {
  return m.status().pools.flatMap((p) => p.checkouts.map((c) => c.id));
}

describe('public lease ids', () => {
  it('count up from 1 in grant order, are shown in status and in the grant record', () => {
    const { m } = manager(defs());
    const a = m.checkout(req({ user: 'a' }));
    const b = m.checkout(req({ user: 'b' }));
    expect([idOf(a), idOf(b)]).toEqual([1, 2]);
    expect(ids(m)).toEqual([1, 2]);
    expect(a.records.find((r) => r.t === 'grant')).toMatchObject({ id: 1, handle: handleOf(a) });
  });

  it('a waiter gets its id when it queues, and the checkout it becomes keeps it', () => {
    const { m } = manager(defs());
    const a = m.checkout(req({ user: 'a' }));
    m.checkout(req({ user: 'b' }));
    const q = m.checkout(req({ user: 'c', waitMs: 60_000 }));
    expect(q.result.kind).toBe('queued');
    const waiter = m.status().queues[0]?.waiters[0];
    expect(waiter?.id).toBe(3);
    m.checkin(handleOf(a));
    expect(m.status().pools[0]?.checkouts.find((c) => c.user === 'c')?.id).toBe(3);
  });

  it('remove takes the id (the record still names the lease key); checkin does not; heartbeat does (the HTTP route lets only an administrator renew by id)', () => {
    const { m } = manager(defs());
    const a = m.checkout(req({ user: 'a' }));
    expect(m.heartbeat('1').result.kind).toBe('ok');
    expect(m.checkin('1').result).toMatchObject({ kind: 'unknown' });
    const r = m.remove('1', { by: 'admin' });
    expect(r.result).toEqual({ kind: 'removed', handle: handleOf(a) });
    expect(r.records).toEqual([expect.objectContaining({ t: 'remove', handle: handleOf(a) })]);
    expect(m.remove('1').result.kind).toBe('unknown');
    // not an id: leading zero, too long, not digits
    for (const ref of ['01', '1'.repeat(17), '1a']) expect(m.remove(ref).result.kind).toBe('unknown');
  });

  it('a restart from the journal goes on past every id it holds, ended leases included', () => {
    const { m } = manager(defs());
    const journal: JournalRecord[] = [];
    const keep = (s: Step<unknown>) => journal.push(...s.records);
    const a = m.checkout(req({ user: 'a' }));
    keep(a);
    const b = m.checkout(req({ user: 'b' }));
    keep(b);
    keep(m.checkin(handleOf(b)));
    const { m: m2 } = manager(defs());
    m2.restore(journal);
    expect(ids(m2)).toEqual([1]);
    expect(idOf(m2.checkout(req({ user: 'c' })))).toBe(3);
  });

  it('compaction keeps the counter: with no lease left, the next id is still new', () => {
    const { m } = manager(defs());
    for (let i = 0; i < 5; i++) m.checkin(handleOf(m.checkout(req({ user: `u${i}` }))));
    const snapshot = m.snapshotRecords();
    expect(snapshot).toEqual([expect.objectContaining({ t: 'ids', next: 6 })]);
    const { m: m2 } = manager(defs());
    m2.restore(snapshot);
    expect(idOf(m2.checkout(req({ user: 'v' })))).toBe(6);
  });

  it('a journal written before ids existed: its leases get new ids past any seen', () => {
    const { m } = manager(defs());
    const step = m.checkout(req({ user: 'a' }));
    const old = step.records.map((r) => {
      if (r.t !== 'grant') return r;
      const { id: _id, ...rest } = r;
      return rest as JournalRecord;
    });
    const { m: m2 } = manager(defs());
    m2.restore([{ t: 'ids', at: 0, next: 40 }, ...old]);
    expect(ids(m2)).toEqual([40]);
    expect(idOf(m2.checkout(req({ user: 'b' })))).toBe(41);
  });
});
