// The pool manager's public contract: what the transport (HTTP, WebSocket,
// start-up) hands in and gets back. The manager itself is a pure, synchronous
// state machine; everything that touches the outside world (time, randomness,
// disk, sockets) is either injected or returned as data for the caller to act on.
import type { ErrorCode } from '../../../protocol/errors.js';
import type { JournalRecord } from './records.js';

/**
 * Leases run on the monotonic clock so a wall-clock jump neither expires nor
 * extends them; wall time is only used to report times and to date journal
 * records (which must survive a restart, when the monotonic clock restarts).
 */
export interface Clock {
  monotonicMs(): number;
  wallMs(): number;
}

/** `share=UHI[:n]` (seed 002). `max: null` means any number of processes may share. */
export interface ShareSpec {
  user: boolean;
  host: boolean;
  isv: boolean;
  max: number | null;
}

/**
 * One pool of seats as start-up processing built it (licenses already combined,
 * replace/upgrade applied, only licenses valid here). `id` must be stable across
 * a reread for the same pool so existing checkouts stay attached to it.
 */
export interface PoolDef {
  id: string;
  isv: string;
  product: string;
  /** highest version served ("N.M") */
  version: string;
  count: number;
  /** pool soft limit (sum of the licenses' soft limits; a license without one counts its count) */
  softLimit: number;
  share: ShareSpec | null;
  /** seconds a seat stays in use after check-in (`hold=`), 0 = none */
  hold: number;
  /** seconds a checkout is kept at least (`min_checkout=`), 0 = none */
  minCheckout: number;
  /** seconds before an administrator may remove a checkout (`min_remove=`, default 120); -1 = never */
  minRemove: number;
  /** `_password=` or the ISV line's `password=`; null = none */
  password: string | null;
  /** ltelicense tag: a tagged pool serves only requests with the same tag */
  tag: string | null;
  /** ISO 8601 instant after which no new checkout is granted, or "permanent" */
  expiresIso: string;
  /** position in license order (seed 002: lines are tried in the order they appear) */
  order: number;
}

export interface CheckoutRequest {
  /** when given, only pools of this ISV serve the request */
  isv?: string;
  product: string;
  /** lowest version the client accepts; default "0" */
  version: string;
  /** seats asked for; default 1 */
  count: number;
  user: string;
  host: string;
  pid: number;
  /** the ISV-defined string used by `share=...I` */
  isvString?: string;
  tag?: string;
  password?: string;
  /** > 0: join the product's FIFO queue for this long when no seat is free */
  waitMs?: number;
  /** lease length asked for; bounded by the server's minimum and maximum */
  leaseMs?: number;
  /** the address the request came from, as the transport saw it (the report log's denial limiter keys on it) */
  peer?: string;
}

export interface Grant {
  kind: 'grant';
  /** the lease's key: SHA-256 (hex) of `secret` */
  handle: string;
  /**
   * The handle given to the holder, and to nobody else: 128 random bits, hex.
   * Only its hash is kept, so only the holder can renew or return the lease.
   */
  secret: string;
  /** the lease's public id (status, `remove ID`, lmstat's handle column) */
  id: number;
  poolId: string;
  isv: string;
  product: string;
  /** the version of the pool that granted (≥ the version asked for) */
  version: string;
  count: number;
  leaseMs: number;
  leaseExpiresIso: string;
  /** the checkout shares a seat with other processes (`share=`) */
  shared: boolean;
  /** usage is now past the pool's soft limit (RLM_EL_OVERSOFT): granted, with this warning */
  warning: string | null;
}

export interface Denial {
  kind: 'denial';
  /** what the client is told */
  code: ErrorCode;
  message: string;
  hint?: string;
  /**
   * The true reason, for the server's own logs. Differs from `code` only where
   * telling the client would leak something (a pool behind a password looks
   * like no such product — seed 002, `_password`).
   */
  logCode: ErrorCode;
}

export interface Queued {
  kind: 'queued';
  /** identifies the waiter until it is granted, times out or is cancelled */
  ticket: string;
  /** 1-based position in the product's queue */
  position: number;
  waitUntilIso: string;
}

export type CheckoutResult = Grant | Denial | Queued;

export type HeartbeatResult =
  | { kind: 'ok'; leaseMs: number; leaseExpiresIso: string }
  /** the checkout is gone; `reason` says why so the client can tell its user */
  | { kind: 'gone'; reason: 'removed' | 'reclaimed' | 'unknown' };

