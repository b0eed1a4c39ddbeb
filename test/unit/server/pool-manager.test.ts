import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CheckoutResult, Denial, Grant, PoolEvent, Queued } from '../../../src/server/core/pool/types.js';
import { handleOf, manager, pool, req } from './pool-fixtures.js';

function grant(r: CheckoutResult): Grant {
  if (r.kind !== 'grant') throw new Error(`expected a grant, got ${JSON.stringify(r)}`);
  return r;
}
function denial(r: CheckoutResult): Denial {
  if (r.kind !== 'denial') throw new Error(`expected a denial, got ${JSON.stringify(r)}`);
  return r;
}
function queued(r: CheckoutResult): Queued {
  if (r.kind !== 'queued') throw new Error(`expected queued, got ${JSON.stringify(r)}`);
  return r;
}
function inUse(m: ReturnType<typeof manager>['m'], id: string): number {
  const p = m.status({ includeProtected: true }).pools.find((x) => x.id === id);
  if (!p) throw new Error(`no pool ${id}`);
  return p.inUse;
}
function eventsOf<T extends PoolEvent['type']>(evs: PoolEvent[], type: T): Extract<PoolEvent, { type: T }>[] {
  return evs.filter((e): e is Extract<PoolEvent, { type: T }> => e.type === type);
}

describe('checkout and count', () => {
  it('grants up to count, then denies ALL_IN_USE', () => {
    const { m } = manager([pool({ id: 'a', count: 2 })]);
    const g = grant(m.checkout(req()).result);
    // the holder's handle is 128 random bits; the manager keys the lease by its SHA-256
    expect(g.secret).toMatch(/^[0-9a-f]{32}$/);
    expect(g.handle).toBe(createHash('sha256').update(g.secret).digest('hex'));
    expect(g.leaseMs).toBe(60_000);
    grant(m.checkout(req()).result);
    const d = denial(m.checkout(req()).result);
    expect(d.code).toBe('LICUTIL_E_ALL_IN_USE');
    expect(d.message).toContain('all 2 licenses of "cad"');
    expect(inUse(m, 'a')).toBe(2);
  });

  it('a request for several licenses takes that many, and is refused outright when no pool is that large', () => {
    const { m } = manager([pool({ id: 'a', count: 3 })]);
    grant(m.checkout(req({ count: 2 })).result);
    expect(inUse(m, 'a')).toBe(2);
    expect(denial(m.checkout(req({ count: 2 })).result).code).toBe('LICUTIL_E_ALL_IN_USE');
    const d = denial(m.checkout(req({ count: 4, waitMs: 10_000 })).result);
    expect(d.message).toContain('the largest pool has 3');
  });

  it('names an unknown product and bad input clearly', () => {
    const { m } = manager([pool({ id: 'a' })]);
    const d = denial(m.checkout(req({ product: 'nope' })).result);
    expect(d.code).toBe('LICUTIL_E_NO_SUCH_PRODUCT');
    expect(d.message).toContain('"nope"');
    expect(denial(m.checkout(req({ count: 0 })).result).code).toBe('LICUTIL_E_BAD_REQUEST');
    expect(denial(m.checkout(req({ count: 1.5 })).result).code).toBe('LICUTIL_E_BAD_REQUEST');
  });

  it('matches product and isv case-insensitively (seed 002: "All fields in the license line are case-insensitive")', () => {
    const { m } = manager([pool({ id: 'a', isv: 'Acme', product: 'CAD' })]);
    expect(grant(m.checkout(req({ product: 'cad', isv: 'ACME' })).result).poolId).toBe('a');
    expect(denial(m.checkout(req({ product: 'cad', isv: 'other' })).result).code).toBe('LICUTIL_E_NO_SUCH_PRODUCT');
  });

  it('bounds the lease length by the server', () => {
    const { m } = manager([pool({ id: 'a', count: 3 })], { maxLeaseMs: 120_000, minLeaseMs: 5_000 });
    expect(grant(m.checkout(req({ leaseMs: 10_000_000 })).result).leaseMs).toBe(120_000);
    expect(grant(m.checkout(req({ leaseMs: 1 })).result).leaseMs).toBe(5_000);
    expect(grant(m.checkout(req()).result).leaseMs).toBe(60_000);
  });

  it('refuses checkouts from an expired pool with EXPIRED, using the wall clock', () => {
    const { m, clock } = manager([pool({ id: 'a', expiresIso: '2026-06-16T00:00:00.000Z' })]);
    const h = grant(m.checkout(req()).result).handle;
    m.checkin(h);
    clock.wall += 86_400_000; // a date, not a lease: wall time decides
    const d = denial(m.checkout(req()).result);
    expect(d.code).toBe('LICUTIL_E_EXPIRED');
    expect(d.message).toContain('2026-06-16');
  });
});

