// From journal records to live state and back. `restoreLedger` rebuilds the
// leases and held seats a journal describes (seed-free rule from issue 4: "each
// restored lease gets one lease period to be renewed", counted from restart);
// `snapshotOf` writes the live state as the records compaction keeps.
import type { Ledger } from './leases.js';
import { clamp } from './request.js';
import { MAX_NOTED, type RestorePlan } from './restore.js';
import type { Seat } from './runtime.js';
import { firstMember, markShareRoom, membersOf, newPoolRt, shareKeyOf } from './runtime.js';
import type { PoolDef, RestoreReport } from './types.js';
import type { JournalRecord } from './records.js';
import { hashSecret, isLeaseKey } from './secret.js';

interface RestoreBounds {
  minLeaseMs: number;
  maxLeaseMs: number;
  /** leave out what would put more seats in use than a pool has (not for a shared store's replay of its own rows) */
  fitToPools: boolean;
}

/** A pool the journal names but the license files no longer have: it keeps its leases, serves nothing new. */
function retiredDef(id: string, isv: string, product: string, version: string): PoolDef {
  return {
    id,
    isv,
    product,
    version,
    count: 0,
    softLimit: 0,
    share: null,
    hold: 0,
    minCheckout: 0,
    minRemove: 120,
    password: null,
    tag: null,
    expiresIso: 'permanent',
    order: Number.MAX_SAFE_INTEGER,
  };
}

/** A lease key (or a seat id, which is its first lease's key) as this version keeps it. */
function keyOf(handle: string): string {
  return isLeaseKey(handle) ? handle : hashSecret(handle);
}

function noteProblem(report: RestoreReport, line: number, reason: string): void {
  if (report.problems.length < MAX_NOTED) report.problems.push({ line, reason });
}

/**
 * Rebuilds the live state of a plan (restore.ts). A checkout on a pool the
 * license files no longer have is kept on a retired pool (it serves nothing
 * new) and said. A checkout or held seat of more seats than its whole pool has
 * is not restored: no server grants that, only a journal written by hand or by
 * a bug says so (issue 14). Checkouts that together exceed a pool that has
 * shrunk (fewer seats in the license files than were held) are all kept, as a
 * reread that shrinks a pool keeps them: a restart never takes a seat from its
 * holder, and the pool grants nothing until fewer than its size are in use.
 */
