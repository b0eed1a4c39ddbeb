// Reads `rlmutil rlmstat -a` text into licutil status documents: one per
// "rlm status on HOST (port N)" block, with the ISV servers table as daemons,
// each "license pool status" entry as a pool and each "license usage status"
// line as a checkout of the pool it names. Lines it cannot place are returned.
// Layout from Reprise's rlmstat documentation and published output of RLM
// v9 to v15 (indentation, tabs and ", pool: N" differ between versions).
import type { CheckoutInfo, PoolInfo } from '../../protocol/messages.js';
import { emptyPool, emptyServer, poolId, splitPortAtHost } from '../common/build.js';
import { MONTHS, fromWallTime, isoFromMonthDay, parseExpiryDate, wallTime } from '../common/time.js';
import { rlmOutage } from '../common/outage.js';
import { RE, ctimeParts, uptimeSeconds } from './lines.js';
import type { LegacyParseOptions, LegacyParseResult, ParsedServer, VendorErrorMention } from '../common/types.js';

type Section = 'top' | 'rlm' | 'isvs' | 'isv' | 'pools' | 'usage' | 'queue' | 'error';

interface Reader {
  result: LegacyParseResult;
  timeZone: string;
  ref: { year: number; month: number; day: number } | null;
  /** ref was read from the text's statistics lines, not taken from the caller's clock */
  refFromText: boolean;
  server: ParsedServer | null;
  section: Section;
  isv: string;
  pool: PoolInfo | null;
  /** the first port@host of "Setting license file path to ...": the rlm server asked */
  settingPath: { host: string; port: number | null } | null;
  /** the host and port of the first ISV header, when no rlm block names the server */
  isvAddress: { host: string; port: number } | null;
  /** "Error connecting to ..." and the host and port it says it tried */
  attempts: Array<{ mention: VendorErrorMention; host: string; port: number | null }>;
}

function refKey(ref: Reader['ref']): number {
  return ref ? ref.year * 10_000 + ref.month * 100 + ref.day : 0;
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
  // a pool listed before any header named its ISV ("") takes the ISV of the usage lines
  const same = s.pools.filter((p) => p.product === product && (isv === '' || p.isv === isv || p.isv === ''));
  const exact = same.filter((p) => p.version === version);
  const candidates = exact.length > 0 ? exact : same;
  const seats = (p: PoolInfo) => p.checkouts.reduce((n, c) => n + c.count, 0);
  const found = candidates.find((p) => seats(p) < p.in_use) ?? candidates[0];
  if (found) {
    if (found.isv === '' && isv !== '') found.isv = isv;
    return found;
  }
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
  m = RE.settingPath.exec(text);
  if (m) {
    // rlmutil joins the path with ':' (';' on Windows); a Windows drive letter is not a separator
    const first = (m[1] ?? '').split(/[;]|:(?![\\/])/).map((x) => x.trim()).find((x) => /^\d*@\S+$/.test(x));
    if (first) r.settingPath = splitPortAtHost(first);
    return true;
  }
  if (RE.copyright.test(text) || RE.banner.test(text)) return true;
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
    const parts = ctimeParts(m[3] ?? '');
    // The statistics began at "init time" and have run for the time in parentheses: their sum is
    // when rlmstat printed, the date that gives "MM/DD" its year (init time alone may be yesterday).
    if (parts) {
      const at = new Date(Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) + uptimeSeconds(m[2] ?? '') * 1000);
      const printed = { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
      if (!r.refFromText || printed.year * 10_000 + printed.month * 100 + printed.day > refKey(r.ref)) {
        r.ref = printed;
        r.refFromText = true;
        currentServer(r).server.source.generated_text = `${printed.day}-${MONTHS[printed.month - 1]}-${printed.year}`;
      }
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
    r.isvAddress ??= { host: m[2] ?? '', port: Number(m[3]) };
    return true;
  }
  // rlmutil may go straight from its banner to the pools, with no header naming the ISV
  if (r.section === 'top' && RE.poolHead.test(text)) r.section = 'pools';
  if (r.section !== 'pools') return false;
  if (RE.tokenBased.test(text) && r.pool) {
    // Its seats are the token license's, which this text does not show: never a capacity of 0.
    r.pool.token_based = true;
    r.pool.count = Math.max(r.pool.count, r.pool.in_use);
    r.pool.soft_limit = r.pool.count;
    return true;
  }
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
    r.isvAddress ??= { host: m[2] ?? '', port: Number(m[3]) };
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
      requested_version: version || null,
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
      requested_version: version || null,
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
    const mention: VendorErrorMention = { line, code: '', message: text.trim(), subject: m[1] ?? '' };
    r.result.errors.push(mention);
    r.attempts.push({ mention, host: '', port: null });
    r.section = 'error';
    return true;
  }
  const last = r.result.errors[r.result.errors.length - 1];
  const a = RE.attempted.exec(text);
  if (a && last) {
    last.message = `${last.message} (host "${a[1] ?? ''}", port ${a[2] ?? ''})`;
    const attempt = r.attempts[r.attempts.length - 1];
    if (attempt?.mention === last) {
      attempt.host = a[1] ?? '';
      attempt.port = Number(a[2]);
    }
    return true;
  }
  // rlmutil follows a connection error with the system's own words ("Connection refused", "No error").
  if (r.section === 'error' && last && last.system_text === undefined) {
    last.system_text = text;
    return true;
  }
  return false;
}

/**
 * What only the whole text tells: an rlm server that could not be reached is
 * a server that is down (an ISV server that could not be, a daemon down), and
 * a server no header named takes the address rlmutil was given.
 */
function finish(r: Reader): void {
  for (const a of r.attempts) {
    const isv = a.mention.subject ?? 'rlm';
    const outage = rlmOutage(a.mention);
    if (isv !== 'rlm' && r.server) {
      const d = daemon(r.server, isv);
      d.status = 'down';
      d.error = outage.code;
      d.message = outage.title;
      continue;
    }
    const where = a.host !== '' ? { host: a.host, port: a.port } : r.settingPath;
    const s = emptyServer('rlmstat', where?.host ?? '', where?.port ?? 0);
    if (r.result.tool?.version) s.server.source.tool_version = `${r.result.tool.name} ${r.result.tool.version}`;
    s.outage = outage;
    r.result.servers.push(s);
  }
  for (const s of r.result.servers) {
    if (s.server.host !== '') continue;
    const where = r.settingPath ?? r.isvAddress;
    if (!where) continue;
    s.server.host = where.host;
    s.server.port = where.port ?? 0;
  }
}

export function parseRlmstat(text: string, opts: LegacyParseOptions = {}): LegacyParseResult {
  const timeZone = opts.timeZone ?? 'UTC';
  const r: Reader = {
    result: { servers: [], unparsed: [], errors: [] },
    timeZone,
    ref: opts.now ? wallTime(opts.now, timeZone) : null,
    refFromText: false,
    server: null,
    section: 'top',
    isv: '',
    pool: null,
    settingPath: null,
    isvAddress: null,
    attempts: [],
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const t = raw.trim();
    if (t === '') return;
    const ok = onHeaderLine(r, t) || onIsvLine(r, t) || onPoolLine(r, t) || onUsageLine(r, t) || onErrorLine(r, i + 1, t);
    if (!ok) r.result.unparsed.push({ line: i + 1, text: raw });
  });
  finish(r);
  return r.result;
}