describe('version selection in license order', () => {
  // seed 002: "if the 2.0 license appears first in the license file, and it is
  // available, your application will receive a v2.0 license. If the v1.0
  // license appears first and it is available, you will receive a v1.0 license."
  it('the first pool in license order whose version is high enough wins', () => {
    const { m } = manager([pool({ id: 'v2', version: '2.0', order: 1 }), pool({ id: 'v1', version: '1.0', order: 2 })]);
    expect(grant(m.checkout(req({ version: '1.0' })).result).version).toBe('2.0');
    expect(grant(m.checkout(req({ version: '1.0' })).result).version).toBe('1.0');
  });

  it('v1.0 first: a 1.0 request gets 1.0; a 2.0 request skips it', () => {
    const { m } = manager([pool({ id: 'v1', version: '1.0', order: 1 }), pool({ id: 'v2', version: '2.0', order: 2 })]);
    expect(grant(m.checkout(req({ version: '1.0' })).result).poolId).toBe('v1');
    expect(grant(m.checkout(req({ version: '2.0' })).result).poolId).toBe('v2');
  });

  it('compares versions the normal way: "1.2 is greater than 1.10" (seed 002)', () => {
    const { m } = manager([pool({ id: 'a', version: '1.10', count: 2 })]);
    expect(denial(m.checkout(req({ version: '1.2' })).result).code).toBe('LICUTIL_E_VERSION_TOO_HIGH');
    expect(grant(m.checkout(req({ version: '1.09' })).result).version).toBe('1.10');
    expect(grant(m.checkout(req({ version: '1.1' })).result).version).toBe('1.10');
  });

  it('version defaults to "0" and VERSION_TOO_HIGH names the highest version', () => {
    const { m } = manager([pool({ id: 'a', version: '3.1', count: 2 })]);
    expect(grant(m.checkout(req({ version: '' })).result).poolId).toBe('a');
    const d = denial(m.checkout(req({ version: '4' })).result);
    expect(d.code).toBe('LICUTIL_E_VERSION_TOO_HIGH');
    expect(d.message).toContain('3.1');
  });

  it('uses an injected comparator', () => {
    const reverse = (a: string, b: string): number => (a < b ? 1 : a > b ? -1 : 0);
    const { m } = manager([pool({ id: 'a', version: '1' })], { compareVersions: reverse });
    expect(grant(m.checkout(req({ version: '2' })).result).poolId).toBe('a');
  });
});

