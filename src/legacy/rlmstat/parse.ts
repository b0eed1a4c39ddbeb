// Reads `rlmutil rlmstat -a` text into licutil status documents: one per
// "rlm status on HOST (port N)" block, with the ISV servers table as daemons,
// each "license pool status" entry as a pool and each "license usage status"
// line as a checkout of the pool it names. Lines it cannot place are returned.
// Layout from Reprise's rlmstat documentation and published output of RLM
// v9 to v15 (indentation, tabs and ", pool: N" differ between versions).
import type { CheckoutInfo, PoolInfo } from '../../protocol/messages.js';
import { emptyPool, emptyServer, poolId } from '../build.js';
import { MONTHS, fromWallTime, isoFromMonthDay, parseExpiryDate, wallTime } from '../time.js';
import type { LegacyParseOptions, LegacyParseResult, ParsedServer } from '../types.js';

type Section = 'top' | 'rlm' | 'isvs' | 'isv' | 'pools' | 'usage' | 'queue' | 'error';

interface Reader {
  result: LegacyParseResult;
  timeZone: string;
  ref: { year: number; month: number; day: number } | null;
  server: ParsedServer | null;
  section: Section;
  isv: string;
  pool: PoolInfo | null;
}

const RE = {
  settingPath: /^Setting license file path to (.*)$/,
  tool: /^(rlmutil|rlmstat) (v\S+)\s*$/,
  banner: /^rlmutil - /,
  copyright: /^Copyright \(C\) .*Reprise Software/i,
  rlmStatus: /^rlm status on (\S+) \(port (\d+)\), up (.+?)\s*$/,
  rlmVersion: /^rlm software version v(\S+)/,
  commVersion: /^(?:\S+ )?comm version: /,
  startup: /^Startup time: (.+?)\s*$/,
  statistics: /^(Todays|Recent) Statistics \([^)]*\), init time: (.+?)\s*$/,
  statsHead: /^Recent Stats\s+Todays Stats\s+Total Stats\s*$/,
  statsTimes: /^(?:(?:\d+d )?\d+:\d\d:\d\d\s*)+$/,
  statsRow: /^(Messages|Connections|Checkouts|Denials|Removals):\s+\d/,
  isvTable: /^-+ ISV servers -+$/,
  isvHead: /^Name\s+Port\s+Running\s+Restarts\s*$/i,
  isvRow: /^(\S+)\s+(\d+)\s+(Yes|No)\s+(\d+)\s*$/i,
  rule: /^-{4,}$/,
  isvStatus: /^(\S+) ISV server status on (\S+) \(port (\d+)\), up (.+?)\s*$/,
  isvVersion: /^(\S+) software version v(\S+)/,
  isvLog: /^(\S+) (?:Debug|Report) log filename: /,
  poolsOn: /^(\S+) license pool status on (\S+) \(port (\d+)\)\s*$/,
  usageOn: /^(\S+) license usage status on (\S+) \(port (\d+)\)\s*$/,
  queueOn: /^(\S+) license queue status on (\S+) \(port (\d+)\)\s*$/,
  poolHead: /^(\S+) v(\S+?)(?:, pool: (\d+))?\s*$/,
  poolCounts: /^count: (\S+), # reservations: (\d+), inuse: (\d+), exp: (\S+)\s*$/,
  poolMore: /^obsolete: (\d+), min_remove: (-?\d+), total checkouts: (\d+)\s*$/,
  usage: /^(\S+) v(\S+): (.+)@(\S+) (\d+)\/(\d+) at (\d{1,2})\/(\d{1,2}) (\d{1,2}):(\d{2})\s+\(handle: ([^)\s]+)\)(.*)$/,
  queued: /^(\S+) v(\S+): (.+)@(\S+) (\d+) queued since (\d{1,2})\/(\d{1,2}) (\d{1,2}):(\d{2})\s+\(position: (\d+)\)\s*$/,
  connectError: /^Error connecting to "(\S+)" server\s*$/,
  attempted: /^Connection attempted to host: "([^"]*)" on port (\d+)\s*$/,
};

