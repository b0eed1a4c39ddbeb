// Metric cells for what every request counts: the request latency histogram
// and the lease counters. prom-client re-validates and re-hashes the labels on
// each observe/inc, even through a child (~5,000 instructions a request for
// the histogram, ~2,300 per count; callgrind, bench/suites/throughput.ts).
// These find a cell per label set by the label values, and give prom-client's
// registry what it renders (metrics.test.ts holds the text, line for line, to
// prom-client's own Histogram and Counter fed the same observations).

interface LatencyLabels {
  route: string;
  status: string;
}

/** One label set's series; observe in seconds. */
export interface LatencyChild {
  observe(seconds: number): void;
}

class LatencyCell implements LatencyChild {
  /** per bucket, not cumulative (made cumulative when scraped) */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: LatencyLabels,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(seconds: number): void {
    if (!Number.isFinite(seconds)) return;
    const b = this.bounds;
    // the first bucket whose upper bound holds it (le: less than or equal), as prom-client counts
    let i = 0;
    while (i < b.length && seconds > (b[i] as number)) i++;
    if (i < b.length) this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += seconds;
    this.count++;
  }
}

type Values = { labels: Record<string, string | number>; value: number; metricName?: string }[];

/** A counter by a fixed list of labels. */
export class LabelledCounter<L extends string> {
  readonly type = 'counter';
  readonly aggregator = 'sum';
  private readonly cells = new Map<string, { labels: Record<L, string>; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
  ) {}

  inc(labels: Record<L, string>, by = 1): void {
    const names = this.labelNames;
    let key = labels[names[0] as L];
    for (let i = 1; i < names.length; i++) key += `\u0000${labels[names[i] as L]}`;
    const c = this.cells.get(key);
    if (c) c.value += by;
    else this.cells.set(key, { labels: { ...labels }, value: by });
  }

  reset(): void {
    this.cells.clear();
  }

  async get(): Promise<{ name: string; help: string; type: 'counter'; aggregator: 'sum'; values: Values }> {
    const values: Values = [...this.cells.values()].map((c) => ({ labels: { ...c.labels }, value: c.value }));
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}

/** Request latency by route and status; take a child (latency.labels(...)) once and keep it. */
export class LatencyHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly cells = new Map<string, LatencyCell>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
  ) {}

  labels(l: LatencyLabels): LatencyChild {
    const key = `${l.route}\u0000${l.status}`;
    let c = this.cells.get(key);
    if (!c) {
      c = new LatencyCell({ route: l.route, status: l.status }, this.bounds);
      this.cells.set(key, c);
    }
    return c;
  }

  observe(l: LatencyLabels, seconds: number): void {
    this.labels(l).observe(seconds);
  }

  reset(): void {
    this.cells.clear();
  }

  /** What prom-client's registry renders: per label set its cumulative buckets, +Inf, _sum and _count. */
  async get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: Values }> {
    const values: Values = [];
    const bucket = `${this.name}_bucket`;
    for (const c of this.cells.values()) {
      let acc = 0;
      this.bounds.forEach((le, i) => {
        acc += c.counts[i] as number;
        values.push({ labels: { le, ...c.labels }, value: acc, metricName: bucket });
      });
      values.push({ labels: { le: '+Inf', ...c.labels }, value: c.count, metricName: bucket });
      values.push({ labels: { ...c.labels }, value: c.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...c.labels }, value: c.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}