describe('hold and min_checkout', () => {
  // seed 002: "By specifying hold=N in the license, the license will be held
  // for N seconds after the application exits or checks the license back in"
  it('hold=N keeps the seat N seconds after check-in, however long it was used', () => {
    const { m, clock } = manager([pool({ id: 'a', hold: 30 })]);
    const h = grant(m.checkout(req()).result).handle;
    clock.tick(50_000);
    m.heartbeat(h);
    clock.tick(50_000);
    m.heartbeat(h);
    expect(m.checkin(h).result).toEqual({ kind: 'ok', heldForMs: 30_000 });
    expect(inUse(m, 'a')).toBe(1);
    expect(denial(m.checkout(req()).result).code).toBe('LICUTIL_E_ALL_IN_USE');
    clock.tick(29_999);
    expect(m.advance().result).toBe(0);
    clock.tick(1);
    const step = m.advance();
    expect(eventsOf(step.events, 'hold-release')).toHaveLength(1);
    expect(step.records.map((r) => r.t)).toEqual(['release']);
    expect(inUse(m, 'a')).toBe(0);
  });

  // seed 002: "min_checkout keeps the license checked out for an additional
  // time only if the license was checked back in by the application before the
  // specified minimum time" / "The license will remain checked-out such that
  // the total checkout time is n seconds."
  it('min_checkout=n holds only for the rest of n seconds', () => {
    const { m, clock } = manager([pool({ id: 'a', minCheckout: 60, count: 2 })]);
    const early = grant(m.checkout(req()).result).handle;
    clock.tick(20_000);
    expect(m.checkin(early).result).toEqual({ kind: 'ok', heldForMs: 40_000 });
    const late = grant(m.checkout(req()).result).handle;
    clock.tick(59_000);
    m.heartbeat(late);
    clock.tick(2_000);
    m.heartbeat(late);
    // the first seat's hold ended (20 + 40 s); the late one was out > 60 s: no hold
    expect(m.checkin(late).result).toEqual({ kind: 'ok', heldForMs: 0 });
    expect(inUse(m, 'a')).toBe(0);
  });

  it('with both, the longer of hold and the rest of min_checkout applies; removal frees at once', () => {
    const { m, clock } = manager([pool({ id: 'a', hold: 10, minCheckout: 60, minRemove: 0 })]);
    const h = grant(m.checkout(req()).result).handle;
    clock.tick(5_000);
    expect(m.checkin(h).result).toEqual({ kind: 'ok', heldForMs: 55_000 });
    clock.tick(55_000);
    m.advance();
    const h2 = grant(m.checkout(req()).result).handle;
    expect(m.remove(h2).result.kind).toBe('removed');
    expect(inUse(m, 'a')).toBe(0);
  });

  it('a held seat that frees goes to the waiter', () => {
    const { m, clock } = manager([pool({ id: 'a', hold: 5 })]);
    const h = grant(m.checkout(req()).result).handle;
    const q = queued(m.checkout(req({ user: 'bob', waitMs: 60_000 })).result);
    expect(eventsOf(m.checkin(h).events, 'wait-granted')).toHaveLength(0);
    clock.tick(5_000);
    const got = eventsOf(m.advance().events, 'wait-granted');
    expect(got.map((e) => e.ticket)).toEqual([q.ticket]);
  });
});

describe('share=UHI[:n]', () => {
  it('share=U: processes of the same user share one license; another user takes a second', () => {
    const { m } = manager([pool({ id: 'a', count: 2, share: { user: true, host: false, isv: false, max: null } })]);
    const a = grant(m.checkout(req({ user: 'alice', pid: 1 })).result);
    const b = grant(m.checkout(req({ user: 'ALICE', host: 'other', pid: 2 })).result);
    expect(b.shared).toBe(true);
    expect(a.handle).not.toBe(b.handle);
    expect(inUse(m, 'a')).toBe(1);
    grant(m.checkout(req({ user: 'bob' })).result);
    expect(inUse(m, 'a')).toBe(2);
    expect(denial(m.checkout(req({ user: 'carol' })).result).code).toBe('LICUTIL_E_ALL_IN_USE');
    // "Usernames and hostnames in RLM are case-insensitive" — alice can still share
    expect(grant(m.checkout(req({ user: 'Alice', pid: 3 })).result).shared).toBe(true);
  });

  it('share=UH: "If more than one is specified, all specified must match"', () => {
    const { m } = manager([pool({ id: 'a', count: 5, share: { user: true, host: true, isv: false, max: null } })]);
    m.checkout(req({ user: 'u', host: 'h1' }));
    m.checkout(req({ user: 'u', host: 'h1' }));
    expect(inUse(m, 'a')).toBe(1);
    m.checkout(req({ user: 'u', host: 'h2' }));
    expect(inUse(m, 'a')).toBe(2);
  });

  it('share=I: the ISV-defined string must match', () => {
    const { m } = manager([pool({ id: 'a', count: 5, share: { user: false, host: false, isv: true, max: null } })]);
    m.checkout(req({ user: 'x', isvString: 'job-1' }));
    m.checkout(req({ user: 'y', isvString: 'job-1' }));
    m.checkout(req({ user: 'y', isvString: 'job-2' }));
    expect(inUse(m, 'a')).toBe(2);
  });

  it('share=U:2 — "The nnn+1st request will consume an additional license."', () => {
    const { m } = manager([pool({ id: 'a', count: 5, share: { user: true, host: false, isv: false, max: 2 } })]);
    m.checkout(req({ pid: 1 }));
    m.checkout(req({ pid: 2 }));
    expect(inUse(m, 'a')).toBe(1);
    m.checkout(req({ pid: 3 }));
    expect(inUse(m, 'a')).toBe(2);
    m.checkout(req({ pid: 4 }));
    expect(inUse(m, 'a')).toBe(2);
  });

  // seed 002: "if 2 processes are sharing one license, and a 3rd process
  // consumes a 2nd license (in the case where n==2), 2 licenses will continue
  // to be in use until either (a) the 3rd process checks in its license, or (b)
  // BOTH the first and second processes check in their licenses. In other
  // words, there is no dynamic re-combination of shared licenses done at
  // license check-in time."
  it('no dynamic re-combination at check-in: (a) the 3rd checks in', () => {
    const { m } = manager([pool({ id: 'a', count: 5, share: { user: true, host: false, isv: false, max: 2 } })]);
    handleOf(m.checkout(req({ pid: 1 })));
    const p2 = handleOf(m.checkout(req({ pid: 2 })));
    const p3 = handleOf(m.checkout(req({ pid: 3 })));
    m.checkin(p2);
    expect(inUse(m, 'a')).toBe(2); // one sharer left on the first license, the 3rd on its own
    m.checkin(p3);
    expect(inUse(m, 'a')).toBe(1);
  });

  it('no dynamic re-combination at check-in: (b) both the first and second check in', () => {
    const { m } = manager([pool({ id: 'a', count: 5, share: { user: true, host: false, isv: false, max: 2 } })]);
    const p1 = handleOf(m.checkout(req({ pid: 1 })));
    const p2 = handleOf(m.checkout(req({ pid: 2 })));
    handleOf(m.checkout(req({ pid: 3 })));
    m.checkin(p1);
    expect(inUse(m, 'a')).toBe(2);
    m.checkin(p2);
    expect(inUse(m, 'a')).toBe(1);
  });

  it('a sharer joins an existing seat even while others wait (it takes no license from them)', () => {
    const { m } = manager([pool({ id: 'a', count: 1, share: { user: true, host: false, isv: false, max: null } })]);
    grant(m.checkout(req({ user: 'alice' })).result);
    queued(m.checkout(req({ user: 'bob', waitMs: 10_000 })).result);
    expect(grant(m.checkout(req({ user: 'alice', pid: 2 })).result).shared).toBe(true);
  });
});