/** "99d 11:08:25" or "00:03:51" → seconds */
function uptimeSeconds(text: string): number {
  const m = /^(?:(\d+)d )?(\d+):(\d\d):(\d\d)$/.exec(text.trim());
  if (!m) return 0;
  return Number(m[1] ?? 0) * 86_400 + Number(m[2]) * 3_600 + Number(m[3]) * 60 + Number(m[4]);
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue Oct 19 01:40:13 2021" (C's ctime, server local time) → wall time parts */
function ctimeParts(text: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } | null {
  const m = /^\w{3} (\w{3})\s+(\d{1,2}) (\d{1,2}):(\d\d):(\d\d) (\d{4})$/.exec(text.trim());
  if (!m) return null;
  const month = MONTH_NAMES.indexOf(m[1] ?? '') + 1;
  if (month === 0) return null;
  return { year: Number(m[6]), month, day: Number(m[2]), hour: Number(m[3]), minute: Number(m[4]), second: Number(m[5]) };
}

function currentServer(r: Reader): ParsedServer {
  if (r.server) return r.server;
  const s = emptyServer('rlmstat');
  if (r.result.tool?.version !== undefined) s.server.source.tool_version = `${r.result.tool.name} ${r.result.tool.version}`;
  r.result.servers.push(s);
  r.server = s;
  return s;
}

function daemon(s: ParsedServer, name: string): NonNullable<ParsedServer['server']['daemons']>[number] {
  s.server.daemons ??= [];
  let d = s.server.daemons.find((x) => x.name === name);
  if (!d) {
    d = { name, status: 'up' };
    s.server.daemons.push(d);
  }
  return d;
}

/** The pool a usage line belongs to: same ISV, product and version, filling pools in order. */
function poolFor(s: ParsedServer, isv: string, product: string, version: string): PoolInfo {
  const same = s.pools.filter((p) => p.product === product && (isv === '' || p.isv === isv));
  const exact = same.filter((p) => p.version === version);
  const candidates = exact.length > 0 ? exact : same;
  const seats = (p: PoolInfo) => p.checkouts.reduce((n, c) => n + c.count, 0);
  const found = candidates.find((p) => seats(p) < p.in_use) ?? candidates[0];
  if (found) return found;
  // rlmstat -i/-p may print usage without the pool list: keep the row under a pool of its own.
  const p = emptyPool(poolId(s, product), product, isv, 0, 0);
  p.version = version;
  s.pools.push(p);
  return p;
}

function onHeaderLine(r: Reader, text: string): boolean {
  let m = RE.tool.exec(text);
  if (m) {
    r.result.tool = { name: m[1] ?? 'rlmutil', version: m[2] ?? '' };
    return true;
  }
  if (RE.copyright.test(text) || RE.settingPath.test(text) || RE.banner.test(text)) return true;
  m = RE.rlmStatus.exec(text);
  if (m) {
    const s = emptyServer('rlmstat', m[1] ?? '', Number(m[2]));
    s.server.uptime_seconds = uptimeSeconds(m[3] ?? '');
    if (r.result.tool?.version) s.server.source.tool_version = `${r.result.tool.name} ${r.result.tool.version}`;
    r.result.servers.push(s);
    r.server = s;
    r.section = 'rlm';
    return true;
  }
  m = RE.rlmVersion.exec(text);
  if (m) {
    currentServer(r).server.version = m[1] ?? '';
    return true;
  }
  m = RE.startup.exec(text);
  if (m) {
    const s = currentServer(r);
    const parts = ctimeParts(m[1] ?? '');
    if (r.section === 'rlm' && parts && s.server.started === '') s.server.started = fromWallTime(parts, r.timeZone).toISOString();
    return true;
  }
  m = RE.statistics.exec(text);
  if (m) {
    const parts = ctimeParts(m[2] ?? '');
    // "Todays Statistics" start at the server's midnight: the date of the status, for the year of "MM/DD".
    if (m[1] === 'Todays' && parts) {
      r.ref = { year: parts.year, month: parts.month, day: parts.day };
      currentServer(r).server.source.generated_text = `${parts.day}-${MONTHS[parts.month - 1]}-${parts.year}`;
    }
    return true;
  }
  return RE.commVersion.test(text) || RE.statsHead.test(text) || RE.statsTimes.test(text) || RE.statsRow.test(text) || RE.rule.test(text);
}

function onIsvLine(r: Reader, text: string): boolean {
  if (RE.isvTable.test(text)) {
    r.section = 'isvs';
    return true;
  }
  if (r.section === 'isvs' && RE.isvHead.test(text)) return true;
  let m = r.section === 'isvs' ? RE.isvRow.exec(text) : null;
  if (m) {
    const d = daemon(currentServer(r), m[1] ?? '');
    d.port = Number(m[2]);
    d.status = (m[3] ?? '').toLowerCase() === 'yes' ? 'up' : 'down';
    d.restarts = Number(m[4]);
    return true;
  }
  m = RE.isvStatus.exec(text);
  if (m) {
    const d = daemon(currentServer(r), m[1] ?? '');
    d.host = m[2] ?? '';
    d.port = Number(m[3]);
    r.isv = m[1] ?? '';
    r.section = 'isv';
    return true;
  }
  m = r.section === 'isv' ? RE.isvVersion.exec(text) : null;
  if (m) {
    daemon(currentServer(r), m[1] ?? '').version = m[2] ?? '';
    return true;
  }
  return r.section === 'isv' && RE.isvLog.test(text);
}

function onPoolLine(r: Reader, text: string): boolean {
  let m = RE.poolsOn.exec(text);
  if (m) {
    r.isv = m[1] ?? '';
    r.section = 'pools';
    r.pool = null;
    return true;
  }
  if (r.section !== 'pools') return false;
  m = RE.poolCounts.exec(text);
  if (m && r.pool) {
    const p = r.pool;
    const count = m[1] ?? '';
    if (/^\d+$/.test(count)) p.count = Number(count);
    else p.uncounted = true;
    p.soft_limit = p.count;
    p.reserved = Number(m[2]);
    p.in_use = Number(m[3]);
    const e = parseExpiryDate(m[4] ?? '', r.timeZone);
    p.expires = e ?? null;
    p.licenses = [{ version: p.version, isv: p.isv, expiry_text: m[4] ?? '', expires: p.expires }];
    return true;
  }
  m = RE.poolMore.exec(text);
  if (m && r.pool) {
    r.pool.obsolete = Number(m[1]);
    r.pool.min_remove = Number(m[2]);
    r.pool.total_checkouts = Number(m[3]);
    return true;
  }
  m = RE.poolHead.exec(text);
  if (m) {
    const s = currentServer(r);
    const p = emptyPool(poolId(s, m[1] ?? ''), m[1] ?? '', r.isv, 0, 0);
    p.version = m[2] ?? '';
    if (m[3] !== undefined) p.id = `${r.isv}:${m[3]}`;
    s.pools.push(p);
    r.pool = p;
    return true;
  }
  return false;
}

function onUsageLine(r: Reader, text: string): boolean {
  let m = RE.usageOn.exec(text) ?? RE.queueOn.exec(text);
  if (m) {
    r.isv = m[1] ?? '';
    r.section = RE.usageOn.test(text) ? 'usage' : 'queue';
    return true;
  }
  m = r.section === 'usage' ? RE.usage.exec(text) : null;
  if (m) {
    const [, product = '', version = '', user = '', host = '', n = '1', res = '0', mo = '', d = '', h = '', mi = '', handle = ''] = m;
    const s = currentServer(r);
    const pool = poolFor(s, r.isv, product, version);
    const md = { month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi) };
    const co: CheckoutInfo = {
      handle,
      user,
      host,
      pid: 0,
      isv: pool.isv,
      product,
      version: pool.version,
      requested_version: version,
      count: Number(n),
      since: isoFromMonthDay(md, r.ref, r.timeZone),
      lease_expires: '',
      seat: handle,
      reserved: Number(res),
      since_text: `${mo}/${d} ${h}:${mi}`,
    };
    pool.checkouts.push(co);
    return true;
  }
  m = r.section === 'queue' ? RE.queued.exec(text) : null;
  if (m) {
    const [, product = '', version = '', user = '', host = '', n = '1', mo = '', d = '', h = '', mi = ''] = m;
    const s = currentServer(r);
    let q = s.queues.find((x) => x.product === product);
    if (!q) {
      q = { product, waiters: [] };
      s.queues.push(q);
    }
    const md = { month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi) };
    q.waiters.push({
      position: q.waiters.length + 1,
      isv: r.isv || null,
      product,
      requested_version: version,
      count: Number(n),
      user,
      host,
      pid: 0,
      since: isoFromMonthDay(md, r.ref, r.timeZone),
      wait_until: '',
    });
    const pool = s.pools.find((p) => p.product === product && (r.isv === '' || p.isv === r.isv));
    if (pool) pool.queued++;
    return true;
  }
  return false;
}

