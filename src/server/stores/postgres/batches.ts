// Group commit on the shared store: the operations on one product that arrive
// while its transaction runs go together in the next one (one lock, one read,
// one commit for all), which is what keeps a product's throughput from being
// one commit's latency per operation. Products do not wait for each other.
import type { OpResult, Plan, SharedOp } from './plan.js';

/** What the caller of one operation learns once its transaction committed. */
export interface Committed<R> {
  result: R;
  /** the waiter row's id when the checkout joined the queue */
  queuedId: string | null;
  /** the database's clock at the transaction */
  nowMs: number;
}

/** One transaction over a batch of one product's operations (SharedLicenseService.commit). */
export type CommitBatch = (key: string, ops: SharedOp[]) => Promise<{ plan: Plan; ids: Map<number, string>; nowMs: number }>;

interface Pending {
  op: SharedOp;
  resolve: (d: Committed<unknown>) => void;
  reject: (e: unknown) => void;
}

/** most operations one transaction carries */
const MAX_BATCH = 64;

export class ProductBatches {
  /** per product, the operations waiting for the next transaction */
  private readonly batches = new Map<string, Pending[]>();

  constructor(private readonly commit: CommitBatch) {}

  /** Runs `op` in the next transaction on its product. */
  run<O extends SharedOp>(key: string, op: O): Promise<Committed<OpResult<O>>> {
    return new Promise((resolve, reject) => {
      let b = this.batches.get(key);
      if (!b) {
        b = [];
        this.batches.set(key, b);
        const batch = b;
        void this.drain(key, batch);
      }
      b.push({ op, resolve: resolve as (d: Committed<unknown>) => void, reject });
    });
  }

  private async drain(key: string, pending: Pending[]): Promise<void> {
    // let the operations of this turn of the event loop join the first batch
    await Promise.resolve();
    while (pending.length > 0) {
      const batch = pending.splice(0, MAX_BATCH);
      try {
        const done = await this.commit(key, batch.map((p) => p.op));
        batch.forEach((p, i) => p.resolve({ result: done.plan.results[i], queuedId: done.ids.get(i) ?? null, nowMs: done.nowMs }));
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    }
    this.batches.delete(key);
  }
}