export type CheckinResult =
  | { kind: 'ok'; /** seconds the seat stays in use (hold / min_checkout), 0 = freed now */ heldForMs: number }
  /** removed or reclaimed a short while ago: its holder is told why */
  | { kind: 'gone'; reason: 'removed' | 'reclaimed' }
  | { kind: 'unknown' };

export type RemoveResult =
  | { kind: 'removed'; handle: string }
  | { kind: 'refused'; code: ErrorCode; message: string; hint?: string }
  | { kind: 'unknown' };

/**
 * What happened, in order: the transport pushes the waiter events to the
 * waiting clients and writes all of them to the report log.
 */
export type PoolEvent =
  | { type: 'checkout'; at: number; lease: LeaseInfo; overSoft: boolean; fromQueue: boolean }
  | { type: 'denial'; at: number; request: RequestInfo; code: ErrorCode; logCode: ErrorCode }
  | { type: 'queue'; at: number; ticket: string; request: RequestInfo; position: number }
  /** push to the waiting client: its wait ended with a seat */
  | { type: 'wait-granted'; at: number; ticket: string; grant: Grant }
  /** push to the waiting client: its wait ended without one */
  | { type: 'wait-timeout'; at: number; ticket: string; request: RequestInfo; denial: Denial }
  | { type: 'wait-cancelled'; at: number; ticket: string; request: RequestInfo }
  | { type: 'checkin'; at: number; lease: LeaseInfo; heldForMs: number }
  | { type: 'removal'; at: number; lease: LeaseInfo; by: string | null }
  | { type: 'reclaim'; at: number; lease: LeaseInfo; heldForMs: number }
  | { type: 'hold-release'; at: number; poolId: string; seat: string; count: number };

/** Who asked for what; `at` fields above are wall-clock ms. */
export interface RequestInfo {
  isv: string | null;
  product: string;
  version: string;
  count: number;
  user: string;
  host: string;
  pid: number;
  /** the address it came from, when the transport said */
  peer?: string;
}

export interface LeaseInfo {
  /** the lease's key (SHA-256 of its holder's handle) */
  handle: string;
  /** its public id */
  id: number;
  poolId: string;
  isv: string;
  product: string;
  /** granted version */
  version: string;
  count: number;
  user: string;
  host: string;
  pid: number;
}

/** The effects of one operation: durable records first, then notifications. */
export interface Step<T> {
  result: T;
  /** append these to the journal and wait until durable before answering anyone */
  records: JournalRecord[];
  events: PoolEvent[];
}

// ---- status snapshot ------------------------------------------------------

export interface CheckoutStatus {
  handle: string;
  id: number;
  user: string;
  host: string;
  pid: number;
  /** granted version */
  version: string;
  /** version asked for */
  requestedVersion: string;
  count: number;
  isvString: string | null;
  tag: string | null;
  sinceIso: string;
  leaseExpiresIso: string;
  /** the seat this checkout uses (several when shared) */
  seat: string;
}

export interface HeldSeatStatus {
  seat: string;
  count: number;
  untilIso: string;
}

export interface PoolStatus {
  id: string;
  isv: string;
  product: string;
  version: string;
  count: number;
  /** seats in use, held seats included */
  inUse: number;
  /** waiters that this pool could serve */
  queued: number;
  softLimit: number;
  expiresIso: string;
  share: ShareSpec | null;
  hold: number;
  minCheckout: number;
  minRemove: number;
  tag: string | null;
  hasPassword: boolean;
  /** removed by a reread but still holding checkouts; serves nothing new */
  retired: boolean;
  checkouts: CheckoutStatus[];
  held: HeldSeatStatus[];
}

export interface WaiterStatus {
  ticket: string;
  /** public id; the lease the waiter gets keeps it */
  id: number;
  /** 1-based, in the product's queue */
  position: number;
  isv: string | null;
  product: string;
  version: string;
  count: number;
  user: string;
  host: string;
  pid: number;
  tag: string | null;
  sinceIso: string;
  untilIso: string;
}

export interface QueueStatus {
  product: string;
  waiters: WaiterStatus[];
}

export interface StatusSnapshot {
  nowIso: string;
  pools: PoolStatus[];
  queues: QueueStatus[];
  totals: { pools: number; leases: number; waiters: number };
}

export interface StatusOptions {
  /** pools with a password are shown only to a request with that password... */
  password?: string;
  /** ...or to an administrator */
  includeProtected?: boolean;
  /**
   * Pool counts only: `checkouts` and `held` are left empty (and totals.leases
   * is 0). For callers that want the per-pool numbers often (the /metrics
   * gauges): walking 100,000 leases into status objects on every scrape stalls
   * the server for a second and fills its old generation.
   */
  countsOnly?: boolean;
  /** only the retired pools (a reread's orphaned checkouts), without sorting 100,000 serving ones */
  retiredOnly?: boolean;
}