describe('soft_limit', () => {
  // seed 002: "Once usage exceeds the soft_limit, checkout requests will return
  // the RLM_EL_OVERSOFT status instead of a 0 status."
  it('grants past the soft limit succeed with a warning', () => {
    const { m } = manager([pool({ id: 'a', count: 3, softLimit: 1 })]);
    expect(grant(m.checkout(req()).result).warning).toBeNull();
    const step = m.checkout(req());
    const g = grant(step.result);
    expect(g.warning).toContain('past the soft limit of 1');
    expect(eventsOf(step.events, 'checkout')[0]?.overSoft).toBe(true);
  });
});

describe('password', () => {
  // seed 002: "If a request (checkout or status) is made for a license which
  // contains a password, and the request does not specify a matching password,
  // the license server will return RLM_EL_NO_SERV_SUPP (for a checkout request)
  // or no data (for a status request). This prevents a user from knowing that a
  // license exists and attempting to guess the password."
  it('a wrong or missing password looks exactly like no such product', () => {
    const { m } = manager([pool({ id: 'a', product: 'secret', password: 'pw' })]);
    const none = denial(m.checkout(req({ product: 'secret' })).result);
    const wrong = denial(m.checkout(req({ product: 'secret', password: 'nope' })).result);
    const absent = denial(m.checkout(req({ product: 'secreT2' })).result);
    for (const d of [none, wrong]) {
      expect(d.code).toBe('LICUTIL_E_NO_SUCH_PRODUCT');
      expect(d.logCode).toBe('LICUTIL_E_BAD_PASSWORD');
      expect(d.message).toBe(absent.message.replace('secreT2', 'secret'));
      expect(d.hint).toBe(absent.hint);
    }
    expect(grant(m.checkout(req({ product: 'secret', password: 'pw' })).result).poolId).toBe('a');
  });

  it('status shows a password pool only with the password or to an administrator', () => {
    const { m } = manager([pool({ id: 'open' }), pool({ id: 'locked', product: 'secret', password: 'pw' })]);
    m.checkout(req({ product: 'secret', password: 'pw' }));
    expect(m.status().pools.map((p) => p.id)).toEqual(['open']);
    expect(m.status({ password: 'x' }).pools.map((p) => p.id)).toEqual(['open']);
    expect(m.status({ password: 'pw' }).pools.map((p) => p.id)).toEqual(['open', 'locked']);
    m.checkout(req({ product: 'secret', password: 'pw', user: 'waiting', waitMs: 60_000 }));
    expect(m.status().queues).toEqual([]);
    expect(m.status({ password: 'pw' }).queues[0]?.waiters[0]?.user).toBe('waiting');
    const admin = m.status({ includeProtected: true }).pools.find((p) => p.id === 'locked');
    expect(admin?.hasPassword).toBe(true);
    expect(admin?.checkouts).toHaveLength(1);
  });
});

