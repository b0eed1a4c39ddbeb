// Reads `lmutil lmstat -a` (and `lmstat -i`) text into licutil status
// documents, one per "License server status:" block. Every non-blank line is
// either understood or returned in `unparsed`; nothing is dropped in silence.
// The layout was learnt from real output of FlexNet 9 to 11.19 servers
// (../shared/fixtures/lmstat/): triads with a node down, several vendor
// daemons, RESERVE lines, lingering and queued users, several license headers
// under one "Users of" section, Windows line endings.
import type { CheckoutInfo, PoolInfo, PoolLicenseInfo, QueueInfo } from '../../protocol/messages.js';
import { emptyPool, poolId, splitPortAtHost } from '../common/build.js';
import { isoFromMonthDay, parseExpiryDate, wallTime } from '../common/time.js';
import { flexlmOutage } from '../common/outage.js';
import type { LegacyParseOptions, LegacyParseResult, ParsedServer, VendorErrorMention } from '../common/types.js';
import { trailingErrorReference } from '../common/vendor-errors.js';
import { parseInfoHeader, parseInfoRow } from './info.js';
import { RE, addNode, currentServer, newServer, noteError, serverSpecs, startPool, type Reader } from './reader.js';
import { parseQueuedRow, parseUsageRow, type QueuedRow, type UsageRow } from './rows.js';
function checkoutOf(r: Reader, pool: PoolInfo, row: UsageRow): CheckoutInfo {
  const co: CheckoutInfo = {
    handle: row.handle,
    user: row.user,
    host: row.host,
    pid: row.pid ?? 0,
    isv: r.license?.isv ?? pool.isv,
    product: pool.product,
    version: r.license?.version ?? pool.version,
    requested_version: row.version || null,
    count: row.count,
    // With the report's own date ("status on") the year is the latest not after it; without, the weekday picks it.
    since: isoFromMonthDay(r.generatedText === undefined ? row.start : { ...row.start, weekday: undefined }, r.ref, r.timeZone),
    lease_expires: '',
    seat: row.handle,
    served_by: row.served_by,
    since_text: row.start.text,
  };
  if (row.display !== '') co.display = row.display;
  if (row.vendor_data !== '') co.vendor_data = row.vendor_data;
  if (row.linger) co.linger = row.linger;
  return co;
}

function queueOf(s: ParsedServer, product: string): QueueInfo {
  let q = s.queues.find((x) => x.product === product);
  if (!q) {
    q = { product, waiters: [] };
    s.queues.push(q);
  }
  return q;
}

function addWaiter(r: Reader, pool: PoolInfo, row: QueuedRow): void {
  const q = queueOf(currentServer(r), pool.product);
  q.waiters.push({
    position: q.waiters.length + 1,
    isv: (r.license?.isv ?? pool.isv) || null,
    product: pool.product,
    requested_version: row.version || null,
    count: row.count,
    user: row.user,
    host: row.host,
    pid: 0,
    since: '',
    wait_until: '',
    ...(row.display !== '' ? { display: row.display } : {}),
    ...(row.vendor_data !== '' ? { vendor_data: row.vendor_data } : {}),
    served_by: row.served_by,
    handle: row.handle,
  });
  pool.queued++;
}

function onHeader(r: Reader, m: RegExpExecArray): boolean {
  const pool = r.pool;
  if (!pool) return false;
  const [, , version = '', isv = '', expiry] = m;
  const lic: PoolLicenseInfo = { version, isv, expiry_text: expiry ?? null, expires: null };
  if (expiry !== undefined) {
    const e = parseExpiryDate(expiry, r.timeZone);
    lic.expires = e === undefined ? null : e;
  }
  pool.licenses = [...(pool.licenses ?? []), lic];
  if (pool.licenses.length === 1) {
    pool.version = version;
    pool.isv = isv;
    pool.expires = lic.expires;
  }
  r.license = lic;
  return true;
}

function onPoolDetail(r: Reader, text: string): boolean {
  const pool = r.pool;
  if (!pool) return false;
  let m = RE.vendorString.exec(text);
  if (m) {
    const v = m[1] ?? '';
    if (r.license) r.license.vendor_string = v;
    pool.vendor_string ??= v;
    return true;
  }
  m = RE.reservation.exec(text);
  if (m) {
    const res = { count: Number(m[1]), type: m[2] ?? '', name: m[3] ?? '', served_by: m[4] ?? '' };
    pool.reservations = [...(pool.reservations ?? []), r.license ? { ...res, version: r.license.version } : res];
    pool.reserved = (pool.reserved ?? 0) + res.count;
    return true;
  }
  m = RE.licenseType.exec(text);
  if (m && r.license) {
    const t = (m[1] ?? '').trim();
    r.license.license_type = t;
    pool.license_type ??= t;
    return true;
  }
  return false;
}

