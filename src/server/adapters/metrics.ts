// Prometheus metrics (GET /metrics): prom-client's registry, default metrics
// and journal gauge; the request latency histogram and the lease counters of
// metric-cells.ts (what every request updates). The per-pool gauges are
// written here, not by prom-client: a gauge of 100,000 pools set label by
// label and formatted in one go stopped the server for 3-5 s per scrape (no
// heartbeat answered). They are read from the
// pools when scraped, a slice at a time with a turn of the event loop between
// slices, and written in prom-client's text format.
import { Gauge, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import { LabelledCounter, LatencyHistogram } from './metric-cells.js';

export type { LatencyChild } from './metric-cells.js';

export interface PoolGaugeRow {
  isv: string;
  product: string;
  version: string;
  /** distinguishes two pools of the same product/version (e.g. different _id) */
  pool: string;
  count: number;
  inUse: number;
  queued: number;
}

type LeaseLabels = 'isv' | 'product';

export interface ServerMetrics {
  registry: Registry;
  checkouts: LabelledCounter<LeaseLabels>;
  denials: LabelledCounter<'code'>;
  reclaims: LabelledCounter<LeaseLabels>;
  checkins: LabelledCounter<LeaseLabels>;
  removals: LabelledCounter<LeaseLabels>;
  latency: LatencyHistogram;
  journalHealthy: Gauge;
  /** the whole text, written a slice of pools at a time (GET /metrics sends the pieces as they come) */
  pieces: () => AsyncGenerator<string | Uint8Array>;
  /** the whole text at once (tests, small servers) */
  render: () => Promise<string>;
  contentType: string;
}

export function createMetrics(pools: () => Iterable<PoolGaugeRow>, opts: { defaultMetrics?: boolean } = {}): ServerMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'licutil_' });
  // the registry asks a metric only for its name, get() and reset(), which these have
  const register = (m: LabelledCounter<string> | LatencyHistogram) => registry.registerMetric(m as unknown as Metric);
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]): LabelledCounter<L> => {
    const c = new LabelledCounter(name, help, labelNames);
    register(c);
    return c;
  };
  const checkouts = counter('licutil_checkouts_total', 'Checkouts granted (immediately or from the queue)', ['isv', 'product']);
  const checkins = counter('licutil_checkins_total', 'Checkins received', ['isv', 'product']);
  const denials = counter('licutil_denials_total', 'Checkouts refused, by error code', ['code']);
  const reclaims = counter('licutil_reclaims_total', 'Leases reclaimed because they were not renewed in time', ['isv', 'product']);
  const removals = counter('licutil_removals_total', 'Checkouts removed by an administrator', ['isv', 'product']);
  const latency = new LatencyHistogram(
    'licutil_request_duration_seconds',
    'Time from request received to answer sent (long-poll checkouts are route checkout_wait)',
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120],
  );
  register(latency);
  const journalHealthy = new Gauge({
    name: 'licutil_journal_healthy',
    help: '1 when the journal accepts writes, 0 when new grants are refused',
    registers: [registry],
  });
  journalHealthy.set(1);
  return {
    registry,
    checkouts,
    checkins,
    denials,
    reclaims,
    removals,
    latency,
    journalHealthy,
    pieces: () => metricPieces(registry, pools),
    render: async () => {
      let text = '';
      for await (const p of metricPieces(registry, pools)) text += typeof p === 'string' ? p : Buffer.from(p).toString('utf8');
      return text;
    },
    contentType: registry.contentType,
  };
}

/** The per-pool gauges: name, help, and the row's value. */
const POOL_GAUGES: ReadonlyArray<readonly [string, string, (r: PoolGaugeRow) => number]> = [
  ['licutil_seats_total', "Seats a pool grants (the sum of its licenses' counts)", (r) => r.count],
  ['licutil_seats_in_use', 'Seats of a pool held now (including hold / min_checkout time after checkin)', (r) => r.inUse],
  ['licutil_seats_queued', "Requests waiting in a pool's queue", (r) => r.queued],
];

/** Rows between two looks at the clock, and how long the thread may run before the event loop takes a turn. */
const ROWS_PER_CHECK = 256;
const SLICE_MS = 5;

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/** As prom-client escapes a label value. */
function labelValue(v: string): string {
  return /[\\\n"]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') : v;
}

/** As prom-client writes a value. */
function valueText(v: number): string {
  if (Number.isNaN(v)) return 'Nan';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return `${v}`;
}

/**
 * prom-client's text, then the three pool gauges in its format (a family is
 * separated from the one before by a blank line). The pools are read in one
 * pass, each gauge's lines kept as bytes; the event loop takes a turn every
 * SLICE_MS, so the values are those of the scrape's few milliseconds, as
 * prom-client's own collect callbacks would read them one after another.
 */
async function* metricPieces(registry: Registry, pools: () => Iterable<PoolGaugeRow>): AsyncGenerator<string | Uint8Array> {
  yield await registry.metrics();
  const lines: string[] = POOL_GAUGES.map(() => '');
  const done: Buffer[][] = POOL_GAUGES.map(() => []);
  const flush = () => {
    for (let g = 0; g < POOL_GAUGES.length; g++) {
      if (lines[g] === '') continue;
      done[g]?.push(Buffer.from(lines[g] as string, 'utf8'));
      lines[g] = '';
    }
  };
  let since = performance.now();
  let n = 0;
  for (const r of pools()) {
    const labels = `{isv="${labelValue(r.isv)}",product="${labelValue(r.product)}",version="${labelValue(r.version)}",pool="${labelValue(r.pool)}"} `;
    for (let g = 0; g < POOL_GAUGES.length; g++) {
      const [name, , pick] = POOL_GAUGES[g] as (typeof POOL_GAUGES)[number];
      lines[g] += `\n${name}${labels}${valueText(pick(r))}`;
    }
    if (++n % ROWS_PER_CHECK !== 0 || performance.now() - since < SLICE_MS) continue;
    flush();
    await yieldToLoop();
    since = performance.now();
  }
  flush();
  for (let g = 0; g < POOL_GAUGES.length; g++) {
    const [name, help] = POOL_GAUGES[g] as (typeof POOL_GAUGES)[number];
    yield `\n# HELP ${name} ${help}\n# TYPE ${name} gauge`;
    for (const b of done[g] ?? []) yield b;
    yield '\n';
  }
}
