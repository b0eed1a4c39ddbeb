// The FlexNet debug log as lmgrd and its vendor daemons write it, read line by
// line into usage events:
//
//   14:02:11 (lmgrd) FlexNet Licensing (v11.19.0.0 build 1) started on srv1 (linux) (3/4/2025)
//   14:02:12 (acme) Server started on srv1 for:   solver  mesher
//   14:05:40 (acme) OUT: "solver" alice@ws12
//   14:05:41 (acme) OUT: "mesher" bob@ws07  (2 licenses)
//   15:10:02 (acme) IN: "solver" alice@ws12  (INACTIVE)
//   15:11:00 (acme) DENIED: "solver" carol@ws03  (Licensed number of users already reached. (-4,342))
//   20:02:12 (acme) TIMESTAMP 3/4/2025
//
// Lines carry only the time of day: the date comes from TIMESTAMP lines, the
// lmgrd start-up banner ("... (M/D/YYYY)") and the SLOG "Start-Date:" line, and
// advances when the time of day goes back by more than an hour (midnight).
// Lines read before any date are held until one arrives (the banner is almost
// always first) and dated backwards from it. With the verbose option
// (ls_enable_verbose_dlog) lines end in `^^^ ver user ip pid handle in_use
// out_of ... ^^^`, which gives the handle and the licenses issued.
import { SKIP, usageEvent, type LineParser, type LineResult, type ParserEnd, type UsageEvent, type UsageKind } from '../../report/events/events.js';
import { addDays, localClock, type CivilDate } from './local-time.js';

