// The license service: the pool manager (pure, synchronous) joined to the
// journal (durable, asynchronous), the clock's timer and the waiting clients.
//
// Every operation follows the same order: the manager decides and returns a Step
// (records + events); the records are appended to the journal and awaited; only
// then are clients answered and waiters pushed. A grant whose records could not
// be made durable is revoked and the client is refused, so the journal never
// knows less than the clients were told. One timer, set to the manager's next
// deadline, drives advance() — there is no periodic scan.
//
// The journal group-commits the appends; the steps it makes durable together
// are acted on together: their events inside one writeBatch() (so the report
// log writes the group's lines with one write(2)), and only then are their
// callers resumed. A step without records has nothing to wait for: its events
// are acted on at once.
import { LicutilError } from '../../protocol/errors.js';
import { shuttingDown, type CheckoutOutcome, type LeaseService } from './lease-service.js';
import type { JournalStore } from './store.js';
import { writeBatch } from './write-batch.js';
import type {
  CheckinResult,
  CheckoutRequest,
  Clock,
  HeartbeatResult,
  PoolCounts,
  PoolDef,
  PoolEvent,
  PoolManagerApi,
  RemoveResult,
  ReplaceResult,
  StatusOptions,
  StatusSnapshot,
  Step,
} from './pool/types.js';
import type { DebugLog } from './debug-log.js';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface LicenseServiceOptions {
  manager: PoolManagerApi;
  journal: JournalStore;
  clock: Clock;
  log: DebugLog;
  /** every event, after its records are durable (report log, metrics, debug log) */
  onEvent?: (event: PoolEvent) => void;
  timers?: Timers;
}

/** A step whose records the journal has settled, and its caller. */
interface Committing {
  step: Step<unknown>;
  done: (durable: boolean) => void;
  durable: boolean;
}

const DURABLE: Promise<boolean> = Promise.resolve(true);

interface Waiting {
  resolve: (o: CheckoutOutcome) => void;
  signal: AbortSignal | undefined;
  startedMono: number;
}

/** A timer longer than this is re-armed; setTimeout cannot take more than 2^31-1 ms. */
const MAX_TIMER_MS = 3_600_000;

/**
 * advance() runs at most this often. With many leases their deadlines are
 * spread continuously (100,000 leases of 90 s: one every ~1 ms), and a timer per
 * deadline would fire about that often; one batch per interval costs one timer.
 * A deadline is acted on at most this late, which is nothing next to lease
 * lengths (>= 1 s) and queue waits.
 */
const MIN_TIMER_GAP_MS = 100;

export class LicenseService implements LeaseService {
  private readonly manager: PoolManagerApi;
  private readonly journal: JournalStore;
  private readonly clock: Clock;
  private readonly log: DebugLog;
  private readonly onEvent: (event: PoolEvent) => void;
  private readonly timers: Timers;
  private readonly waiting = new Map<string, Waiting>();
  /** steps appended and not yet acted on */
  private pending = 0;
  /** steps whose appends have settled, to be acted on together */
  private settled: Committing[] = [];
  /** close() waits for these: called when no step is pending */
  private idleWaiters: (() => void)[] = [];
  private timer: unknown = null;
  private timerAt: number | null = null;
  /** monotonic time of the last advance() */
  private advancedAt = Number.NEGATIVE_INFINITY;
  private blockedReason: string | null = null;
  private closed = false;

  constructor(opts: LicenseServiceOptions) {
    this.manager = opts.manager;
    this.journal = opts.journal;
    this.clock = opts.clock;
    this.log = opts.log;
    this.onEvent = opts.onEvent ?? (() => undefined);
    this.timers = opts.timers ?? realTimers;
    this.journal.onHealthChange((healthy, error) => this.onJournalHealth(healthy, error));
    this.schedule();
  }

  get journalHealthy(): boolean {
    return this.blockedReason === null;
  }

  get waitingCount(): number {
    return this.waiting.size;
  }

