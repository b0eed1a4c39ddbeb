// First-in-first-out waiting. One queue per product gives positions; waiters
// are also grouped into classes of alike requests so that, when a seat frees in
// a pool, the earliest waiter that pool could serve is found by looking at the
// head of each class that pool serves — never by walking the queue.
//
// Fairness rule: a freed seat goes to the earliest waiter the pool can serve;
// if that waiter needs more seats than are free, the pool waits for more
// rather than let later, smaller requests overtake it (no starvation).
import type { NormalizedRequest, PoolRt, WaitClassRt, Waiter } from './runtime.js';

export class WaitQueues {
  /** productKey → waiters in arrival order */
  private readonly products = new Map<string, Map<string, Waiter>>();
  private readonly classes = new Map<string, WaitClassRt>();
  private readonly byTicket = new Map<string, Waiter>();

  constructor(private readonly eligiblePools: (cls: WaitClassRt) => PoolRt[]) {}

  get size(): number {
    return this.byTicket.size;
  }

  get(ticket: string): Waiter | undefined {
    return this.byTicket.get(ticket);
  }

  classFor(req: NormalizedRequest): WaitClassRt {
    const key = JSON.stringify([req.productKey, req.isvKey, req.version, req.tag, req.password]);
    let cls = this.classes.get(key);
    if (!cls) {
      cls = {
        key,
        productKey: req.productKey,
        isvKey: req.isvKey,
        version: req.version,
        tag: req.tag,
        password: req.password,
        waiters: new Map(),
        pools: [],
      };
      this.attach(cls);
    }
    return cls;
  }

  /** Appends; returns the 1-based position in the product's queue. */
  add(w: Waiter): number {
    const cls = w.cls;
    if (!this.classes.has(cls.key)) this.attach(cls);
    cls.waiters.set(w.ticket, w);
    for (const p of cls.pools) p.queuedEligible++;
    let q = this.products.get(cls.productKey);
    if (!q) {
      q = new Map();
      this.products.set(cls.productKey, q);
    }
    q.set(w.ticket, w);
    this.byTicket.set(w.ticket, w);
    return q.size;
  }

  remove(w: Waiter): void {
    if (!this.byTicket.delete(w.ticket)) return;
    w.waiting = false;
    const cls = w.cls;
    cls.waiters.delete(w.ticket);
    for (const p of cls.pools) p.queuedEligible--;
    const q = this.products.get(cls.productKey);
    if (q) {
      q.delete(w.ticket);
      if (q.size === 0) this.products.delete(cls.productKey);
    }
    if (cls.waiters.size === 0) this.detach(cls);
  }

  /** The earliest waiter `pool` could serve, or undefined. Cost: classes served by the pool. */
  earliestFor(pool: PoolRt): Waiter | undefined {
    let best: Waiter | undefined;
    for (const cls of pool.classes) {
      const head = firstOf(cls.waiters);
      if (head && (!best || head.seq < best.seq)) best = head;
    }
    return best;
  }

  /** After the pools changed (reread): work out again which pools serve which class. */
  recompute(pools: Iterable<PoolRt>): void {
    for (const p of pools) {
      p.classes.clear();
      p.queuedEligible = 0;
    }
    for (const cls of this.classes.values()) {
      cls.pools = this.eligiblePools(cls);
      for (const p of cls.pools) {
        p.classes.add(cls);
        p.queuedEligible += cls.waiters.size;
      }
    }
  }

  /** Product queues in arrival order, for status. */
  queues(): IterableIterator<[string, Map<string, Waiter>]> {
    return this.products.entries();
  }

  private attach(cls: WaitClassRt): void {
    this.classes.set(cls.key, cls);
    cls.pools = this.eligiblePools(cls);
    for (const p of cls.pools) p.classes.add(cls);
  }

  private detach(cls: WaitClassRt): void {
    this.classes.delete(cls.key);
    for (const p of cls.pools) p.classes.delete(cls);
  }
}

function firstOf<V>(m: Map<string, V>): V | undefined {
  for (const v of m.values()) return v;
  return undefined;
}
