// Prometheus metrics (GET /metrics). Per-pool gauges are read from the pool
// manager when scraped (a collect callback), so a request never pays for them.
// Counters and the latency histogram count in plain numbers kept per label
// set (looked up once, then cached): prom-client validates and hashes the
// labels on every inc() and observe(), which cost more than the count itself
// on the checkout path. Counters hand their counts to prom-client when
// scraped; the histogram is a registry metric of its own.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

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

/** A counter by one or two label values (in the order of its label names). */
export interface FastCounter {
  inc(a: string, b?: string): void;
}

export interface LatencyChild {
  observe(seconds: number): void;
}

/** Request latency by route and status; take the child once and keep it. */
export interface LatencyHistogram {
  child(route: string, status: number): LatencyChild;
}

export interface ServerMetrics {
  registry: Registry;
  checkouts: FastCounter;
  denials: FastCounter;
  reclaims: FastCounter;
  checkins: FastCounter;
  removals: FastCounter;
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
  const counter = (name: string, help: string, labelNames: readonly string[]): FastCounter => {
    const counts = new CountsByLabels(labelNames);
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        counts.drain((labels, n) => this.inc(labels, n));
      },
    });
    return counts;
  };
  const checkouts = counter('licutil_checkouts_total', 'Checkouts granted (immediately or from the queue)', ['isv', 'product']);
  const checkins = counter('licutil_checkins_total', 'Checkins received', ['isv', 'product']);
  const denials = counter('licutil_denials_total', 'Checkouts refused, by error code', ['code']);
  const reclaims = counter('licutil_reclaims_total', 'Leases reclaimed because they were not renewed in time', ['isv', 'product']);
  const removals = counter('licutil_removals_total', 'Checkouts removed by an administrator', ['isv', 'product']);
  const latency = new RequestHistogram(
    'licutil_request_duration_seconds',
    'Time from request received to answer sent (long-poll checkouts are route checkout_wait)',
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120],
  );
  registry.registerMetric(latency as unknown as Parameters<Registry['registerMetric']>[0]);
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

/** Counts per label set, in plain numbers; drained into prom-client when scraped. */
class CountsByLabels implements FastCounter {
  private readonly sets = new Map<string, { labels: Record<string, string>; pending: number }>();

  constructor(private readonly names: readonly string[]) {}

  inc(a: string, b?: string): void {
    const key = b === undefined ? a : `${a}\u0000${b}`;
    let c = this.sets.get(key);
    if (!c) {
      const labels: Record<string, string> = {};
      const values = [a, b];
      this.names.forEach((n, i) => (labels[n] = values[i] ?? ''));
      c = { labels, pending: 0 };
      this.sets.set(key, c);
    }
    c.pending++;
  }

  drain(to: (labels: Record<string, string>, n: number) => void): void {
    for (const c of this.sets.values()) {
      if (c.pending === 0) continue;
      to(c.labels, c.pending);
      c.pending = 0;
    }
  }
}

interface LatencySet extends LatencyChild {
  route: string;
  status: string;
  /** per bucket, not cumulative; the last one is +Inf */
  counts: number[];
  sum: number;
  count: number;
}

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
}

/**
 * A Prometheus histogram by route and status, registered in the prom-client
 * registry as a metric object of its own (the registry only calls get()); its
 * text is what prom-client's Histogram writes.
 */
class RequestHistogram implements LatencyHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly sets = new Map<string, LatencySet>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
  ) {}

  child(route: string, status: number): LatencyChild {
    const key = `${status} ${route}`;
    let c = this.sets.get(key);
    if (!c) {
      const bounds = this.bounds;
      const set: LatencySet = {
        route,
        status: String(status),
        counts: new Array<number>(bounds.length + 1).fill(0),
        sum: 0,
        count: 0,
        observe(seconds: number): void {
          let i = 0;
          while (i < bounds.length && seconds > (bounds[i] as number)) i++;
          set.counts[i] = (set.counts[i] as number) + 1;
          set.sum += seconds;
          set.count++;
        },
      };
      c = set;
      this.sets.set(key, c);
    }
    return c;
  }

  get(): { name: string; help: string; type: string; aggregator: string; values: MetricValue[] } {
    const values: MetricValue[] = [];
    const bucket = `${this.name}_bucket`;
    for (const c of this.sets.values()) {
      let acc = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        acc += c.counts[i] as number;
        values.push({ labels: { le: this.bounds[i] as number, route: c.route, status: c.status }, value: acc, metricName: bucket });
      }
      values.push({ labels: { le: '+Inf', route: c.route, status: c.status }, value: c.count, metricName: bucket });
      values.push({ labels: { route: c.route, status: c.status }, value: c.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { route: c.route, status: c.status }, value: c.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.sets.clear();
  }
}
