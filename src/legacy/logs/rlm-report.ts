// The RLM report log (REPORTLOG in the ISV options file), read line by line
// into usage events. The three formats differ only in the checkout and
// checkin records (Reprise, RLM License Administration, "Reportlog File Format"):
//
//   std:      OUT product version pool# user host "isv_def" count cur_use cur_resuse server_handle share_handle pid "project" "req product" "req version" mm/dd hh:mm:ss
//   detailed: the same with hh:mm:ss.tenths_of_msec and more fields after the time
//   small:    OUT product version user host "isv_def" count server_handle share_handle hh:mm
//   std:      IN why product version user host "isv_def" count cur_use cur_resuse server_handle mm/dd hh:mm:ss
//   small:    IN why count server_handle hh:mm
//   DENY product version user host "isv_def" count why last_attempt mm/dd hh:mm
//   QUE product version user host "isv_def" count server_handle ... mm/dd hh:mm:ss
//   DEQUE why product version user host "isv_def" count server_handle mm/dd hh:mm:ss
//   INUSE product version pool# user host "isv_def" count server_handle ... mm/dd hh:mm:ss
//   START hostname mm/dd/yyyy hh:mm     PRODUCT name version pool# count #reservations ...
//   SHUTDOWN user host mm/dd hh:mm:ss   END mm/dd/yyyy hh:mm
//
// Records have no year (and small ones no date): the date comes from START and
// the other mm/dd/yyyy records and moves on with the records themselves. A
// small-format IN names only the handle; the aggregator finds the checkout.
import { RLM_LICENSE } from '../error-tables/rlm-license.js';
import { SKIP, usageEvent, type LineParser, type LineResult, type UsageEvent, type UsageKind } from '../../report/events/events.js';
import { addDays, localClock, type CivilDate } from './local-time.js';

const MD = /^(\d{1,2})\/(\d{1,2})$/;
const MDY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const HMS = /^(\d{1,2}):(\d\d)(?::(\d\d)(?:\.(\d+))?)?$/;
/** records that say nothing about usage (authentication, reread, roaming, meters, ...) */
const IGNORED = new Set(['AUTH', 'RLM', 'REPROCESSED', 'ISV', 'ISV:', 'SWITCH', 'TIMEZONE', 'LICENSE', 'REREAD', 'ROAM_EXTEND', 'METER', 'DYNRES', 'TEMP', 'TIMEJUMP', 'LOG', 'SUPPORT']);
/** checkin `why` values that are not the holder giving the seat back */
const IN_WHY: Record<string, { kind: UsageKind; reason: string }> = {
  '1': { kind: 'in', reason: 'normal' },
  '2': { kind: 'in', reason: 'application exited' },
  '3': { kind: 'removed', reason: 'removed (rlmremove)' },
  '4': { kind: 'reclaimed', reason: 'removed by server after timeout' },
  '5': { kind: 'in', reason: 'hold/minimum checkout expired' },
  '7': { kind: 'in', reason: 'portable hostid removed' },
  '8': { kind: 'in', reason: 'failed host back up' },
  '9': { kind: 'in', reason: 'server lost transferred licenses' },
  '10': { kind: 'in', reason: 'meter ran out' },
  '11': { kind: 'reclaimed', reason: 'no heartbeat within promise interval' },
};
const HOUR_MS = 3_600_000;

export interface RlmOptions {
  server: string;
  timeZone: string;
  /** the year records fall in when the log has no START line before them (they are placed on or before it) */
  fallbackDate: CivilDate;
}

/** Splits on blanks; a double-quoted field is one token, without its quotes. */
export function rlmTokens(line: string): string[] {
  if (!line.includes('"')) return line.trim().split(/\s+/);
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) out.push(m[1] ?? m[2] ?? '');
  return out;
}

