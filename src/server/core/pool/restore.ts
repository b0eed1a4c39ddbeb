// Replaying journal records into the live state they describe: which leases
// are still checked out, on which seats, and which seats are still held after
// their last check-in. Pure: the manager turns the plan into live objects.
// Records come one at a time (the file journal streams them), so memory is
// bounded by the live state the journal describes, not by its length.
import type { GrantRecord, JournalRecord } from './records.js';

interface HeldPlan {
  seat: string;
  pool: string;
  count: number;
  /** wall ms the hold ends */
  until: number;
  holdMs: number;
  /** where the journal said so */
  line: number;
}

/** A live grant and the line of the journal it was read from. */
export interface PlannedGrant {
  grant: GrantRecord;
  line: number;
}

export interface RestoreProblem {
  /** 1-based line of the journal (or index of the record in a store without lines) */
  line: number;
  reason: string;
}

export interface RestorePlan {
  /** live grants in journal order */
  grants: PlannedGrant[];
  held: HeldPlan[];
  ignored: number;
  /** the first problems, each at its record (at most MAX_NOTED) */
  problems: RestoreProblem[];
  /** the highest lease id the journal has used */
  maxId: number;
}

/** Enough to find the damage; a journal full of it says so by its count. */
export const MAX_NOTED = 20;

const isCount = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 1 && (n as number) <= 1_000_000;
const isMs = (n: unknown): boolean => typeof n === 'number' && Number.isFinite(n) && n >= 0;
const isText = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && v.length <= 1024;
const isString = (v: unknown): boolean => typeof v === 'string' && v.length <= 1024;
const isOptText = (v: unknown): boolean => v === null || v === undefined || isString(v);
const isId = (v: unknown): boolean => v === undefined || (Number.isSafeInteger(v) && (v as number) >= 0);

/**
 * A record whose checksum is right can still be wrong (written by hand, by a
 * bug, by someone who can write the state directory): `count: "x"` or
 * `count: -5` made a pool of 3 grant 50 seats (issue 14). Returns what is
 * wrong with it, or '' when it is well-formed.
 */
function malformed(r: JournalRecord): string {
  if (!isMs(r.at)) return 'its time (at) is not a number of milliseconds';
  switch (r.t) {
    case 'grant':
      if (!isText(r.handle) || !isText(r.seat) || !isText(r.pool)) return 'a grant without handle, seat or pool';
      if (!isCount(r.count)) return `a grant of ${JSON.stringify(r.count)} seats (a count is an integer from 1 to 1000000)`;
      if (!isMs(r.leaseMs) || !isMs(r.since)) return 'a grant whose lease or start is not a number of milliseconds';
      if (!Number.isSafeInteger(r.pid) || !isId(r.id)) return 'a grant whose pid or id is not an integer';
      if (![r.user, r.host, r.isv, r.product, r.version, r.reqVersion].every(isString) || !isOptText(r.isvString) || !isOptText(r.tag)) {
        return 'a grant whose names are not strings';
      }
      return '';
    case 'checkin':
    case 'reclaim':
      return isText(r.handle) && isMs(r.holdMs) ? '' : `a ${r.t} without handle or hold time`;
    case 'remove':
      return isText(r.handle) ? '' : 'a removal without handle';
    case 'release':
      return isText(r.seat) ? '' : 'a release without seat';
    case 'held':
      return isText(r.seat) && isText(r.pool) && isCount(r.count) && isMs(r.until) && isMs(r.holdMs) ? '' : 'a held seat out of type or range';
    case 'ids':
      return Number.isSafeInteger(r.next) && r.next >= 0 ? '' : 'an id counter that is not an integer';
    default:
      return '';
  }
}

/** Builds the plan one record at a time: add() each, in journal order, then finish(). */
export class RestorePlanner {
  private readonly grants = new Map<string, PlannedGrant>();
  /** seat → handles still on it */
  private readonly seatMembers = new Map<string, Set<string>>();
  private readonly held = new Map<string, HeldPlan>();
  private ignored = 0;
  private maxId = 0;
  private readonly problems: RestoreProblem[] = [];

  private note(line: number, reason: string): void {
    this.ignored++;
    if (this.problems.length < MAX_NOTED) this.problems.push({ line, reason });
  }

  private leave(handle: string): GrantRecord | undefined {
    const g = this.grants.get(handle)?.grant;
    if (!g) return undefined;
    this.grants.delete(handle);
    const members = this.seatMembers.get(g.seat);
    members?.delete(handle);
    if (members && members.size === 0) this.seatMembers.delete(g.seat);
    return g;
  }

  add(r: JournalRecord, line: number): void {
    const bad = malformed(r);
    if (bad !== '') {
      this.note(line, `record skipped: ${bad}`);
      return;
    }
    switch (r.t) {
      case 'grant': {
        if (typeof r.id === 'number') this.maxId = Math.max(this.maxId, r.id);
        if (this.grants.has(r.handle)) {
          this.note(line, 'record skipped: a second grant of a checkout already granted');
          break;
        }
        this.grants.set(r.handle, { grant: r, line });
        let members = this.seatMembers.get(r.seat);
        if (!members) {
          members = new Set();
          this.seatMembers.set(r.seat, members);
        }
        members.add(r.handle);
        break;
      }
      case 'checkin':
      case 'reclaim': {
        const g = this.leave(r.handle);
        // the end of a checkout compaction already dropped is normal after a crash; not worth a line
        if (!g) {
          this.ignored++;
          break;
        }
        if (r.holdMs > 0 && !this.seatMembers.has(g.seat)) {
          this.held.set(g.seat, { seat: g.seat, pool: g.pool, count: g.count, until: r.at + r.holdMs, holdMs: r.holdMs, line });
        }
        break;
      }
      case 'remove':
        // a revoke after a failed grant write may name a handle the journal never saw
        this.leave(r.handle);
        break;
      case 'release':
        if (!this.held.delete(r.seat)) this.ignored++;
        break;
      case 'held':
        this.held.set(r.seat, { seat: r.seat, pool: r.pool, count: r.count, until: r.until, holdMs: r.holdMs, line });
        break;
      case 'ids':
        this.maxId = Math.max(this.maxId, r.next - 1);
        break;
      case 'mark':
        break;
      default:
        this.note(line, 'record skipped: unknown type');
    }
  }

  finish(): RestorePlan {
    return { grants: [...this.grants.values()], held: [...this.held.values()], ignored: this.ignored, problems: this.problems, maxId: this.maxId };
  }
}

/** The plan of a journal held in memory (tests, tools, the shared store's replay). */
export function planRestore(records: readonly JournalRecord[]): RestorePlan {
  const p = new RestorePlanner();
  records.forEach((r, i) => p.add(r, i + 1));
  return p.finish();
}