describe('tags (ltelicense)', () => {
  // seed 000: "tag ... Optional string. If set, server will allocate license to client with same tag field."
  it('a tagged pool serves only requests with the same tag', () => {
    const { m } = manager([pool({ id: 'enb', tag: 'eNB600' })]);
    expect(denial(m.checkout(req()).result).code).toBe('LICUTIL_E_WRONG_TAG');
    expect(denial(m.checkout(req({ tag: 'gNB200' })).result).code).toBe('LICUTIL_E_WRONG_TAG');
    expect(grant(m.checkout(req({ tag: 'eNB600' })).result).poolId).toBe('enb');
  });

  it('an untagged pool serves everyone; tagged requests prefer nothing but license order', () => {
    const { m } = manager([pool({ id: 'enb', tag: 'eNB600', order: 1 }), pool({ id: 'any', order: 2 })]);
    expect(grant(m.checkout(req()).result).poolId).toBe('any');
    expect(grant(m.checkout(req({ tag: 'eNB600' })).result).poolId).toBe('enb');
  });
});

describe('heartbeat, lease reclaim and remove', () => {
  it('a lease not renewed in time is reclaimed and its holder told so', () => {
    const { m, clock } = manager([pool({ id: 'a' })]);
    const h = grant(m.checkout(req({ leaseMs: 10_000 })).result).handle;
    clock.tick(9_000);
    expect(m.heartbeat(h).result.kind).toBe('ok');
    clock.tick(9_000);
    expect(m.advance().result).toBe(0); // renewed: not due
    clock.tick(1_001);
    const step = m.advance();
    expect(eventsOf(step.events, 'reclaim').map((e) => e.lease.handle)).toEqual([h]);
    expect(step.records).toEqual([{ t: 'reclaim', at: clock.wall, handle: h, holdMs: 0 }]);
    expect(m.heartbeat(h).result).toEqual({ kind: 'gone', reason: 'reclaimed' });
    expect(inUse(m, 'a')).toBe(0);
    // remembered for two lease periods, then forgotten (bounded memory)
    clock.tick(20_000);
    m.advance();
    expect(m.heartbeat(h).result).toEqual({ kind: 'gone', reason: 'unknown' });
  });

  it('an operation after the deadline sees the lease reclaimed even without advance()', () => {
    const { m, clock } = manager([pool({ id: 'a' })]);
    const h = grant(m.checkout(req()).result).handle;
    clock.tick(60_001);
    const step = m.checkout(req({ user: 'bob' }));
    expect(grant(step.result).poolId).toBe('a');
    expect(step.records.map((r) => r.t)).toEqual(['reclaim', 'grant']);
    expect(m.heartbeat(h).result).toEqual({ kind: 'gone', reason: 'reclaimed' });
  });

  it('a wall-clock jump neither expires nor extends a lease (leases use the monotonic clock)', () => {
    const { m, clock } = manager([pool({ id: 'a' })]);
    const h = grant(m.checkout(req()).result).handle;
    clock.wall += 10 * 86_400_000;
    expect(m.advance().result).toBe(0);
    expect(m.heartbeat(h).result.kind).toBe('ok');
    clock.wall -= 20 * 86_400_000;
    clock.mono += 60_001;
    m.advance();
    expect(m.heartbeat(h).result).toEqual({ kind: 'gone', reason: 'reclaimed' });
  });

  it('remove is refused inside min_remove (default 120 s) and the holder learns at its next heartbeat', () => {
    const { m, clock } = manager([pool({ id: 'a' })]);
    const h = grant(m.checkout(req({ leaseMs: 300_000 })).result).handle;
    clock.tick(119_000);
    m.heartbeat(h);
    const refused = m.remove(h).result;
    expect(refused).toMatchObject({ kind: 'refused', code: 'LICUTIL_E_REMOVE_REFUSED' });
    expect(refused.kind === 'refused' && refused.message).toContain('min_remove=120');
    clock.tick(1_000);
    const step = m.remove(h, { by: 'admin@127.0.0.1' });
    expect(step.result).toEqual({ kind: 'removed', handle: h });
    expect(step.records).toEqual([{ t: 'remove', at: clock.wall, handle: h, by: 'admin@127.0.0.1' }]);
    expect(m.heartbeat(h).result).toEqual({ kind: 'gone', reason: 'removed' });
    // a checkin by the removed holder is told why, not "no such handle"
    expect(m.checkin(h).result).toEqual({ kind: 'gone', reason: 'removed' });
  });

  // seed 002: "If min_remove is set to -1, then rlmremove ... is disabled on this license."
  it('min_remove=-1 never allows removal', () => {
    const { m, clock } = manager([pool({ id: 'a', minRemove: -1 })]);
    const h = grant(m.checkout(req()).result).handle;
    clock.tick(50_000);
    m.heartbeat(h);
    clock.tick(50_000);
    m.heartbeat(h);
    clock.tick(50_000);
    expect(m.remove(h).result).toMatchObject({ kind: 'refused', code: 'LICUTIL_E_REMOVE_DISABLED' });
    expect(m.heartbeat(h).result.kind).toBe('ok');
  });

  it('unknown handles are answered as such', () => {
    const { m } = manager([pool({ id: 'a' })]);
    expect(m.heartbeat('f'.repeat(32)).result).toEqual({ kind: 'gone', reason: 'unknown' });
    expect(m.remove('x').result).toEqual({ kind: 'unknown' });
  });

  it('revoke undoes a grant whose journal write failed, without hold', () => {
    const { m } = manager([pool({ id: 'a', hold: 100 })]);
    const h = grant(m.checkout(req()).result).handle;
    expect(m.revoke(h).result).toBe(true);
    expect(inUse(m, 'a')).toBe(0);
  });
});

