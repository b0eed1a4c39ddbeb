// A seat's leases are the lease itself while it has one, a small array while
// few processes share it and a Set past that (runtime.ts Members); every
// shape must behave alike through
// grants, check-ins in any order, share limits, status and restart.
import { describe, expect, it } from 'vitest';
import type { Lease, Seat } from '../../../src/server/core/pool/runtime.js';
import { addMember, firstMember, memberCount, membersOf, removeMember } from '../../../src/server/core/pool/runtime.js';
import { handleOf, manager, pool, req } from './pool-fixtures.js';

const shareU = { user: true, host: false, isv: false, max: null };

function seat(): Seat {
  return { members: null } as unknown as Seat;
}
const lease = (n: number) => ({ handle: `h${n}` }) as unknown as Lease;

describe('seat members', () => {
  it('keeps every member, in the order they joined, across the switches from one lease to array to Set', () => {
    const s = seat();
    const ls = Array.from({ length: 30 }, (_, i) => lease(i));
    for (const [i, l] of ls.entries()) {
      addMember(s, l);
      expect(memberCount(s.members)).toBe(i + 1);
    }
    expect([...membersOf(s.members)]).toEqual(ls);
    expect(firstMember(s.members)).toBe(ls[0]);
    for (const l of [ls[5], ls[0], ls[29]] as Lease[]) removeMember(s, l);
    expect([...membersOf(s.members)]).toEqual(ls.filter((_, i) => i !== 0 && i !== 5 && i !== 29));
  });

  it('removes from a small seat by identity and ignores a lease that is not there', () => {
    const s = seat();
    const [a, b, c] = [lease(1), lease(2), lease(3)];
    addMember(s, a);
    addMember(s, b);
    removeMember(s, c);
    expect([...membersOf(s.members)]).toEqual([a, b]);
    removeMember(s, a);
    expect([...membersOf(s.members)]).toEqual([b]);
    removeMember(s, b);
    expect(memberCount(s.members)).toBe(0);
    expect(firstMember(s.members)).toBeUndefined();
  });

  it('holds a single lease as itself, and lets go of it only when that lease leaves', () => {
    const s = seat();
    const [a, b] = [lease(1), lease(2)];
    addMember(s, a);
    expect(s.members).toBe(a);
    expect([...membersOf(s.members)]).toEqual([a]);
    removeMember(s, b);
    expect(memberCount(s.members)).toBe(1);
    removeMember(s, a);
    expect(s.members).toBeNull();
    expect([...membersOf(s.members)]).toEqual([]);
    addMember(s, b);
    addMember(s, a);
    expect([...membersOf(s.members)]).toEqual([b, a]);
  });
});

describe('a seat shared by many processes', () => {
  it('stays one seat while any of 50 sharers remains, whatever order they check in', () => {
    const { m } = manager([pool({ id: 'a', count: 1, share: shareU })]);
    const handles = Array.from({ length: 50 }, (_, i) => handleOf(m.checkout(req({ pid: i }))));
    expect(m.status().pools[0]).toMatchObject({ inUse: 1 });
    expect(m.status().pools[0]?.checkouts).toHaveLength(50);
    // another user finds no seat: the one seat is taken
    expect(m.checkout(req({ user: 'bob' })).result.kind).toBe('denial');
    const order = handles.map((h, i) => [h, (i * 37) % 50] as const).sort((x, y) => x[1] - y[1]);
    for (const [k, [h]] of order.entries()) {
      expect(m.checkin(h).result).toEqual({ kind: 'ok', heldForMs: 0 });
      expect(m.status().pools[0]?.inUse).toBe(k === order.length - 1 ? 0 : 1);
    }
    expect(m.checkout(req({ user: 'bob' })).result.kind).toBe('grant');
  });

  it('honours share=U:n on a seat that has grown past the small form', () => {
    const { m } = manager([pool({ id: 'a', count: 2, share: { ...shareU, max: 12 } })]);
    const first = Array.from({ length: 12 }, (_, i) => handleOf(m.checkout(req({ pid: i }))));
    // the 13th process of the same user opens the second seat
    m.checkout(req({ pid: 99 }));
    expect(m.status().pools[0]?.inUse).toBe(2);
    m.checkin(first[3] as string);
    // room again on the first seat: the next process joins it instead of being refused
    expect(m.checkout(req({ pid: 100 })).result).toMatchObject({ kind: 'grant', shared: true });
    expect(m.status().pools[0]?.checkouts).toHaveLength(13);
  });

  it('comes back whole after a restart from its snapshot', () => {
    const { m, clock } = manager([pool({ id: 'a', count: 1, share: shareU })]);
    for (let i = 0; i < 20; i++) m.checkout(req({ pid: i }));
    const snapshot = m.snapshotRecords();
    const { m: m2 } = manager([pool({ id: 'a', count: 1, share: shareU })], { clock });
    expect(m2.restore(snapshot).leases).toBe(20);
    const st = m2.status().pools[0];
    expect(st?.inUse).toBe(1);
    expect(st?.checkouts.map((c) => c.pid)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
