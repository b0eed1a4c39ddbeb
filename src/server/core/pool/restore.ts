// Replaying journal records into the live state they describe: which leases
// are still checked out, on which seats, and which seats are still held after
// their last check-in. Pure: the manager turns the plan into live objects.
import type { GrantRecord, JournalRecord } from './records.js';

interface HeldPlan {
  seat: string;
  pool: string;
  count: number;
  /** wall ms the hold ends */
  until: number;
  holdMs: number;
}

interface RestorePlan {
  /** live grants in journal order */
  grants: GrantRecord[];
  held: HeldPlan[];
  ignored: number;
}

const isCount = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 1 && (n as number) <= 1_000_000;
const isMs = (n: unknown): boolean => typeof n === 'number' && Number.isFinite(n) && n >= 0;
const isText = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && v.length <= 1024;

/**
 * A record whose checksum is right can still be wrong (written by hand, by a
 * bug, by someone who can write the state directory): `count: "x"` or
 * `count: -5` made a pool of 3 grant 50 seats (issue 14). Records whose fields
 * are not of their type and range are skipped as ignored.
 */
function wellFormed(r: JournalRecord): boolean {
  switch (r.t) {
    case 'grant':
      return isText(r.handle) && isText(r.seat) && isText(r.pool) && isCount(r.count) && isMs(r.leaseMs) && isMs(r.since) && Number.isSafeInteger(r.pid) && typeof r.user === 'string' && typeof r.host === 'string';
    case 'checkin':
    case 'reclaim':
      return isText(r.handle) && isMs(r.holdMs);
    case 'remove':
      return isText(r.handle);
    case 'release':
      return isText(r.seat);
    case 'held':
      return isText(r.seat) && isText(r.pool) && isCount(r.count) && isMs(r.until) && isMs(r.holdMs);
    default:
      return true;
  }
}

export function planRestore(records: readonly JournalRecord[]): RestorePlan {
  const grants = new Map<string, GrantRecord>();
  /** seat → handles still on it */
  const seatMembers = new Map<string, Set<string>>();
  const held = new Map<string, HeldPlan>();
  let ignored = 0;

  const leave = (handle: string): GrantRecord | undefined => {
    const g = grants.get(handle);
    if (!g) return undefined;
    grants.delete(handle);
    const members = seatMembers.get(g.seat);
    members?.delete(handle);
    if (members && members.size === 0) seatMembers.delete(g.seat);
    return g;
  };

  for (const r of records) {
    if (!isMs(r.at) || !wellFormed(r)) {
      ignored++;
      continue;
    }
    switch (r.t) {
      case 'grant': {
        if (grants.has(r.handle)) {
          ignored++;
          break;
        }
        grants.set(r.handle, r);
        let members = seatMembers.get(r.seat);
        if (!members) {
          members = new Set();
          seatMembers.set(r.seat, members);
        }
        members.add(r.handle);
        break;
      }
      case 'checkin':
      case 'reclaim': {
        const g = leave(r.handle);
        if (!g) {
          ignored++;
          break;
        }
        if (r.holdMs > 0 && !seatMembers.has(g.seat)) {
          held.set(g.seat, { seat: g.seat, pool: g.pool, count: g.count, until: r.at + r.holdMs, holdMs: r.holdMs });
        }
        break;
      }
      case 'remove':
        // a revoke after a failed grant write may name a handle the journal never saw
        leave(r.handle);
        break;
      case 'release':
        if (!held.delete(r.seat)) ignored++;
        break;
      case 'held':
        held.set(r.seat, { seat: r.seat, pool: r.pool, count: r.count, until: r.until, holdMs: r.holdMs });
        break;
      case 'mark':
      case 'ids':
        break;
      default:
        ignored++;
    }
  }
  return { grants: [...grants.values()], held: [...held.values()], ignored };
}