describe('waiting', () => {
  it('waiters get freed seats first-in first-out, and a new request cannot jump the queue', () => {
    const { m } = manager([pool({ id: 'a', count: 1 })]);
    const h = grant(m.checkout(req()).result).handle;
    const q1 = queued(m.checkout(req({ user: 'w1', waitMs: 60_000 })).result);
    const q2 = queued(m.checkout(req({ user: 'w2', waitMs: 60_000 })).result);
    expect([q1.position, q2.position]).toEqual([1, 2]);
    const step = m.checkin(h);
    const granted = eventsOf(step.events, 'wait-granted');
    expect(granted.map((e) => e.ticket)).toEqual([q1.ticket]);
    expect(step.records.map((r) => r.t)).toEqual(['checkin', 'grant']);
    expect(m.status().queues[0]?.waiters.map((w) => [w.ticket, w.position])).toEqual([[q2.ticket, 1]]);
    // w1 holds the seat; a newcomer without wait is refused
    expect(denial(m.checkout(req({ user: 'late' })).result).code).toBe('LICUTIL_E_ALL_IN_USE');
    const h1 = (granted[0] as { grant: Grant }).grant.handle;
    expect(eventsOf(m.checkin(h1).events, 'wait-granted').map((e) => e.ticket)).toEqual([q2.ticket]);
  });

  it('FIFO holds across different requests the same pool can serve', () => {
    const { m } = manager([pool({ id: 'v2', version: '2.0' })]);
    const h = handleOf(m.checkout(req()));
    const first = queued(m.checkout(req({ user: 'w1', version: '1.0', waitMs: 60_000 })).result);
    queued(m.checkout(req({ user: 'w2', version: '2.0', waitMs: 60_000 })).result);
    expect(eventsOf(m.checkin(h).events, 'wait-granted').map((e) => e.ticket)).toEqual([first.ticket]);
  });

  it('a large request at the head is not overtaken by smaller ones behind it', () => {
    const { m } = manager([pool({ id: 'a', count: 2 })]);
    const a = handleOf(m.checkout(req()));
    const b = handleOf(m.checkout(req()));
    const big = queued(m.checkout(req({ user: 'big', count: 2, waitMs: 60_000 })).result);
    queued(m.checkout(req({ user: 'small', waitMs: 60_000 })).result);
    expect(eventsOf(m.checkin(a).events, 'wait-granted')).toHaveLength(0);
    expect(denial(m.checkout(req({ user: 'newcomer' })).result).code).toBe('LICUTIL_E_ALL_IN_USE');
    const got = eventsOf(m.checkin(b).events, 'wait-granted');
    expect(got.map((e) => e.ticket)).toEqual([big.ticket]);
  });

  it('a waiter only blocks pools that could serve it', () => {
    const { m } = manager([pool({ id: 'v1', version: '1.0', order: 1 }), pool({ id: 'v2', version: '2.0', order: 2 })]);
    handleOf(m.checkout(req({ version: '2.0' })));
    queued(m.checkout(req({ user: 'needs2', version: '2.0', waitMs: 60_000 })).result);
    // v1 is free and the waiter cannot use it: a 1.0 request still gets it
    expect(grant(m.checkout(req({ version: '1.0' })).result).poolId).toBe('v1');
  });

  it('a wait ends with TIMED_OUT when no seat frees in time; the next waiter moves up', () => {
    const { m, clock } = manager([pool({ id: 'a' })]);
    const h = handleOf(m.checkout(req()));
    const q1 = queued(m.checkout(req({ user: 'w1', waitMs: 5_000 })).result);
    const q2 = queued(m.checkout(req({ user: 'w2', waitMs: 50_000 })).result);
    clock.tick(5_000);
    const step = m.advance();
    const to = eventsOf(step.events, 'wait-timeout');
    expect(to.map((e) => e.ticket)).toEqual([q1.ticket]);
    expect(to[0]?.denial.code).toBe('LICUTIL_E_TIMED_OUT');
    expect(m.status().queues[0]?.waiters[0]).toMatchObject({ ticket: q2.ticket, position: 1, user: 'w2' });
    expect(eventsOf(m.checkin(h).events, 'wait-granted').map((e) => e.ticket)).toEqual([q2.ticket]);
  });

  it('a cancelled waiter leaves the queue', () => {
    const { m } = manager([pool({ id: 'a' })]);
    const h = handleOf(m.checkout(req()));
    const q = queued(m.checkout(req({ waitMs: 5_000 })).result);
    expect(m.cancelWait(q.ticket).result).toBe(true);
    expect(m.cancelWait(q.ticket).result).toBe(false);
    expect(eventsOf(m.checkin(h).events, 'wait-granted')).toHaveLength(0);
  });

  it('a reclaimed lease goes to the waiter', () => {
    const { m, clock } = manager([pool({ id: 'a' })]);
    handleOf(m.checkout(req()));
    const q = queued(m.checkout(req({ user: 'w', waitMs: 120_000 })).result);
    clock.tick(60_000);
    const step = m.advance();
    expect(eventsOf(step.events, 'reclaim')).toHaveLength(1);
    expect(eventsOf(step.events, 'wait-granted').map((e) => e.ticket)).toEqual([q.ticket]);
  });

  it('the queue is bounded', () => {
    const { m } = manager([pool({ id: 'a' })], { maxWaiters: 1 });
    handleOf(m.checkout(req()));
    queued(m.checkout(req({ waitMs: 5_000 })).result);
    expect(denial(m.checkout(req({ waitMs: 5_000 })).result).message).toContain('queue is full');
  });

  it('while grants are blocked (journal down) checkouts are refused and waiters keep waiting', () => {
    const { m } = manager([pool({ id: 'a' })]);
    const h = handleOf(m.checkout(req()));
    const q = queued(m.checkout(req({ waitMs: 60_000 })).result);
    m.setGrantsBlocked('disk full');
    expect(m.grantsBlocked).toBe('disk full');
    expect(eventsOf(m.checkin(h).events, 'wait-granted')).toHaveLength(0);
    const d = denial(m.checkout(req()).result);
    expect(d.code).toBe('LICUTIL_E_JOURNAL');
    expect(d.message).toContain('disk full');
    expect(eventsOf(m.setGrantsBlocked(null).events, 'wait-granted').map((e) => e.ticket)).toEqual([q.ticket]);
  });
});

