// licutil's own report log (src/server/adapters/report/report-log.ts): NDJSON, one
// ReportEntry per line, read into usage events. Rotated files
// (report.ndjson.1 ...) are the same server: the caller names them alike.
//
// Not plain, for speed (bench/suites/report.ts, bench/RESULTS.md): a line is
// read in place by a scanner of flat JSON objects (flat-json.ts) instead of
// JSON.parse, which made an object and a string per field of every line and
// took most of the time of a report. A line the scanner does not take
// (escapes, nesting, a field of an unexpected type) goes to JSON.parse, so
// every line reads as JSON.parse reads it.
import type { ReportEntry } from '../server/adapters/report/report-entry.js';
import type { EventOut, LineParser, UsageKind } from './events/events.js';
import { Interner } from './events/intern.js';
import { FlatJson } from './flat-json.js';

const KINDS: Record<ReportEntry['event'], UsageKind | null> = {
  checkout: 'out',
  checkin: 'in',
  removal: 'removed',
  reclaim: 'reclaimed',
  denial: 'denied',
  // the server's summary of one client's denials past its rate: `times` of them
  denials: 'denied',
  queue: 'queued',
  dequeue: 'dequeued',
  // the server's summaries of one client's queue entries and exits past its rate
  queues: 'queued',
  dequeues: 'dequeued',
  // the seat of a checkin with a hold comes free: the holder's use ended at the checkin
  'hold-release': null,
  // an administrator's reread, down or status-page sign-in: no seat changes hands
  admin: null,
};
const EVENTS = Object.keys(KINDS) as Array<ReportEntry['event']>;

/** The fields the report reads, in the scanner's order. */
const FIELDS = ['time', 'event', 'user', 'host', 'product', 'version', 'handle', 'isv', 'count', 'code', 'reason', 'times'] as const;
const [TIME, EVENT, USER, HOST, PRODUCT, VERSION, HANDLE, ISV, COUNT, CODE, REASON, TIMES] = FIELDS.map((_, i) => i) as number[] as [number, number, number, number, number, number, number, number, number, number, number, number];
const BAD_TIMES = '"times" of a summary line (denials, queues, dequeues) is not a whole number of 1 or more';
/** The server's summary lines: each stands for `times` events of one client. */
const SUMMARIES: ReadonlySet<string> = new Set(['denials', 'queues', 'dequeues']);

/** `times` of a summary line, or NaN when it is not a whole number of 1 or more. */
function timesOf(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : NaN;
}
const HOUR = /^\d{4}-\d\d-\d\dT\d\d$/;
const STRINGS = [TIME, EVENT, USER, HOST, PRODUCT, VERSION, HANDLE, ISV, CODE, REASON];

