// The license service of a server sharing its pools with others through
// PostgreSQL. Every operation that can change who holds a seat is one
// transaction: lock the product, load its rows, let the pure plan (plan.ts,
// the unchanged pool manager) decide, write the decision, commit, and only
// then answer. A client is never told of a grant the database does not hold.
//
// The queue is global: a waiter's row is in the database, whichever server its
// client is connected to. The transaction that frees a seat (on any server)
// hands it to the first waiter and notifies (NOTIFY); the waiter's own server
// hears it at once, takes the outcome and answers its client.
//
// Heartbeats renew the lease row directly, on any server. Lapsed leases and
// held seats are reclaimed by whichever server holds the reaper lock at its
// next tick (reaper.ts), or earlier by any transaction on their product.
import { LicutilError } from '../../../protocol/errors.js';
import { pooledRandomBytes } from '../../core/pool/random.js';
import { clamp, iso } from '../../core/pool/request.js';
import type {
  CheckinResult,
  CheckoutRequest,
  HeartbeatResult,
  PoolDef,
  PoolEvent,
  RemoveResult,
  ReplaceResult,
  StatusOptions,
  StatusSnapshot,
} from '../../core/pool/types.js';
import { shuttingDown, type CheckoutOutcome, type LeaseService } from '../../core/lease-service.js';
import { timedOut } from '../../core/pool/waiting.js';
import type { SharedServiceDeps } from '../../core/store.js';
import { Freshness, StateCache } from './cache.js';
import { graceAfterOutage, lockReaper } from './reaper.js';
import { storeDown } from './errors.js';
import { StoreLink, isConnectionError } from './link.js';
import { agreePools, digestOf } from './membership.js';
import { ProductBatches, type Committed } from './batches.js';
import { planBatch, statusOf, type OpResult, type Plan, type PlanContext, type SharedOp, type WaiterOutcome } from './plan.js';
import { loadLocked, lockProduct, productOfLease, renewLease, whyGone, writePlan, type ChangeNotice } from './rows.js';

const MIN_LEASE_MS = 1_000;
/** a full re-read of the shared state, for what a lost notice may have missed */
const FULL_REFRESH_MS = 5_000;

export interface SharedServiceOptions extends SharedServiceDeps {
  url: string;
  /** this server in the store's list of servers */
  serverId: string;
}

interface Waiting {
  productKey: string;
  request: CheckoutRequest;
  resolve: (o: CheckoutOutcome) => void;
  signal: AbortSignal | undefined;
  startedMono: number;
  timer: ReturnType<typeof setTimeout>;
}

export class SharedLicenseService implements LeaseService {
  readonly link: StoreLink;
  readonly id: string;
  private defs: PoolDef[] = [];
  private byProduct = new Map<string, PoolDef[]>();
  private readonly cache = new StateCache();
  private readonly waiting = new Map<string, Waiting>();
  private readonly batches = new ProductBatches((key, ops) => this.commit(key, ops));
  /** outcomes noticed before the checkout that queued them was back from its commit */
  private readonly early = new Set<string>();
  private readonly fresh: Freshness;
  private fullTimer: ReturnType<typeof setInterval> | null = null;
  private readonly randomBytes = pooledRandomBytes();
  private closed = false;

  constructor(private readonly o: SharedServiceOptions) {
    this.id = o.serverId;
    this.setDefs(o.defs);
    this.link = new StoreLink(o.url, o.log, {
      notice: (p) => this.onNotice(p),
      up: () => this.recovered(),
      down: () => o.onHealth(false),
    });
    this.fresh = new Freshness(this.cache, this.link, o.clock);
  }

  get journalHealthy(): boolean {
    return this.link.isHealthy;
  }

  get waitingCount(): number {
    return this.waiting.size;
  }

  get pools(): readonly PoolDef[] {
    return this.defs;
  }

  /** After start-up checks (open.ts): load the shared state and keep it fresh. */
  async begin(): Promise<void> {
    await this.fresh.all();
    this.fullTimer = setInterval(() => void this.fresh.all().catch(() => undefined), FULL_REFRESH_MS);
    this.fullTimer.unref();
  }