describe('status', () => {
  it('lists pools, checkouts with wall-clock times, and waiters with positions', () => {
    const { m, clock } = manager([pool({ id: 'a', count: 1, softLimit: 1 })]);
    const h = handleOf(m.checkout(req({ user: 'alice', host: 'ws1', pid: 42, version: '0.5' })));
    clock.tick(10_000);
    m.heartbeat(h);
    m.checkout(req({ user: 'bob', waitMs: 30_000 }));
    const s = m.status();
    expect(s.nowIso).toBe('2026-06-15T12:00:10.000Z');
    expect(s.totals).toEqual({ pools: 1, leases: 1, waiters: 1 });
    expect(s.pools[0]).toMatchObject({ id: 'a', count: 1, inUse: 1, queued: 1, softLimit: 1 });
    expect(s.pools[0]?.checkouts[0]).toMatchObject({
      handle: h,
      user: 'alice',
      host: 'ws1',
      pid: 42,
      version: '1.0',
      requestedVersion: '0.5',
      sinceIso: '2026-06-15T12:00:00.000Z',
      leaseExpiresIso: '2026-06-15T12:01:10.000Z',
    });
    expect(s.queues[0]?.waiters[0]).toMatchObject({ user: 'bob', position: 1, untilIso: '2026-06-15T12:00:40.000Z' });
  });
});

