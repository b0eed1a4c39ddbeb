// The shared store's transaction logic, pure: given one product's state as the
// database holds it (leases, held seats, the global queue) and the database's
// clock, run the unchanged pool manager over it and say what to write back.
// Nothing here touches the database; the caller locks the product, loads its
// rows, calls plan(), writes the plan and commits, all in one transaction.
//
// The manager is rebuilt per transaction from the rows, so its rules (share,
// soft_limit, hold, min_checkout, tags, passwords, FIFO hand-over) are the one
// implementation both stores use. Two translations make that work:
// - a lease is restored with the time it has left as its lease length (the
//   manager's clock is the database's "now"), so a lapsed one comes due in the
//   manager's first step and is reclaimed by the manager's own rule;
// - the queue is replayed in arrival order through checkout(), so a waiter
//   whose seat is free gets it exactly as the manager's hand-over would.
import { PoolManager } from '../../core/pool/manager.js';
import type {
  CheckinResult,
  CheckoutRequest,
  CheckoutResult,
  Denial,
  Grant,
  PoolDef,
  PoolEvent,
  RemoveResult,
  Step,
  StatusOptions,
  StatusSnapshot,
} from '../../core/pool/types.js';
import type { GrantRecord, JournalRecord } from '../../core/pool/records.js';

export interface LeaseRow {
  record: GrantRecord;
  /** wall ms (database clock) the lease lapses unless renewed */
  expiresMs: number;
}

export interface HeldRow {
  seat: string;
  pool: string;
  count: number;
  untilMs: number;
  holdMs: number;
}

export interface WaiterRow {
  id: string;
  /** the server the waiting client is connected to */
  server: string;
  /** what the client asked, with the password it gave (a replay must pass the same checks) */
  request: CheckoutRequest;
  sinceMs: number;
  untilMs: number;
}

export interface ProductState {
  leases: LeaseRow[];
  held: HeldRow[];
  /** waits not yet ended, in arrival order */
  waiters: WaiterRow[];
}

export type WaiterOutcome = { kind: 'grant'; grant: Grant } | { kind: 'denial'; denial: Denial };

export type SharedOp =
  | { kind: 'checkout'; req: CheckoutRequest }
  | { kind: 'checkin'; handle: string }
  | { kind: 'remove'; handle: string; by: string }
  | { kind: 'revoke'; handle: string }
  | { kind: 'cancel'; waiterId: string }
  | { kind: 'advance' };

export type OpResult<O extends SharedOp> = O extends { kind: 'checkout' }
  ? CheckoutResult
  : O extends { kind: 'checkin' }
    ? CheckinResult
    : O extends { kind: 'remove' }
      ? RemoveResult
      : boolean;

export interface EndedLease {
  handle: string;
  /** what the holder's next heartbeat is told; null: checked in, nothing to tell */
  tomb: 'removed' | 'reclaimed' | null;
}

/** A checkout of the batch that joined the queue: its row is to be inserted. */
export interface NewWaiter {
  /** the op's index in the batch */
  index: number;
  request: CheckoutRequest;
  untilMs: number;
  /** the manager's ticket, in the op's result and its queue event until the row has an id */
  ticket: string;
}

export interface Plan {
  /** one per op, in order */
  results: unknown[];
  inserted: LeaseRow[];
  ended: EndedLease[];
  /** the product's held seats afterwards (replace the old set when heldChanged) */
  held: HeldRow[];
  heldChanged: boolean;
  /** waits this transaction ended, by waiter id */
  outcomes: { id: string; outcome: WaiterOutcome }[];
  /** waiter rows to delete: their clients withdrew (cancel ops that found them waiting) */
  cancelled: string[];
  queued: NewWaiter[];
  /** the product's state after the transaction (new waiters left out: their ids come from the insert) */
  after: ProductState;
  /** for the report log, metrics and the debug log */
  events: PoolEvent[];
}

/** One op's plan, for callers (and tests) that run one at a time. */
export interface SinglePlan<R> extends Plan {
  result: R;
}

export interface PlanContext {
  defs: readonly PoolDef[];
  /** the database's clock, wall ms */
  nowMs: number;
  randomBytes: (n: number) => Uint8Array;
  maxLeaseMs: number;
  defaultLeaseMs: number;
}

