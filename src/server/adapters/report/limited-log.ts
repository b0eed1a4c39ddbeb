// Denials and waits are the report events a client can make as fast as it can
// send requests (issue 14: 144,050 denials in 20 s rotated every grant and
// checkin out of a shared log; later 17,226 queue/dequeue lines in 5 s from
// waits dropped at once). So they are kept apart and rate-limited:
//
// - they go to their own file, denials.ndjson, rotated on its own: a flood can
//   push older denials and waits out, never a checkout, checkin or removal of
//   report.ndjson (docs/decisions.md);
// - per client — the peer address and the user@host the request names — the
//   first `perMinute` lines in a minute are written one by one; the rest are
//   counted, and when the minute is over each client's count is written as one
//   line per event and (product, version, ISV, seats, reason):
//   `{"event":"denials"|"queues"|"dequeues","times":N,"since":...}`, which
//   `licutil report` counts as N, and the server log says "N more denial(s)
//   from CLIENT in the last minute". Denials and waits share the budget: what
//   a client may make at will is one quantity, whichever way it makes it.
//
// The user@host is the client's own word, so one address names any number of
// clients: past ADDRESS_SHARE times `perMinute` lines in a minute from one
// address, whatever users it names, its further lines are counted together
// (`"user":null`), or naming a new user with every request would turn the limit
// off and let one address push everyone's lines out of the file. The clients
// remembered at once are bounded too (past that the minute is closed early).
import type { Timers } from '../../core/service.js';
import type { ReportEntry } from './report-entry.js';

export const DEFAULT_DENIALS_PER_MINUTE = 10;
const MINUTE_MS = 60_000;
/** clients counted at once; one more closes the minute early */
const MAX_CLIENTS = 10_000;
/** summary groups (event, product, reason, ...) of one client; one more writes its summaries early */
const MAX_GROUPS = 32;
/**
 * One address writes at most this many times `perMinute` lines one by one in a minute,
 * across its user names: the colleagues behind one NAT each keep their own lines, a
 * user name per request does not.
 */
const ADDRESS_SHARE = 10;
/** clients named one by one in the server log at the end of a minute */
const LOGGED_CLIENTS = 10;

/** The events this log limits, and the summary line each is counted in. */
const SUMMARY = { denial: 'denials', queue: 'queues', dequeue: 'dequeues' } as const;
type Limited = keyof typeof SUMMARY;

/** True for the report lines a client makes at will, which go through the limiter. */
export function isLimited(e: ReportEntry): boolean {
  return Object.hasOwn(SUMMARY, e.event);
}

interface Group {
  entry: ReportEntry;
  times: number;
  since: string;
}

interface Client {
  /** an address's lines past its share, whatever user they name: summed without a user */
  anyUser: boolean;
  written: number;
  /** lines counted instead of written: denials, and queue entries and exits */
  denials: number;
  waits: number;
  groups: Map<string, Group>;
}

interface LimitedLogDeps {
  /** writes lines to denials.ndjson */
  write: (entries: readonly ReportEntry[]) => void;
  /** lines written one by one per client and minute; 0 = all of them */
  perMinute: number;
  /** ISO time of now (wall clock), for the summary lines */
  nowIso: () => string;
  warn: (line: string) => void;
  timers: Timers;
}

export class LimitedLog {
  private clients = new Map<string, Client>();
  /** lines written one by one this minute per address */
  private fromAddress = new Map<string, number>();
  private timer: unknown = null;

  constructor(private readonly d: LimitedLogDeps) {}

