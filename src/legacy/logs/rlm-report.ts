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
//
// Not plain, for speed (bench/suites/report.ts, bench/RESULTS.md): a line is
// cut into tokens as offsets into it (rlm-tokens.ts), and only the fields a
// record needs become strings (names interned); the times are read in place.
import { RLM_LICENSE } from '../error-tables/rlm-license.js';
import type { EventOut, LineParser, ParserEnd, UsageEvent, UsageKind } from '../../report/events/events.js';
import { Interner } from '../../report/events/intern.js';
import { addDays, localClock, type CivilDate } from './local-time.js';
import { ByteTokens } from './rlm-bytes.js';
import { Tokens } from './rlm-tokens.js';

/** records that say nothing about usage (authentication, reread, roaming, meters, ...) */
const IGNORED = new Set(['AUTH', 'RLM', 'REPROCESSED', 'ISV', 'ISV:', 'SWITCH', 'TIMEZONE', 'LICENSE', 'REREAD', 'ROAM_EXTEND', 'METER', 'DYNRES', 'TEMP', 'TIMEJUMP', 'LOG', 'SUPPORT']);
/** the records read, as their first token: found without cutting the token out */
const RECORDS = ['OUT', 'IN', 'DENY', 'INUSE', 'DEQUE', 'QUE', 'START', 'PRODUCT', 'SHUTDOWN'];
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
/** IN_WHY by the code's value */
const IN_WHY_BY_CODE: Array<{ kind: UsageKind; reason: string } | undefined> = [];
for (const [code, why] of Object.entries(IN_WHY)) IN_WHY_BY_CODE[Number(code)] = why;

export interface RlmOptions {
  server: string;
  timeZone: string;
  /** the year records fall in when the log has no START line before them (they are placed on or before it) */
  fallbackDate: CivilDate;
}

