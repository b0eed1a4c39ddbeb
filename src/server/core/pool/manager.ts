// The pool manager: a synchronous state machine over pools, seats, leases and
// waiters. It never reads the clock or randomness itself (both injected), never
// does I/O, and answers every operation with a Step: the result, the journal
// records the caller must make durable before answering anyone, and the events
// to push to waiting clients and write to the report log.
//
// Cost: every operation is O(1) or O(log n) in live leases. Deadlines sit in
// one min-heap with lazy deletion (a heartbeat only moves the lease's deadline;
// the stale heap entry is re-filed when it comes due), leases are found by
// handle in a Map, pools keep their own counters, and waiters are found through
// per-pool heaps of waiters (queue.ts) — nothing walks all leases except status().
import { Ledger } from './leases.js';
import { restoreLedger, snapshotOf } from './persist.js';
import { RestorePlanner } from './restore.js';
import type { RequestBounds } from './request.js';
import { clamp, infoOf, iso, leaseInfo, normalizeRequest, rawInfoOf } from './request.js';
import type { NormalizedRequest, PoolRt, TimerEntry } from './runtime.js';
import { allInUse, selectPool, servesRequest } from './select.js';
import { buildStatus } from './status.js';
import { compactDeadlines } from './deadlines.js';
import { applyPoolChanges, installPoolDefs } from './install.js';
import { WaitingRoom } from './waiting.js';
import type {
  CheckinResult,
  CheckoutRequest,
  CheckoutResult,
  Clock,
  Denial,
  HeartbeatResult,
  PoolDef,
  PoolManagerApi,
  PoolCounts,
  PoolManagerOptions,
  RemoveResult,
  ReplaceResult,
  RequestInfo,
  RestoreOptions,
  Restorer,
  RestoreReport,
  StatusOptions,
  StatusSnapshot,
  Step,
  VersionCompare,
} from './types.js';
import type { JournalRecord } from './records.js';
import { compareVersions } from '../../../licmodel/versions.js';

export interface ManagerCounters {
  /** heap entries looked at; stays flat while nothing is due, whatever the number of leases */
  timerPops: number;
  /** pool pumps (hand-overs to waiters attempted) */
  pumps: number;
  /** times the deadline heap was rebuilt without its stale entries */
  timerCompactions: number;
}

/** The deadline heap is never rebuilt below this many entries. */
const MIN_TIMER_COMPACT = 4096;

export class PoolManager implements PoolManagerApi {
  readonly counters: ManagerCounters = { timerPops: 0, pumps: 0, timerCompactions: 0 };

  private readonly clock: Clock;
  private readonly compare: VersionCompare;
  private readonly bounds: RequestBounds;
  private readonly maxWaiters: number;
  private readonly l: Ledger;
  private readonly waiting: WaitingRoom;
  /** product key → serving pools in license order */
  private byProduct = new Map<string, PoolRt[]>();
  private blocked: string | null = null;
  /** rebuild the deadline heap when it passes this many entries */
  private timerCompactAt = MIN_TIMER_COMPACT;

  constructor(defs: readonly PoolDef[], opts: PoolManagerOptions) {
    this.clock = opts.clock;
    this.compare = opts.compareVersions ?? compareVersions;
    const maxLeaseMs = opts.maxLeaseMs ?? 3_600_000;
    const minLeaseMs = Math.min(opts.minLeaseMs ?? 1_000, maxLeaseMs);
    this.bounds = {
      maxLeaseMs,
      minLeaseMs,
      defaultLeaseMs: clamp(opts.defaultLeaseMs ?? 60_000, minLeaseMs, maxLeaseMs),
      maxWaitMs: opts.maxWaitMs ?? 86_400_000,
    };
    this.maxWaiters = opts.maxWaiters ?? 100_000;
    this.l = new Ledger(opts.randomBytes, opts.tombstoneMs ?? 2 * maxLeaseMs);
    this.waiting = new WaitingRoom(this.l, this.counters, (r) => this.poolsServing(r), () => this.newHandle());
    this.installPools(defs, null);
  }

