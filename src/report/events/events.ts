// The one event model every usage log is read into: licutil's own report log,
// FlexNet debug logs and RLM report logs all become these, so the aggregator
// (aggregate.ts) knows nothing of where an event came from.

export type UsageKind =
  /** a seat was granted */
  | 'out'
  /** a seat was returned (reason: INACTIVE, SHUTDOWN, or the log's own checkin reason) */
  | 'in'
  /** a seat was taken back by an administrator (rlmremove, lmremove, licutil remove) */
  | 'removed'
  /** a seat was taken back because its holder stopped answering */
  | 'reclaimed'
  /** a checkout was refused */
  | 'denied'
  | 'queued'
  | 'dequeued'
  /** a checkout already open when the log began (RLM INUSE at log start) */
  | 'inuse'
  /** how many licenses a server serves of a feature (RLM PRODUCT, FlexNet verbose out_of) */
  | 'issued'
  | 'start'
  | 'stop'
  /** the log says what time it is (FlexNet TIMESTAMP and start-up lines): where the log begins and ends */
  | 'mark';

export interface UsageEvent {
  /** milliseconds since the epoch */
  time: number;
  kind: UsageKind;
  /** which server's log: events of one server share session state */
  server: string;
  /** which log (file, rotated pieces alike): a checkin with no checkout counts from its start */
  log: string;
  /** ISV / vendor daemon */
  vendor: string | null;
  feature: string | null;
  version: string | null;
  user: string | null;
  host: string | null;
  count: number;
  /** the log's own handle for the checkout, when it has one: matches an `in` to its `out` */
  handle: string | null;
  /** why: a checkin reason, a denial reason (with its error code), a dequeue reason */
  reason: string | null;
  /** RLM: a denial the application will retry elsewhere (last_attempt 0) */
  retried: boolean;
  /** how many events this one stands for: licutil's summary of one client's denials past its rate; else 1 */
  times: number;
}

/** A line no reader could make sense of: counted, the first few shown with where they are. */
export interface UnreadLine {
  file: string;
  line: number;
  text: string;
  why: string;
}

/**
 * Where a line reader puts the events of a line. `next()` hands out a blank
 * event to fill: the reader (read.ts) reuses these objects batch after batch,
 * so the hot path makes no object per event (bench/suites/report.ts). An event
 * is only valid until the aggregator has been handed it; `keep()` adds one the
 * line reader made itself (held lines, released later).
 */
export interface EventOut {
  next(): UsageEvent;
  keep(e: UsageEvent): void;
}

/** Lines a reader held back and could not place in the end (FlexNet lines with no date anywhere). */
export interface ParserEnd {
  unread: number;
  firstUnread: Array<{ line: number; text: string; why: string }>;
}

/** One format's reader of one file: fed line by line, in order. */
export interface LineParser {
  /** the format's name, as `--format` spells it */
  readonly format: LogFormat;
  /** reads one line (no line end) into `out`: null when read (or nothing to read), else why it could not be read */
  line(text: string, lineNo: number, out: EventOut): string | null;
  /**
   * Reads the line buf[a, b) (no line end) straight from its bytes, when it
   * can: true when read, false to have it decoded and given to line().
   */
  bytes?(buf: Buffer, a: number, b: number, out: EventOut): boolean;
  end(out: EventOut): ParserEnd;
}

export type LogFormat = 'licutil' | 'flexnet' | 'rlm';

/** A blank event: one shape for every event, so the aggregator's reads stay monomorphic. */
export function blankEvent(): UsageEvent {
  return { time: 0, kind: 'mark', server: '', log: '', vendor: null, feature: null, version: null, user: null, host: null, count: 1, handle: null, reason: null, retried: false, times: 1 };
}

/** Sets an event (handed out by EventOut.next()) back to blank. */
export function resetEvent(e: UsageEvent): UsageEvent {
  e.time = 0;
  e.kind = 'mark';
  e.server = '';
  e.log = '';
  e.vendor = null;
  e.feature = null;
  e.version = null;
  e.user = null;
  e.host = null;
  e.count = 1;
  e.handle = null;
  e.reason = null;
  e.retried = false;
  e.times = 1;
  return e;
}
