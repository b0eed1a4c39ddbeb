// From the aggregator's tallies to the report document (figures.ts): rounding,
// sorting, the issued counts of -c license sources, the notes a reader needs.
import { issuedOf, type AggregateResult, type FeatureTally } from './aggregate.js';
import type { Bucketer } from './buckets.js';
import type { PartyTally } from './open-sessions.js';
import { REPORT_SCHEMA, REPORT_SCHEMA_VERSION, type FeatureFigures, type InputFigures, type PartyFigures, type SeriesPoint, type UnreadFigures, type UsageReport } from './figures.js';

const HOUR = 3_600_000;

interface BuildInput {
  result: AggregateResult;
  bucket: Bucketer;
  timeZone: string;
  inputs: InputFigures[];
  unread: { count: number; first: UnreadFigures[] };
  /** licenses issued per feature according to -c license sources; these win over the logs' */
  licensed: ReadonlyMap<string, number>;
}

const round = (n: number, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

export function buildReport(b: BuildInput): UsageReport {
  const { result } = b;
  const span = result.start !== null && result.end !== null ? result.end - result.start : 0;
  const features = result.features.map((f) => featureFigures(f, span, b.licensed.get(f.feature)));
  const notes: string[] = [];
  const atStart = features.reduce((n, f) => n + f.open_at_start, 0);
  const atEnd = features.reduce((n, f) => n + f.open_at_end, 0);
  const byServer = features.reduce((n, f) => n + f.ended_by_server, 0);
  if (atStart > 0) {
    notes.push(
      `${atStart} checkout${atStart === 1 ? ' was' : 's were'} already open when the log began (a checkin with no checkout, or an RLM INUSE record): their time from the start of the log is counted in the hours; a checkin with no checkout is not in the peak.`,
    );
  }
  if (atEnd > 0) notes.push(`${atEnd} checkout${atEnd === 1 ? ' was' : 's were'} still open at the end of the log: counted up to the end of the report window.`);
  if (byServer > 0) notes.push(`${byServer} checkout${byServer === 1 ? ' was' : 's were'} ended by a server stop or restart with no checkin: counted up to that moment.`);
  if (result.unattributed > 0) notes.push(`${result.unattributed} checkin${result.unattributed === 1 ? '' : 's'} named only a handle with no checkout before it (RLM small format): not attributed to a feature.`);
  if (result.outOfOrder > 0) notes.push(`${result.outOfOrder} event${result.outOfOrder === 1 ? ' was' : 's were'} earlier than the one before: counted at the time of the one before.`);
  if (b.unread.count > 0) notes.push(`${b.unread.count} line${b.unread.count === 1 ? '' : 's'} could not be read (the first are listed): the figures leave them out.`);
  return {
    schema: REPORT_SCHEMA,
    schema_version: REPORT_SCHEMA_VERSION,
    window: { start: iso(result.start), end: iso(result.end), hours: round(span / HOUR) },
    time_zone: b.timeZone,
    inputs: b.inputs,
    unread: b.unread,
    features,
    users: parties(result.users),
    hosts: parties(result.hosts),
    series: { bucket: b.bucket.size, points: series(result, b.bucket) },
    notes,
  };
}

function featureFigures(f: FeatureTally, span: number, licensed: number | undefined): FeatureFigures {
  const logged = issuedOf(f);
  const issued = licensed ?? logged;
  const average = span > 0 ? f.seatMs / span : 0;
  const byReason: Record<string, number> = {};
  for (const [k, v] of [...f.byReason.entries()].sort((a, b) => b[1] - a[1])) byReason[k] = v;
  return {
    feature: f.feature,
    vendors: [...f.vendors].sort(),
    issued,
    issued_from: licensed !== undefined ? 'license' : logged !== null ? 'log' : null,
    peak: f.peak,
    peak_at: iso(f.peakAt),
    hours_at_peak: round(f.msAtPeak / HOUR),
    average: round(average),
    utilisation_pct: issued !== null && issued > 0 ? round((average / issued) * 100, 1) : null,
    hours: round(f.seatMs / HOUR),
    checkouts: f.checkouts,
    denials: { total: f.denials, by_reason: byReason, while_seats_free: issued !== null ? f.whileFree : null, retried: f.retried },
    queued: f.queued,
    distinct_users: f.users.size,
    open_at_start: f.openAtStart,
    open_at_end: f.openAtEnd,
    ended_by_server: f.endedByServer,
  };
}

function parties(map: Map<string, Map<string, PartyTally>>): PartyFigures[] {
  const out: PartyFigures[] = [];
  for (const [name, byFeature] of map) {
    for (const [feature, p] of byFeature) out.push({ name, feature, hours: round(p.ms / HOUR), checkouts: p.checkouts, denials: p.denials });
  }
  return out.sort((a, b) => b.hours - a.hours || a.name.localeCompare(b.name) || a.feature.localeCompare(b.feature));
}

/** Every bucket of the window for every feature, zeros included, so a chart has no gaps. */
function series(result: AggregateResult, bucket: Bucketer): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  if (result.start === null || result.end === null) return points;
  const starts: number[] = [];
  for (let s = bucket.start(result.start); s <= result.end; s = bucket.next(s)) {
    starts.push(s);
    if (starts.length > 100_000) break;
  }
  for (const f of result.features) {
    for (const s of starts) {
      const t = f.series.get(s);
      const lo = Math.max(s, result.start);
      const hi = Math.min(bucket.next(s), result.end);
      points.push({
        start: new Date(s).toISOString(),
        label: bucket.label(s),
        feature: f.feature,
        peak: t?.peak ?? 0,
        average: t && hi > lo ? round(t.seatMs / (hi - lo)) : 0,
        checkouts: t?.checkouts ?? 0,
        denials: t?.denials ?? 0,
      });
    }
  }
  return points;
}

function iso(t: number | null): string | null {
  return t === null ? null : new Date(t).toISOString();
}