export function restoreLedger(ledger: Ledger, plan: RestorePlan, bounds: RestoreBounds): RestoreReport {
  const { nowMono, nowWall } = ledger;
  // ids go on after the highest the journal has seen (grants, ended ones included, and compaction's counter)
  ledger.noteId(plan.maxId);
  const report: RestoreReport = { leases: 0, heldSeats: 0, orphaned: 0, overCount: 0, ignored: plan.ignored, problems: [...plan.problems] };
  const seats = new Map<string, Seat>();
  const overSize = new Set<string>();
  for (const { grant: g, line } of plan.grants) {
    // A journal of an older version holds the holders' handles themselves: key
    // those leases by the hash like any other, so the handle is kept nowhere
    // (and is not shown as a seat id) and the holder still renews with it.
    const key = keyOf(g.handle);
    if (ledger.leases.has(key)) {
      report.ignored++;
      continue;
    }
    let pool = ledger.pools.get(g.pool);
    if (!pool) {
      pool = newPoolRt(retiredDef(g.pool, g.isv, g.product, g.version));
      pool.retired = true;
      ledger.pools.set(g.pool, pool);
    }
    let seat = seats.get(g.seat);
    if (bounds.fitToPools && !seat && !pool.retired && g.count > pool.def.count) {
      report.overCount++;
      noteProblem(report, line, `checkout ${g.id} of ${g.product} (${g.count} seat(s) for ${g.user}@${g.host}) not restored: the pool ${pool.def.id} has only ${pool.def.count} seat(s)`);
      ledger.buryKey(key, 'removed', g.leaseMs);
      continue;
    }
    if (!seat && !pool.retired && pool.inUse + g.count > pool.def.count && !overSize.has(pool.def.id)) {
      overSize.add(pool.def.id);
      noteProblem(report, line, `the pool ${pool.def.id} of ${g.product} has ${pool.def.count} seat(s) but its restored checkouts hold more (the license files have fewer seats than when they were granted): they are kept until they end, and no seat of it is granted until fewer than ${pool.def.count} are in use`);
    }
    if (pool.retired) {
      report.orphaned++;
      noteProblem(report, line, `checkout ${g.id} of ${g.product} is on the pool ${g.pool}, which the license files no longer have: kept until it is checked in or lapses, and no new seat is granted from it`);
    }
    // time already held counts toward min_checkout and min_remove
    const sinceMono = nowMono - Math.max(0, nowWall - g.since);
    if (!seat) {
      seat = ledger.newSeat(pool, keyOf(g.seat), g.count, null, sinceMono);
      seats.set(g.seat, seat);
    }
    // a journal from before ids existed (or a repeated id) gets a new one
    const id = typeof g.id === 'number' && !ledger.leasesById.has(g.id) ? g.id : ledger.takeId();
    const lease = ledger.newLease(key, seat, {
      id,
      reqVersion: g.reqVersion,
      user: g.user,
      host: g.host,
      pid: g.pid,
      isvString: g.isvString,
      tag: g.tag,
      leaseMs: clamp(g.leaseMs, bounds.minLeaseMs, bounds.maxLeaseMs),
    });
    lease.sinceMono = sinceMono;
    lease.sinceWall = g.since;
    report.leases++;
  }
  for (const seat of seats.values()) {
    // a shared seat takes new sharers again when its pool still shares
    const first = firstMember(seat.members);
    if (first) seat.shareKey = shareKeyOf(seat.pool.def, first.user, first.host, first.isvString, seat.count);
    markShareRoom(seat);
  }
  for (const h of plan.held) {
    const pool = ledger.pools.get(h.pool);
    // bounded by the hold itself, so a wall clock set back cannot stretch it
    const remaining = Math.min(h.holdMs, h.until - nowWall);
    const seatId = keyOf(h.seat);
    if (!pool || remaining <= 0 || pool.seats.has(seatId)) continue;
    // a held seat is no one's checkout: on a pool already full it is not brought back
    if (bounds.fitToPools && pool.inUse + h.count > pool.def.count) {
      report.overCount++;
      noteProblem(report, h.line, `a held seat of ${pool.def.product} (${h.count} seat(s)) not restored: the pool ${pool.def.id} has ${pool.def.count} seat(s) and ${pool.inUse} are already in use`);
      continue;
    }
    ledger.holdSeat(ledger.newSeat(pool, seatId, h.count, null, nowMono), remaining);
    report.heldSeats++;
  }
  return report;
}

export function snapshotOf(ledger: Ledger, nowMono: number, at: number): JournalRecord[] {
  const out: JournalRecord[] = [{ t: 'ids', at, next: ledger.nextId }];
  for (const pool of ledger.pools.values()) {
    const d = pool.def;
    for (const seat of pool.seats.values()) {
      if (seat.heldUntilMono > 0) {
        const until = at + Math.max(0, seat.heldUntilMono - nowMono);
        out.push({ t: 'held', at, seat: seat.id, pool: d.id, count: seat.count, until, holdMs: seat.holdMs });
        continue;
      }
      for (const l of membersOf(seat.members)) {
        out.push({
          t: 'grant',
          at,
          handle: l.handle,
          id: l.id,
          seat: seat.id,
          pool: d.id,
          isv: d.isv,
          product: d.product,
          version: d.version,
          reqVersion: l.reqVersion,
          count: seat.count,
          user: l.user,
          host: l.host,
          pid: l.pid,
          isvString: l.isvString,
          tag: l.tag,
          leaseMs: l.leaseMs,
          since: l.sinceWall,
        });
      }
    }
  }
  return out;
}
