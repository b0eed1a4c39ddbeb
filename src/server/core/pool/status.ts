// The status snapshot: everything `stat` shows. It walks every lease, which is
// fine for an administrator's request and is never done per checkout or per
// timer tick. Pools behind a password are left out unless the caller gave that
// password or is an administrator (seed 002: a status request without the
// matching password gets "no data").
import type { WaitQueues } from './queue.js';
import { iso } from './request.js';
import type { Lease, PoolRt } from './runtime.js';
import { membersOf } from './runtime.js';
import type {
  CheckoutStatus,
  HeldSeatStatus,
  PoolStatus,
  QueueStatus,
  StatusOptions,
  StatusSnapshot,
  WaiterStatus,
} from './types.js';

interface StatusInput {
  pools: Iterable<PoolRt>;
  queues: WaitQueues;
  nowMono: number;
  nowWall: number;
  opts: StatusOptions;
}

function visible(password: string | null, opts: StatusOptions): boolean {
  return password === null || opts.includeProtected === true || opts.password === password;
}

function checkoutStatus(l: Lease, nowMono: number, nowWall: number): CheckoutStatus {
  return {
    handle: l.handle,
    id: l.id,
    user: l.user,
    host: l.host,
    pid: l.pid,
    version: l.seat.pool.def.version,
    requestedVersion: l.reqVersion,
    count: l.seat.count,
    isvString: l.isvString,
    tag: l.tag,
    sinceIso: iso(l.sinceWall),
    leaseExpiresIso: iso(nowWall + (l.deadlineMono - nowMono)),
    seat: l.seat.id,
  };
}

export function buildStatus(input: StatusInput): StatusSnapshot {
  const { nowMono, nowWall, opts } = input;
  const pools: PoolStatus[] = [];
  let leases = 0;
  const ordered = [...input.pools].filter((p) => p.retired || opts.retiredOnly !== true).sort(
    (a, b) => Number(a.retired) - Number(b.retired) || a.def.order - b.def.order || (a.def.id < b.def.id ? -1 : 1),
  );
  for (const p of ordered) {
    if (!visible(p.def.password, opts)) continue;
    const checkouts: CheckoutStatus[] = [];
    const held: HeldSeatStatus[] = [];
    // the /metrics gauges want the numbers only: one object and two dates a lease
    // stalled a server holding many leases on every scrape (bench/RESULTS.md)
    if (opts.countsOnly !== true) {
      for (const seat of p.seats.values()) {
        if (seat.heldUntilMono > 0) {
          held.push({ seat: seat.id, count: seat.count, untilIso: iso(nowWall + (seat.heldUntilMono - nowMono)) });
        }
        for (const l of membersOf(seat.members)) checkouts.push(checkoutStatus(l, nowMono, nowWall));
      }
    }
    leases += checkouts.length;
    const d = p.def;
    pools.push({
      id: d.id,
      isv: d.isv,
      product: d.product,
      version: d.version,
      count: d.count,
      inUse: p.inUse,
      queued: p.queuedEligible,
      softLimit: d.softLimit,
      expiresIso: d.expiresIso,
      share: d.share,
      hold: d.hold,
      minCheckout: d.minCheckout,
      minRemove: d.minRemove,
      tag: d.tag,
      hasPassword: d.password !== null,
      retired: p.retired,
      checkouts,
      held,
    });
  }

  const queues: QueueStatus[] = [];
  let waiters = 0;
  for (const [, q] of input.queues.queues()) {
    const list: WaiterStatus[] = [];
    let position = 0;
    let product = '';
    for (const w of q.values()) {
      position++;
      product = w.req.product;
      // a waiter for a pool behind a password is that pool's data too
      if (!w.pools.every((p) => visible(p.def.password, opts))) continue;
      list.push({
        ticket: w.ticket,
        id: w.id,
        position,
        isv: w.req.isv,
        product: w.req.product,
        version: w.req.version,
        count: w.req.count,
        user: w.req.user,
        host: w.req.host,
        pid: w.req.pid,
        tag: w.req.tag,
        sinceIso: iso(w.sinceWall),
        untilIso: iso(w.untilWall),
      });
    }
    if (list.length === 0) continue;
    waiters += list.length;
    queues.push({ product, waiters: list });
  }

  return { nowIso: iso(nowWall), pools, queues, totals: { pools: pools.length, leases, waiters } };
}
