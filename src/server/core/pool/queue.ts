// First-in-first-out waiting. One queue per product gives positions; each pool
// also keeps a min-heap (by arrival) of the waiters it could serve, so when a
// seat frees the earliest such waiter is found in O(log n) — never by walking
// the queue, however many waiters or kinds of request there are. A waiter that
// leaves stays in those heaps until it reaches the top (lazy deletion); a heap
// mostly made of departed waiters is rebuilt.
//
// Fairness rule: a freed seat goes to the earliest waiter the pool can serve;
// if that waiter needs more seats than are free, the pool waits for more
// rather than let later, smaller requests overtake it (no starvation).
import { MinHeap } from './heap.js';
import type { PoolRt, Waiter } from './runtime.js';

export class WaitQueues {
  /** productKey → waiters in arrival order */
  private readonly products = new Map<string, Map<string, Waiter>>();
  private readonly byTicket = new Map<string, Waiter>();

  get size(): number {
    return this.byTicket.size;
  }

  get(ticket: string): Waiter | undefined {
    return this.byTicket.get(ticket);
  }

  /** Appends; returns the 1-based position in the product's queue. */
  add(w: Waiter): number {
    for (const p of w.pools) {
      p.queuedEligible++;
      p.waiters.push(w.seq, w);
    }
    let q = this.products.get(w.req.productKey);
    if (!q) {
      q = new Map();
      this.products.set(w.req.productKey, q);
    }
    q.set(w.ticket, w);
    this.byTicket.set(w.ticket, w);
    return q.size;
  }

  remove(w: Waiter): void {
    if (!this.byTicket.delete(w.ticket)) return;
    w.waiting = false;
    for (const p of w.pools) {
      p.queuedEligible--;
      compactIfStale(p);
    }
    const q = this.products.get(w.req.productKey);
    if (q) {
      q.delete(w.ticket);
      if (q.size === 0) this.products.delete(w.req.productKey);
    }
  }

  /** The earliest waiter `pool` could serve, or undefined. */
  earliestFor(pool: PoolRt): Waiter | undefined {
    const heap = pool.waiters;
    for (;;) {
      const top = heap.peek();
      if (top === undefined || top.waiting) return top;
      heap.pop();
    }
  }

  /** After the pools changed (reread): work out again which pools serve each waiter. */
  recompute(pools: Iterable<PoolRt>, servingPools: (w: Waiter) => PoolRt[]): void {
    for (const p of pools) {
      p.waiters = new MinHeap();
      p.queuedEligible = 0;
    }
    for (const w of this.byTicket.values()) {
      w.pools = servingPools(w);
      for (const p of w.pools) {
        p.queuedEligible++;
        p.waiters.push(w.seq, w);
      }
    }
  }

  /**
   * After some pools changed (a reread's changes): the waiters of the products
   * `keys` are matched again, and the heaps of the `affected` pools (every pool
   * those waiters could have been or now be in) are rebuilt. Waiters of other
   * products keep their pools, which did not change.
   */
  recomputeProducts(keys: Iterable<string>, affected: Iterable<PoolRt>, servingPools: (w: Waiter) => PoolRt[]): void {
    for (const p of affected) {
      p.waiters = new MinHeap();
      p.queuedEligible = 0;
    }
    for (const key of keys) {
      for (const w of this.products.get(key)?.values() ?? []) {
        w.pools = servingPools(w);
        for (const p of w.pools) {
          p.queuedEligible++;
          p.waiters.push(w.seq, w);
        }
      }
    }
  }

  /** One product's waiters in arrival order. */
  ofProduct(key: string): Map<string, Waiter> | undefined {
    return this.products.get(key);
  }

  /** Product queues in arrival order, for status. */
  queues(): IterableIterator<[string, Map<string, Waiter>]> {
    return this.products.entries();
  }
}

/** Keeps a pool's heap from filling up with waiters that another pool served. */
function compactIfStale(p: PoolRt): void {
  const heap = p.waiters;
  if (heap.size <= 64 || heap.size <= 4 * p.queuedEligible) return;
  const live = new MinHeap<Waiter>();
  for (const w of heap.values()) if (w.waiting) live.push(w.seq, w);
  p.waiters = live;
}
