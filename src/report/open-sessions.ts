// The checkouts still open, as the aggregator (aggregate.ts) keeps them: per
// server by the log's handle or, for logs without one (FlexNet), on the
// user's own tally of the feature (PartyTally.open), a short list the checkin
// walks for the same server and host. The aggregator finds that tally on every
// checkout anyway, so a checkin costs the lookups of its feature and user and
// nothing else: no map of joined keys or nested maps per server, feature, user
// and host, whose entries were added and deleted on every checkout and checkin
// (most of the aggregator's time, bench/suites/report.ts). Sessions are
// recycled once closed, so a long log makes no object per checkout.
import { detached } from './events/intern.js';

/** a user's or host's figures for one feature */
export interface PartyTally {
  ms: number;
  checkouts: number;
  denials: number;
  /** a user's tally only: this user's open checkouts of the feature that have no handle, oldest first */
  open: Session | null;
  /** in OpenSessions' list of tallies with open checkouts */
  listed: boolean;
}

export interface Session {
  server: string;
  feature: string;
  user: string | null;
  host: string | null;
  /** the log's handle: matches a checkin to its checkout */
  handle: string | null;
  count: number;
  start: number;
  /** the user's and host's tallies for this feature, found once at the checkout */
  byUser: PartyTally;
  byHost: PartyTally;
  /** the next open checkout of the same user's list, opened later */
  next: Session | null;
}

export class OpenSessions {
  /** server → handle → session */
  private readonly byHandle = new Map<string, Map<string, Session>>();
  /** the last server asked for, and its handles: most logs are of one server */
  private lastServer: string | null = null;
  private lastHandles: Map<string, Session> | null = null;
  /** every user tally that has had an open checkout without a handle: walked when a server stops */
  private readonly lists: PartyTally[] = [];
  private free: Session | null = null;

  /** A session object: a closed one reused, or a new one. */
  make(server: string, feature: string, user: string | null, host: string | null, handle: string | null, count: number, start: number, byUser: PartyTally, byHost: PartyTally): Session {
    const s = this.free;
    if (s === null) return { server, feature, user, host, handle, count, start, byUser, byHost, next: null };
    this.free = s.next;
    s.server = server;
    s.feature = feature;
    s.user = user;
    s.host = host;
    s.handle = handle;
    s.count = count;
    s.start = start;
    s.byUser = byUser;
    s.byHost = byHost;
    s.next = null;
    return s;
  }

  /** Gives back a session taken and counted: it is reused by make(). */
  release(s: Session): void {
    s.handle = null;
    s.next = this.free;
    this.free = s;
  }

  has(server: string, handle: string): boolean {
    return this.handles(server, false)?.has(handle) ?? false;
  }

  add(s: Session): void {
    if (s.handle !== null) {
      // a handle is kept while the checkout is open: not the chunk of the log it was cut from
      s.handle = detached(s.handle);
      const handles = this.handles(s.server, true) as Map<string, Session>;
      const first = handles.get(s.handle);
      if (first === undefined) handles.set(s.handle, s);
      else append(first, s);
      return;
    }
    const p = s.byUser;
    if (p.open !== null) append(p.open, s);
    else {
      p.open = s;
      if (!p.listed) {
        p.listed = true;
        this.lists.push(p);
      }
    }
  }

  /** Takes the open checkout of a handle (the oldest, when a log reused it). */
  takeHandle(server: string, handle: string): Session | undefined {
    const handles = this.handles(server, false);
    const s = handles?.get(handle);
    if (handles === undefined || s === undefined) return undefined;
    if (s.next !== null) handles.set(handle, s.next);
    else handles.delete(handle);
    s.next = null;
    return s;
  }

  /**
   * Takes the open checkout a checkin without a handle ends, from its user's
   * list: the same user@host may hold several, the one of the checkin's count,
   * else the oldest.
   */
  takeWho(p: PartyTally, server: string, user: string | null, host: string | null, count: number): Session | undefined {
    let first: Session | null = null;
    let firstBefore: Session | null = null;
    let before: Session | null = null;
    for (let s = p.open; s !== null; before = s, s = s.next) {
      if (s.server !== server || s.host !== host || s.user !== user) continue;
      if (s.count === count) return unlink(p, before, s);
      if (first === null) {
        first = s;
        firstBefore = before;
      }
    }
    return first === null ? undefined : unlink(p, firstBefore, first);
  }

  /** Takes every checkout a server holds (it stopped or started again). */
  takeServer(server: string): Session[] {
    const out: Session[] = [];
    const handles = this.byHandle.get(server);
    if (handles !== undefined) {
      for (const first of handles.values()) for (let s: Session | null = first; s !== null; s = s.next) out.push(s);
      this.byHandle.delete(server);
      this.lastServer = null;
      this.lastHandles = null;
    }
    for (const p of this.lists) {
      let before: Session | null = null;
      for (let s = p.open; s !== null; ) {
        const next: Session | null = s.next;
        if (s.server === server) {
          unlink(p, before, s);
          out.push(s);
        } else before = s;
        s = next;
      }
    }
    return out;
  }

  /** Takes every checkout still open. */
  *all(): IterableIterator<Session> {
    const servers = new Set(this.byHandle.keys());
    for (const p of this.lists) for (let s = p.open; s !== null; s = s.next) servers.add(s.server);
    for (const server of servers) yield* this.takeServer(server);
  }

  private handles(server: string, create: boolean): Map<string, Session> | undefined {
    if (server === this.lastServer && this.lastHandles !== null) return this.lastHandles;
    let m = this.byHandle.get(server);
    if (m === undefined) {
      if (!create) return undefined;
      this.byHandle.set(server, (m = new Map()));
    }
    this.lastServer = server;
    this.lastHandles = m;
    return m;
  }
}

function append(first: Session, s: Session): void {
  let last = first;
  while (last.next !== null) last = last.next;
  last.next = s;
}

function unlink(p: PartyTally, before: Session | null, s: Session): Session {
  if (before === null) p.open = s.next;
  else before.next = s.next;
  s.next = null;
  return s;
}
