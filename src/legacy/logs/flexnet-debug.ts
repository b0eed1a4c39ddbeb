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
//
// Not plain, for speed (bench/suites/report.ts, bench/RESULTS.md): the time,
// the daemon and the OUT/IN/DENIED... lines are read in place (lineHead,
// action) rather than by the regular expressions below, which remain the
// reading of every line those decline; names are interned. They read a line
// as the expressions do, save one that has a lone carriage return (or U+2028,
// U+2029) in its message: read now, where LINE's `.` refused it.
import { blankEvent, type EventOut, type LineParser, type ParserEnd, type UsageEvent, type UsageKind } from '../../report/events/events.js';
import { Interner } from '../../report/events/intern.js';
import { digitAt as digit, isBlank } from './chars.js';
import { blankFlexnetBytes, readFlexnetBytes } from './flexnet-bytes.js';
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

/** Where a line's parts are: its time of day, its daemon, its message. */
interface Head {
  secs: number;
  daemon: Daemon;
  msg: number;
}

/** One daemon of the log: its name and the server its events belong to. */
interface Daemon {
  name: string;
  server: string;
  /** the log's own name */
  log: string;
}

/** Reads the parts of one line into the reader's state, for the event it makes. */
interface Action {
  kind: UsageKind;
  keyword: string;
  feature: string;
  user: string | null;
  host: string | null;
  /** the text after user@host is line[restAt...] */
  line: string;
  restAt: number;
}