describe('replacePools (reread)', () => {
  it('existing checkouts stay; the answer lists added, removed and changed pools', () => {
    const { m } = manager([pool({ id: 'a', count: 2 }), pool({ id: 'b', product: 'sim' })]);
    const ha = handleOf(m.checkout(req()));
    const hb = handleOf(m.checkout(req({ product: 'sim' })));
    const step = m.replacePools([pool({ id: 'a', count: 5 }), pool({ id: 'c', product: 'viz' })]);
    expect(step.result).toEqual({ added: ['c'], removed: ['b'], changed: ['a'] });
    expect(m.heartbeat(ha).result.kind).toBe('ok');
    expect(m.heartbeat(hb).result.kind).toBe('ok');
    const s = m.status();
    expect(s.pools.find((p) => p.id === 'a')).toMatchObject({ count: 5, inUse: 1 });
    expect(s.pools.find((p) => p.id === 'b')).toMatchObject({ retired: true, inUse: 1 });
    // the retired pool serves nothing new and disappears with its last checkout
    expect(denial(m.checkout(req({ product: 'sim' })).result).code).toBe('LICUTIL_E_NO_SUCH_PRODUCT');
    m.checkin(hb);
    expect(m.status().pools.map((p) => p.id).sort()).toEqual(['a', 'c']);
  });

  it('more seats after a reread go to waiters at once', () => {
    const { m } = manager([pool({ id: 'a', count: 1 })]);
    handleOf(m.checkout(req()));
    const q = queued(m.checkout(req({ waitMs: 60_000 })).result);
    const step = m.replacePools([pool({ id: 'a', count: 2 })]);
    expect(eventsOf(step.events, 'wait-granted').map((e) => e.ticket)).toEqual([q.ticket]);
  });

  it('a shrunken pool keeps its checkouts but grants nothing until usage falls below the new count', () => {
    const { m } = manager([pool({ id: 'a', count: 3 })]);
    const hs = [handleOf(m.checkout(req())), handleOf(m.checkout(req())), handleOf(m.checkout(req()))];
    m.replacePools([pool({ id: 'a', count: 1 })]);
    expect(denial(m.checkout(req()).result).code).toBe('LICUTIL_E_ALL_IN_USE');
    m.checkin(hs[0] as string);
    m.checkin(hs[1] as string);
    expect(denial(m.checkout(req()).result).code).toBe('LICUTIL_E_ALL_IN_USE');
    m.checkin(hs[2] as string);
    expect(grant(m.checkout(req()).result).poolId).toBe('a');
  });

  it('refuses two pools with one id', () => {
    const { m } = manager([pool({ id: 'a' })]);
    expect(() => m.replacePools([pool({ id: 'x' }), pool({ id: 'x' })])).toThrow(/two pools have the id "x"/);
  });
});