  // ---- client operations ----------------------------------------------------

  checkout(req: CheckoutRequest): Step<CheckoutResult> {
    this.begin();
    const r = normalizeRequest(req, this.bounds);
    let result: CheckoutResult;
    if (typeof r === 'string') {
      result = this.deny(rawInfoOf(req), 'LICUTIL_E_BAD_REQUEST', 'LICUTIL_E_BAD_REQUEST', r, 'fix the request');
    } else if (this.blocked !== null) {
      result = this.deny(
        infoOf(r),
        'LICUTIL_E_JOURNAL',
        'LICUTIL_E_JOURNAL',
        `the server cannot record checkouts right now: ${this.blocked}`,
        'try again shortly; the administrator should check the disk that holds the state directory',
      );
    } else {
      const sel = selectPool(this.byProduct.get(r.productKey) ?? [], r, this.l.nowWall, this.compare);
      if (sel.kind === 'place') {
        result = this.l.grant(sel.pool, sel.seat, sel.shareKey, r, this.newHandle(), false, this.l.takeId());
      } else if (sel.kind === 'deny') {
        result = this.deny(infoOf(r), sel.code, sel.logCode, sel.message, sel.hint);
      } else if (r.waitMs > 0 && this.waiting.queues.size < this.maxWaiters) {
        result = this.waiting.enqueue(r, this.newHandle());
      } else {
        const d = allInUse(r, sel.pools);
        if (r.waitMs > 0) d.message += `; the wait queue is full (${this.maxWaiters} waiters)`;
        result = this.deny(infoOf(r), d.code, d.logCode, d.message, d.hint);
      }
    }
    return this.end(result);
  }

  heartbeat(handle: string): Step<HeartbeatResult> {
    this.begin();
    // by key (the holder) or by public id (an administrator: the HTTP route lets only those through)
    const lease = this.l.byRef(handle);
    let result: HeartbeatResult;
    if (lease) {
      lease.deadlineMono = this.l.nowMono + lease.leaseMs;
      result = { kind: 'ok', leaseMs: lease.leaseMs, leaseExpiresIso: iso(this.l.nowWall + lease.leaseMs) };
    } else {
      result = { kind: 'gone', reason: this.l.tombstones.get(handle)?.reason ?? 'unknown' };
    }
    return this.end(result);
  }

  checkin(handle: string): Step<CheckinResult> {
    this.begin();
    const lease = this.l.leases.get(handle);
    const ended = lease ? undefined : this.l.tombstones.get(handle);
    let result: CheckinResult = ended ? { kind: 'gone', reason: ended.reason } : { kind: 'unknown' };
    if (lease) {
      const heldForMs = this.l.endLease(lease, true);
      this.l.rec.push({ t: 'checkin', at: this.l.nowWall, handle, holdMs: heldForMs });
      this.l.ev.push({ type: 'checkin', at: this.l.nowWall, lease: leaseInfo(lease), heldForMs });
      result = { kind: 'ok', heldForMs };
    }
    return this.end(result);
  }

  cancelWait(ticket: string): Step<boolean> {
    this.begin();
    return this.end(this.waiting.cancel(ticket));
  }

  // ---- administration -------------------------------------------------------

