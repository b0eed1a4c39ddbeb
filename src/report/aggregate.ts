// The usage aggregator: events in (in time order, from any log), figures out.
// Pure: no clock, no files. Concurrency is counted from the events themselves
// (every checkout and checkin changes the level at its own instant), never by
// sampling, and time-weighted figures integrate that level over the window.
//
// Checkouts open at the ends of a log are handled on purpose, never dropped:
// - a checkin with no checkout before it (the log began while it was held)
//   counts its time from the start of that server's log (or --since) in the
//   hours, and is reported as open_at_start; it cannot raise the peak, which
//   is counted from the checkouts the log shows;
// - an RLM INUSE record at the start of a log is such a checkout made explicit:
//   it opens a seat (in the peak) without counting a checkout;
// - a checkout with no checkin by the end is counted up to the end (--until or
//   the last event) and reported as open_at_end;
// - a server that stops or starts again ends the checkouts it held then.
import type { Bucketer } from './buckets.js';
import type { UsageEvent } from './events/events.js';
import { OpenSessions, type PartyTally, type Session } from './open-sessions.js';

export interface AggregateOptions {
  since: number | null;
  until: number | null;
  /** -f: only these features (null: all) */
  features: ReadonlySet<string> | null;
  bucket: Bucketer;
}

export interface BucketTally {
  peak: number;
  seatMs: number;
  checkouts: number;
  denials: number;
}

export interface FeatureTally {
  feature: string;
  vendors: Set<string>;
  /** issued per server, latest */
  issued: Map<string, number>;
  level: number;
  /** the time the level (and buckets) were integrated up to */
  at: number;
  peak: number;
  peakAt: number | null;
  msAtPeak: number;
  seatMs: number;
  checkouts: number;
  denials: number;
  byReason: Map<string, number>;
  whileFree: number;
  retried: number;
  queued: number;
  users: Set<string>;
  /** by user and by host (null: "(unknown)"), this feature's figures */
  byUser: Map<string, PartyTally>;
  byHost: Map<string, PartyTally>;
  openAtStart: number;
  openAtEnd: number;
  endedByServer: number;
  series: Map<number, BucketTally>;
  /** the bucket last counted in: most events fall in the same one as the event before */
  lastBucket: BucketTally | null;
  lastBucketStart: number;
  /** the vendor last added to `vendors`: most events repeat it */
  lastVendor: string | null;
}

export interface AggregateResult {
  features: FeatureTally[];
  users: Map<string, Map<string, PartyTally>>;
  hosts: Map<string, Map<string, PartyTally>>;
  /** the window the figures cover (null when there were no events) */
  start: number | null;
  end: number | null;
  /** checkins that could not be attributed to any feature (small-format RLM IN with no checkout) */
  unattributed: number;
  outOfOrder: number;
}

export class UsageAggregator {
  private readonly features = new Map<string, FeatureTally>();
  private readonly open = new OpenSessions();
  /** when each log began: the start of the time of a checkin with no checkout */
  private readonly logSince = new Map<string, number>();
  /** the log of the event before: most events are of the same log */
  private lastLog: string | null = null;
  private first: number | null = null;
  private last: number | null = null;
  private unattributed = 0;
  private outOfOrder = 0;

  /** the bucket last asked for: most events fall in the same one as the event before */
  private bucketLo = Infinity;
  private bucketHi = -Infinity;

  constructor(private readonly opts: AggregateOptions) {}

  private bucketStart(t: number): number {
    if (t >= this.bucketLo && t < this.bucketHi) return this.bucketLo;
    this.bucketLo = this.opts.bucket.start(t);
    this.bucketHi = this.opts.bucket.next(this.bucketLo);
    return this.bucketLo;
  }

  /** true once events are past --until: the caller may stop reading */
  get pastUntil(): boolean {
    return this.opts.until !== null && this.last !== null && this.last > this.opts.until;
  }

  add(e: UsageEvent): void {
    let t = e.time;
    if (this.last !== null && t < this.last) {
      this.outOfOrder++;
      t = this.last;
    }
    this.last = t;
    // past --until: nothing more counts (the caller stops reading here)
    if (this.opts.until !== null && t > this.opts.until) return;
    if (this.first === null) this.first = t;
    if (e.log !== this.lastLog) {
      if (!this.logSince.has(e.log)) this.logSince.set(e.log, t);
      this.lastLog = e.log;
    }
    switch (e.kind) {
      case 'out':
      case 'inuse':
        return this.checkout(e, t);
      case 'in':
      case 'removed':
      case 'reclaimed':
        return this.checkin(e, t);
      case 'denied':
        return this.denial(e, t);
      case 'queued': {
        const f = this.tally(e);
        // a summary line of the licutil server stands for `times` queue entries
        if (f && this.inWindow(t)) f.queued += e.times;
        return;
      }
      case 'issued': {
        const f = this.tally(e);
        if (f) f.issued.set(e.server, e.count);
        return;
      }
      case 'start':
      case 'stop':
        return this.serverEnds(e.server, t);
      case 'dequeued':
      case 'mark':
        return;
    }
  }

