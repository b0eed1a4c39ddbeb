// Writes licutil status in the layout of `lmutil lmstat -a`, so the scripts,
// exporters and dashboards sites already run against FlexNet servers read a
// licutil server to the same numbers `stat --json` gives. parseLmstat reads
// this output back (test/unit/legacy/roundtrip.test.ts holds them together).
import type { CheckoutInfo, PoolInfo, PoolLicenseInfo, ServerInfo, StatusResponse, WaiterInfo } from '../../protocol/messages.js';
import { emptyPool } from '../common/build.js';
import { asList, handleColumn, latestInstant, plural } from '../common/render-common.js';
import { WEEKDAYS, formatExpiryDate, formatLmstatStart, wallTime } from '../common/time.js';
import type { LegacyRenderOptions } from '../common/types.js';

interface Ctx {
  timeZone: string;
  server: ServerInfo;
}

function servedBy(ctx: Ctx): string {
  return `${ctx.server.host}/${ctx.server.port}`;
}

function statusOn(now: Date, timeZone: string): string {
  const w = wallTime(now, timeZone);
  return `${WEEKDAYS[w.weekday]} ${w.month}/${w.day}/${w.year} ${w.hour}:${String(w.minute).padStart(2, '0')}`;
}

function serverBlock(s: ServerInfo): string[] {
  const nodes = s.nodes ?? [];
  // lmstat prints the list it was given; a port it could not read stays the word it read ("port@host").
  const specs = nodes.length > 0 ? nodes.map((n) => `${n.port ?? 'port'}@${n.host}`) : [`${s.port}@${s.host}`];
  const out = [`License server status: ${specs.join(',')}`];
  if (s.license_files.length > 0) out.push(`    License file(s) on ${s.host}: ${s.license_files.join(':')}:`);
  out.push('');
  if (nodes.length === 0) {
    out.push(`${s.host}: license server UP (MASTER)${s.version ? ` v${s.version}` : ''}`);
  }
  for (const n of nodes) {
    if (n.status === 'up') out.push(`${n.host}: license server UP${n.master ? ' (MASTER)' : ''}${n.version ? ` v${n.version}` : ''}`);
    else if (n.error) out.push(`${n.host}: ${n.message ?? 'Cannot connect to license server system.'} (${n.error})`);
    else out.push(`${n.host}: license server DOWN`);
  }
  return out;
}

function daemonBlock(status: StatusResponse): string[] {
  const s = status.server;
  const out = [`Vendor daemon status (on ${s.host}):`, ''];
  const daemons = s.daemons ?? [...new Set(status.pools.map((p) => p.isv).filter((i) => i !== ''))].map((name) => ({
    name,
    status: 'up' as const,
    version: s.version,
    error: undefined,
    message: undefined,
  }));
  for (const d of daemons) {
    if (d.status === 'up') out.push(`  ${d.name}: UP${d.version ? ` v${d.version}` : ''}`);
    else if (d.error) out.push(`  ${d.name}: ${d.message ?? 'The desired vendor daemon is down.'} (${d.error})`);
    else out.push(`  ${d.name}: DOWN`);
  }
  return out;
}

function usersLine(p: PoolInfo): string {
  if (p.uncounted) return `Users of ${p.product}:  (Uncounted, node-locked)`;
  if (p.error !== undefined) return `Users of ${p.product}:  (${p.error})`;
  return `Users of ${p.product}:  (Total of ${plural(p.count, 'license')} issued;  Total of ${plural(p.in_use, 'license')} in use)`;
}

function licensesOf(p: PoolInfo, timeZone: string): PoolLicenseInfo[] {
  if (p.licenses && p.licenses.length > 0) return p.licenses;
  if (p.isv === '' || p.version === '') return [];
  const expiry = p.expires === null ? 'permanent(no expiration date)' : formatExpiryDate(p.expires, timeZone);
  const lic: PoolLicenseInfo = { version: p.version, isv: p.isv, expiry_text: expiry, expires: p.expires };
  if (p.vendor_string !== undefined) lic.vendor_string = p.vendor_string;
  lic.license_type = p.license_type ?? (p.uncounted ? 'uncounted nodelocked license' : 'floating license');
  return [lic];
}

/** "user host display [vendor data]": a checkout made through licutil has no display, and lmstat shows the host there */
function who(x: { user: string; host: string; display?: string; vendor_data?: string }): string {
  return `${x.user} ${x.host} ${x.display ?? x.host}${x.vendor_data ? ` ${x.vendor_data}` : ''}`;
}