  remove(ref: string, opts: { by?: string } = {}): Step<RemoveResult> {
    this.begin();
    const lease = this.l.byRef(ref);
    // the record names the lease by its handle, whatever the administrator typed
    const handle = lease?.handle ?? ref;
    let result: RemoveResult = { kind: 'unknown' };
    if (lease) {
      const def = lease.seat.pool.def;
      const ageSec = Math.floor((this.l.nowMono - lease.sinceMono) / 1000);
      if (def.minRemove < 0) {
        // seed 002: "If min_remove is set to -1, then rlmremove ... is disabled on this license."
        result = {
          kind: 'refused',
          code: 'LICUTIL_E_REMOVE_DISABLED',
          message: `the license of "${def.product}" has min_remove=-1: its checkouts cannot be removed`,
          hint: 'ask the holder to check it in; if the client is gone its lease lapses by itself',
        };
      } else if (ageSec < def.minRemove) {
        result = {
          kind: 'refused',
          code: 'LICUTIL_E_REMOVE_REFUSED',
          message: `checkout ${handle} is ${ageSec} s old; min_remove=${def.minRemove} allows removal after ${def.minRemove} s`,
          hint: `try again in ${def.minRemove - ageSec} s`,
        };
      } else {
        const by = opts.by ?? null;
        this.l.endLease(lease, false);
        this.l.bury(lease, 'removed');
        this.l.rec.push({ t: 'remove', at: this.l.nowWall, handle, by });
        this.l.ev.push({ type: 'removal', at: this.l.nowWall, lease: leaseInfo(lease), by });
        result = { kind: 'removed', handle };
      }
    }
    return this.end(result);
  }

  revoke(handle: string): Step<boolean> {
    this.begin();
    const lease = this.l.leases.get(handle);
    if (lease) {
      this.l.endLease(lease, false);
      this.l.rec.push({ t: 'remove', at: this.l.nowWall, handle, by: 'revoke' });
      this.l.ev.push({ type: 'removal', at: this.l.nowWall, lease: leaseInfo(lease), by: 'revoke' });
    }
    return this.end(lease !== undefined);
  }

  advance(): Step<number> {
    const fired = this.begin();
    return this.end(fired);
  }

  nextDeadlineMs(): number | null {
    return this.l.timers.peekKey() ?? null;
  }

  /** Entries in the deadline heap, stale ones included (bounded: see compactTimers). */
  get timerEntries(): number {
    return this.l.timers.size;
  }

  setGrantsBlocked(reason: string | null): Step<null> {
    this.begin();
    const was = this.blocked;
    this.blocked = reason;
    if (was !== null && reason === null) for (const p of this.l.pools.values()) this.l.dirty.add(p);
    return this.end(null);
  }

  get grantsBlocked(): string | null {
    return this.blocked;
  }

  status(opts: StatusOptions = {}): StatusSnapshot {
    return buildStatus({
      pools: this.l.pools.values(),
      queues: this.waiting.queues,
      nowMono: this.clock.monotonicMs(),
      nowWall: this.clock.wallMs(),
      opts,
    });
  }

  *poolCounts(): Generator<PoolCounts> {
    for (const p of this.l.pools.values()) yield { def: p.def, inUse: p.inUse, queued: p.queuedEligible };
  }

  replacePools(defs: readonly PoolDef[]): Step<ReplaceResult> {
    this.begin();
    const result: ReplaceResult = { added: [], removed: [], changed: [] };
    this.installPools(defs, result);
    return this.end(result);
  }

  updatePools(upserts: readonly PoolDef[], removed: readonly string[]): Step<ReplaceResult> {
    this.begin();
    const result: ReplaceResult = { added: [], removed: [], changed: [] };
    const touched = new Set<PoolRt>();
    const { keys, affected } = applyPoolChanges(this.l.pools, this.byProduct, upserts, removed, result, touched);
    this.waiting.rematchProducts(keys, affected);
    this.waiting.endImpossible(keys, (w) => this.neverServed(w.req));
    for (const p of touched) this.l.dirty.add(p);
    return this.end(result);
  }

  // ---- persistence ----------------------------------------------------------

  restore(records: readonly JournalRecord[], opts: RestoreOptions = {}): RestoreReport {
    const r = this.restorer(opts);
    records.forEach((rec, i) => r.add(rec, i + 1));
    return r.finish();
  }

  restorer(opts: RestoreOptions = {}): Restorer {
    const planner = new RestorePlanner();
    return {
      add: (r, line) => planner.add(r, line),
      finish: () => {
        this.l.nowMono = this.clock.monotonicMs();
        this.l.nowWall = this.clock.wallMs();
        const report = restoreLedger(this.l, planner.finish(), { ...this.bounds, fitToPools: opts.fitToPools ?? true });
        this.l.dirty.clear();
        return report;
      },
    };
  }