  async checkout(req: CheckoutRequest, signal?: AbortSignal): Promise<CheckoutOutcome> {
    if (this.closed) return { kind: 'error', error: shuttingDown() };
    if (!this.link.isHealthy) return { kind: 'error', error: storeDown() };
    const startedMono = this.o.clock.monotonicMs();
    const key = productKeyOf(req);
    const leaseMs = clamp(Number.isFinite(req.leaseMs) ? (req.leaseMs as number) : this.o.leaseDefaultMs, MIN_LEASE_MS, this.o.leaseMaxMs);
    const request: CheckoutRequest = { ...req, leaseMs };
    let done: Committed<OpResult<{ kind: 'checkout'; req: CheckoutRequest }>>;
    try {
      done = await this.batches.run(key, { kind: 'checkout', req: request });
    } catch (e) {
      return { kind: 'error', error: this.errorOf(e) };
    }
    const r = done.result;
    if (r.kind === 'denial') return { kind: 'denial', denial: r, waitedMs: 0 };
    if (r.kind === 'grant') {
      if (signal?.aborted) {
        await this.abandon(r.handle);
        return { kind: 'cancelled' };
      }
      return { kind: 'grant', grant: r, waitedMs: 0 };
    }
    const id = done.queuedId as string;
    const waitMs = Date.parse(r.waitUntilIso) - done.nowMs;
    const outcome = new Promise<CheckoutOutcome>((resolve) => {
      const timer = setTimeout(() => void this.endWait(id, 'timeout'), Math.max(0, waitMs));
      this.waiting.set(id, { productKey: key, request, resolve, signal, startedMono, timer });
    });
    if (signal?.aborted) void this.endWait(id, 'cancelled');
    else signal?.addEventListener('abort', () => void this.endWait(id, 'cancelled'), { once: true });
    if (this.early.delete(id)) void this.collect([id]);
    return outcome;
  }

  async heartbeat(handle: string): Promise<HeartbeatResult> {
    if (!this.link.isHealthy) throw storeDown();
    try {
      const renewed = await this.link.withClient((c) => renewLease(c, handle));
      if (renewed) {
        this.cache.renewed(handle, renewed.expiresMs);
        return { kind: 'ok', leaseMs: renewed.leaseMs, leaseExpiresIso: iso(renewed.expiresMs) };
      }
      return { kind: 'gone', reason: await this.link.withClient((c) => whyGone(c, handle)) };
    } catch (e) {
      throw this.errorOf(e);
    }
  }

  async checkin(handle: string): Promise<CheckinResult> {
    const key = await this.productOf(handle);
    if (key === null) return { kind: 'unknown' };
    return (await this.runOrThrow(key, { kind: 'checkin', handle })).result;
  }

  async remove(handle: string, by: string): Promise<RemoveResult> {
    const key = await this.productOf(handle);
    if (key === null) return { kind: 'unknown' };
    return (await this.runOrThrow(key, { kind: 'remove', handle, by })).result;
  }

  async abandon(handle: string): Promise<void> {
    this.o.log.info(`checkout ${handle} revoked: the client went away before it was answered`);
    try {
      const key = await this.productOf(handle);
      if (key !== null) await this.batches.run(key, { kind: 'revoke', handle });
    } catch (e) {
      this.o.log.warn(`checkout ${handle} could not be revoked (${e instanceof Error ? e.message : String(e)}); its lease lapses by itself`);
    }
  }

  /** A reread: our pools become the store's, and every product's queue is served again under them. */
  async replacePools(defs: readonly PoolDef[]): Promise<ReplaceResult> {
    const before = new Map(this.defs.map((d) => [d.id, digestOf(d)]));
    const after = new Map(defs.map((d) => [d.id, digestOf(d)]));
    const keys = new Set([...this.byProduct.keys()]);
    this.setDefs([...defs]);
    for (const k of this.byProduct.keys()) keys.add(k);
    try {
      await this.link.withClient((c) => agreePools(c, this.id, defs, true));
      for (const k of keys) await this.batches.run(k, { kind: 'advance' });
    } catch (e) {
      throw this.errorOf(e);
    }
    return {
      added: [...after.keys()].filter((id) => !before.has(id)),
      removed: [...before.keys()].filter((id) => !after.has(id)),
      changed: [...after.keys()].filter((id) => before.has(id) && before.get(id) !== after.get(id)),
    };
  }