function onErrorLine(r: Reader, line: number, text: string): boolean {
  const m = RE.connectError.exec(text);
  if (m) {
    r.result.errors.push({ line, code: '', message: text.trim(), subject: m[1] ?? '' });
    r.section = 'error';
    return true;
  }
  const last = r.result.errors[r.result.errors.length - 1];
  const a = RE.attempted.exec(text);
  if (a && last) {
    last.message = `${last.message} (host "${a[1] ?? ''}", port ${a[2] ?? ''})`;
    return true;
  }
  // rlmutil follows a connection error with the system's own words ("Connection refused", "No error").
  if (r.section === 'error' && last && last.system_text === undefined) {
    last.system_text = text;
    return true;
  }
  return false;
}

export function parseRlmstat(text: string, opts: LegacyParseOptions = {}): LegacyParseResult {
  const timeZone = opts.timeZone ?? 'UTC';
  const r: Reader = {
    result: { servers: [], unparsed: [], errors: [] },
    timeZone,
    ref: opts.now ? wallTime(opts.now, timeZone) : null,
    server: null,
    section: 'top',
    isv: '',
    pool: null,
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const t = raw.trim();
    if (t === '') return;
    const ok = onHeaderLine(r, t) || onIsvLine(r, t) || onPoolLine(r, t) || onUsageLine(r, t) || onErrorLine(r, i + 1, t);
    if (!ok) r.result.unparsed.push({ line: i + 1, text: raw });
  });
  return r.result;
}