  /** Integrates every feature to the end of the window and closes what is still open. */
  finish(): AggregateResult {
    const end = this.opts.until ?? this.last;
    const start = this.opts.since ?? this.first;
    if (end !== null) {
      for (const s of this.open.all()) {
        const f = this.features.get(s.feature);
        if (f) f.openAtEnd++;
        this.credit(s, end);
      }
      for (const f of this.features.values()) this.advance(f, end);
    }
    return {
      features: [...this.features.values()].sort((a, b) => a.feature.localeCompare(b.feature)),
      users: byParty(this.features, 'byUser'),
      hosts: byParty(this.features, 'byHost'),
      start: start === null || end === null ? null : Math.min(start, end),
      end,
      unattributed: this.unattributed,
      outOfOrder: this.outOfOrder,
    };
  }

  private inWindow(t: number): boolean {
    return (this.opts.since === null || t >= this.opts.since) && (this.opts.until === null || t <= this.opts.until);
  }

  private tally(e: UsageEvent): FeatureTally | null {
    const name = e.feature;
    if (name === null) return null;
    if (this.opts.features !== null && !this.opts.features.has(name)) return null;
    let f = this.features.get(name);
    if (!f) {
      f = {
        feature: name,
        vendors: new Set(),
        issued: new Map(),
        level: 0,
        at: e.time,
        peak: 0,
        peakAt: null,
        msAtPeak: 0,
        seatMs: 0,
        checkouts: 0,
        denials: 0,
        byReason: new Map(),
        whileFree: 0,
        retried: 0,
        queued: 0,
        users: new Set(),
        byUser: new Map(),
        byHost: new Map(),
        openAtStart: 0,
        openAtEnd: 0,
        endedByServer: 0,
        series: new Map(),
        lastBucket: null,
        lastBucketStart: NaN,
        lastVendor: null,
      };
      this.features.set(name, f);
    }
    if (e.vendor !== f.lastVendor && e.vendor !== null) {
      f.vendors.add(e.vendor);
      f.lastVendor = e.vendor;
    }
    return f;
  }

  /** Carries the feature's level from f.at to t: seat time, time at peak, bucket peaks. */
  private advance(f: FeatureTally, t: number): void {
    const lo = Math.max(f.at, this.opts.since ?? -Infinity);
    const hi = Math.min(t, this.opts.until ?? Infinity);
    if (t > f.at) f.at = t;
    if (hi < lo) return;
    const level = f.level;
    if (level > f.peak) {
      f.peak = level;
      f.peakAt = lo;
      f.msAtPeak = 0;
    }
    if (level === f.peak && level > 0) f.msAtPeak += hi - lo;
    if (level === 0) return;
    f.seatMs += level * (hi - lo);
    const b = this.opts.bucket;
    for (let s = this.bucketStart(lo); s <= hi; ) {
      const next = s === this.bucketLo ? this.bucketHi : b.next(s);
      const piece = Math.min(next, hi) - Math.max(s, lo);
      const bt = bucketOf(f, s);
      if (level > bt.peak) bt.peak = level;
      bt.seatMs += level * Math.max(0, piece);
      if (next >= hi) break;
      s = next;
    }
  }

  private setLevel(f: FeatureTally, level: number, t: number): void {
    this.advance(f, t);
    f.level = Math.max(0, level);
    if (this.inWindow(t)) {
      if (f.level > f.peak) {
        f.peak = f.level;
        f.peakAt = t;
        f.msAtPeak = 0;
      }
      const bt = bucketOf(f, this.bucketStart(t));
      if (f.level > bt.peak) bt.peak = f.level;
    }
  }

  private checkout(e: UsageEvent, t: number): void {
    const f = this.tally(e);
    if (!f) return;
    if (e.kind === 'inuse' && e.handle !== null && this.open.has(e.server, e.handle)) return; // the INUSE list at the end of a log
    const byUser = party(f.byUser, e.user);
    const byHost = party(f.byHost, e.host);
    this.open.add(this.open.make(e.server, f.feature, e.user, e.host, e.handle, e.count, t, byUser, byHost));
    this.setLevel(f, f.level + e.count, t);
    if (!this.inWindow(t)) return;
    if (e.kind === 'inuse') {
      f.openAtStart++;
      return;
    }
    f.checkouts++;
    bucketOf(f, this.bucketStart(t)).checkouts++;
    // the user's first checkout of the feature
    if (byUser.checkouts++ === 0 && e.user !== null) f.users.add(e.user);
    byHost.checkouts++;
  }