  status(opts?: StatusOptions): StatusSnapshot {
    return statusOf(this.ctx(this.defs, this.o.clock.wallMs() + this.cache.offsetMs), this.cache.all(), opts);
  }

  /** Time the deadlines of the reaper's products out (reaper.ts). */
  async advance(productKey: string): Promise<void> {
    await this.batches.run(productKey, { kind: 'advance' });
  }

  /** Our waiters whose outcome was written while we may have missed the notice. */
  async sweep(): Promise<void> {
    if (this.waiting.size > 0) await this.collect([...this.waiting.keys()]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.fresh.stop();
    if (this.fullTimer) clearInterval(this.fullTimer);
    const left = [...this.waiting];
    this.waiting.clear();
    for (const [, w] of left) {
      clearTimeout(w.timer);
      w.resolve({ kind: 'error', error: shuttingDown() });
    }
    try {
      // our waiters leave the queue now, so the ones behind them are served
      const gone = await this.link.query<{ product_key: string }>(
        `DELETE FROM licutil_waiters WHERE server = $1 AND outcome IS NULL RETURNING product_key`,
        [this.id],
      );
      for (const k of new Set(gone.rows.map((r) => r.product_key))) await this.batches.run(k, { kind: 'advance' }).catch(() => undefined);
      await this.link.query(`DELETE FROM licutil_servers WHERE id = $1`, [this.id]);
    } catch {
      // the store is away: the others purge our waiters once we are silent long enough
    }
    await this.link.close();
  }

  // ---- internals ----------------------------------------------------------

  private setDefs(defs: PoolDef[]): void {
    this.defs = defs;
    this.byProduct = new Map();
    for (const d of defs) {
      const k = d.product.toLowerCase();
      const list = this.byProduct.get(k) ?? [];
      list.push(d);
      this.byProduct.set(k, list);
    }
  }

  private ctx(defs: readonly PoolDef[], nowMs: number): PlanContext {
    return { defs, nowMs, randomBytes: this.randomBytes, maxLeaseMs: this.o.leaseMaxMs, defaultLeaseMs: clamp(this.o.leaseDefaultMs, MIN_LEASE_MS, this.o.leaseMaxMs) };
  }

  private async productOf(handle: string): Promise<string | null> {
    const cached = this.cache.productOf(handle);
    if (cached !== undefined) return cached;
    try {
      return await this.link.withClient((c) => productOfLease(c, handle));
    } catch (e) {
      throw this.errorOf(e);
    }
  }

  private async runOrThrow<O extends SharedOp>(key: string, op: O): Promise<Committed<OpResult<O>>> {
    if (!this.link.isHealthy) throw storeDown();
    try {
      return await this.batches.run(key, op);
    } catch (e) {
      throw this.errorOf(e);
    }
  }

  /** One transaction on one product; then the cache and the events. */
  private async commit(key: string, ops: SharedOp[]): Promise<{ plan: Plan; ids: Map<number, string>; nowMs: number }> {
    const done = await this.link.tx(async (c) => {
      const nowMs = await lockProduct(c, key);
      const state = await loadLocked(c, key);
      const p = planBatch(this.ctx(this.byProduct.get(key) ?? [], nowMs), state, ops);
      const ids = await writePlan(c, p, { productKey: key, server: this.id, nowMs, tombstoneMs: 2 * this.o.leaseMaxMs, waiters: state.waiters });
      return { plan: p, ids, nowMs };
    });
    this.cache.offsetMs = done.nowMs - this.o.clock.wallMs();
    const { plan: p, nowMs } = done;
    const ids = new Map<number, string>();
    const byTicket = new Map<string, string>();
    p.queued.forEach((q, k) => {
      const id = done.ids[k] as string;
      ids.set(q.index, id);
      byTicket.set(q.ticket, id);
      p.after.waiters.push({ id, server: this.id, request: q.request, sinceMs: nowMs, untilMs: q.untilMs });
    });
    this.cache.set(key, p.after);
    for (const e of p.events) {
      // the waiter's own server reports how its wait ended (deliver)
      if (e.type === 'wait-granted' || e.type === 'wait-timeout') continue;
      this.emit(e.type === 'queue' ? { ...e, ticket: byTicket.get(e.ticket) ?? e.ticket } : e);
    }
    return { plan: p, ids, nowMs };
  }

  private emit(e: PoolEvent): void {
    try {
      this.o.onEvent(e);
    } catch (err) {
      this.o.log.error(`event listener failed on ${e.type}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Our client stopped waiting (`cancelled`) or its wait ran out (`timeout`). */
  private async endWait(id: string, why: 'timeout' | 'cancelled'): Promise<void> {
    const w = this.waiting.get(id);
    if (!w) return;
    let left = false;
    try {
      left = (await this.batches.run(w.productKey, { kind: 'cancel', waiterId: id })).result;
    } catch {
      left = true; // the store is away; the row goes with the purge of waiters nobody collects
    }
    if (!left) return void (await this.collect([id]));
    if (this.waiting.get(id) !== w) return;
    this.waiting.delete(id);
    clearTimeout(w.timer);
    if (why === 'cancelled') return w.resolve({ kind: 'cancelled' });
    w.resolve({ kind: 'denial', denial: timedOut(w.request.product, w.request.waitMs ?? 0), waitedMs: this.o.clock.monotonicMs() - w.startedMono });
  }

  /** Takes the outcomes of our waiters `ids` that are written, and answers their clients. */
  private async collect(ids: readonly string[]): Promise<void> {
    const known = ids.filter((id) => this.waiting.has(id));
    for (const id of ids) if (!this.waiting.has(id) && this.early.size < 10_000) this.early.add(id);
    if (known.length === 0) return;
    let rows: { id: string; outcome: WaiterOutcome }[];
    try {
      const r = await this.link.query<{ id: string; outcome: WaiterOutcome }>(
        `DELETE FROM licutil_waiters WHERE id = ANY($1::bigint[]) AND outcome IS NOT NULL RETURNING id::text, outcome`,
        [known],
      );
      rows = r.rows;
    } catch {
      return; // the sweep after recovery takes them
    }
    for (const { id, outcome } of rows) this.deliver(id, outcome);
  }

  private deliver(id: string, outcome: WaiterOutcome): void {
    const w = this.waiting.get(id);
    if (!w) {
      if (outcome.kind === 'grant') void this.abandon(outcome.grant.handle);
      return;
    }
    this.waiting.delete(id);
    clearTimeout(w.timer);
    const waitedMs = this.o.clock.monotonicMs() - w.startedMono;
    const at = this.o.clock.wallMs();
    if (outcome.kind === 'denial') {
      w.resolve({ kind: 'denial', denial: outcome.denial, waitedMs });
      return;
    }
    if (w.signal?.aborted) {
      void this.abandon(outcome.grant.handle);
      w.resolve({ kind: 'cancelled' });
      return;
    }
    this.emit({ type: 'wait-granted', at, ticket: id, grant: outcome.grant });
    w.resolve({ kind: 'grant', grant: outcome.grant, waitedMs });
  }

  private onNotice(payload: string): void {
    let n: ChangeNotice;
    try {
      n = JSON.parse(payload) as ChangeNotice;
    } catch {
      return;
    }
    if (n.s !== this.id) this.fresh.product(n.p);
    const mine = (n.w ?? []).filter(([, server]) => server === this.id).map(([id]) => id);
    if (mine.length > 0) void this.collect(mine);
  }

  private async recovered(): Promise<void> {
    // before anything is renewed or reclaimed: nobody could renew a lease while the store was away
    await this.link.tx(async (c) => {
      await lockReaper(c, true);
      await graceAfterOutage(c, this.o.log);
    });
    await this.fresh.all();
    await this.sweep();
    this.o.onHealth(true);
  }

  private errorOf(e: unknown): LicutilError {
    if (e instanceof LicutilError) return e;
    if (isConnectionError(e) || !this.link.isHealthy) return storeDown();
    const msg = e instanceof Error ? e.message : String(e);
    this.o.log.error(`shared store transaction failed: ${msg}`);
    return new LicutilError('LICUTIL_E_JOURNAL', `the shared store refused the transaction (${msg})`, 'the administrator should read the server log; try again');
  }
}

function productKeyOf(req: CheckoutRequest): string {
  return typeof req.product === 'string' ? req.product.toLowerCase() : '';
}
