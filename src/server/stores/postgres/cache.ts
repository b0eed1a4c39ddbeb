// What this server knows of the shared state, for status, stat and /metrics
// (which must answer at once, and keep answering while the database is away).
// A product is replaced by the state its own transaction left (so a client
// sees its checkout in status as soon as it is answered), or re-read when
// another server's notice says it changed; a full re-read now and then and
// after an outage catches anything a lost notice missed.
import type { Clock } from '../../core/pool/types.js';
import type { StoreLink } from './link.js';
import type { LeaseRow, ProductState } from './plan.js';
import { loadAll, loadOne } from './rows.js';

export class StateCache {
  private products = new Map<string, ProductState>();
  private byHandle = new Map<string, { productKey: string; lease: LeaseRow }>();
  /** bumped by every write, so a read that started before it does not overwrite it */
  private versions = new Map<string, number>();
  private version = 0;
  /** database clock minus this machine's wall clock */
  offsetMs = 0;

  stamp(productKey?: string): number {
    return productKey === undefined ? this.version : (this.versions.get(productKey) ?? 0);
  }

  set(productKey: string, state: ProductState, readAt?: number): void {
    if (readAt !== undefined && this.stamp(productKey) > readAt) return;
    const old = this.products.get(productKey);
    for (const l of old?.leases ?? []) this.byHandle.delete(l.record.handle);
    if (state.leases.length === 0 && state.held.length === 0 && state.waiters.length === 0) this.products.delete(productKey);
    else this.products.set(productKey, state);
    for (const lease of state.leases) this.byHandle.set(lease.record.handle, { productKey, lease });
    this.versions.set(productKey, ++this.version);
  }

  /** Replaces everything read at `readAt` (cache.stamp() before the read); newer writes are kept. */
  replaceAll(products: Map<string, ProductState>, readAt: number): void {
    for (const key of [...this.products.keys()]) if (!products.has(key) && (this.versions.get(key) ?? 0) <= readAt) this.set(key, emptyState());
    for (const [key, state] of products) if ((this.versions.get(key) ?? 0) <= readAt) this.set(key, state);
  }

  productOf(handle: string): string | undefined {
    return this.byHandle.get(handle)?.productKey;
  }

  renewed(handle: string, expiresMs: number): void {
    const e = this.byHandle.get(handle);
    if (e) e.lease.expiresMs = expiresMs;
  }

  get(productKey: string): ProductState {
    return this.products.get(productKey) ?? emptyState();
  }

  /** every product's state as one (the manager keeps products apart itself) */
  all(): ProductState {
    const out = emptyState();
    for (const s of this.products.values()) {
      // one by one: spreading 100,000 leases as arguments overflows the stack
      for (const l of s.leases) out.leases.push(l);
      for (const h of s.held) out.held.push(h);
      for (const w of s.waiters) out.waiters.push(w);
    }
    out.waiters.sort((a, b) => Number(a.id) - Number(b.id));
    return out;
  }
}

function emptyState(): ProductState {
  return { leases: [], held: [], waiters: [] };
}

/** Re-reads products other servers changed (a burst of notices costs one read per product), or everything. */
export class Freshness {
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly cache: StateCache,
    private readonly link: StoreLink,
    private readonly clock: Clock,
  ) {}

  product(key: string): void {
    this.pending.add(key);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const keys = [...this.pending];
      this.pending.clear();
      void (async () => {
        for (const k of keys) {
          const stamp = this.cache.stamp();
          const r = await this.link.withClient((c) => loadOne(c, k));
          this.cache.set(k, r.state, stamp);
        }
      })().catch(() => undefined);
    }, 10);
  }

  async all(): Promise<void> {
    const stamp = this.cache.stamp();
    const r = await this.link.withClient((c) => loadAll(c));
    this.cache.offsetMs = r.nowMs - this.clock.wallMs();
    this.cache.replaceAll(r.products, stamp);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