  private checkin(e: UsageEvent, t: number): void {
    let s: Session | undefined;
    let f: FeatureTally | undefined;
    if (e.handle !== null) {
      s = this.open.takeHandle(e.server, e.handle);
      if (s) f = this.features.get(s.feature);
    } else if (e.feature !== null) {
      // without a handle the checkout is on its user's tally of the feature
      f = this.features.get(e.feature);
      const p = f?.byUser.get(e.user ?? UNKNOWN);
      if (p !== undefined && p.open !== null) s = this.open.takeWho(p, e.server, e.user, e.host, e.count);
    }
    if (s) {
      if (!f) return;
      this.credit(s, t);
      this.setLevel(f, f.level - s.count, t);
      this.open.release(s);
      return;
    }
    // no checkout seen: the seat was held when this server's log began
    if (e.feature === null) {
      this.unattributed++;
      return;
    }
    f = this.tally(e) ?? undefined;
    if (!f) return;
    const since = Math.max(this.logSince.get(e.log) ?? t, this.opts.since ?? -Infinity);
    if (t < since) return;
    f.openAtStart++;
    const byUser = party(f.byUser, e.user);
    const byHost = party(f.byHost, e.host);
    const unseen = this.open.make(e.server, f.feature, e.user, e.host, null, e.count, since, byUser, byHost);
    this.credit(unseen, t, true);
    this.open.release(unseen);
  }

  private denial(e: UsageEvent, t: number): void {
    const f = this.tally(e);
    if (!f || !this.inWindow(t)) return;
    // a summary line of the licutil server stands for `times` denials
    const n = e.times;
    if (e.retried) {
      f.retried += n;
      return;
    }
    this.advance(f, t);
    f.denials += n;
    const reason = e.reason ?? 'unknown';
    f.byReason.set(reason, (f.byReason.get(reason) ?? 0) + n);
    const issued = issuedOf(f);
    if (issued !== null && f.level + e.count <= issued) f.whileFree += n;
    bucketOf(f, this.bucketStart(t)).denials += n;
    party(f.byUser, e.user).denials += n;
    party(f.byHost, e.host).denials += n;
  }

  /**
   * A server stopped or started again: whatever it still held ended now. Rare
   * (a start or stop line), so the open checkouts are walked rather than kept
   * per server on every checkout.
   */
  private serverEnds(server: string, t: number): void {
    for (const s of this.open.takeServer(server)) {
      const f = this.features.get(s.feature);
      if (!f) continue;
      this.credit(s, t);
      this.setLevel(f, f.level - s.count, t);
      if (this.inWindow(t)) f.endedByServer++;
      this.open.release(s);
    }
  }

  /**
   * The session's seat time inside the window, to its user and host. A seen
   * checkout's time is in the feature's level already; a checkin with no
   * checkout (`unseen`) adds its time to the feature here.
   */
  private credit(s: Session, end: number, unseen = false): void {
    const lo = Math.max(s.start, this.opts.since ?? -Infinity);
    const hi = Math.min(end, this.opts.until ?? Infinity);
    if (hi <= lo) return;
    const ms = (hi - lo) * s.count;
    s.byUser.ms += ms;
    s.byHost.ms += ms;
    if (unseen) {
      const f = this.features.get(s.feature);
      if (f) f.seatMs += ms;
    }
  }
}

function bucketOf(f: FeatureTally, start: number): BucketTally {
  if (start === f.lastBucketStart && f.lastBucket !== null) return f.lastBucket;
  let b = f.series.get(start);
  if (!b) f.series.set(start, (b = { peak: 0, seatMs: 0, checkouts: 0, denials: 0 }));
  f.lastBucket = b;
  f.lastBucketStart = start;
  return b;
}

/** the name of a user or host the log does not give */
const UNKNOWN = '(unknown)';

function party(map: Map<string, PartyTally>, name: string | null): PartyTally {
  const who = name ?? UNKNOWN;
  let p = map.get(who);
  if (!p) map.set(who, (p = { ms: 0, checkouts: 0, denials: 0, open: null, listed: false }));
  return p;
}

/** user (or host) → feature → figures, from the features' own tallies */
function byParty(features: ReadonlyMap<string, FeatureTally>, which: 'byUser' | 'byHost'): Map<string, Map<string, PartyTally>> {
  const out = new Map<string, Map<string, PartyTally>>();
  for (const f of features.values()) {
    for (const [name, p] of f[which]) {
      let m = out.get(name);
      if (!m) out.set(name, (m = new Map()));
      m.set(f.feature, p);
    }
  }
  return out;
}

export function issuedOf(f: FeatureTally): number | null {
  if (f.issued.size === 0) return null;
  let n = 0;
  for (const v of f.issued.values()) n += v;
  return n;
}
