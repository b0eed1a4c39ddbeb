// The view of license servers' status shared by `stat` (asked over the network)
// and `stat --from` (read from lmstat/rlmstat text): one row per server entry —
// its status, or why it did not answer — filtered by feature, user and
// availability, as the JSON documented in licutil-stat(1) and as tables.
// Pure: the rows come in, text and JSON go out.
import type { CheckoutInfo, PoolInfo, QueueInfo, ServerInfo, StatusResponse, WaiterInfo } from '../../protocol/messages.js';
import type { ServerOutage } from '../../legacy/common/types.js';
import type { Renderer } from './renderer.js';

/** Why a server entry gave no status. `kind` is null when the server answered with a refusal. */
export interface ServerFailureJson {
  kind: string | null;
  code: string;
  message: string;
  hint?: string;
  /** read from vendor text (`stat --from`): the vendor's error, decoded from its table as `licutil explain` does */
  vendor?: ServerOutage;
}

/** One server entry of the license environment and what it answered. */
export interface ServerStatusRow {
  /** the entry as written (`5053@a,5053@b` for a redundant list) */
  spec: string;
  /** where it came from: -c, RLM_LICENSE, HOST line of FILE, a file read with --from */
  origin: string;
  /** the address that answered, or the last one tried */
  address: string;
  status: StatusResponse | null;
  failure: ServerFailureJson | null;
}

export interface StatusFilters {
  /** only this product (case-insensitive) */
  feature?: string | undefined;
  /** only checkouts and waiters of this user, and the pools they use (case-insensitive) */
  user?: string | undefined;
  /** only pools with a seat free now */
  avail?: boolean | undefined;
}

export type PoolJson = PoolInfo & {
  /** seats free now: count − in_use, never below 0 (0 for a retired, uncounted or token-based pool) */
  available: number;
};

export interface ServerStatusJson {
  spec: string;
  origin: string;
  address: string;
  status: 'up' | 'down';
  error: ServerFailureJson | null;
  server: ServerInfo | null;
  pools: PoolJson[];
  queues: QueueInfo[];
}