interface Replayed {
  m: PoolManager;
  /** the manager's ticket → waiter id */
  tickets: Map<string, string>;
  steps: Step<unknown>[];
  outcomes: { id: string; outcome: WaiterOutcome }[];
}

/**
 * Public ids the manager hands out in a transaction start here; the store
 * replaces them with ids from its global sequence when it writes the leases
 * (writePlan), so no two servers ever give the same id.
 */
export const PROVISIONAL_ID = 2 ** 40;

function heldRecord(h: HeldRow, at: number): JournalRecord {
  return { t: 'held', at, seat: h.seat, pool: h.pool, count: h.count, until: h.untilMs, holdMs: h.holdMs };
}

/** A lease renewed before the server's maximum was lowered may have more left than it. */
function longestLeft(max: number, leases: readonly LeaseRow[], now: number): number {
  let m = max;
  for (const l of leases) if (l.expiresMs - now > m) m = l.expiresMs - now;
  return m;
}

/** The manager over `state`, with the queue replayed; what the replay itself decided is in steps/outcomes. */
function rebuild(ctx: PlanContext, state: ProductState): Replayed {
  const now = ctx.nowMs;
  const clock = { monotonicMs: () => now, wallMs: () => now };
  const m = new PoolManager(ctx.defs, {
    clock,
    randomBytes: ctx.randomBytes,
    // restored leases carry the time they have left, which may be below any minimum (or 0: lapsed)
    minLeaseMs: 0,
    maxLeaseMs: longestLeft(ctx.maxLeaseMs, state.leases, now),
    defaultLeaseMs: ctx.defaultLeaseMs,
    maxWaitMs: Number.MAX_SAFE_INTEGER,
    maxWaiters: Number.MAX_SAFE_INTEGER,
  });
  const records: JournalRecord[] = state.leases.map((l) => ({ ...l.record, leaseMs: Math.max(0, l.expiresMs - now) }));
  for (const h of state.held) records.push(heldRecord(h, now));
  records.push({ t: 'ids', at: now, next: PROVISIONAL_ID });
  m.restore(records, { fitToPools: false });
  const tickets = new Map<string, string>();
  const steps: Step<unknown>[] = [];
  const outcomes: Replayed['outcomes'] = [];
  for (const w of state.waiters) {
    if (w.untilMs <= now) continue; // its server times it out
    const step = m.checkout({ ...w.request, waitMs: w.untilMs - now });
    steps.push(step);
    const r = step.result;
    if (r.kind === 'queued') tickets.set(r.ticket, w.id);
    else if (r.kind === 'grant') outcomes.push({ id: w.id, outcome: { kind: 'grant', grant: r } });
    else outcomes.push({ id: w.id, outcome: { kind: 'denial', denial: r } });
  }
  return { m, tickets, steps, outcomes };
}

function runOp(m: PoolManager, op: SharedOp, tickets: Map<string, string>): Step<unknown> {
  switch (op.kind) {
    case 'checkout':
      return m.checkout(op.req);
    case 'checkin':
      return m.checkin(op.handle);
    case 'remove':
      return m.remove(op.handle, { by: op.by });
    case 'revoke':
      return m.revoke(op.handle);
    case 'cancel': {
      for (const [ticket, id] of tickets) if (id === op.waiterId) return m.cancelWait(ticket);
      return { result: false, records: [], events: [] };
    }
    case 'advance':
      return m.advance();
  }
}

export function plan<O extends SharedOp>(ctx: PlanContext, state: ProductState, op: O): SinglePlan<OpResult<O>> {
  const p = planBatch(ctx, state, [op]);
  return { ...p, result: p.results[0] as OpResult<O> };
}

/**
 * Several operations on one product in one transaction (the group commit of
 * the shared store): the manager is rebuilt once and runs them in order.
 */