export function licutilLogParser(server: string): LineParser {
  const intern = new Interner();
  const scan = new FlatJson(FIELDS);
  const times = new IsoTimes();
  const str = (v: unknown): string | null => (typeof v === 'string' ? intern.of(v) : ((v ?? null) as string | null));

  /** The line as JSON.parse reads it: every line the scanner leaves. */
  const slow = (text: string, out: EventOut): string | null => {
    let e: Partial<ReportEntry>;
    try {
      e = JSON.parse(text) as Partial<ReportEntry>;
    } catch {
      return text.trim() === '' ? null : 'not a JSON object';
    }
    if (e === null || typeof e !== 'object') return 'not a JSON object';
    const kind = typeof e.event === 'string' && Object.hasOwn(KINDS, e.event) ? KINDS[e.event] : undefined;
    if (kind === undefined) return `unknown event ${JSON.stringify(e.event)}`;
    if (kind === null) return null;
    const time = typeof e.time === 'string' ? Date.parse(e.time) : NaN;
    if (Number.isNaN(time)) return 'no "time" or not a date';
    const reason = e.event === 'denial' || e.event === 'denials' ? (e.code ?? null) : e.event === 'dequeue' || e.event === 'dequeues' ? (e.reason ?? e.code ?? null) : null;
    const n = SUMMARIES.has(e.event as string) ? timesOf(e.times) : 1;
    if (Number.isNaN(n)) return BAD_TIMES;
    const ev = out.next();
    ev.time = time;
    ev.kind = kind;
    ev.server = server;
    ev.log = server;
    ev.vendor = str(e.isv);
    ev.feature = str(e.product);
    ev.version = str(e.version);
    ev.user = str(e.user);
    ev.host = str(e.host);
    ev.count = typeof e.count === 'number' ? e.count : 1;
    ev.handle = (e.handle ?? null) as string | null;
    ev.reason = str(reason);
    ev.times = n;
    return null;
  };

  return {
    format: 'licutil',
    line(text, _lineNo, out) {
      if (text.length === 0) return null;
      if (!scan.read(text) || !scan.stringsOrNull(STRINGS)) return slow(text, out);
      let name: ReportEntry['event'] | undefined;
      for (const n of EVENTS) if (scan.is(EVENT, n)) name = n;
      if (name === undefined) return slow(text, out);
      const kind = KINDS[name];
      if (kind === null) return null;
      const time = scan.type(TIME) === 'string' ? times.read(text, scan.start(TIME), scan.end(TIME)) : NaN;
      if (Number.isNaN(time)) return 'no "time" or not a date';
      const reason = name === 'denial' || name === 'denials' ? CODE : name === 'dequeue' || name === 'dequeues' ? (scan.type(REASON) === 'string' ? REASON : CODE) : -1;
      const n = SUMMARIES.has(name) ? (scan.type(TIMES) === 'number' ? timesOf(scan.number(TIMES)) : NaN) : 1;
      if (Number.isNaN(n)) return BAD_TIMES;
      const ev = out.next();
      ev.time = time;
      ev.kind = kind;
      ev.server = server;
      ev.log = server;
      ev.vendor = interned(scan, intern, text, ISV);
      ev.feature = interned(scan, intern, text, PRODUCT);
      ev.version = interned(scan, intern, text, VERSION);
      ev.user = interned(scan, intern, text, USER);
      ev.host = interned(scan, intern, text, HOST);
      ev.count = scan.type(COUNT) === 'number' ? scan.number(COUNT) : 1;
      ev.handle = scan.type(HANDLE) === 'string' ? text.slice(scan.start(HANDLE), scan.end(HANDLE)) : null;
      ev.reason = reason >= 0 ? interned(scan, intern, text, reason) : null;
      ev.times = n;
      return null;
    },
    end: () => ({ unread: 0, firstUnread: [] }),
  };
}

function interned(scan: FlatJson, intern: Interner, text: string, k: number): string | null {
  return scan.type(k) === 'string' ? intern.ofRange(text, scan.start(k), scan.end(k)) : null;
}

/**
 * Date.parse of the times licutil writes (2025-01-06T14:02:11.123Z), with the
 * instant of the hour kept: the lines of one hour share it, and only minutes,
 * seconds and milliseconds are read per line. Any other shape goes to Date.parse.
 */
class IsoTimes {
  private hour = '';
  private hourMs = NaN;

  read(text: string, a: number, b: number): number {
    const len = b - a;
    const ok =
      (len === 24 || len === 20) &&
      text.charCodeAt(b - 1) === 90 /* Z */ &&
      text.charCodeAt(a + 13) === 58 /* : */ &&
      text.charCodeAt(a + 16) === 58 &&
      (len === 20 || text.charCodeAt(a + 19) === 46) /* . */;
    if (!ok) return Date.parse(text.slice(a, b));
    if (this.hour === '' || !text.startsWith(this.hour, a)) {
      const hour = text.slice(a, a + 13);
      // Date.parse reads more than ISO: only YYYY-MM-DDTHH, hour 00-23, is read here
      const ms = HOUR.test(hour) && two(hour, 11) < 24 ? Date.parse(`${hour}:00:00.000Z`) : NaN;
      if (Number.isNaN(ms)) return Date.parse(text.slice(a, b));
      this.hour = hour;
      this.hourMs = ms;
    }
    const min = two(text, a + 14);
    const sec = two(text, a + 17);
    const milli = len === 24 ? two(text, a + 20) * 10 + digit(text, a + 22) : 0;
    if (!(min < 60 && sec < 60 && milli >= 0)) return Date.parse(text.slice(a, b));
    return this.hourMs + min * 60_000 + sec * 1000 + milli;
  }
}

/** A digit's value, or NaN. */
function digit(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
}

function two(text: string, i: number): number {
  return digit(text, i) * 10 + digit(text, i + 1);
}