const LINE = /^\s*(\d{1,2}):(\d\d):(\d\d) \(([^)\s]+)\) ?(.*)$/;
const ACTION = /^(OUT|IN|DENIED|UNSUPPORTED|QUEUED|DEQUEUED):\s+"?([^"\s]+)"?\s+(\S*)(.*)$/;
const TIMESTAMP = /^TIMESTAMP (\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/;
const BANNER_DATE = /\((\d{1,2})\/(\d{1,2})\/(\d{4})\)\s*$/;
const SLOG_DATE = /Start-Date: \w{3} (\w{3}) (\d{1,2}) (\d{4})/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const KINDS: Record<string, UsageKind> = { OUT: 'out', IN: 'in', DENIED: 'denied', UNSUPPORTED: 'denied', QUEUED: 'queued', DEQUEUED: 'dequeued' };
/** lines held before the first date; past this they are reported as undated */
const MAX_PENDING = 100_000;
const HOUR = 3600;

interface Pending {
  secs: number;
  line: number;
  text: string;
  events: UsageEvent[];
}

export interface FlexnetOptions {
  /** the log's name: events are keyed by it and the vendor daemon */
  server: string;
  timeZone: string;
}

export function flexnetParser(opts: FlexnetOptions): LineParser {
  const clock = localClock(opts.timeZone);
  let date: CivilDate | null = null;
  let prevSecs: number | null = null;
  let pending: Pending[] = [];
  let undated = 0;
  const firstUndated: ParserEnd['firstUnread'] = [];
  const issued = new Map<string, number>();

  const stamp = (events: UsageEvent[], d: CivilDate, secs: number) => {
    const t = clock.instant(d.year, d.month, d.day, Math.floor(secs / HOUR), Math.floor((secs % HOUR) / 60), secs % 60);
    for (const e of events) e.time = t;
  };

  /** dates the held lines backwards from the first known date */
  const release = (d: CivilDate, secs: number): UsageEvent[] => {
    const out: UsageEvent[] = [];
    let day = d;
    let next = secs;
    for (let i = pending.length - 1; i >= 0; i--) {
      const p = pending[i] as Pending;
      if (p.secs > next + HOUR) day = addDays(day, -1);
      next = p.secs;
      stamp(p.events, day, p.secs);
    }
    for (const p of pending) out.push(...p.events);
    pending = [];
    return out;
  };

  return {
    format: 'flexnet',
    line(text, lineNo): LineResult {
      const m = LINE.exec(text);
      if (!m) return text.trim() === '' ? SKIP : { error: 'not a FlexNet debug log line (HH:MM:SS (daemon) message)' };
      const secs = Number(m[1]) * HOUR + Number(m[2]) * 60 + Number(m[3]);
      const daemon = m[4] as string;
      const msg = m[5] as string;
      const found = dateIn(daemon, msg);
      let lineDate: CivilDate | null = null;
      let released: UsageEvent[] = [];
      if (found) {
        if (date === null) released = release(found, secs);
        date = found;
        prevSecs = secs;
      } else if (date !== null && prevSecs !== null) {
        if (secs < prevSecs - HOUR) {
          date = addDays(date, 1);
          prevSecs = secs;
        } else if (secs > prevSecs + 12 * HOUR) {
          // a line from just before midnight written after a TIMESTAMP of the new day: the day before
          lineDate = addDays(date, -1);
        } else prevSecs = secs;
      }
      const read: LineResult = found ? { events: [usageEvent({ time: 0, kind: 'mark', server: opts.server })] } : readMessage(daemon, msg, opts.server, issued);
      if ('error' in read) return released.length > 0 ? { events: released } : read;
      if (!('events' in read) || read.events.length === 0) return released.length > 0 ? { events: released } : SKIP;
      if (date === null) {
        if (pending.length < MAX_PENDING) pending.push({ secs, line: lineNo, text, events: read.events });
        else {
          undated++;
          if (firstUndated.length < 5) firstUndated.push({ line: lineNo, text, why: 'no date before this line (no TIMESTAMP or lmgrd start-up line yet)' });
        }
        return SKIP;
      }
      stamp(read.events, lineDate ?? date, secs);
      return { events: released.length > 0 ? [...released, ...read.events] : read.events };
    },
    end() {
      const unread = undated + pending.length;
      for (const p of pending) {
        if (firstUndated.length >= 5) break;
        firstUndated.push({ line: p.line, text: p.text, why: 'no date anywhere in the log (no TIMESTAMP or lmgrd start-up line)' });
      }
      pending = [];
      return { events: [], unread, firstUnread: firstUndated };
    },
  };
}

function dateIn(daemon: string, msg: string): CivilDate | null {
  let m = TIMESTAMP.exec(msg);
  if (m) return { month: Number(m[1]), day: Number(m[2]), year: Number(m[3]) };
  if (daemon === 'lmgrd') {
    m = BANNER_DATE.exec(msg);
    if (m && msg.includes('started on')) return { month: Number(m[1]), day: Number(m[2]), year: Number(m[3]) };
    m = SLOG_DATE.exec(msg);
    if (m) {
      const month = MONTHS.indexOf(m[1] as string) + 1;
      if (month > 0) return { month, day: Number(m[2]), year: Number(m[3]) };
    }
  }
  return null;
}

function readMessage(daemon: string, msg: string, file: string, issued: Map<string, number>): LineResult {
  if (daemon === 'lmgrd') return SKIP;
  const server = `${file}#${daemon}`;
  const ev = (p: Partial<UsageEvent> & Pick<UsageEvent, 'kind'>): UsageEvent => {
    p.time = 0;
    p.server = server;
    p.log = file;
    p.vendor = daemon;
    return usageEvent(p as UsageEvent);
  };
  const a = ACTION.exec(msg);
  if (!a) {
    if (msg.startsWith('Server started on')) return { events: [ev({ kind: 'start' })] };
    if (msg.startsWith('EXITING DUE TO SIGNAL') || msg.startsWith('EXITING with code') || msg.startsWith('Shutdown requested')) {
      return { events: [ev({ kind: 'stop', reason: msg.trim() })] };
    }
    // everything else a daemon says (reread, SLOG statistics, warnings) is not usage
    return SKIP;
  }
  const kind = KINDS[a[1] as string] as UsageKind;
  const feature = a[2] as string;
  const who = a[3] as string;
  const at = who.lastIndexOf('@');
  if (at < 0) return { error: `${a[1]}: "${feature}" is not followed by user@host` };
  const user = who.slice(0, at) || null;
  const host = who.slice(at + 1) || null;
  let rest = a[4] as string;
  let version: string | null = null;
  let handle: string | null = null;
  const events: UsageEvent[] = [];
  const v = rest.indexOf('^^^');
  if (v >= 0) {
    // verbose: ^^^ ver user ip pid handle in_use out_of project ... ^^^
    const f = rest.slice(v + 3).split('^^^')[0]?.trim().split(/\s+/) ?? [];
    version = f[0] ?? null;
    handle = f[4] ?? null;
    const outOf = Number(f[6]);
    if (Number.isInteger(outOf) && outOf > 0 && issued.get(`${daemon}:${feature}`) !== outOf) {
      issued.set(`${daemon}:${feature}`, outOf);
      events.push(ev({ kind: 'issued', feature, count: outOf }));
    }
    rest = rest.slice(0, v);
  }
  const n = /\((\d+) licenses?\)/.exec(rest);
  const count = n ? Number(n[1]) : 1;
  let reason: string | null = null;
  if (kind === 'denied' || kind === 'queued') reason = denialReason(rest, a[1] as string);
  else if (kind === 'in') reason = /\(([A-Z][A-Z_ ]*)\)/.exec(rest)?.[1] ?? null;
  events.push(ev({ kind, feature, version, user, host, count, handle, reason }));
  return { events };
}

/** "Licensed number of users already reached. (-4,342:104 "...")" → "Licensed number of users already reached. (-4)" */
function denialReason(rest: string, keyword: string): string {
  const open = rest.indexOf('(');
  const close = rest.lastIndexOf(')');
  const inner = open >= 0 && close > open ? rest.slice(open + 1, close).trim() : '';
  if (inner === '') return keyword === 'UNSUPPORTED' ? 'Unsupported' : 'Denied';
  const code = /\((-\d+),\d+(?::[^)]*)?\)\s*$/.exec(inner);
  if (!code) return inner;
  const text = inner.slice(0, code.index).trim();
  return `${text} (${code[1]})`;
}
