// The ledger: pools, their seats and the leases on them, the deadline heap and
// the per-operation output (journal records and events). Every change to who
// holds what goes through here, so the counts and the records cannot drift
// apart. The manager decides *what* to do; the ledger does it.
import { MinHeap } from './heap.js';
import type { Lease, NormalizedRequest, PoolRt, Seat, TimerEntry, Tombstone } from './runtime.js';
import { addMember, markShareRoom, memberCount, removeMember } from './runtime.js';
import { iso, leaseInfo } from './request.js';
import type { Grant, PoolEvent } from './types.js';
import type { JournalRecord } from './records.js';
import { hashSecret } from './secret.js';

const HANDLE_BYTES = 16;

/** What a new lease is made of besides its handle and seat (its clocks are the ledger's). */
type LeaseFields = Pick<Lease, 'id' | 'reqVersion' | 'user' | 'host' | 'pid' | 'isvString' | 'tag' | 'leaseMs'>;

export class Ledger {
  /** by id, retired pools included */
  readonly pools = new Map<string, PoolRt>();
  readonly leases = new Map<string, Lease>();
  /** the same leases by public id: what `remove ID` and lmstat's handle column name */
  readonly leasesById = new Map<number, Lease>();
  /** removed or reclaimed handles, remembered so the holder's next heartbeat learns why */
  readonly tombstones = new Map<string, Tombstone>();
  readonly timers = new MinHeap<TimerEntry>();
  /** pools whose free seats may now go to waiters */
  readonly dirty = new Set<PoolRt>();

  /**
   * The next public id. Ids count up from 1 and are never given twice: the
   * journal keeps them in grant records and compaction writes this counter
   * ('ids' record), so a restart goes on from where it stopped.
   */
  nextId = 1;

  // the current operation
  nowMono = 0;
  nowWall = 0;
  rec: JournalRecord[] = [];
  ev: PoolEvent[] = [];

  constructor(
    private readonly randomBytes: (n: number) => Uint8Array,
    private readonly tombstoneMs: number,
  ) {}

  /** Unguessable: 128 random bits, hex. `taken` guards against the (astronomically unlikely) repeat. */
  newHandle(taken: (h: string) => boolean): string {
    for (;;) {
      const b = this.randomBytes(HANDLE_BYTES);
      const h = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
      if (!this.leases.has(h) && !this.tombstones.has(h) && !taken(h)) return h;
    }
  }

  /** A new public id for a lease (or a waiter, whose lease keeps it). */
  takeId(): number {
    return this.nextId++;
  }

  /** An id read back from the journal: later ids go past it. */
  noteId(id: number): void {
    if (Number.isSafeInteger(id) && id >= this.nextId) this.nextId = id + 1;
  }

  /**
   * An administrator names a lease by its handle or by its public id (decimal,
   * as status and lmstat's handle column show it). A handle is 32 hex digits,
   * so a shorter all-digit reference can only be an id.
   */
  byRef(ref: string): Lease | undefined {
    const byHandle = this.leases.get(ref);
    if (byHandle || !/^[1-9]\d{0,15}$/.test(ref)) return byHandle;
    return this.leasesById.get(Number(ref));
  }

  newSeat(pool: PoolRt, id: string, count: number, shareKey: string | null, sinceMono: number): Seat {
    const seat: Seat = {
      tk: 'seat',
      id,
      pool,
      count,
      shareKey,
      members: null,
      sinceMono,
      heldUntilMono: 0,
      heldUntilWall: 0,
      holdMs: 0,
    };
    pool.seats.set(id, seat);
    pool.inUse += count;
    return seat;
  }

  newLease(handle: string, seat: Seat, f: LeaseFields): Lease {
    const lease: Lease = {
      tk: 'lease',
      handle,
      id: f.id,
      seat,
      reqVersion: f.reqVersion,
      user: f.user,
      host: f.host,
      pid: f.pid,
      isvString: f.isvString,
      tag: f.tag,
      leaseMs: f.leaseMs,
      deadlineMono: this.nowMono + f.leaseMs,
      sinceMono: this.nowMono,
      sinceWall: this.nowWall,
      active: true,
    };
    addMember(seat, lease);
    this.leases.set(handle, lease);
    this.leasesById.set(f.id, lease);
    // one heap entry per lease: heartbeats only move deadlineMono (see fireLease)
    this.timers.push(lease.deadlineMono, lease);
    return lease;
  }

