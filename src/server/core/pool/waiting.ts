// The waiting room: a checkout that asked to wait joins its product's queue,
// leaves it when it times out or goes away, and is handed a seat as soon as
// one it fits frees up. The queues themselves (positions, per-pool heaps) are
// queue.ts; this is what the manager does with them, on the same Ledger and
// within the same Step as the operation that freed the seat.
import type { Ledger } from './leases.js';
import { WaitQueues } from './queue.js';
import { infoOf, iso } from './request.js';
import type { NormalizedRequest, PoolRt, Waiter } from './runtime.js';
import { placeIn } from './select.js';
import type { Denial, Queued } from './types.js';

export class WaitingRoom {
  readonly queues = new WaitQueues();
  private seq = 0;

  /**
   * `serving` gives the pools that can serve a request; `newHandle` an unused
   * handle (a grant to a waiter gets one, as any grant does); `counters.pumps`
   * counts the hand-overs attempted.
   */
  constructor(
    private readonly l: Ledger,
    private readonly counters: { pumps: number },
    private readonly serving: (r: NormalizedRequest) => PoolRt[],
    private readonly newHandle: () => string,
  ) {}

  enqueue(r: NormalizedRequest, ticket: string): Queued {
    const l = this.l;
    const w: Waiter = {
      tk: 'waiter',
      ticket,
      id: l.takeId(),
      seq: ++this.seq,
      req: r,
      pools: this.serving(r),
      deadlineMono: l.nowMono + r.waitMs,
      sinceWall: l.nowWall,
      untilWall: l.nowWall + r.waitMs,
      waiting: true,
    };
    const position = this.queues.add(w);
    l.timers.push(w.deadlineMono, w);
    l.ev.push({ type: 'queue', at: l.nowWall, ticket, request: infoOf(r), position });
    return { kind: 'queued', ticket, position, waitUntilIso: iso(w.untilWall) };
  }

  /** A waiting client went away; true when the ticket was waiting. */
  cancel(ticket: string): boolean {
    const w = this.queues.get(ticket);
    if (!w) return false;
    this.drop(w);
    this.l.ev.push({ type: 'wait-cancelled', at: this.l.nowWall, ticket, request: infoOf(w.req) });
    return true;
  }

  timeOut(w: Waiter): void {
    this.drop(w);
    const denial = timedOut(w.req.product, w.req.waitMs);
    this.l.ev.push({ type: 'wait-timeout', at: this.l.nowWall, ticket: w.ticket, request: infoOf(w.req), denial });
  }

  /** Hand free seats to waiters until none fits; one pool's hand-over can free others, so loop to a fixed point. */
  drain(): void {
    const dirty = this.l.dirty;
    while (dirty.size > 0) {
      const p = dirty.values().next().value as PoolRt;
      dirty.delete(p);
      this.pump(p);
    }
  }

  /** After the pools changed (start-up, reread): which pools now serve each waiter. */
  rematch(pools: Iterable<PoolRt>): void {
    this.queues.recompute(pools, (w) => this.serving(w.req));
  }

  /** After a reread's changes: the waiters of products `keys` only, and the pools they could be in (install.ts). */
  rematchProducts(keys: Iterable<string>, affected: Iterable<PoolRt>): void {
    this.queues.recomputeProducts(keys, affected, (w) => this.serving(w.req));
  }

  /**
   * After a reread: a waiter the pools of its product can no longer ever serve (it asks for
   * more seats than the largest now has) is told so now, with `why`'s denial, instead of
   * holding its place and its connection until its wait runs out (issue 14). A product gone
   * altogether keeps its waiters: a license file being replaced may bring it back.
   */
  endImpossible(keys: Iterable<string> | null, why: (w: Waiter) => Denial | null): void {
    const products = keys === null ? [...this.queues.queues()].map(([k]) => k) : [...keys];
    for (const key of products) {
      for (const w of [...(this.queues.ofProduct(key)?.values() ?? [])]) {
        if (w.pools.length > 0) continue;
        const denial = why(w);
        if (denial === null) continue;
        this.drop(w);
        this.l.ev.push({ type: 'wait-timeout', at: this.l.nowWall, ticket: w.ticket, request: infoOf(w.req), denial });
      }
    }
  }

  private drop(w: Waiter): void {
    this.queues.remove(w);
    // the waiter may have been what held these pools back
    for (const p of w.pools) this.l.dirty.add(p);
  }

  private pump(pool: PoolRt): void {
    this.counters.pumps++;
    const l = this.l;
    for (;;) {
      if (pool.retired || pool.queuedEligible === 0) return;
      if (pool.inUse >= pool.def.count && pool.shareOpen.size === 0) return;
      const w = this.queues.earliestFor(pool);
      if (!w) return;
      if (w.deadlineMono <= l.nowMono) {
        this.timeOut(w);
        continue;
      }
      const at = placeIn(pool, w.req, l.nowWall, false);
      if (!at) return;
      this.queues.remove(w);
      for (const p of w.pools) if (p !== pool) l.dirty.add(p);
      const grant = l.grant(pool, at.seat, at.shareKey, w.req, this.newHandle(), true, w.id);
      l.ev.push({ type: 'wait-granted', at: l.nowWall, ticket: w.ticket, grant });
    }
  }
}

/** What a client whose wait ran out is told (the shared store's service says the same). */
export function timedOut(product: string, waitMs: number): Denial {
  return {
    kind: 'denial',
    code: 'LICUTIL_E_TIMED_OUT',
    logCode: 'LICUTIL_E_TIMED_OUT',
    message: `no license of "${product}" became free within the wait of ${Math.round(waitMs / 1000)} s`,
    hint: 'wait longer, or see who holds the licenses with `licutil stat`',
  };
}
