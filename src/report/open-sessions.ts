// The checkouts still open, as the aggregator (aggregate.ts) keeps them: per
// server, by the log's handle or, for logs without one (FlexNet), by feature,
// user and host. Nested maps rather than one map of joined keys: the readers
// hand over interned names (events/intern.ts), whose hashes are kept, where a
// joined key was a new string to build and hash on every checkout and checkin
// (most of the aggregator's time, bench/suites/report.ts).
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
}

/** user and host are null in the log: a key that no name can be */
const NONE = '\u0000';

class ServerOpen {
  readonly byHandle = new Map<string, Session[]>();
  /** feature → user → host → sessions, oldest first */
  readonly byWho = new Map<string, Map<string, Map<string, Session[]>>>();
}

export class OpenSessions {
  private readonly servers = new Map<string, ServerOpen>();

  has(server: string, handle: string): boolean {
    return this.servers.get(server)?.byHandle.has(handle) ?? false;
  }

  add(s: Session): void {
    const list = this.list(s.server, s.handle, s.feature, s.user, s.host, true) as Session[];
    list.push(s);
  }

  /**
   * Takes the open checkout a checkin ends. Without a handle (FlexNet) the same
   * user@host may hold several: the one of the checkin's count, else the oldest.
   */
  take(server: string, handle: string | null, feature: string | null, user: string | null, host: string | null, count: number): Session | undefined {
    const list = this.list(server, handle, feature ?? NONE, user, host, false);
    if (list === undefined || list.length === 0) return undefined;
    let at = 0;
    if (handle === null) {
      while (at < list.length && (list[at] as Session).count !== count) at++;
      if (at === list.length) at = 0;
    }
    const s = list.length === 1 ? (list.pop() as Session) : (list.splice(at, 1)[0] as Session);
    if (list.length === 0) this.forget(server, s);
    return s;
  }

  /** Takes every checkout a server holds (it stopped or started again), in the order they were opened per key. */
  takeServer(server: string): Session[] {
    const o = this.servers.get(server);
    if (o === undefined) return [];
    this.servers.delete(server);
    const out: Session[] = [];
    for (const list of o.byHandle.values()) out.push(...list);
    for (const byUser of o.byWho.values()) for (const byHost of byUser.values()) for (const list of byHost.values()) out.push(...list);
    return out;
  }

  *all(): IterableIterator<Session> {
    for (const server of [...this.servers.keys()]) yield* this.takeServer(server);
  }

  private list(server: string, handle: string | null, feature: string, user: string | null, host: string | null, create: boolean): Session[] | undefined {
    let o = this.servers.get(server);
    if (o === undefined) {
      if (!create) return undefined;
      this.servers.set(server, (o = new ServerOpen()));
    }
    let list: Session[] | undefined;
    if (handle !== null) {
      list = o.byHandle.get(handle);
      if (list === undefined && create) o.byHandle.set(handle, (list = []));
      return list;
    }
    let byUser = o.byWho.get(feature);
    if (byUser === undefined) {
      if (!create) return undefined;
      o.byWho.set(feature, (byUser = new Map()));
    }
    let byHost = byUser.get(user ?? NONE);
    if (byHost === undefined) {
      if (!create) return undefined;
      byUser.set(user ?? NONE, (byHost = new Map()));
    }
    list = byHost.get(host ?? NONE);
    if (list === undefined && create) byHost.set(host ?? NONE, (list = []));
    return list;
  }

  /** drops the emptied list of a session's key (handles are new with every checkout) */
  private forget(server: string, s: Session): void {
    const o = this.servers.get(server);
    if (o === undefined) return;
    if (s.handle !== null) o.byHandle.delete(s.handle);
    else o.byWho.get(s.feature)?.get(s.user ?? NONE)?.delete(s.host ?? NONE);
  }
}
