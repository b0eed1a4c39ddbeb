// Writes licutil status in the layout of `rlmutil rlmstat -a`: the rlm status
// block, the ISV servers table, then per ISV its "license pool status" entries
// and "license usage status" lines, so tools written for RLM servers read a
// licutil server. RLM's documentation shows no queued users in rlmstat, so
// waiters get a section of their own after the usage lines ("license queue
// status"), worded so that readers of usage lines do not count them as seats.
import type { PoolInfo, ServerInfo, StatusResponse, WaiterInfo } from '../../protocol/messages.js';
import { asList, handleColumn, latestInstant } from '../common/render-common.js';
import { formatExpiryDate, formatRlmstatStart, fromWallTime, wallTime } from '../common/time.js';
import type { LegacyRenderOptions } from '../common/types.js';

const RULE = '\t------------------------';
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** C's ctime() layout, as RLM prints start-up and statistics times: "Wed Jul  6 13:27:42 2011" */
function ctime(instant: Date, timeZone: string): string {
  const w = wallTime(instant, timeZone);
  return `${DAYS[w.weekday]} ${MONTHS[w.month - 1]} ${String(w.day).padStart(2, ' ')} ${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)} ${w.year}`;
}

function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86_400);
  const hms = `${pad2(Math.floor((s % 86_400) / 3_600))}:${pad2(Math.floor((s % 3_600) / 60))}:${pad2(s % 60)}`;
  return days > 0 ? `${days}d ${hms}` : hms;
}

function isvsOf(status: StatusResponse): string[] {
  const names = (status.server.daemons ?? []).map((d) => d.name);
  for (const p of status.pools) if (p.isv !== '' && !names.includes(p.isv)) names.push(p.isv);
  for (const q of status.queues) for (const w of q.waiters) if (w.isv && !names.includes(w.isv)) names.push(w.isv);
  return names;
}

function rlmBlock(s: ServerInfo, now: Date, timeZone: string): string[] {
  const w = wallTime(now, timeZone);
  // the zone's own midnight: on a daylight-saving day it is not now minus the time of day
  const midnight = fromWallTime({ year: w.year, month: w.month, day: w.day }, timeZone);
  const out = [
    `\trlm status on ${s.host} (port ${s.port}), up ${duration(s.uptime_seconds)}`,
    `\trlm software version v${s.version || '0'}`,
    '\trlm comm version: v1.2',
  ];
  if (s.started !== '') out.push(`\tStartup time: ${ctime(new Date(s.started), timeZone)}`);
  // RLM counts "today" from the server's midnight; the reader takes the date of the usage lines from it.
  out.push(`\tTodays Statistics (${duration((now.getTime() - midnight.getTime()) / 1000)}), init time: ${ctime(midnight, timeZone)}`);
  return out;
}

function isvTable(status: StatusResponse, isvs: string[]): string[] {
  const out = ['\t--------- ISV servers ----------', '\t   Name           Port Running Restarts'];
  for (const name of isvs) {
    const d = status.server.daemons?.find((x) => x.name === name);
    const port = d?.port ?? status.server.port;
    const running = (d?.status ?? 'up') === 'up' ? 'Yes' : 'No';
    out.push(`\t${name.padEnd(16)} ${String(port).padStart(5)}   ${running.padEnd(3)}      ${d?.restarts ?? 0}`);
  }
  return out;
}

function poolLines(p: PoolInfo, timeZone: string): string[] {
  const exp = p.licenses?.[0]?.expiry_text ?? formatExpiryDate(p.expires, timeZone);
  const count = p.uncounted ? 'uncounted' : String(p.count);
  return [
    `\t${p.product} v${p.version || '0'}`,
    `\t\tcount: ${count}, # reservations: ${p.reserved ?? 0}, inuse: ${p.in_use}, exp: ${exp}`,
    `\t\tobsolete: ${p.obsolete ?? 0}, min_remove: ${p.min_remove}, total checkouts: ${p.total_checkouts ?? p.checkouts.length}`,
    ...(p.token_based ? ['\t\tToken-based license'] : []),
  ];
}

function usageLines(pools: PoolInfo[], timeZone: string): string[] {
  const out: string[] = [];
  for (const p of pools) {
    for (const c of p.checkouts) {
      const at = c.since !== '' ? formatRlmstatStart(c.since, timeZone) : (c.since_text ?? '01/01 00:00');
      out.push(`\t${p.product} v${c.version || p.version || '0'}: ${c.user}@${c.host} ${c.count}/${c.reserved ?? 0} at ${at}  (handle: ${handleColumn(c)})`);
    }
  }
  return out;
}

/** `poolVersion`: the version shown for a waiter that asked none, that of the licenses it waits for. */
function queueLines(waiters: WaiterInfo[], poolVersion: (product: string) => string, timeZone: string): string[] {
  return waiters.map((w) => {
    const since = w.since !== '' ? formatRlmstatStart(w.since, timeZone) : '01/01 00:00';
    return `\t${w.product} v${w.requested_version ?? poolVersion(w.product)}: ${w.user}@${w.host} ${w.count} queued since ${since}  (position: ${w.position})`;
  });
}

function isvBlocks(status: StatusResponse, isv: string, timeZone: string): string[] {
  const s = status.server;
  const d = s.daemons?.find((x) => x.name === isv);
  const where = `on ${d?.host ?? s.host} (port ${d?.port ?? s.port})`;
  const out = [`\t${isv} ISV server status ${where}, up ${duration(s.uptime_seconds)}`];
  if (d?.version ?? s.version) out.push(`\t${isv} software version v${d?.version ?? s.version}`);
  const pools = status.pools.filter((p) => p.isv === isv);
  out.push('', RULE, '', `\t${isv} license pool status ${where}`, '');
  for (const p of pools) out.push(...poolLines(p, timeZone));
  out.push('', RULE, '', `\t${isv} license usage status ${where}`, '', ...usageLines(pools, timeZone));
  const products = new Set(pools.map((p) => p.product));
  const waiters = status.queues.flatMap((q) => q.waiters.filter((w) => (w.isv ?? (products.has(q.product) ? isv : null)) === isv));
  if (waiters.length > 0) out.push('', RULE, '', `\t${isv} license queue status ${where}`, '', ...queueLines(waiters, (product) => pools.find((p) => p.product === product)?.version ?? '', timeZone));
  return out;
}

export function renderRlmstat(status: StatusResponse | StatusResponse[], opts: LegacyRenderOptions = {}): string {
  const list = asList(status);
  const timeZone = opts.timeZone ?? 'UTC';
  const now = opts.now ?? latestInstant(list);
  const out = ['rlmutil - licutil status in the layout of rlmstat -a', ''];
  for (const st of list) {
    const isvs = isvsOf(st);
    out.push(...rlmBlock(st.server, now, timeZone), '', ...isvTable(st, isvs), '', RULE, '');
    for (const isv of isvs) out.push(...isvBlocks(st, isv, timeZone), '', RULE, '');
  }
  while (out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}