  /** A new lease for `r` on `seat` (or on a new seat of `pool`), recorded and announced. */
  grant(pool: PoolRt, seat: Seat | null, shareKey: string | null, r: NormalizedRequest, secret: string, fromQueue: boolean, id: number): Grant {
    // the lease is keyed by the hash of its holder's secret: the secret itself is kept nowhere
    const handle = hashSecret(secret);
    const s = seat ?? this.newSeat(pool, handle, r.count, shareKey, this.nowMono);
    const lease = this.newLease(handle, s, {
      id,
      reqVersion: r.version,
      user: r.user,
      host: r.host,
      pid: r.pid,
      isvString: r.isvString,
      tag: r.tag,
      leaseMs: r.leaseMs,
    });
    markShareRoom(s);
    const d = pool.def;
    // seed 002: "Once usage exceeds the soft_limit, checkout requests will return
    // the RLM_EL_OVERSOFT status instead of a 0 status."
    const overSoft = pool.inUse > d.softLimit;
    this.rec.push({
      t: 'grant',
      at: this.nowWall,
      handle,
      id,
      seat: s.id,
      pool: d.id,
      isv: d.isv,
      product: d.product,
      version: d.version,
      reqVersion: r.version,
      count: s.count,
      user: r.user,
      host: r.host,
      pid: r.pid,
      isvString: r.isvString,
      tag: r.tag,
      leaseMs: r.leaseMs,
      since: this.nowWall,
    });
    this.ev.push({ type: 'checkout', at: this.nowWall, lease: leaseInfo(lease), overSoft, fromQueue });
    return {
      kind: 'grant',
      handle,
      secret,
      id,
      poolId: d.id,
      isv: d.isv,
      product: d.product,
      version: d.version,
      count: s.count,
      leaseMs: r.leaseMs,
      leaseExpiresIso: iso(this.nowWall + r.leaseMs),
      shared: memberCount(s.members) > 1,
      warning: overSoft
        ? `${pool.inUse} licenses of "${d.product}" are in use, past the soft limit of ${d.softLimit}`
        : null,
    };
  }

  /**
   * Ends a lease. `withHold`: a check-in or lapse keeps the seat for `hold`
   * seconds, or for the rest of `min_checkout`, whichever is longer (seed 002:
   * "hold always keeps the license checked out for the specified amount of
   * time, whereas min_checkout keeps the license checked out for an additional
   * time only if the license was checked back in ... before the specified
   * minimum time"); an administrator's removal frees it at once. Returns how
   * long the seat stays in use.
   */
  endLease(lease: Lease, withHold: boolean): number {
    lease.active = false;
    this.leases.delete(lease.handle);
    this.leasesById.delete(lease.id);
    const seat = lease.seat;
    removeMember(seat, lease);
    const pool = seat.pool;
    if (memberCount(seat.members) > 0) {
      // seed 002: "there is no dynamic re-combination of shared licenses done at
      // license check-in time" — the seat stays while any sharer remains.
      markShareRoom(seat);
      this.dirty.add(pool);
      return 0;
    }
    const d = pool.def;
    const holdMs = withHold ? Math.max(d.hold * 1000, d.minCheckout * 1000 - (this.nowMono - seat.sinceMono)) : 0;
    if (holdMs > 0) {
      this.holdSeat(seat, holdMs);
      return holdMs;
    }
    this.freeSeat(seat);
    return 0;
  }

  holdSeat(seat: Seat, holdMs: number): void {
    seat.heldUntilMono = this.nowMono + holdMs;
    seat.heldUntilWall = this.nowWall + holdMs;
    seat.holdMs = holdMs;
    markShareRoom(seat);
    this.timers.push(seat.heldUntilMono, seat);
  }

  freeSeat(seat: Seat): void {
    const pool = seat.pool;
    pool.seats.delete(seat.id);
    pool.inUse -= seat.count;
    seat.heldUntilMono = 0;
    if (seat.shareKey !== null) {
      const set = pool.shareOpen.get(seat.shareKey);
      set?.delete(seat);
      if (set && set.size === 0) pool.shareOpen.delete(seat.shareKey);
    }
    if (pool.retired && pool.seats.size === 0) {
      this.pools.delete(pool.def.id);
      this.dirty.delete(pool);
      return;
    }
    this.dirty.add(pool);
  }

  /**
   * Remembers why a lease ended for two of its lease periods (at most
   * `tombstoneMs`): long enough for a live holder's next heartbeat, short
   * enough that mass reclaims do not pile up memory.
   */
  bury(lease: Lease, reason: Tombstone['reason']): void {
    this.buryKey(lease.handle, reason, lease.leaseMs);
  }

  /** bury() for a lease that never became live (one a restore left out) */
  buryKey(handle: string, reason: Tombstone['reason'], leaseMs: number): void {
    const keepMs = Math.min(this.tombstoneMs, 2 * leaseMs);
    const t: Tombstone = { tk: 'tomb', handle, reason, expiresMono: this.nowMono + keepMs };
    this.tombstones.set(handle, t);
    this.timers.push(t.expiresMono, t);
  }

  /** A lease came due. Returns 1 when it was reclaimed, 0 when a heartbeat had moved it on. */
  fireLease(lease: Lease): number {
    if (!lease.active) return 0;
    if (lease.deadlineMono > this.nowMono) {
      this.timers.push(lease.deadlineMono, lease);
      return 0;
    }
    const heldForMs = this.endLease(lease, true);
    this.bury(lease, 'reclaimed');
    this.rec.push({ t: 'reclaim', at: this.nowWall, handle: lease.handle, holdMs: heldForMs });
    this.ev.push({ type: 'reclaim', at: this.nowWall, lease: leaseInfo(lease), heldForMs });
    return 1;
  }

  /** A held seat came due. */
  fireSeat(seat: Seat): number {
    if (seat.heldUntilMono === 0 || seat.heldUntilMono > this.nowMono || seat.pool.seats.get(seat.id) !== seat) return 0;
    this.rec.push({ t: 'release', at: this.nowWall, seat: seat.id });
    this.ev.push({ type: 'hold-release', at: this.nowWall, poolId: seat.pool.def.id, seat: seat.id, count: seat.count });
    this.freeSeat(seat);
    return 1;
  }

  fireTombstone(t: Tombstone): number {
    if (this.tombstones.get(t.handle) === t) this.tombstones.delete(t.handle);
    return 0;
  }
}