export interface StatusJson {
  servers: ServerStatusJson[];
  /** server entries that answered, of how many asked */
  answered: number;
  total: number;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function availableSeats(p: PoolInfo): number {
  return p.retired || p.uncounted || p.token_based ? 0 : Math.max(0, p.count - p.in_use);
}

function filterRow(row: ServerStatusRow, f: StatusFilters): ServerStatusJson {
  const base = { spec: row.spec, origin: row.origin, address: row.address };
  const s = row.status;
  if (!s) return { ...base, status: 'down', error: row.failure, server: null, pools: [], queues: [] };
  const feature = f.feature;
  const user = f.user;
  const byUser = <T extends { user: string }>(xs: T[]) => (user === undefined ? xs : xs.filter((x) => same(x.user, user)));
  let queues = s.queues
    .filter((q) => feature === undefined || same(q.product, feature))
    .map((q) => ({ ...q, waiters: byUser(q.waiters) }))
    .filter((q) => user === undefined || q.waiters.length > 0);
  const waitingFor = new Set(queues.filter((q) => q.waiters.length > 0).map((q) => q.product.toLowerCase()));
  let pools: PoolJson[] = s.pools
    .filter((p) => feature === undefined || same(p.product, feature))
    .map((p) => ({ ...p, checkouts: byUser(p.checkouts), available: availableSeats(p) }))
    .filter((p) => user === undefined || p.checkouts.length > 0 || waitingFor.has(p.product.toLowerCase()));
  if (f.avail) {
    pools = pools.filter((p) => p.available > 0);
    queues = [];
  }
  return { ...base, status: 'up', error: null, server: s.server, pools, queues };
}

export function statusJson(rows: readonly ServerStatusRow[], filters: StatusFilters = {}): StatusJson {
  const servers = rows.map((r) => filterRow(r, filters));
  return { servers, answered: servers.filter((s) => s.status === 'up').length, total: servers.length };
}

// ---- text ------------------------------------------------------------------

export function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

/** `2026-06-15 12:00:03` (UTC) from an ISO instant; the text itself when it is not one. */
export function formatInstant(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/**
 * The last day a pool serves: an expiry at midnight UTC is the end of the day
 * before (a license "31-dec-2030" stops at 2031-01-01T00:00Z).
 */
export function formatExpiry(iso: string | null): string {
  if (iso === null) return 'permanent';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t);
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0) return new Date(t - 1).toISOString().slice(0, 10);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)}`;
}

export interface StatusTextOptions {
  /** list every checkout and waiter (stat -a; implied by -f and -u) */
  details: boolean;
  avail: boolean;
  /** -q: what was asked for only; the servers table (the banner) is left out */
  quiet?: boolean;
}

function serverDetail(s: ServerStatusJson): string {
  if (s.status === 'down') return s.error?.message ?? 'no answer';
  const info = s.server;
  // a status read from vendor text: its origin says which text
  if (info?.source?.tool) return `via ${info.source.tool}, from ${s.origin}`;
  if (info?.source) return s.origin;
  return `licutil on ${info?.host ?? '?'}, from ${s.origin}`;
}

/** The address that answered; for an entry that did not, the entry as written (every address of it failed). */
function serverName(s: ServerStatusJson): string {
  return s.status === 'up' ? s.address : s.spec;
}

function serversTable(r: Renderer, servers: readonly ServerStatusJson[]): string[] {
  const rows = servers.map((s) => [
    serverName(s),
    s.status === 'up' ? r.c.green('up') : r.c.red('down'),
    s.server?.version ?? '',
    // a server just started is up 0s; a status read from lmstat/rlmstat text without an uptime has none
    s.server && (s.server.uptime_seconds > 0 || s.server.started !== '') ? formatUptime(s.server.uptime_seconds) : '',
    serverDetail(s),
  ]);
  const out = [r.table(['SERVER', 'STATUS', 'VERSION', 'UPTIME', 'DETAIL'], rows)];
  for (const s of servers) {
    if (s.status === 'down' && s.error?.hint) out.push(`  ${serverName(s)}: ${r.c.dim('fix:')} ${s.error.hint}`);
  }
  out.push(...storeLines(r, servers));
  return out;
}

/** Servers sharing a store (serve --store): one line per store, naming every server alive in it. */
function storeLines(r: Renderer, servers: readonly ServerStatusJson[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of servers) {
    const st = s.server?.store;
    if (!st || seen.has(st.url)) continue;
    seen.add(st.url);
    const members = st.servers.map((m) => `${m.url || m.host} (${m.version}${m.silent_seconds > 5 ? `, silent ${m.silent_seconds}s` : ''})`);
    const health = st.healthy ? '' : ` ${r.c.red(`unreachable from ${serverName(s)}: no new grants`)}`;
    out.push(`  shared store ${st.url}${health}: ${members.length > 0 ? members.join(', ') : 'no server listed yet'}`);
  }
  return out;
}

function poolNotes(p: PoolJson): string {
  const notes: string[] = [];
  if (p.retired) notes.push('retired');
  if (p.password_protected) notes.push('password');
  if (p.share) notes.push(`share=${p.share}`);
  if (p.tag !== undefined) notes.push(`tag=${p.tag}`);
  if (p.min_remove < 0) notes.push('no remove');
  if (p.uncounted) notes.push('uncounted');
  if (p.token_based) notes.push('token-based: seats from its token license');
  if (p.error) notes.push(p.error);
  return notes.join(', ');
}

interface Located<T> {
  server: string;
  item: T;
}

function withServer<T>(servers: readonly ServerStatusJson[], pick: (s: ServerStatusJson) => T[]): Array<Located<T>> {
  return servers.flatMap((s) => pick(s).map((item) => ({ server: s.address, item })));
}

function poolsTable(r: Renderer, pools: Array<Located<PoolJson>>, several: boolean): string {
  const notes = pools.some((p) => poolNotes(p.item) !== '');
  const head = ['PRODUCT', 'VERSION', 'ISV', 'COUNT', 'IN USE', 'FREE', 'QUEUED', 'SOFT LIMIT', 'EXPIRES'];
  const rows = pools.map(({ server, item: p }) => {
    const row = [
      p.product,
      p.version,
      p.isv,
      p.uncounted ? 'uncounted' : p.token_based ? 'tokens' : String(p.count),
      String(p.in_use),
      p.available > 0 ? r.c.green(String(p.available)) : String(p.available),
      String(p.queued),
      String(p.soft_limit),
      formatExpiry(p.expires),
    ];
    if (several) row.push(server);
    if (notes) row.push(poolNotes(p));
    return row;
  });
  return r.table([...head, ...(several ? ['SERVER'] : []), ...(notes ? ['NOTES'] : [])], rows);
}

function availTable(r: Renderer, pools: Array<Located<PoolJson>>, several: boolean): string {
  const rows = pools.map(({ server, item: p }) => [
    p.product,
    p.version,
    p.isv,
    p.token_based ? 'tokens' : `${p.available} of ${p.count}`,
    formatExpiry(p.expires),
    ...(several ? [server] : []),
  ]);
  return r.table(['PRODUCT', 'VERSION', 'ISV', 'FREE', 'EXPIRES', ...(several ? ['SERVER'] : [])], rows);
}

/** pid 0: a checkout no running process holds (`checkout --detach` names none, its process exits at once). */
const pidText = (pid: number) => (pid > 0 ? String(pid) : '-');

function checkoutsTable(r: Renderer, checkouts: Array<Located<CheckoutInfo>>, several: boolean): string {
  // a licutil server's public id: what `licutil remove ID` takes (status read from vendor text has none)
  const ids = checkouts.some(({ item }) => item.id !== undefined);
  const rows = checkouts.map(({ server, item: c }) => [
    c.product,
    c.version,
    c.user,
    c.host,
    pidText(c.pid),
    String(c.count),
    c.since ? formatInstant(c.since) : (c.since_text ?? ''),
    c.lease_expires ? formatInstant(c.lease_expires) : '',
    c.handle,
    ...(ids ? [c.id !== undefined ? String(c.id) : ''] : []),
    ...(several ? [server] : []),
  ]);
  return r.table(['PRODUCT', 'VERSION', 'USER', 'HOST', 'PID', 'COUNT', 'SINCE (UTC)', 'LEASE ENDS (UTC)', 'HANDLE', ...(ids ? ['ID'] : []), ...(several ? ['SERVER'] : [])], rows);
}

function waitersTable(r: Renderer, waiters: Array<Located<WaiterInfo>>, several: boolean): string {
  const rows = waiters.map(({ server, item: w }) => [
    String(w.position),
    w.product,
    // a waiter that named no version takes any
    w.requested_version ?? 'any',
    w.user,
    w.host,
    pidText(w.pid),
    String(w.count),
    w.since ? formatInstant(w.since) : '',
    ...(several ? [server] : []),
  ]);
  return r.table(['POSITION', 'PRODUCT', 'VERSION', 'USER', 'HOST', 'PID', 'COUNT', 'WAITING SINCE (UTC)', ...(several ? ['SERVER'] : [])], rows);
}

export function renderStatus(r: Renderer, view: StatusJson, filters: StatusFilters, opts: StatusTextOptions): string {
  const out = opts.quiet ? [] : serversTable(r, view.servers);
  const up = view.servers.filter((s) => s.status === 'up');
  if (up.length === 0) return out.join('\n');
  const several = up.length > 1;
  const pools = withServer(up, (s) => s.pools);
  const what = [filters.feature ? `of ${filters.feature}` : '', filters.user ? `used by ${filters.user}` : ''].filter((x) => x).join(' ');
  if (!opts.quiet) out.push('');
  if (pools.length === 0) {
    out.push(opts.avail ? `No free seats${what ? ` ${what}` : ''} now.` : `No license pools${what ? ` ${what}` : ''} on ${several ? 'these servers' : 'this server'}.`);
    return out.join('\n');
  }
  if (opts.avail) {
    out.push(availTable(r, pools, several));
    return out.join('\n');
  }
  out.push(poolsTable(r, pools, several));
  if (!opts.details) return out.join('\n');
  const checkouts = withServer(up, (s) => s.pools.flatMap((p) => p.checkouts));
  out.push('', r.c.bold('Checkouts:'));
  out.push(checkouts.length > 0 ? checkoutsTable(r, checkouts, several) : '  none');
  const waiters = withServer(up, (s) => s.queues.flatMap((q) => q.waiters));
  if (waiters.length > 0) out.push('', r.c.bold('Waiting:'), waitersTable(r, waiters, several));
  return out.join('\n');
}