export function rlmParser(opts: RlmOptions): LineParser {
  const clock = localClock(opts.timeZone);
  const intern = new Interner();
  const tok = new Tokens();
  const denials = new Map<number, string>();
  let date: CivilDate | null = null;
  let lastMs = 0;
  let started = false;
  /**
   * Lines before START that are no record: the free header text of a report
   * log, unless no START ever comes (another format, read with --format rlm):
   * then they are lines not read, and said so at the end.
   */
  let header = 0;
  const firstHeader: ParserEnd['firstUnread'] = [];
  let isv: string | null = null;
  let server = opts.server;

  /** the date of a record, kept as the current one (the same object while it does not change) */
  const setDate = (year: number, month: number, day: number): CivilDate => {
    if (date === null || date.year !== year || date.month !== month || date.day !== day) date = { year, month, day };
    return date;
  };
  /** an mm/dd (packed) and the time in tok, placed in the year nearest the current date */
  const at = (md: number): number => {
    const month = Math.floor(md / 100);
    const day = md % 100;
    const ref = date ?? opts.fallbackDate;
    let year = ref.year;
    if (date === null) {
      if (month > ref.month || (month === ref.month && day > ref.day)) year--;
    } else if (ref.month - month > 6) year++;
    else if (month - ref.month > 6) year--;
    return stamp(setDate(year, month, day));
  };
  const stamp = (d: CivilDate): number => {
    lastMs = clock.instant(d.year, d.month, d.day, tok.h, tok.m, tok.s, tok.ms);
    return lastMs;
  };
  /** a small-format hh:mm: today, or tomorrow when the clock went back past midnight */
  const hourMinute = (): number => {
    let d = date ?? opts.fallbackDate;
    const t = clock.instant(d.year, d.month, d.day, tok.h, tok.m, 0);
    if (date !== null && t < lastMs - HOUR_MS) {
      d = addDays(d, 1);
      date = d;
    }
    return stamp(d);
  };
  /** the record's time: the first mm/dd followed by a time, or a trailing hh:mm (small) */
  const timeOf = (from: number): number | null => {
    for (let i = from; i < tok.n - 1; i++) {
      const md = tok.md(i);
      if (md >= 0 && tok.hms(i + 1)) return at(md);
    }
    return tok.hms(tok.n - 1) ? hourMinute() : null;
  };
  const ev = (out: EventOut, time: number, kind: UsageKind): UsageEvent => {
    const e = out.next();
    e.time = time;
    e.kind = kind;
    e.server = server;
    e.log = opts.server;
    e.vendor = isv;
    return e;
  };
  /** a name field: interned; missing, null */
  const name = (i: number): string | null => (i < tok.n ? intern.ofRange(tok.text, tok.start(i), tok.end(i)) : null);
  /** a user or host: interned; missing or "", null */
  const who = (i: number): string | null => (tok.len(i) > 0 ? intern.ofRange(tok.text, tok.start(i), tok.end(i)) : null);
  const handle = (i: number): string | null => tok.str(i) ?? null;
  /** the reason of a denial with status token i */
  const denial = (i: number): string => {
    const code = tok.num(i);
    let reason = denials.get(code);
    if (reason === undefined) {
      const known = RLM_LICENSE.find((e) => e.code === code);
      if (!known) return intern.of(`RLM status ${tok.str(i)}`);
      reason = `${known.name} (${code})`;
      denials.set(code, reason);
    }
    return reason;
  };

  const bt = new ByteTokens();
  /** a name field read from bytes: interned; empty, null (the fields asked for exist) */
  const nameAt = (buf: Buffer, i: number, orNull: boolean): string | null => (orNull && bt.len(i) === 0 ? null : intern.ofBytes(buf, bt.start(i), bt.end(i)));
  /**
   * The time of a record read from bytes, as timeOf reads it: NaN when it is
   * not a plain mm/dd h:mm:ss (the text reading decides then).
   */
  const timeOfBytes = (buf: Buffer, from: number): number => {
    for (let i = from; i < bt.n - 1; i++) {
      const md = bt.md(buf, i);
      if (md < 0) continue;
      if (bt.hms(buf, i + 1)) {
        tok.h = bt.h;
        tok.m = bt.m;
        tok.s = bt.s;
        tok.ms = 0;
        return at(md);
      }
      // a time of another shape (hh:mm, fractions) is the text reading's
      if (bt.has(buf, i + 1, 58 /* : */)) return NaN;
    }
    return NaN;
  };

  return {
    format: 'rlm',
    bytes(buf, a, b, out) {
      if (!bt.read(buf, a, b)) return false;
      const outRecord = bt.is(buf, 0, 'OUT');
      if (outRecord) {
        // std only: a date somewhere after the record name
        if (bt.n < 12) return false;
        const count = bt.num(buf, 7);
        if (Number.isNaN(count)) return false;
        const time = timeOfBytes(buf, 6);
        if (Number.isNaN(time)) return false;
        const e = ev(out, time, 'out');
        e.feature = nameAt(buf, 1, false);
        e.version = nameAt(buf, 2, false);
        e.user = nameAt(buf, 4, true);
        e.host = nameAt(buf, 5, true);
        e.count = count;
        e.handle = buf.toString('latin1', bt.start(10), bt.end(10));
        return true;
      }
      if (!bt.is(buf, 0, 'IN') || bt.n < 11) return false;
      const why = inWhy(buf, bt.start(1), bt.len(1));
      const count = bt.num(buf, 7);
      if (why === undefined || Number.isNaN(count)) return false;
      const time = timeOfBytes(buf, 2);
      if (Number.isNaN(time)) return false;
      const e = ev(out, time, why.kind);
      e.reason = why.reason;
      e.feature = nameAt(buf, 2, false);
      e.version = nameAt(buf, 3, false);
      e.user = nameAt(buf, 4, true);
      e.host = nameAt(buf, 5, true);
      e.count = count || 1;
      e.handle = buf.toString('latin1', bt.start(10), bt.end(10));
      return true;
    },
    line(text, lineNo, out): string | null {
      tok.read(text);
      if (tok.n === 0) return null;
      const key = recordOf(tok);
      switch (key) {
        case 'OUT':
        case 'INUSE': {
          let small = true;
          for (let i = 1; i < tok.n && small; i++) if (tok.md(i) >= 0) small = false;
          const time = timeOf(6);
          if (time === null || tok.n < (small ? 10 : 12)) return bad(key);
          const pool = small ? 0 : 1;
          const count = tok.num(6 + pool);
          const e = ev(out, time, key === 'OUT' ? 'out' : 'inuse');
          e.feature = name(1);
          e.version = name(2);
          e.user = who(3 + pool);
          e.host = who(4 + pool);
          e.count = Number.isFinite(count) ? count : 1;
          e.handle = handle(small ? 7 : key === 'OUT' ? 10 : 8);
          return null;
        }
        case 'IN':
        case 'DEQUE': {
          const time = timeOf(2);
          if (time === null) return bad(key);
          const code = tok.str(1) ?? '';
          const why = Object.hasOwn(IN_WHY, code) ? IN_WHY[code] : undefined;
          const small = tok.n <= 5;
          if (!small && tok.n < 11) return bad(key);
          const e = ev(out, time, key === 'DEQUE' ? 'dequeued' : (why?.kind ?? 'in'));
          e.reason = key === 'IN' && why ? why.reason : intern.of(`why ${code}`);
          if (small) {
            e.count = tok.num(2) || 1;
            e.handle = handle(3);
            return null;
          }
          e.feature = name(2);
          e.version = name(3);
          e.user = who(4);
          e.host = who(5);
          e.count = tok.num(7) || 1;
          e.handle = handle(key === 'IN' ? 10 : 8);
          return null;
        }
        case 'DENY': {
          const time = timeOf(8);
          if (time === null || tok.n < 11) return bad(key);
          const e = ev(out, time, 'denied');
          e.feature = name(1);
          e.version = name(2);
          e.user = who(3);
          e.host = who(4);
          e.count = tok.num(6) || 1;
          e.reason = denial(7);
          e.retried = tok.is(8, '0');
          return null;
        }
        case 'QUE': {
          const time = timeOf(7);
          if (time === null || tok.n < 9) return bad(key);
          const e = ev(out, time, 'queued');
          e.feature = name(1);
          e.version = name(2);
          e.user = who(3);
          e.host = who(4);
          e.count = tok.num(6) || 1;
          e.handle = handle(7);
          return null;
        }
        case 'START': {
          const dt = fullDate(2);
          if (dt === null) return bad(key);
          started = true;
          header = 0;
          firstHeader.length = 0;
          server = `${opts.server}#${isv ?? 'rlm'}`;
          ev(out, dt, 'start').host = name(1);
          return null;
        }
        case 'PRODUCT': {
          const count = tok.n > 4 ? tok.num(4) : NaN;
          const reserved = (tok.n > 5 ? tok.num(5) : NaN) || 0;
          if (!Number.isFinite(count)) return bad(key);
          // count 0 is an uncounted license: nothing to measure use against
          if (count + reserved > 0) {
            const e = ev(out, lastMs, 'issued');
            e.feature = name(1);
            e.version = name(2);
            e.count = count + reserved;
          }
          return null;
        }
        case 'SHUTDOWN': {
          const time = timeOf(1);
          if (time === null) return bad(key);
          const e = ev(out, time, 'stop');
          e.user = who(1);
          e.host = who(2);
          e.reason = 'SHUTDOWN';
          return null;
        }
        default:
          break;
      }
      const next = tok.str(1);
      if (key === 'ISV:' && next) {
        isv = intern.of(next.replace(/,$/, ''));
        server = `${opts.server}#${isv}`;
        return null;
      }
      // END, TIMESTAMP and others with a full date keep the date current
      if (tok.n > 1 && tok.mdy(1) >= 0) {
        const time = fullDate(1);
        if (time !== null) ev(out, time, 'mark');
        return null;
      }
      if (IGNORED.has(key)) return null;
      if (!started) {
        header++;
        if (firstHeader.length < 5) firstHeader.push({ line: lineNo, text, why: 'not an RLM report log record, and no START record in the log' });
        return null;
      }
      return `unknown RLM report log record ${JSON.stringify(key)}`;
    },
    end: () => (started ? { unread: 0, firstUnread: [] } : { unread: header, firstUnread: firstHeader }),
  };

  function fullDate(i: number): number | null {
    const d = tok.mdy(i);
    if (d < 0 || !tok.hms(i + 1)) return null;
    return stamp(setDate(Math.floor(d / 10000), Math.floor(d / 100) % 100, d % 100));
  }
}

/** the checkin `why` of len bytes at buf[a]: one of IN_WHY, else undefined */
function inWhy(buf: Buffer, a: number, len: number): { kind: UsageKind; reason: string } | undefined {
  // the keys are written without leading zeros: "01" is none of them
  if (len < 1 || len > 2 || buf[a] === 48) return undefined;
  const d0 = (buf[a] as number) - 48;
  const d1 = len === 2 ? (buf[a + 1] as number) - 48 : 0;
  if (d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9) return undefined;
  return IN_WHY_BY_CODE[len === 2 ? d0 * 10 + d1 : d0];
}

/** the first token: one of RECORDS without cutting it out, or cut out */
function recordOf(tok: Tokens): string {
  for (const r of RECORDS) if (tok.is(0, r)) return r;
  return tok.str(0) as string;
}

function bad(key: string): string {
  return `${key} record with missing fields or no time`;
}