function usageLine(c: CheckoutInfo, ctx: Ctx): string {
  const start = c.since !== '' ? formatLmstatStart(c.since, ctx.timeZone) : (c.since_text ?? 'Thu 1/1 0:00');
  const seats = c.count === 1 ? '' : `, ${c.count} licenses`;
  const linger = c.linger ? `  (linger: ${c.linger.text})` : '';
  // a checkout that asked no version shows the one it got, as a FlexNet client always asks one
  return `    ${who(c)} (v${c.requested_version ?? c.version}) (${c.served_by ?? servedBy(ctx)} ${handleColumn(c)}), start ${start}${seats}${linger}`;
}

function queuedLine(w: WaiterInfo, poolVersion: string, ctx: Ctx): string {
  // lmstat repeats the requested version before "(v...)" on a queued row; parsers of it expect the word.
  // A waiter that asked no version shows the version of the licenses it waits for.
  const version = w.requested_version ?? poolVersion;
  const handle = w.handle ?? String(w.id ?? w.position);
  return `    ${who(w)}${version === '' ? '' : ` ${version}`} (v${version}) (${w.served_by ?? servedBy(ctx)} ${handle}) queued for ${plural(w.count, 'license')}`;
}

function poolBlock(p: PoolInfo, waiters: WaiterInfo[], ctx: Ctx): string[] {
  const out = [usersLine(p), ''];
  const licenses = licensesOf(p, ctx.timeZone);
  const several = licenses.length > 1;
  licenses.forEach((lic, i) => {
    // Old lmstat versions print no expiry; what was read without one is written without one.
    const expiry = lic.expiry_text === null ? '' : `, expiry: ${lic.expiry_text}`;
    out.push(`  "${p.product}" v${lic.version}, vendor: ${lic.isv}${expiry}`);
    if (lic.vendor_string !== undefined) out.push(`  vendor_string: ${lic.vendor_string}`);
    if (lic.license_type !== undefined) out.push(`  ${lic.license_type}`);
    out.push('');
    // Under several headers, each checkout and reservation goes under the license of its version.
    const mine = <T extends { version?: string }>(x: T) =>
      !several || x.version === lic.version || (i === 0 && !licenses.some((l) => l.version === x.version));
    for (const r of (p.reservations ?? []).filter(mine)) {
      out.push(`\t${r.count} RESERVATION${r.count === 1 ? '' : 's'} for ${r.type} ${r.name} (${r.served_by ?? servedBy(ctx)})`);
    }
    for (const c of p.checkouts.filter(mine)) out.push(usageLine(c, ctx));
    if (i === 0) for (const w of waiters) out.push(queuedLine(w, lic.version, ctx));
    out.push('');
  });
  if (licenses.length === 0) {
    for (const c of p.checkouts) out.push(usageLine(c, ctx));
    for (const w of waiters) out.push(queuedLine(w, p.version, ctx));
    if (p.checkouts.length + waiters.length > 0) out.push('');
  }
  return out;
}

function statusBlock(status: StatusResponse, timeZone: string): string[] {
  const ctx: Ctx = { timeZone, server: status.server };
  // A status with no server (read from `lmstat -i`, which reads only the file) has only features.
  const head = status.server.host === '' ? [] : [...serverBlock(status.server), '', ...daemonBlock(status), ''];
  const out = [...head, 'Feature usage info:', ''];
  // lmstat lists queued users under the feature they wait for: the first section of that product.
  const placed = new Set<string>();
  for (const p of status.pools) {
    const first = !placed.has(p.product);
    placed.add(p.product);
    const waiters = first ? (status.queues.find((q) => q.product === p.product)?.waiters ?? []) : [];
    out.push(...poolBlock(p, waiters, ctx));
  }
  for (const q of status.queues) {
    if (placed.has(q.product) || q.waiters.length === 0) continue;
    const isv = q.waiters.find((w) => w.isv !== null)?.isv ?? '';
    out.push(...poolBlock(emptyPool(q.product, q.product, isv, 0, 0), q.waiters, ctx));
  }
  return out;
}

export function renderLmstat(status: StatusResponse | StatusResponse[], opts: LegacyRenderOptions = {}): string {
  const list = asList(status);
  const timeZone = opts.timeZone ?? 'UTC';
  const generated = list[0]?.server.source?.generated_text;
  const when = opts.now === undefined && generated !== undefined ? generated : statusOn(opts.now ?? latestInstant(list), timeZone);
  const out = ['lmutil - licutil status in the layout of lmstat -a', `Flexible License Manager status on ${when}`, ''];
  for (const s of list) out.push(...statusBlock(s, timeZone));
  while (out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}
