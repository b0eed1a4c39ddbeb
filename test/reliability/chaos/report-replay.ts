// Replays the server's report log (one ReportEntry per line) and checks, as it
// goes, what the log says about seats and queues:
//
// - no pool ever has more seats out than it has (non-shared pools: the counts
//   of the live checkouts; shared pools: at most `count × share` checkouts);
// - a handle is granted once and ends (checkin, reclaim, removal) once;
// - waiters are served first-in first-out: no waiter that joined strictly
//   earlier (by the step's time) still waits when a waiter is granted from
//   the queue;
// - nobody jumps the queue: no direct grant on a non-shared pool while a
//   waiter that joined strictly earlier (by the step's time) still waits.
//
// The lines come from two files read as one (SplitLogTailer): grants and ends
// from report.ndjson, queue entries and exits from denials.ndjson.
//
// Ordering caveat the checks respect: operations without journal records
// (queue, most dequeues, denials) reach the log at once, while operations with
// records (grants, ends) reach it after their group commit — and a queue step
// that also carried records (a reclaim falling due at that moment) is logged
// after its commit too. So "joined earlier" compares the steps' times,
// strictly, never line order; grants and ends among themselves are in exact
// order (commit order), and so a dequeue before its queue line is waited for.
//
// At a SIGKILL the log may miss its last lines (it is written after the
// journal, without fsync). boundary() reconciles the replay with the grants
// the journal restores at the restart and counts what was missing; those are
// figures, not violations. Waiters do not survive a restart.
import type { GrantRecord } from '../../../src/server/core/pool/records.js';

export interface ReplayPool {
  id: string;
  product: string;
  count: number;
  /** share=...:n: checkouts per seat; null when not shared */
  sharePer: number | null;
}

/** The fields of a report line the replay reads (src/server/adapters/report/report-entry.ts). */
export interface ReportLine {
  time: string;
  event: string;
  handle?: string | null;
  product?: string | null;
  pool?: string;
  count?: number;
  pid?: number;
  ticket?: string;
  fromQueue?: boolean;
}

interface Waiting {
  ticket: string;
  pid: number;
  t: number;
}

export interface ReplayFigures {
  lines: number;
  checkouts: number;
  ends: number;
  fromQueue: number;
  queued: number;
  queueJumpChecks: number;
  maxOut: Record<string, number>;
  boundaries: number;
  lostStartLines: number;
  lostEndLines: number;
}

export class ReportReplay {
  readonly violations: string[] = [];
  violationCount = 0;
  readonly figures: ReplayFigures = { lines: 0, checkouts: 0, ends: 0, fromQueue: 0, queued: 0, queueJumpChecks: 0, maxOut: {}, boundaries: 0, lostStartLines: 0, lostEndLines: 0 };

  /** handles with a checkout line, and with a checkin line: what clients were told must be in the log */
  readonly checkoutLines = new Set<string>();
  readonly checkinLines = new Set<string>();

  private readonly pools: Map<string, ReplayPool>;
  private readonly active = new Map<string, { pool: string; count: number }>();
  private readonly ended = new Set<string>();
  private readonly out = new Map<string, number>();
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly earlyDequeues = new Set<string>();

  constructor(pools: readonly ReplayPool[]) {
    this.pools = new Map(pools.map((p) => [p.id, p]));
  }

  /** handles the log says are out now */
  get live(): ReadonlyMap<string, { pool: string; count: number }> {
    return this.active;
  }

  feed(e: ReportLine): void {
    this.figures.lines++;
    const t = Date.parse(e.time);
    switch (e.event) {
      case 'checkout':
        this.checkout(e, t);
        break;
      case 'checkin':
      case 'reclaim':
      case 'removal':
        this.end(e);
        break;
      case 'queue': {
        this.figures.queued++;
        if (this.earlyDequeues.delete(e.ticket ?? '')) break;
        const q = this.waiting.get(key(e.product)) ?? [];
        q.push({ ticket: e.ticket ?? '', pid: e.pid ?? -1, t });
        this.waiting.set(key(e.product), q);
        break;
      }
      case 'dequeue': {
        const q = this.waiting.get(key(e.product));
        const i = q?.findIndex((w) => w.ticket === e.ticket) ?? -1;
        if (q && i >= 0) q.splice(i, 1);
        // its queue line may still come (a queue step with journal records is logged after its commit)
        else this.earlyDequeues.add(e.ticket ?? '');
        break;
      }
      default:
        break;
    }
  }