export function flexnetParser(opts: FlexnetOptions): LineParser {
  const clock = localClock(opts.timeZone);
  const intern = new Interner();
  let date: CivilDate | null = null;
  let prevSecs: number | null = null;
  let pending: Pending[] = [];
  let undated = 0;
  const firstUndated: ParserEnd['firstUnread'] = [];
  const issued = new Map<string, number>();
  const daemons: Daemon[] = [];
  const head: Head = { secs: 0, daemon: { name: '', server: '', log: '' }, msg: 0 };
  const act: Action = { kind: 'out', keyword: '', feature: '', user: null, host: null, line: '', restAt: 0 };
  /** the events of lines read before any date, made here and held */
  let held: UsageEvent[] = [];
  const holding: EventOut = {
    next: () => {
      const e = blankEvent();
      held.push(e);
      return e;
    },
    keep: (e) => held.push(e),
  };

  const instant = (d: CivilDate, secs: number) => clock.instant(d.year, d.month, d.day, Math.floor(secs / HOUR), Math.floor((secs % HOUR) / 60), secs % 60);

  /** dates the held lines backwards from the first known date */
  const release = (d: CivilDate, secs: number, out: EventOut) => {
    let day = d;
    let next = secs;
    for (let i = pending.length - 1; i >= 0; i--) {
      const p = pending[i] as Pending;
      if (p.secs > next + HOUR) day = addDays(day, -1);
      next = p.secs;
      const t = instant(day, p.secs);
      for (const e of p.events) e.time = t;
    }
    for (const p of pending) for (const e of p.events) out.keep(e);
    pending = [];
  };

  /** the daemon named at text[a, b): the same object each time, so the aggregator's keys are too */
  const daemonAt = (text: string, a: number, b: number): Daemon => {
    for (const d of daemons) if (d.name.length === b - a && text.startsWith(d.name, a)) return d;
    const name = intern.ofRange(text, a, b);
    const d = { name, server: `${opts.server}#${name}`, log: opts.server };
    if (daemons.length < 64) daemons.push(d);
    return d;
  };

  /**
   * The day of a line with no date of its own, once a date is known: the
   * date moves on when the time of day goes back by more than an hour (midnight).
   */
  const dayOf = (known: CivilDate, secs: number): CivilDate => {
    if (prevSecs === null) return known;
    if (secs < prevSecs - HOUR) {
      date = addDays(known, 1);
      prevSecs = secs;
      return date;
    }
    // a line from just before midnight written after a TIMESTAMP of the new day: the day before
    if (secs > prevSecs + 12 * HOUR) return addDays(known, -1);
    prevSecs = secs;
    return known;
  };

  /** the daemon named by buf[a, b) (ASCII), when it has been seen */
  const daemonOfBytes = (buf: Buffer, a: number, b: number): Daemon | null => {
    next: for (const d of daemons) {
      if (d.name.length !== b - a) continue;
      for (let i = 0; i < d.name.length; i++) if (d.name.charCodeAt(i) !== buf[a + i]) continue next;
      return d;
    }
    return null;
  };
  const fromBytes = blankFlexnetBytes();

  /** HH:MM:SS (daemon) at the start of a line, read in place; false when it is not there (or not plainly) */
  const lineHead = (text: string): boolean => {
    let i = 0;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    let h = digit(text, i++);
    if (Number.isNaN(h)) return false;
    if (text.charCodeAt(i) !== 58) h = h * 10 + digit(text, i++);
    if (text.charCodeAt(i) !== 58) return false;
    const m = digit(text, i + 1) * 10 + digit(text, i + 2);
    if (text.charCodeAt(i + 3) !== 58) return false;
    const sec = digit(text, i + 4) * 10 + digit(text, i + 5);
    if (Number.isNaN(h + m + sec) || text.charCodeAt(i + 6) !== 32 || text.charCodeAt(i + 7) !== 40 /* ( */) return false;
    const a = i + 8;
    const b = text.indexOf(')', a);
    if (b <= a) return false;
    for (let j = a; j < b; j++) if (isBlank(text.charCodeAt(j))) return false;
    head.secs = h * HOUR + m * 60 + sec;
    head.daemon = daemonAt(text, a, b);
    head.msg = text.charCodeAt(b + 1) === 32 ? b + 2 : b + 1;
    return true;
  };

  return {
    format: 'flexnet',
    bytes(buf, a, b, out) {
      // lines before the first date are held (line() does that)
      if (date === null || !readFlexnetBytes(buf, a, b, fromBytes)) return false;
      const o = fromBytes;
      const d = daemonOfBytes(buf, o.da, o.db);
      if (d === null || d.name === 'lmgrd') return false;
      const kind = KINDS[o.keyword] as UsageKind;
      const e = event(out, d, instant(dayOf(date, o.secs), o.secs), kind);
      e.feature = intern.ofBytes(buf, o.fa, o.fb);
      e.user = o.at > o.wa ? intern.ofBytes(buf, o.wa, o.at) : null;
      e.host = o.wb > o.at + 1 ? intern.ofBytes(buf, o.at + 1, o.wb) : null;
      if (kind === 'denied' || kind === 'queued') e.reason = o.keyword === 'UNSUPPORTED' ? 'Unsupported' : 'Denied';
      return true;
    },
    line(text, lineNo, out) {
      let msg: string | null = null;
      if (!lineHead(text)) {
        const m = LINE.exec(text);
        if (!m) return text.trim() === '' ? null : 'not a FlexNet debug log line (HH:MM:SS (daemon) message)';
        head.secs = Number(m[1]) * HOUR + Number(m[2]) * 60 + Number(m[3]);
        head.daemon = daemonAt(m[4] as string, 0, (m[4] as string).length);
        msg = m[5] as string;
      }
      const secs = head.secs;
      const daemon = head.daemon.name;
      // only the lines that may carry a date are cut out; an OUT or IN is read where it is
      const found = msg !== null || mayDate(text, head.msg, daemon) ? dateIn(daemon, (msg ??= text.slice(head.msg))) : null;
      let day: CivilDate | null = date;
      if (found) {
        if (date === null) release(found, secs, out);
        day = date = found;
        prevSecs = secs;
      } else if (date !== null) day = dayOf(date, secs);
      const time = day === null ? 0 : instant(day, secs);
      if (found) {
        const e = out.next();
        e.time = time;
        e.kind = 'mark';
        e.server = opts.server;
        e.log = opts.server;
        return null;
      }
      if (date === null) held = [];
      const why = daemon === 'lmgrd' ? null : readMessage(text, msg, head.daemon, time, date === null ? holding : out);
      if (why !== null || date !== null || held.length === 0) return why;
      if (pending.length < MAX_PENDING) pending.push({ secs, line: lineNo, text, events: held });
      else {
        undated++;
        if (firstUndated.length < 5) firstUndated.push({ line: lineNo, text, why: 'no date before this line (no TIMESTAMP or lmgrd start-up line yet)' });
      }
      return null;
    },
    end() {
      const unread = undated + pending.length;
      for (const p of pending) {
        if (firstUndated.length >= 5) break;
        firstUndated.push({ line: p.line, text: p.text, why: 'no date anywhere in the log (no TIMESTAMP or lmgrd start-up line)' });
      }
      pending = [];
      return { unread, firstUnread: firstUndated };
    },
  };

  /** The usage a daemon's line tells (msg: the message when already cut out), or why it cannot be read. */
  function readMessage(text: string, msg: string | null, d: Daemon, time: number, out: EventOut): string | null {
    if (msg !== null || !action(text, head.msg)) {
      msg ??= text.slice(head.msg);
      const a = ACTION.exec(msg);
      if (!a) {
        if (msg.startsWith('Server started on')) event(out, d, time, 'start');
        else if (msg.startsWith('EXITING DUE TO SIGNAL') || msg.startsWith('EXITING with code') || msg.startsWith('Shutdown requested')) event(out, d, time, 'stop').reason = msg.trim();
        // everything else a daemon says (reread, SLOG statistics, warnings) is not usage
        return null;
      }
      const who = a[3] as string;
      const at = who.lastIndexOf('@');
      if (at < 0) return `${a[1]}: "${a[2]}" is not followed by user@host`;
      act.keyword = a[1] as string;
      act.kind = KINDS[act.keyword] as UsageKind;
      act.feature = intern.of(a[2] as string);
      act.user = intern.orNull(who.slice(0, at));
      act.host = intern.orNull(who.slice(at + 1));
      act.line = a[4] as string;
      act.restAt = 0;
    }
    // most lines end at user@host: nothing in brackets or ^^^, one license, no reason
    if (act.line.indexOf('(', act.restAt) < 0 && act.line.indexOf('^^^', act.restAt) < 0) {
      const e = event(out, d, time, act.kind);
      e.feature = act.feature;
      e.user = act.user;
      e.host = act.host;
      if (act.kind === 'denied' || act.kind === 'queued') e.reason = act.keyword === 'UNSUPPORTED' ? 'Unsupported' : 'Denied';
      return null;
    }
    let rest = act.line.slice(act.restAt);
    const feature = act.feature;
    let version: string | null = null;
    let handle: string | null = null;
    const v = rest.indexOf('^^^');
    if (v >= 0) {
      // verbose: ^^^ ver user ip pid handle in_use out_of project ... ^^^
      const f = rest.slice(v + 3).split('^^^')[0]?.trim().split(/\s+/) ?? [];
      version = f[0] === undefined ? null : intern.of(f[0]);
      handle = f[4] ?? null;
      const outOf = Number(f[6]);
      const key = `${d.name}:${feature}`;
      if (Number.isInteger(outOf) && outOf > 0 && issued.get(key) !== outOf) {
        issued.set(key, outOf);
        const e = event(out, d, time, 'issued');
        e.feature = feature;
        e.count = outOf;
      }
      rest = rest.slice(0, v);
    }
    let count = 1;
    let reason: string | null = null;
    const n = /\((\d+) licenses?\)/.exec(rest);
    if (n) count = Number(n[1]);
    if (act.kind === 'denied' || act.kind === 'queued') reason = intern.of(denialReason(rest, act.keyword));
    else if (act.kind === 'in') reason = intern.orNull(/\(([A-Z][A-Z_ ]*)\)/.exec(rest)?.[1]);
    const e = event(out, d, time, act.kind);
    e.feature = feature;
    e.version = version;
    e.user = act.user;
    e.host = act.host;
    e.count = count;
    e.handle = handle;
    e.reason = reason;
    return null;
  }

  /**
   * KEYWORD: "feature" user@host rest, read in place into `act` as ACTION
   * reads it; false (ACTION reads it) for anything else.
   */
  function action(text: string, m: number): boolean {
    const keyword = keywordAt(text, m);
    if (keyword === null) return false;
    let i = m + keyword.length + 1;
    if (!blank(text, i)) return false;
    while (blank(text, i)) i++;
    if (text.charCodeAt(i) === 34) i++;
    const fa = i;
    for (let c = text.charCodeAt(i); i < text.length && c !== 34 && !isBlank(c); c = text.charCodeAt(++i));
    const fb = i;
    if (fb === fa) return false;
    if (text.charCodeAt(i) === 34) i++;
    if (!blank(text, i)) return false;
    while (blank(text, i)) i++;
    const wa = i;
    while (i < text.length && !blank(text, i)) i++;
    const at = text.lastIndexOf('@', i - 1);
    if (at < wa) return false;
    act.keyword = keyword;
    act.kind = KINDS[keyword] as UsageKind;
    act.feature = intern.ofRange(text, fa, fb);
    act.user = at > wa ? intern.ofRange(text, wa, at) : null;
    act.host = i > at + 1 ? intern.ofRange(text, at + 1, i) : null;
    act.line = text;
    act.restAt = i;
    return true;
  }
}

function blank(text: string, i: number): boolean {
  return isBlank(text.charCodeAt(i));
}

/** OUT: IN: DENIED: ... at text[m]: the keyword, or null */
function keywordAt(text: string, m: number): string | null {
  const c = text.charCodeAt(m);
  const k = c === 79 ? 'OUT' : c === 73 ? 'IN' : c === 68 ? (text.charCodeAt(m + 2) === 78 ? 'DENIED' : 'DEQUEUED') : c === 85 ? 'UNSUPPORTED' : c === 81 ? 'QUEUED' : null;
  return k !== null && text.charCodeAt(m + k.length) === 58 && text.startsWith(k, m) ? k : null;
}

/** A line that may give the date: a TIMESTAMP, or lmgrd's own (banner, SLOG start). */
function mayDate(text: string, msg: number, daemon: string): boolean {
  return daemon === 'lmgrd' || text.startsWith('TIMESTAMP ', msg);
}

function event(out: EventOut, d: Daemon, time: number, kind: UsageKind): UsageEvent {
  const e = out.next();
  e.time = time;
  e.kind = kind;
  e.server = d.server;
  e.log = d.log;
  e.vendor = d.name;
  return e;
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
