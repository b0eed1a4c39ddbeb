// The checkouts still open, as the aggregator (aggregate.ts) keeps them: per
// server, by the log's handle or, for logs without one (FlexNet), by feature,
// user and host. Nested maps rather than one map of joined keys: the readers
// hand over interned names (events/intern.ts), whose hashes are kept, where a
// joined key was a new string to build and hash on every checkout and checkin
// (most of the aggregator's time, bench/suites/report.ts).
import { detached } from './events/intern.js';

/** a user's or host's figures for one feature */
export interface PartyTally {
  ms: number;
  checkouts: number;
  denials: number;
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
  /** the next open checkout of the same key, opened later */
  next: Session | null;
}

/** user and host are null in the log: a key that no name can be */
const NONE = '\u0000';

/** Each key's checkouts are a chain, oldest first, from the map's entry. */
type Chains = Map<string, Session>;

class ServerOpen {
  readonly byHandle: Chains = new Map();
  /** feature → user → host → sessions */
  readonly byWho = new Map<string, Map<string, Chains>>();

  /** the map holding a key's chain (created when asked to), and the key in it */
  chains(handle: string | null, feature: string, user: string | null, create: boolean): Chains | undefined {
    if (handle !== null) return this.byHandle;
    let byUser = this.byWho.get(feature);
    if (byUser === undefined) {
      if (!create) return undefined;
      this.byWho.set(feature, (byUser = new Map()));
    }
    const who = user ?? NONE;
    let byHost = byUser.get(who);
    if (byHost === undefined && create) byUser.set(who, (byHost = new Map()));
    return byHost;
  }
}

export class OpenSessions {
  private readonly servers = new Map<string, ServerOpen>();

  has(server: string, handle: string): boolean {
    return this.servers.get(server)?.byHandle.has(handle) ?? false;
  }

  add(s: Session): void {
    // a handle is kept while the checkout is open: not the chunk of the log it was cut from
    if (s.handle !== null) s.handle = detached(s.handle);
    let o = this.servers.get(s.server);
    if (o === undefined) this.servers.set(s.server, (o = new ServerOpen()));
    const chains = o.chains(s.handle, s.feature, s.user, true) as Chains;
    const key = s.handle ?? s.host ?? NONE;
    let last = chains.get(key);
    if (last === undefined) {
      chains.set(key, s);
      return;
    }
    while (last.next !== null) last = last.next;
    last.next = s;
  }

  /**
   * Takes the open checkout a checkin ends. Without a handle (FlexNet) the same
   * user@host may hold several: the one of the checkin's count, else the oldest.
   */
  take(server: string, handle: string | null, feature: string | null, user: string | null, host: string | null, count: number): Session | undefined {
    const chains = this.servers.get(server)?.chains(handle, feature ?? NONE, user, false);
    const key = handle ?? host ?? NONE;
    const first = chains?.get(key);
    if (chains === undefined || first === undefined) return undefined;
    let s = first;
    let before: Session | null = null;
    if (handle === null) {
      while (s.count !== count && s.next !== null) {
        before = s;
        s = s.next;
      }
      if (s.count !== count) {
        s = first;
        before = null;
      }
    }
    if (before !== null) before.next = s.next;
    else if (s.next !== null) chains.set(key, s.next);
    else chains.delete(key);
    s.next = null;
    return s;
  }

  /** Takes every checkout a server holds (it stopped or started again). */
  takeServer(server: string): Session[] {
    const o = this.servers.get(server);
    if (o === undefined) return [];
    this.servers.delete(server);
    const out: Session[] = [];
    const walk = (chains: Chains) => {
      for (const first of chains.values()) for (let s: Session | null = first; s !== null; s = s.next) out.push(s);
    };
    walk(o.byHandle);
    for (const byUser of o.byWho.values()) for (const byHost of byUser.values()) walk(byHost);
    return out;
  }

  *all(): IterableIterator<Session> {
    for (const server of [...this.servers.keys()]) yield* this.takeServer(server);
  }
}