function onUsersLine(r: Reader, line: number, text: string): boolean {
  let m = RE.users.exec(text);
  if (m) {
    startPool(r, m[1] ?? '', Number(m[2]), Number(m[3]));
    return true;
  }
  m = RE.uncounted.exec(text);
  if (m) {
    startPool(r, m[1] ?? '', 0, 0).uncounted = true;
    return true;
  }
  m = RE.usersOther.exec(text);
  if (m) {
    const rest = (m[2] ?? '').trim();
    // "(Error: 1 licenses, unsupported by licensed server)": the file has them, the server serves none.
    const p = startPool(r, m[1] ?? '', 0, 0);
    p.error = rest.replace(/^\((.*)\)$/, '$1');
    noteError(r, line, rest, p.product);
    return true;
  }
  return false;
}

function onServerLine(r: Reader, line: number, text: string): boolean {
  let m = RE.serverStatus.exec(text);
  if (m) {
    const s = newServer(r, 'lmstat');
    const specs = (m[1] ?? '').split(',').map((x) => splitPortAtHost(x.trim())).filter((x) => x.host !== '');
    serverSpecs.set(s, specs);
    s.server.host = specs[0]?.host ?? '';
    s.server.port = specs[0]?.port ?? 0;
    r.section = 'nodes';
    return true;
  }
  m = RE.files.exec(text);
  if (m) {
    const files = m[2] ?? '';
    // A Windows path has its own colon; on Unix lmstat joins several files with ':'.
    const list = /^[A-Za-z]:[\\/]/.test(files) ? [files] : files.split(':').filter((f) => f !== '');
    const s = currentServer(r);
    s.server.license_files.push(...list);
    return true;
  }
  m = RE.nodeUp.exec(text);
  if (m) {
    addNode(r, m[1] ?? '', 'up', { ...(m[2] ? { master: true } : {}), ...(m[3] !== undefined ? { version: m[3] } : {}) });
    return true;
  }
  m = RE.lmgrdDown.exec(text);
  if (m) {
    const s = currentServer(r);
    const ref = noteError(r, line, m[2] ?? '', s.server.host);
    addNode(r, s.server.host, 'down', { ...(ref ? { error: ref.code } : {}), message: ref?.message ?? (m[2] ?? '').trim() });
    const mention = r.result.errors[r.result.errors.length - 1];
    // lmstat got nothing from this server: it is down, whatever else the text holds
    if (mention) s.outage = flexlmOutage(mention);
    return true;
  }
  m = RE.nodeDown.exec(text);
  if (m) {
    addNode(r, m[1] ?? '', 'down', { message: (m[2] ?? '').trim() });
    return true;
  }
  return false;
}

function onDaemonLine(r: Reader, line: number, text: string): boolean {
  const s = currentServer(r);
  const host = r.daemonHost || s.server.host;
  let m = RE.daemonUp.exec(text);
  if (m) {
    s.server.daemons = [...(s.server.daemons ?? []), { name: m[1] ?? '', status: 'up', host, ...(m[2] !== undefined ? { version: m[2] } : {}) }];
    return true;
  }
  m = RE.daemonDown.exec(text) ?? RE.hostMessage.exec(text);
  if (m) {
    const name = m[1] ?? '';
    const ref = noteError(r, line, m[2] ?? '', name);
    s.server.daemons = [
      ...(s.server.daemons ?? []),
      { name, status: 'down', host, ...(ref ? { error: ref.code } : {}), message: ref?.message ?? (m[2] ?? '').trim() },
    ];
    return true;
  }
  return false;
}

function onRow(r: Reader, text: string): boolean {
  const pool = r.pool;
  if (!pool) return false;
  const usage = parseUsageRow(text);
  if (usage) {
    pool.checkouts.push(checkoutOf(r, pool, usage));
    return true;
  }
  const queued = parseQueuedRow(text);
  if (queued) {
    addWaiter(r, pool, queued);
    return true;
  }
  return false;
}