  snapshotRecords(): JournalRecord[] {
    return snapshotOf(this.l, this.clock.monotonicMs(), this.clock.wallMs());
  }

  // ---- steps and timers -----------------------------------------------------

  /** Starts an operation: read the clocks once, then process every timer that is due. */
  private begin(): number {
    const l = this.l;
    l.nowMono = this.clock.monotonicMs();
    l.nowWall = this.clock.wallMs();
    l.rec = [];
    l.ev = [];
    let fired = 0;
    for (;;) {
      const k = l.timers.peekKey();
      if (k === undefined || k > l.nowMono) break;
      const e = l.timers.pop() as TimerEntry;
      this.counters.timerPops++;
      fired += this.fire(e);
    }
    return fired;
  }

  private end<T>(result: T): Step<T> {
    // while grants are blocked, waiters keep waiting
    if (this.blocked === null) this.waiting.drain();
    if (this.l.timers.size > this.timerCompactAt) this.compactTimers();
    return { result, records: this.l.rec, events: this.l.ev };
  }

  /** Drops the heap's stale entries once it has doubled since the last rebuild (see compactDeadlines). */
  private compactTimers(): void {
    compactDeadlines(this.l.timers, this.l.tombstones);
    this.counters.timerCompactions++;
    this.timerCompactAt = Math.max(MIN_TIMER_COMPACT, 2 * this.l.timers.size);
  }

  private fire(e: TimerEntry): number {
    switch (e.tk) {
      case 'lease':
        return this.l.fireLease(e);
      case 'seat':
        return this.l.fireSeat(e);
      case 'tomb':
        return this.l.fireTombstone(e);
      case 'waiter':
        if (!e.waiting) return 0;
        this.waiting.timeOut(e);
        return 1;
    }
  }

  private newHandle(): string {
    return this.l.newHandle((h) => this.waiting.queues.get(h) !== undefined);
  }

  // ---- pools ----------------------------------------------------------------

  /**
   * The pools a waiter waits on: those that serve it and are large enough for it. A pool
   * smaller than the request could never hand it a seat, and its waiter would sit at the
   * head of that pool's queue holding back every smaller request behind it (issue 14).
   */
  private poolsServing(r: NormalizedRequest): PoolRt[] {
    return (this.byProduct.get(r.productKey) ?? []).filter((p) => p.def.count >= r.count && servesRequest(p, r, this.compare));
  }

  /** Why the pools now can never serve `r` (more seats than the largest has), or null. */
  private neverServed(r: NormalizedRequest): Denial | null {
    const sel = selectPool(this.byProduct.get(r.productKey) ?? [], r, this.l.nowWall, this.compare);
    if (sel.kind !== 'deny' || sel.code !== 'LICUTIL_E_COUNT_TOO_HIGH') return null;
    return { kind: 'denial', code: sel.code, logCode: sel.logCode, message: sel.message, hint: sel.hint };
  }

  /** Start-up and reread (install.ts); the waiters are then matched to the pools that now serve them. */
  private installPools(defs: readonly PoolDef[], diff: ReplaceResult | null): void {
    const pools = this.l.pools;
    const touched = new Set<PoolRt>();
    this.byProduct = installPoolDefs(pools, defs, diff, touched);
    this.waiting.rematch(pools.values());
    this.waiting.endImpossible(null, (w) => this.neverServed(w.req));
    for (const p of touched) this.l.dirty.add(p);
  }

  private deny(request: RequestInfo, code: Denial['code'], logCode: Denial['logCode'], message: string, hint: string): Denial {
    this.l.ev.push({ type: 'denial', at: this.l.nowWall, request, code, logCode });
    return { kind: 'denial', code, message, hint, logCode };
  }
}