  /** The server was killed; `restored` are the grants its successor restores from the journal. */
  boundary(restored: readonly GrantRecord[]): void {
    this.figures.boundaries++;
    // the report log names leases by public id; a grant record of an older journal may lack one
    const idOf = (g: GrantRecord) => (typeof g.id === 'number' ? String(g.id) : g.handle);
    const r = new Map(restored.map((g) => [idOf(g), g]));
    for (const [h, a] of [...this.active]) {
      if (r.has(h)) continue;
      // ended in the journal, but its end line was lost with the process
      this.figures.lostEndLines++;
      this.active.delete(h);
      this.ended.add(h);
      this.out.set(a.pool, (this.out.get(a.pool) ?? 0) - this.weight(a.pool, a.count));
    }
    for (const g of restored) {
      if (this.active.has(idOf(g))) continue;
      // granted and journaled, but its checkout line was lost with the process
      this.figures.lostStartLines++;
      this.ended.delete(idOf(g));
      this.active.set(idOf(g), { pool: g.pool, count: g.count });
      this.out.set(g.pool, (this.out.get(g.pool) ?? 0) + this.weight(g.pool, g.count));
    }
    this.waiting.clear();
    this.earlyDequeues.clear();
  }

  /** After a graceful stop with every client gone: everything granted came back. */
  finish(): void {
    if (this.earlyDequeues.size > 0) this.flag(`${this.earlyDequeues.size} dequeue(s) of tickets that never queued`);
    if (this.active.size > 0) {
      this.flag(`${this.active.size} checkout(s) never returned, reclaimed or removed: ${[...this.active.keys()].slice(0, 5).join(', ')}`);
    }
  }

  private checkout(e: ReportLine, t: number): void {
    this.figures.checkouts++;
    const h = e.handle ?? '';
    this.checkoutLines.add(h);
    const pool = e.pool ?? '';
    const def = this.pools.get(pool);
    if (this.active.has(h) || this.ended.has(h)) this.flag(`handle ${h} granted twice`);
    this.active.set(h, { pool, count: e.count ?? 1 });
    const n = (this.out.get(pool) ?? 0) + this.weight(pool, e.count ?? 1);
    this.out.set(pool, n);
    this.figures.maxOut[pool] = Math.max(this.figures.maxOut[pool] ?? 0, n);
    if (def && n > def.count * (def.sharePer ?? 1)) {
      this.flag(`pool ${pool}: ${n} ${def.sharePer ? 'checkouts' : 'seats'} out of ${def.count}${def.sharePer ? ` × ${def.sharePer}` : ''} after granting ${h} at ${e.time}`);
    }
    const q = this.waiting.get(key(e.product)) ?? [];
    if (e.fromQueue) {
      this.figures.fromQueue++;
      const i = q.findIndex((w) => w.pid === e.pid);
      const me = q[i];
      if (!me) this.flag(`grant ${h} from the queue to pid ${e.pid}, which is not waiting`);
      else {
        // strictly earlier by the steps' times: a queue step that also carried journal records
        // (a reclaim due at that moment) reaches the log after later queue steps without any
        const earlier = q.slice(0, i).filter((w) => w.t < me.t);
        if (earlier.length > 0) {
          this.flag(`FIFO: pid ${e.pid} (joined ${new Date(me.t).toISOString()}) served before ${earlier.length} earlier waiter(s) of ${e.product}, first pid ${earlier[0]?.pid} (joined ${new Date(earlier[0]?.t ?? 0).toISOString()})`);
        }
        q.splice(i, 1);
      }
    } else if (def && def.sharePer === null) {
      this.figures.queueJumpChecks++;
      const earlier = q.find((w) => w.t < t);
      if (earlier) this.flag(`queue jump: ${h} granted directly on ${pool} at ${e.time} while pid ${earlier.pid} waits since ${new Date(earlier.t).toISOString()}`);
    }
  }

  private end(e: ReportLine): void {
    this.figures.ends++;
    const h = e.handle ?? '';
    if (e.event === 'checkin') this.checkinLines.add(h);
    const a = this.active.get(h);
    if (!a) {
      this.flag(this.ended.has(h) ? `handle ${h} ended twice (${e.event})` : `${e.event} of handle ${h} that was never granted`);
      return;
    }
    this.active.delete(h);
    this.ended.add(h);
    this.out.set(a.pool, (this.out.get(a.pool) ?? 0) - this.weight(a.pool, a.count));
  }

  /** non-shared pools count seats; shared pools count checkouts against count × share */
  private weight(pool: string, count: number): number {
    return this.pools.get(pool)?.sharePer ? 1 : count;
  }

  private flag(v: string): void {
    this.violationCount++;
    if (this.violations.length < 200) this.violations.push(v);
  }
}

function key(product: string | null | undefined): string {
  return (product ?? '').toLowerCase();
}
