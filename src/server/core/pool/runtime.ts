// The manager's live objects. A pool owns seats; a seat is `count` licenses
// held by one lease, or by several leases that share it (`share=`), or by none
// while it is held after check-in (`hold` / `min_checkout`). Counting seats,
// not leases, is what makes seed 002's sharing rule fall out naturally:
// "there is no dynamic re-combination of shared licenses done at license
// check-in time" — a seat is freed only when its own last lease ends.
import { MinHeap } from './heap.js';
import type { PoolDef } from './types.js';

export interface PoolRt {
  def: PoolDef;
  productKey: string;
  isvKey: string;
  expiresWallMs: number;
  /** licenses consumed by seats in use or held */
  inUse: number;
  seats: Map<string, Seat>;
  /** share key → seats of that key that still take members */
  shareOpen: Map<string, Set<Seat>>;
  /** waiters that this pool could serve (the pool does not take new requests past them) */
  queuedEligible: number;
  /** those waiters by arrival (seq); entries of waiters that left are dropped lazily */
  waiters: MinHeap<Waiter>;
  /** removed by a reread but still holding seats */
  retired: boolean;
}

export interface Seat {
  tk: 'seat';
  id: string;
  pool: PoolRt;
  count: number;
  shareKey: string | null;
  /** its leases, in the order they joined (see addMember) */
  members: Members;
  sinceMono: number;
  /** > 0 while the seat is held after its last lease ended */
  heldUntilMono: number;
  heldUntilWall: number;
  holdMs: number;
}

/**
 * A seat's leases. Almost every seat has one lease, held as itself: even a
 * one-element array costs ~80 bytes a seat (an array and its store: 8 MB of
 * 100,000 live leases, bench/suites/leases.ts). A few sharers are an array;
 * a seat that many processes share moves to a Set past SMALL_SEAT members, so
 * a check-in from a seat of thousands of sharers stays O(1). null: none (a
 * seat held after its last lease ended).
 */
type Members = Lease | Lease[] | Set<Lease> | null;

const SMALL_SEAT = 8;

export function memberCount(m: Members): number {
  if (m === null) return 0;
  if (Array.isArray(m)) return m.length;
  return m instanceof Set ? m.size : 1;
}

/** The seat's leases, in the order they joined. */
export function membersOf(m: Members): Iterable<Lease> {
  if (m === null) return [];
  return Array.isArray(m) || m instanceof Set ? m : [m];
}

/** The seat's first lease (the one whose user, host and ISV string its sharers match), if any. */
export function firstMember(m: Members): Lease | undefined {
  if (m === null) return undefined;
  if (Array.isArray(m)) return m[0];
  return m instanceof Set ? m.values().next().value : m;
}

export function addMember(seat: Seat, lease: Lease): void {
  const m = seat.members;
  if (m === null) seat.members = lease;
  else if (m instanceof Set) m.add(lease);
  else if (!Array.isArray(m)) seat.members = [m, lease];
  else if (m.length < SMALL_SEAT) m.push(lease);
  else seat.members = new Set([...m, lease]);
}

export function removeMember(seat: Seat, lease: Lease): void {
  const m = seat.members;
  if (m === null) return;
  if (m instanceof Set) {
    m.delete(lease);
    return;
  }
  if (!Array.isArray(m)) {
    if (m === lease) seat.members = null;
    return;
  }
  const i = m.indexOf(lease);
  if (i >= 0) m.splice(i, 1);
}

export interface Lease {
  tk: 'lease';
  handle: string;
  /** public: shown in status, taken by an admin's remove; never lets anyone act as the holder */
  id: number;
  seat: Seat;
  reqVersion: string;
  user: string;
  host: string;
  pid: number;
  isvString: string | null;
  tag: string | null;
  leaseMs: number;
  deadlineMono: number;
  sinceMono: number;
  sinceWall: number;
  active: boolean;
}

export interface NormalizedRequest {
  isv: string | null;
  isvKey: string | null;
  product: string;
  productKey: string;
  version: string;
  count: number;
  user: string;
  host: string;
  pid: number;
  isvString: string | null;
  tag: string | null;
  password: string | null;
  waitMs: number;
  leaseMs: number;
  peer: string | null;
}

export interface Waiter {
  tk: 'waiter';
  ticket: string;
  /** public id, kept by the lease the waiter gets */
  id: number;
  seq: number;
  req: NormalizedRequest;
  /** the pools that could serve it, in license order */
  pools: PoolRt[];
  deadlineMono: number;
  sinceWall: number;
  untilWall: number;
  waiting: boolean;
}

export interface Tombstone {
  tk: 'tomb';
  handle: string;
  reason: 'removed' | 'reclaimed';
  expiresMono: number;
}

export type TimerEntry = Lease | Seat | Waiter | Tombstone;

export function expiryMs(iso: string): number {
  if (iso.trim().toLowerCase() === 'permanent' || iso === '') return Number.POSITIVE_INFINITY;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

export function newPoolRt(def: PoolDef): PoolRt {
  return {
    def,
    productKey: def.product.toLowerCase(),
    isvKey: def.isv.toLowerCase(),
    expiresWallMs: expiryMs(def.expiresIso),
    inUse: 0,
    seats: new Map(),
    shareOpen: new Map(),
    queuedEligible: 0,
    waiters: new MinHeap(),
    retired: false,
  };
}

/**
 * seed 002: "If more than one is specified, all specified must match in order
 * to share the license" and "Usernames and hostnames in RLM are
 * case-insensitive". Requests for a different number of licenses never share
 * one seat.
 */
export function shareKeyOf(
  def: PoolDef,
  user: string,
  host: string,
  isvString: string | null,
  count: number,
): string | null {
  const s = def.share;
  if (!s || (!s.user && !s.host && !s.isv)) return null;
  return `${s.user ? user.toLowerCase() : ''}\u0000${s.host ? host.toLowerCase() : ''}\u0000${
    s.isv ? (isvString ?? '') : ''
  }\u0000${count}`;
}

function seatHasRoom(seat: Seat): boolean {
  if (seat.heldUntilMono > 0 || seat.shareKey === null) return false;
  const max = seat.pool.def.share?.max ?? null;
  return max === null || memberCount(seat.members) < max;
}

export function markShareRoom(seat: Seat): void {
  if (seat.shareKey === null) return;
  const pool = seat.pool;
  let set = pool.shareOpen.get(seat.shareKey);
  if (seatHasRoom(seat)) {
    if (!set) {
      set = new Set();
      pool.shareOpen.set(seat.shareKey, set);
    }
    set.add(seat);
  } else if (set) {
    set.delete(seat);
    if (set.size === 0) pool.shareOpen.delete(seat.shareKey);
  }
}

export function openSharedSeat(pool: PoolRt, key: string): Seat | undefined {
  const set = pool.shareOpen.get(key);
  if (!set) return undefined;
  for (const seat of set) return seat;
  return undefined;
}