  /**
   * Ask for a seat. With `waitMs`, the promise stays pending while the request
   * is queued and settles the moment the manager hands it a seat or its wait
   * ends; aborting `signal` (the client hung up) withdraws it from the queue.
   */
  async checkout(req: CheckoutRequest, signal?: AbortSignal): Promise<CheckoutOutcome> {
    if (this.closed) return { kind: 'error', error: shuttingDown() };
    const startedMono = this.clock.monotonicMs();
    const step = this.manager.checkout(req);
    this.schedule();
    const result = step.result;
    if (result.kind === 'queued') {
      const outcome = new Promise<CheckoutOutcome>((resolve) => {
        this.waiting.set(result.ticket, { resolve, signal, startedMono });
      });
      if (signal?.aborted) this.withdraw(result.ticket);
      else signal?.addEventListener('abort', () => this.withdraw(result.ticket), { once: true });
      await this.commit(step);
      return outcome;
    }
    const durable = await this.commit(step);
    if (result.kind === 'denial') return { kind: 'denial', denial: result, waitedMs: 0 };
    if (!durable) return { kind: 'error', error: journalError(this.blockedReason) };
    if (signal?.aborted) {
      await this.abandon(result.handle);
      return { kind: 'cancelled' };
    }
    return { kind: 'grant', grant: result, waitedMs: 0 };
  }

  async heartbeat(handle: string): Promise<HeartbeatResult> {
    const step = this.manager.heartbeat(handle);
    this.schedule();
    await this.commit(step);
    return step.result;
  }

  /**
   * A checkin is answered even when the journal cannot record it: the seat is
   * free in memory, and after a crash the restored lease would lapse within one
   * lease period anyway. Refusing would only make the client retry a checkin
   * that already happened.
   */
  async checkin(handle: string): Promise<CheckinResult> {
    const step = this.manager.checkin(handle);
    this.schedule();
    await this.commit(step);
    return step.result;
  }

  async remove(handle: string, by: string): Promise<RemoveResult> {
    const step = this.manager.remove(handle, { by });
    this.schedule();
    await this.commit(step);
    return step.result;
  }

  async replacePools(defs: readonly PoolDef[]): Promise<ReplaceResult> {
    const step = this.manager.replacePools(defs);
    this.schedule();
    await this.commit(step);
    return step.result;
  }

  async updatePools(upserts: readonly PoolDef[], removed: readonly string[]): Promise<ReplaceResult> {
    const step = this.manager.updatePools(upserts, removed);
    this.schedule();
    await this.commit(step);
    return step.result;
  }

  status(opts?: StatusOptions): StatusSnapshot {
    return this.manager.status(opts);
  }

  poolCounts(): Iterable<PoolCounts> {
    return this.manager.poolCounts();
  }

  /** Stop serving: waiters are told the server is going down; pending journal writes finish. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearTimer();
    for (const [ticket, w] of [...this.waiting]) {
      this.waiting.delete(ticket);
      const step = this.manager.cancelWait(ticket);
      void this.commit(step);
      w.resolve({ kind: 'error', error: shuttingDown() });
    }
    while (this.pending > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  // ---- internals ----------------------------------------------------------

  /** The client hung up while waiting. */
  private withdraw(ticket: string): void {
    const w = this.waiting.get(ticket);
    if (!w) return;
    const step = this.manager.cancelWait(ticket);
    this.schedule();
    if (step.result) {
      this.waiting.delete(ticket);
      w.resolve({ kind: 'cancelled' });
    }
    // else: already granted, its records are being written; dispatch sees the abort and revokes
    void this.commit(step);
  }

  /** A seat was granted to a client that is gone: give it back at once. */
  async abandon(handle: string): Promise<void> {
    const step = this.manager.revoke(handle);
    this.schedule();
    this.log.info(`checkout ${handle} revoked: the client went away before it was answered`);
    await this.commit(step);
  }

  /** Append the step's records, wait until durable, then act on its events. Never rejects. */
  private commit<T>(step: Step<T>): Promise<boolean> {
    if (step.records.length === 0) {
      if (step.events.length > 0) writeBatch(() => this.dispatch(step.events, true));
      this.schedule();
      return DURABLE;
    }
    this.pending++;
    return new Promise<boolean>((done) => {
      this.journal.append(step.records).then(
        () => this.appended({ step, done, durable: true }),
        (e: unknown) => {
          this.block(e instanceof Error ? e.message : String(e));
          this.appended({ step, done, durable: false });
        },
      );
    });
  }