/** A pool's definition and its seats now (retired pools included). */
export interface PoolCounts {
  def: PoolDef;
  inUse: number;
  /** waiters this pool could serve */
  queued: number;
}

export interface ReplaceResult {
  added: string[];
  removed: string[];
  changed: string[];
}

// ---- construction ---------------------------------------------------------

export type VersionCompare = (a: string, b: string) => number;

export interface PoolManagerOptions {
  clock: Clock;
  /** source of unguessable handles (node:crypto randomBytes in production) */
  randomBytes: (n: number) => Uint8Array;
  compareVersions?: VersionCompare;
  /** lease length when the client does not ask; default 60 000 */
  defaultLeaseMs?: number;
  /** longest lease a client may ask for; default 3 600 000 */
  maxLeaseMs?: number;
  /** shortest lease a client may ask for; default 1 000 */
  minLeaseMs?: number;
  /** longest wait a client may ask for; default 24 h */
  maxWaitMs?: number;
  /** most waiters in all queues together; default 100 000 */
  maxWaiters?: number;
  /** longest a removed or reclaimed handle is remembered for its holder's next heartbeat (else two of its lease periods); default 2 × maxLeaseMs */
  tombstoneMs?: number;
}

export interface RestoreOptions {
  /**
   * Leave out checkouts and held seats that would put more seats in use than
   * their pool has (default). A shared store replaying its own rows keeps them.
   */
  fitToPools?: boolean;
}

export interface Restorer {
  add(r: JournalRecord, line: number): void;
  finish(): RestoreReport;
}

/** What restore() made of the journal. */
export interface RestoreReport {
  leases: number;
  heldSeats: number;
  /** leases whose pool no longer exists; kept on a retired pool until they end */
  orphaned: number;
  /** checkouts and held seats left out: their pool would have had more seats in use than it has */
  overCount: number;
  /** records that made no sense (unknown handle, duplicate grant); skipped */
  ignored: number;
  /** the first problems (at most 20), each at its record: skipped records, orphaned and left-out checkouts */
  problems: { line: number; reason: string }[];
}

/**
 * The operations (implemented by PoolManager in manager.ts). Every mutating
 * operation first processes timers that are due, so its answer is right even
 * when the caller's timer fired late; `nextDeadlineMs()` tells the caller when
 * to call `advance()` next.
 */
export interface PoolManagerApi {
  checkout(req: CheckoutRequest): Step<CheckoutResult>;
  heartbeat(handle: string): Step<HeartbeatResult>;
  checkin(handle: string): Step<CheckinResult>;
  /** admin removal; refused inside `min_remove` and always when it is -1 */
  remove(handle: string, opts?: { by?: string }): Step<RemoveResult>;
  /** a waiting client went away */
  cancelWait(ticket: string): Step<boolean>;
  /** undo a grant whose journal write failed: the seat frees at once, no hold */
  revoke(handle: string): Step<boolean>;
  /** process due timers: reclaim lapsed leases, release held seats, time out waiters, serve waiters */
  advance(): Step<number>;
  /** monotonic ms of the next timer, or null when none */
  nextDeadlineMs(): number | null;
  status(opts?: StatusOptions): StatusSnapshot;
  /** every pool's seat counts, walked as they are read (no sorting, no snapshot): the /metrics gauges */
  poolCounts(): Iterable<PoolCounts>;
  /** reread: existing checkouts stay */
  replacePools(defs: readonly PoolDef[]): Step<ReplaceResult>;
  /** reread, the changes only: definitions new or changed, ids gone; the other pools stay as they are */
  updatePools(upserts: readonly PoolDef[], removed: readonly string[]): Step<ReplaceResult>;
  /** rebuild live state from journal records (call once, before serving) */
  restore(records: readonly JournalRecord[], opts?: RestoreOptions): RestoreReport;
  /** restore() one record at a time (a journal streamed from its file): add each with its line, then finish() */
  restorer(opts?: RestoreOptions): Restorer;
  /** records that rebuild the current live state (for compaction) */
  snapshotRecords(): JournalRecord[];
  /** while blocked (journal cannot write) checkouts are denied with LICUTIL_E_JOURNAL and waiters wait */
  setGrantsBlocked(reason: string | null): Step<null>;
}