export function planBatch(ctx: PlanContext, state: ProductState, ops: readonly SharedOp[]): Plan {
  const now = ctx.nowMs;
  const { m, tickets, steps, outcomes } = rebuild(ctx, state);
  const replayedSteps = steps.length;
  const results: unknown[] = [];
  const queued: NewWaiter[] = [];
  const cancelled: string[] = [];
  ops.forEach((op, index) => {
    const step = runOp(m, op, tickets);
    steps.push(step);
    let r: unknown = step.result;
    if (op.kind === 'cancel') {
      r = r === true;
      if (r === true) cancelled.push(op.waiterId);
    } else if (op.kind === 'checkout' && (r as CheckoutResult).kind === 'queued') {
      const q = r as Extract<CheckoutResult, { kind: 'queued' }>;
      queued.push({ index, request: op.req, untilMs: Date.parse(q.waitUntilIso), ticket: q.ticket });
    }
    results.push(r);
  });

  const inserted = new Map<string, LeaseRow>();
  const ended: EndedLease[] = [];
  const events: PoolEvent[] = [];
  steps.forEach((step, i) => {
    for (const r of step.records) {
      if (r.t === 'grant') inserted.set(r.handle, { record: r, expiresMs: now + r.leaseMs });
      else if (r.t === 'checkin' || r.t === 'reclaim' || r.t === 'remove') {
        // granted and undone in the same transaction: never written at all
        if (inserted.delete(r.handle)) continue;
        ended.push({ handle: r.handle, tomb: r.t === 'reclaim' ? 'reclaimed' : r.t === 'remove' && r.by !== 'revoke' ? 'removed' : null });
      }
    }
    const replayed = i < replayedSteps;
    for (const e of step.events) {
      // a replayed waiter re-joins the queue it was already in: nothing new to report
      if (replayed && e.type === 'queue') continue;
      if (replayed && e.type === 'checkout') {
        events.push({ ...e, fromQueue: true });
        continue;
      }
      if (e.type === 'wait-granted' || e.type === 'wait-timeout') {
        const outcome: WaiterOutcome = e.type === 'wait-granted' ? { kind: 'grant', grant: e.grant } : { kind: 'denial', denial: e.denial };
        const id = tickets.get(e.ticket);
        if (id !== undefined) outcomes.push({ id, outcome });
        // a waiter of this very batch served within it: its op is answered at once, no row
        const k = queued.findIndex((q) => q.ticket === e.ticket);
        if (k >= 0) {
          const q = queued.splice(k, 1)[0] as NewWaiter;
          results[q.index] = outcome.kind === 'grant' ? outcome.grant : outcome.denial;
        }
      }
      events.push(e);
    }
  });

  const held: HeldRow[] = [];
  for (const r of m.snapshotRecords()) {
    if (r.t === 'held') held.push({ seat: r.seat, pool: r.pool, count: r.count, untilMs: r.until, holdMs: r.holdMs });
  }
  const sameHeld = (a: HeldRow[], b: HeldRow[]) =>
    a.length === b.length && a.every((h) => b.some((k) => k.seat === h.seat && k.untilMs === h.untilMs));
  const endedSet = new Set(ended.map((e) => e.handle));
  const endedWaits = new Set([...outcomes.map((o) => o.id), ...cancelled]);
  const after: ProductState = {
    leases: [...state.leases.filter((l) => !endedSet.has(l.record.handle)), ...inserted.values()],
    held,
    waiters: state.waiters.filter((w) => w.untilMs > now && !endedWaits.has(w.id)),
  };
  return { results, inserted: [...inserted.values()], ended, held, heldChanged: !sameHeld(held, state.held), outcomes, cancelled, queued, after, events };
}

/**
 * The status of several products' state, as the single server would show it:
 * the same manager, built over the rows. Waiters keep their store ids as
 * tickets and their own arrival times.
 */
export function statusOf(ctx: PlanContext, state: ProductState, opts: StatusOptions = {}): StatusSnapshot {
  const { m, tickets } = rebuild(ctx, state);
  const snap = m.status(opts);
  const since = new Map(state.waiters.map((w) => [w.id, w.sinceMs]));
  for (const q of snap.queues) {
    for (const w of q.waiters) {
      const id = tickets.get(w.ticket);
      if (id === undefined) continue;
      w.ticket = id;
      // a waiter's public id is its place in the store's queue, not the replay's provisional one
      w.id = Number(id);
      const s = since.get(id);
      if (s !== undefined) w.sinceIso = new Date(s).toISOString();
    }
  }
  return snap;
}