function onInfoLine(r: Reader, text: string): boolean {
  const header = parseInfoHeader(text);
  if (header) {
    r.info = header;
    r.section = 'info';
    newServer(r, 'lmstat-i');
    return true;
  }
  if (r.section !== 'info' || !r.info) return false;
  if (/^_+(\s+_+)*\s*$/.test(text)) return true;
  const row = parseInfoRow(text, r.info, r.timeZone);
  if (!row) return false;
  const s = currentServer(r);
  const p = emptyPool(poolId(s, row.product), row.product, row.isv, row.count ?? 0, 0);
  p.version = row.version;
  p.expires = row.expires;
  p.licenses = [{ version: row.version, isv: row.isv, expiry_text: row.expiry_text, expires: row.expires }];
  if (row.count === null) p.uncounted = true;
  s.pools.push(p);
  return true;
}

function onTopLine(r: Reader, text: string): boolean {
  let m = RE.banner.exec(text);
  if (m) {
    r.result.tool = { name: m[1] ?? 'lmutil', banner: text.trim() };
    return true;
  }
  m = RE.toolVersion.exec(text);
  if (m) {
    r.result.tool = { name: 'lmstat', ...r.result.tool, ...(m[1] !== undefined ? { version: `lmstat ${m[1]}` } : {}) };
    return true;
  }
  m = RE.statusOn.exec(text);
  if (m) {
    r.generatedText = m[1];
    r.ref = { year: Number(m[4]), month: Number(m[2]), day: Number(m[3]) };
    return true;
  }
  return RE.detecting.test(text) || RE.note.test(text) || RE.featureUsage.test(text) || RE.servedBy.test(text);
}

function readLine(r: Reader, line: number, text: string): boolean {
  if (onTopLine(r, text) || onInfoLine(r, text)) return true;
  if (RE.users.test(text) || RE.uncounted.test(text) || /^Users of .+?:\s+\S/.test(text)) return onUsersLine(r, line, text);
  if (onServerLine(r, line, text)) return true;
  const daemons = RE.daemonsOn.exec(text);
  if (daemons) {
    r.section = 'daemons';
    r.daemonHost = daemons[1] ?? '';
    return true;
  }
  if (r.section === 'daemons' && onDaemonLine(r, line, text)) return true;
  if (r.section === 'nodes') {
    const m = RE.hostMessage.exec(text);
    if (m && trailingErrorReference(m[2] ?? '')) {
      const ref = noteError(r, line, m[2] ?? '', m[1]);
      addNode(r, m[1] ?? '', 'down', { ...(ref ? { error: ref.code, message: ref.message } : {}) });
      return true;
    }
  }
  if (r.section === 'features') {
    const h = RE.header.exec(text);
    if (h) return onHeader(r, h);
    if (onPoolDetail(r, text) || onRow(r, text)) return true;
  }
  return false;
}

/**
 * Fill in what only the whole text tells: the vendor of pools lmstat listed
 * without a header, and an outage when no node of the server is UP.
 */
function finish(s: ParsedServer, errors: readonly VendorErrorMention[]): void {
  const nodes = s.server.nodes ?? [];
  if (!s.outage && nodes.length > 0 && !nodes.some((n) => n.status === 'up')) {
    const down = new Set(nodes.map((n) => n.host.toLowerCase()));
    const mention = errors.find((e) => e.subject !== undefined && down.has(e.subject.toLowerCase()));
    const first = nodes[0];
    s.outage = flexlmOutage(mention ?? { line: 0, code: first?.error ?? '', message: first?.message ?? 'license server DOWN' });
  }
  const daemons = s.server.daemons ?? [];
  const only = daemons.length === 1 ? (daemons[0]?.name ?? '') : '';
  for (const p of s.pools) {
    if (p.isv === '') p.isv = only;
    // Which license a reservation belongs to matters only when a section shows several.
    if ((p.licenses?.length ?? 0) <= 1) for (const res of p.reservations ?? []) delete res.version;
    for (const c of p.checkouts) if (c.isv === '') c.isv = p.isv;
  }
  for (const q of s.queues) for (const w of q.waiters) if (w.isv === null && only !== '') w.isv = only;
}

export function parseLmstat(text: string, opts: LegacyParseOptions = {}): LegacyParseResult {
  const timeZone = opts.timeZone ?? 'UTC';
  const r: Reader = {
    result: { servers: [], unparsed: [], errors: [] },
    timeZone,
    ref: opts.now ? wallTime(opts.now, timeZone) : null,
    generatedText: undefined,
    server: null,
    section: 'top',
    daemonHost: '',
    pool: null,
    license: null,
    info: null,
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    if (!readLine(r, i + 1, raw)) r.result.unparsed.push({ line: i + 1, text: raw });
  });
  for (const s of r.result.servers) finish(s, r.result.errors);
  return r.result;
}