  /**
   * A group commit settles all of its appends in one go; their callbacks run
   * one after another, and the first queues the microtask that acts on them
   * all, which runs after the last.
   */
  private appended(c: Committing): void {
    this.settled.push(c);
    if (this.settled.length === 1) queueMicrotask(() => this.actOnSettled());
  }

  private actOnSettled(): void {
    const group = this.settled;
    this.settled = [];
    try {
      writeBatch(() => {
        for (const c of group) this.dispatch(c.step.events, c.durable);
      });
      this.schedule();
    } finally {
      this.pending -= group.length;
      for (const c of group) c.done(c.durable);
      if (this.pending === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private dispatch(events: readonly PoolEvent[], durable: boolean): void {
    for (const e of events) {
      if (!durable && e.type === 'checkout') {
        // the grant is not on disk: undo it before anyone is told
        const undo = this.manager.revoke(e.lease.handle);
        void this.commit(undo);
        this.log.warn(`grant ${e.lease.id} of ${e.lease.product} undone: the journal could not record it`);
        continue;
      }
      if (e.type === 'wait-granted') {
        const w = this.waiting.get(e.ticket);
        this.waiting.delete(e.ticket);
        if (!durable) {
          w?.resolve({ kind: 'error', error: journalError(this.blockedReason) });
          continue;
        }
        if (!w || w.signal?.aborted) {
          void this.abandon(e.grant.handle);
          w?.resolve({ kind: 'cancelled' });
          continue;
        }
        w.resolve({ kind: 'grant', grant: e.grant, waitedMs: this.clock.monotonicMs() - w.startedMono });
      } else if (e.type === 'wait-timeout') {
        const w = this.waiting.get(e.ticket);
        this.waiting.delete(e.ticket);
        w?.resolve({ kind: 'denial', denial: e.denial, waitedMs: this.clock.monotonicMs() - w.startedMono });
      } else if (e.type === 'wait-cancelled') {
        const w = this.waiting.get(e.ticket);
        if (w) {
          this.waiting.delete(e.ticket);
          w.resolve({ kind: 'cancelled' });
        }
      }
      try {
        this.onEvent(e);
      } catch (err) {
        this.log.error(`event listener failed on ${e.type}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private block(reason: string): void {
    if (this.blockedReason !== null) return;
    this.blockedReason = reason;
    this.log.error(`journal write failed (${reason}); refusing new grants until it recovers`);
    void this.commit(this.manager.setGrantsBlocked(`the journal cannot record grants: ${reason}`));
  }

  private onJournalHealth(healthy: boolean, error: Error | null): void {
    if (!healthy) {
      this.block(error?.message ?? 'journal unhealthy');
      return;
    }
    if (this.blockedReason === null) return;
    this.blockedReason = null;
    this.log.info('journal writes again; grants resume');
    void this.commit(this.manager.setGrantsBlocked(null));
  }

  private schedule(): void {
    if (this.closed) return;
    const next = this.manager.nextDeadlineMs();
    if (next === null) {
      this.clearTimer();
      return;
    }
    const at = Math.max(next, this.advancedAt + MIN_TIMER_GAP_MS);
    // an earlier timer already set fires first and re-arms for what is left
    if (this.timerAt !== null && this.timerAt <= at) return;
    this.clearTimer();
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(at - this.clock.monotonicMs())));
    this.timerAt = at;
    this.timer = this.timers.setTimeout(() => this.onTimer(), delay);
  }

  private onTimer(): void {
    this.timer = null;
    this.timerAt = null;
    if (this.closed) return;
    this.advancedAt = this.clock.monotonicMs();
    const step = this.manager.advance();
    void this.commit(step);
    this.schedule();
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = null;
  }
}

function journalError(reason: string | null): LicutilError {
  return new LicutilError(
    'LICUTIL_E_JOURNAL',
    `the server cannot record new checkouts right now${reason ? ` (${reason})` : ''}, so it grants none`,
    'the administrator should check the state directory (disk full? permissions?); existing checkouts are unaffected — try again later',
  );
}
