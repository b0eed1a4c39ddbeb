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
  retried?: boolean;
}

/** A line no reader could make sense of: counted, the first few shown with where they are. */
export interface UnreadLine {
  file: string;
  line: number;
  text: string;
  why: string;
}

/** What a line reader hands back for one line. */
export type LineResult = { events: UsageEvent[] } | { skip: true } | { error: string };

export const SKIP: LineResult = { skip: true };

/** Lines a reader held back and could not place in the end (FlexNet lines with no date anywhere). */
export interface ParserEnd {
  events: UsageEvent[];
  unread: number;
  firstUnread: Array<{ line: number; text: string; why: string }>;
}

/** One format's reader of one file: fed line by line, in order. */
export interface LineParser {
  /** the format's name, as `--format` spells it */
  readonly format: LogFormat;
  line(text: string, lineNo: number): LineResult;
  end(): ParserEnd;
}

export type LogFormat = 'licutil' | 'flexnet' | 'rlm';

/** A whole event from the fields a reader has; one shape for every event (no spreads: one is made per line). */
export function usageEvent(p: Partial<UsageEvent> & Pick<UsageEvent, 'time' | 'kind' | 'server'>): UsageEvent {
  return {
    time: p.time,
    kind: p.kind,
    server: p.server,
    log: p.log ?? p.server,
    vendor: p.vendor ?? null,
    feature: p.feature ?? null,
    version: p.version ?? null,
    user: p.user ?? null,
    host: p.host ?? null,
    count: p.count ?? 1,
    handle: p.handle ?? null,
    reason: p.reason ?? null,
    retried: p.retried ?? false,
  };
}
