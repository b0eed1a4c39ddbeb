// The usage report as a document: what `licutil report --json` prints (a
// contract: snake_case keys, a schema name and version), and what the text,
// CSV and HTML views are drawn from.

import { DOCUMENT_VERSIONS } from '../protocol/documents.js';

export const REPORT_SCHEMA = 'licutil.usage-report';
export const REPORT_SCHEMA_VERSION = DOCUMENT_VERSIONS['usage-report'];

interface DenialFigures {
  /** final denials (RLM denials the application retries elsewhere are under `retried`) */
  total: number;
  by_reason: Record<string, number>;
  /** denials that came while fewer seats than issued were in use: a policy problem, not a capacity one; null when the issued count is unknown */
  while_seats_free: number | null;
  /** RLM denials with last_attempt 0: the application tried another server */
  retried: number;
}

export interface FeatureFigures {
  feature: string;
  vendors: string[];
  /** licenses issued, when a log (RLM PRODUCT, FlexNet verbose lines) or -c license sources say */
  issued: number | null;
  issued_from: 'log' | 'license' | null;
  /** highest concurrent use counted from events (checkouts seen in the window) */
  peak: number;
  peak_at: string | null;
  /** how long use stayed at the peak, in total */
  hours_at_peak: number;
  /** mean seats in use over the window */
  average: number;
  /** average / issued, in percent; null when issued is unknown */
  utilisation_pct: number | null;
  /** seat-hours used */
  hours: number;
  checkouts: number;
  denials: DenialFigures;
  queued: number;
  distinct_users: number;
  /** checkins whose checkout came before the log (or --since) began: their time from the log's start is in `hours`, not in `peak` */
  open_at_start: number;
  /** checkouts still open at the end of the log (or --until): counted up to the end */
  open_at_end: number;
  /** checkouts that a server stop or restart ended without a checkin */
  ended_by_server: number;
}

export interface PartyFigures {
  /** the user or the host */
  name: string;
  feature: string;
  hours: number;
  checkouts: number;
  denials: number;
}

export interface SeriesPoint {
  start: string;
  label: string;
  feature: string;
  peak: number;
  average: number;
  checkouts: number;
  denials: number;
}

export interface InputFigures {
  file: string;
  format: string;
  lines: number;
  events: number;
  unread: number;
}

export interface UnreadFigures {
  file: string;
  line: number;
  text: string;
  why: string;
}

export interface UsageReport {
  schema: typeof REPORT_SCHEMA;
  schema_version: typeof REPORT_SCHEMA_VERSION;
  /** the time the figures cover: --since/--until, else the first and last event */
  window: { start: string | null; end: string | null; hours: number };
  time_zone: string;
  inputs: InputFigures[];
  unread: { count: number; first: UnreadFigures[] };
  features: FeatureFigures[];
  users: PartyFigures[];
  hosts: PartyFigures[];
  series: { bucket: 'hour' | 'day'; points: SeriesPoint[] };
  /** what a reader should know about these figures (open checkouts at the ends, unread lines) */
  notes: string[];
}