export function rlmParser(opts: RlmOptions): LineParser {
  const clock = localClock(opts.timeZone);
  let date: CivilDate | null = null;
  let lastMs = 0;
  let started = false;
  let isv: string | null = null;
  let server = opts.server;

  /** an mm/dd hh:mm:ss pair at tokens i, i+1, placed in the year nearest the current date */
  const at = (md: RegExpExecArray, hms: RegExpExecArray): number => {
    const month = Number(md[1]);
    const day = Number(md[2]);
    const ref = date ?? opts.fallbackDate;
    let year = ref.year;
    if (date === null) {
      if (month > ref.month || (month === ref.month && day > ref.day)) year--;
    } else if (ref.month - month > 6) year++;
    else if (month - ref.month > 6) year--;
    date = { year, month, day };
    return stamp(date, hms);
  };
  const stamp = (d: CivilDate, hms: RegExpExecArray): number => {
    const frac = hms[4] ? Number(`0.${hms[4]}`) * 1000 : 0;
    lastMs = clock.instant(d.year, d.month, d.day, Number(hms[1]), Number(hms[2]), Number(hms[3] ?? 0), frac);
    return lastMs;
  };
  /** a small-format hh:mm: today, or tomorrow when the clock went back past midnight */
  const hourMinute = (hms: RegExpExecArray): number => {
    let d = date ?? opts.fallbackDate;
    const t = clock.instant(d.year, d.month, d.day, Number(hms[1]), Number(hms[2]), 0);
    if (date !== null && t < lastMs - HOUR_MS) {
      d = addDays(d, 1);
      date = d;
    }
    return stamp(d, hms);
  };
  /** the record's time: the first mm/dd followed by a time, or a trailing hh:mm (small) */
  const timeOf = (tok: string[], from: number): number | null => {
    for (let i = from; i < tok.length - 1; i++) {
      const md = MD.exec(tok[i] as string);
      if (!md) continue;
      const hms = HMS.exec(tok[i + 1] as string);
      if (hms) return at(md, hms);
    }
    const last = HMS.exec(tok[tok.length - 1] as string);
    return last ? hourMinute(last) : null;
  };
  const ev = (p: Partial<UsageEvent> & Pick<UsageEvent, 'time' | 'kind'>): UsageEvent => {
    p.server = server;
    p.log = opts.server;
    p.vendor = isv;
    return usageEvent(p as UsageEvent);
  };

  return {
    format: 'rlm',
    line(text): LineResult {
      const tok = rlmTokens(text);
      const key = tok[0] ?? '';
      if (key === '') return SKIP;
      switch (key) {
        case 'OUT':
        case 'INUSE': {
          const small = !tok.some((t) => MD.test(t));
          const time = timeOf(tok, 6);
          if (time === null || tok.length < (small ? 10 : 12)) return bad(key);
          const pool = small ? 0 : 1;
          const count = Number(tok[6 + pool]);
          const handle = small ? tok[7] : key === 'OUT' ? tok[10] : tok[8];
          return {
            events: [
              ev({ time, kind: key === 'OUT' ? 'out' : 'inuse', feature: tok[1] ?? null, version: tok[2] ?? null, user: nul(tok[3 + pool]), host: nul(tok[4 + pool]), count: Number.isFinite(count) ? count : 1, handle: handle ?? null }),
            ],
          };
        }
        case 'IN':
        case 'DEQUE': {
          const time = timeOf(tok, 2);
          if (time === null) return bad(key);
          const why = IN_WHY[tok[1] ?? ''];
          const small = tok.length <= 5;
          const kind: UsageKind = key === 'DEQUE' ? 'dequeued' : (why?.kind ?? 'in');
          const reason = key === 'DEQUE' ? `why ${tok[1]}` : (why?.reason ?? `why ${tok[1]}`);
          if (small) return { events: [ev({ time, kind, count: Number(tok[2]) || 1, handle: tok[3] ?? null, reason })] };
          if (tok.length < 11) return bad(key);
          const handle = key === 'IN' ? tok[10] : tok[8];
          return {
            events: [ev({ time, kind, feature: tok[2] ?? null, version: tok[3] ?? null, user: nul(tok[4]), host: nul(tok[5]), count: Number(tok[7]) || 1, handle: handle ?? null, reason })],
          };
        }
        case 'DENY': {
          const time = timeOf(tok, 8);
          if (time === null || tok.length < 11) return bad(key);
          const code = Number(tok[7]);
          const known = RLM_LICENSE.find((e) => e.code === code);
          const reason = known ? `${known.name} (${code})` : `RLM status ${tok[7]}`;
          return {
            events: [ev({ time, kind: 'denied', feature: tok[1] ?? null, version: tok[2] ?? null, user: nul(tok[3]), host: nul(tok[4]), count: Number(tok[6]) || 1, reason, retried: tok[8] === '0' })],
          };
        }
        case 'QUE': {
          const time = timeOf(tok, 7);
          if (time === null || tok.length < 9) return bad(key);
          return { events: [ev({ time, kind: 'queued', feature: tok[1] ?? null, version: tok[2] ?? null, user: nul(tok[3]), host: nul(tok[4]), count: Number(tok[6]) || 1, handle: tok[7] ?? null })] };
        }
        case 'START': {
          const dt = fullDate(tok, 2);
          if (dt === null) return bad(key);
          started = true;
          server = `${opts.server}#${isv ?? 'rlm'}`;
          return { events: [ev({ time: dt, kind: 'start', host: tok[1] ?? null })] };
        }
        case 'PRODUCT': {
          const count = Number(tok[4]);
          const reserved = Number(tok[5]) || 0;
          if (!Number.isFinite(count)) return bad(key);
          // count 0 is an uncounted license: nothing to measure use against
          return count + reserved > 0 ? { events: [ev({ time: lastMs, kind: 'issued', feature: tok[1] ?? null, version: tok[2] ?? null, count: count + reserved })] } : SKIP;
        }
        case 'SHUTDOWN': {
          const time = timeOf(tok, 1);
          if (time === null) return bad(key);
          return { events: [ev({ time, kind: 'stop', user: nul(tok[1]), host: nul(tok[2]), reason: 'SHUTDOWN' })] };
        }
        default:
          break;
      }
      if (key === 'ISV:' && tok[1]) {
        isv = tok[1].replace(/,$/, '');
        server = `${opts.server}#${isv}`;
        return SKIP;
      }
      // END, TIMESTAMP and others with a full date keep the date current
      if (MDY.test(tok[1] ?? '')) {
        const time = fullDate(tok, 1);
        return time === null ? SKIP : { events: [ev({ time, kind: 'mark' })] };
      }
      if (IGNORED.has(key) || !started) return SKIP; // before START: the free header text
      return { error: `unknown RLM report log record ${JSON.stringify(key)}` };
    },
    end: () => ({ events: [], unread: 0, firstUnread: [] }),
  };

  function fullDate(tok: string[], i: number): number | null {
    const d = MDY.exec(tok[i] ?? '');
    const t = HMS.exec(tok[i + 1] ?? '');
    if (!d || !t) return null;
    date = { month: Number(d[1]), day: Number(d[2]), year: Number(d[3]) };
    return stamp(date, t);
  }
}

function nul(s: string | undefined): string | null {
  return s === undefined || s === '' ? null : s;
}

function bad(key: string): LineResult {
  return { error: `${key} record with missing fields or no time` };
}