  /** A denial, queue or dequeue line (isLimited). */
  add(e: ReportEntry): void {
    if (this.d.perMinute <= 0) {
      this.d.write([e]);
      return;
    }
    const address = e.from ?? 'unknown address';
    const own = this.clients.get(clientOf(e));
    const sent = this.fromAddress.get(address) ?? 0;
    if ((own?.written ?? 0) < this.d.perMinute && sent < this.d.perMinute * ADDRESS_SHARE) {
      const c = own ?? this.client(clientOf(e), false);
      c.written += 1;
      this.fromAddress.set(address, sent + 1);
      this.d.write([e]);
      return;
    }
    const c = own !== undefined && own.written >= this.d.perMinute ? own : (this.clients.get(`${address} (many users)`) ?? this.client(`${address} (many users)`, true));
    if (e.event === 'denial') c.denials += 1;
    else c.waits += 1;
    const gk = JSON.stringify([e.event, e.product, e.version, e.isv ?? null, e.count ?? 1, e.code ?? null, e.reason ?? null]);
    const g = c.groups.get(gk);
    if (g) {
      g.times += 1;
      return;
    }
    if (c.groups.size >= MAX_GROUPS) this.d.write(summaries(c, this.d.nowIso()));
    c.groups.set(gk, { entry: e, times: 1, since: e.time });
  }

  private client(key: string, anyUser: boolean): Client {
    if (this.clients.size >= MAX_CLIENTS) this.endMinute();
    const c: Client = { anyUser, written: 0, denials: 0, waits: 0, groups: new Map() };
    this.clients.set(key, c);
    if (this.timer === null) this.timer = this.d.timers.setTimeout(() => this.endMinute(), MINUTE_MS);
    return c;
  }

  /** Writes what is counted (at the end of each minute, and when the server stops). */
  endMinute(): void {
    if (this.timer !== null) this.d.timers.clearTimeout(this.timer);
    this.timer = null;
    const now = this.d.nowIso();
    const lines: ReportEntry[] = [];
    const noisy: Array<[string, Client]> = [];
    for (const [key, c] of this.clients) {
      if (c.denials + c.waits === 0) continue;
      lines.push(...summaries(c, now));
      noisy.push([key, c]);
    }
    this.clients = new Map();
    this.fromAddress = new Map();
    if (lines.length > 0) this.d.write(lines);
    noisy.sort((a, b) => b[1].denials + b[1].waits - (a[1].denials + a[1].waits));
    for (const [key, c] of noisy.slice(0, LOGGED_CLIENTS)) {
      this.d.warn(`${counted(c.denials, c.waits)} from ${key} in the last minute, after the first ${this.d.perMinute}: counted in denials.ndjson, not written one by one`);
    }
    if (noisy.length > LOGGED_CLIENTS) {
      const rest = noisy.slice(LOGGED_CLIENTS);
      const sum = (k: 'denials' | 'waits') => rest.reduce((s, [, c]) => s + c[k], 0);
      this.d.warn(`${counted(sum('denials'), sum('waits'))} from ${rest.length} other client(s) in the last minute: counted in denials.ndjson`);
    }
  }
}

/** "12 more denial(s) and 40 more queue line(s)", naming only what there is. */
function counted(denials: number, waits: number): string {
  const parts: string[] = [];
  if (denials > 0) parts.push(`${denials} more denial(s)`);
  if (waits > 0) parts.push(`${waits} more queue line(s)`);
  return parts.join(' and ');
}

/** "127.0.0.2 alice@ws1": how the server log and the limiter name a client. */
function clientOf(e: ReportEntry): string {
  return `${e.from ?? 'unknown address'} ${e.user ?? ''}@${e.host ?? ''}`;
}

/** The client's summary lines, and its groups emptied. */
function summaries(c: Client, now: string): ReportEntry[] {
  const out: ReportEntry[] = [];
  for (const g of c.groups.values()) {
    const e = g.entry;
    const line: ReportEntry = { time: now, event: SUMMARY[e.event as Limited], user: c.anyUser ? null : e.user, host: c.anyUser ? null : e.host, product: e.product, version: e.version, handle: null, isv: e.isv ?? null, count: e.count ?? 1, times: g.times, since: g.since };
    if (e.code !== undefined) line.code = e.code;
    if (e.reason !== undefined) line.reason = e.reason;
    if (e.from !== undefined) line.from = e.from;
    out.push(line);
  }
  c.groups.clear();
  return out;
}
