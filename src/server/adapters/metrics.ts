// Prometheus metrics (GET /metrics), with prom-client's own counters and
// histogram. Per-pool gauges are read from the pool manager when scraped (a
// collect callback), so a request never pays for them.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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

/** Request latency by route and status; take a child (latency.labels(...)) once and keep it. */
type LatencyHistogram = Histogram<'route' | 'status'>;
export type LatencyChild = ReturnType<LatencyHistogram['labels']>;

export interface ServerMetrics {
  registry: Registry;
  checkouts: Counter<LeaseLabels>;
  denials: Counter<'code'>;
  reclaims: Counter<LeaseLabels>;
  checkins: Counter<LeaseLabels>;
  removals: Counter<LeaseLabels>;
  latency: LatencyHistogram;
  journalHealthy: Gauge;
  render: () => Promise<string>;
  contentType: string;
}

export function createMetrics(pools: () => PoolGaugeRow[], opts: { defaultMetrics?: boolean } = {}): ServerMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'licutil_' });
  const poolLabels = ['isv', 'product', 'version', 'pool'] as const;
  const setPoolGauge = (g: Gauge<(typeof poolLabels)[number]>, pick: (r: PoolGaugeRow) => number) => {
    g.reset();
    for (const r of pools()) g.set({ isv: r.isv, product: r.product, version: r.version, pool: r.pool }, pick(r));
  };
  new Gauge({
    name: 'licutil_seats_total',
    help: 'Seats a pool grants (the sum of its licenses\' counts)',
    labelNames: poolLabels,
    registers: [registry],
    collect() {
      setPoolGauge(this, (r) => r.count);
    },
  });
  new Gauge({
    name: 'licutil_seats_in_use',
    help: 'Seats of a pool held now (including hold / min_checkout time after checkin)',
    labelNames: poolLabels,
    registers: [registry],
    collect() {
      setPoolGauge(this, (r) => r.inUse);
    },
  });
  new Gauge({
    name: 'licutil_seats_queued',
    help: 'Requests waiting in a pool\'s queue',
    labelNames: poolLabels,
    registers: [registry],
    collect() {
      setPoolGauge(this, (r) => r.queued);
    },
  });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const checkouts = counter('licutil_checkouts_total', 'Checkouts granted (immediately or from the queue)', ['isv', 'product']);
  const checkins = counter('licutil_checkins_total', 'Checkins received', ['isv', 'product']);
  const denials = counter('licutil_denials_total', 'Checkouts refused, by error code', ['code']);
  const reclaims = counter('licutil_reclaims_total', 'Leases reclaimed because they were not renewed in time', ['isv', 'product']);
  const removals = counter('licutil_removals_total', 'Checkouts removed by an administrator', ['isv', 'product']);
  const latency = new Histogram({
    name: 'licutil_request_duration_seconds',
    help: 'Time from request received to answer sent (long-poll checkouts are route checkout_wait)',
    labelNames: ['route', 'status'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120],
    registers: [registry],
  });
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
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
