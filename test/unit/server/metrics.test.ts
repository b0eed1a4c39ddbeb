// What GET /metrics says: counters per label set, the request latency
// histogram by route and status, and the per-pool gauges read when scraped.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics, type PoolGaugeRow } from '../../../src/server/adapters/metrics.js';

describe('server metrics', () => {
  it('the latency histogram counts each observation in its bucket and every bucket above, by route and status', async () => {
    const m = createMetrics(() => [], { defaultMetrics: false });
    const samples: Array<[string, number, number]> = [
      ['/v1/checkout', 200, 0.0003],
      ['/v1/checkout', 200, 0.0005],
      ['/v1/checkout', 200, 0.004],
      ['/v1/checkout', 409, 0.02],
      ['/v1/checkin', 200, 0.7],
      ['/v1/checkout (wait)', 200, 200],
    ];
    for (const [route, status, s] of samples) m.latency.labels({ route, status: String(status) }).observe(s);
    const text = await m.render();
    const line = (suffix: string, v: number | string) => `licutil_request_duration_seconds${suffix} ${v}`;
    expect(text).toContain(line('_bucket{le="0.0005",route="/v1/checkout",status="200"}', 2));
    expect(text).toContain(line('_bucket{le="0.005",route="/v1/checkout",status="200"}', 3));
    expect(text).toContain(line('_bucket{le="0.01",route="/v1/checkout",status="409"}', 0));
    expect(text).toContain(line('_bucket{le="0.025",route="/v1/checkout",status="409"}', 1));
    expect(text).toContain(line('_bucket{le="120",route="/v1/checkout (wait)",status="200"}', 0));
    expect(text).toContain(line('_bucket{le="+Inf",route="/v1/checkout (wait)",status="200"}', 1));
    expect(text).toContain(line('_count{route="/v1/checkin",status="200"}', 1));
    expect(text).toContain(line('_sum{route="/v1/checkin",status="200"}', 0.7));
  });

  it('the latency histogram is rendered exactly as prom-client renders its own histogram of the same observations', async () => {
    const m = createMetrics(() => [], { defaultMetrics: false });
    const registry = new Registry();
    const reference = new Histogram({
      name: 'licutil_request_duration_seconds',
      help: 'Time from request received to answer sent (long-poll checkouts are route checkout_wait)',
      labelNames: ['route', 'status'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120],
      registers: [registry],
    });
    const routes = ['/v1/checkout', '/v1/checkin', '/v1/checkout (wait)', 'unknown route'];
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 500; i++) {
      const labels = { route: routes[i % routes.length] as string, status: String([200, 404, 409][i % 3]) };
      // exact bucket bounds too, which count in their own bucket (le)
      const s = i % 50 === 0 ? 0.005 : next() ** 4 * 200;
      m.latency.labels(labels).observe(s);
      reference.labels(labels).observe(s);
    }
    const ours = (await m.render()).split('\n').filter((l) => l.includes('licutil_request_duration_seconds'));
    const theirs = (await registry.metrics()).split('\n').filter((l) => l.includes('licutil_request_duration_seconds'));
    expect(ours.length).toBeGreaterThan(100);
    expect(ours).toEqual(theirs);
  });

  it('the lease counters are rendered exactly as prom-client renders its own counters of the same counts', async () => {
    const m = createMetrics(() => [], { defaultMetrics: false });
    const registry = new Registry();
    const reference = new Counter({ name: 'licutil_checkouts_total', help: 'Checkouts granted (immediately or from the queue)', labelNames: ['isv', 'product'], registers: [registry] });
    const denials = new Counter({ name: 'licutil_denials_total', help: 'Checkouts refused, by error code', labelNames: ['code'], registers: [registry] });
    for (let i = 0; i < 200; i++) {
      // a label value with what the exposition must escape, too
      const labels = { isv: ['demo', 'acme'][i % 2] as string, product: ['seat', 'cad', 'a"b\\c\nd'][i % 3] as string };
      m.checkouts.inc(labels);
      reference.inc(labels);
      if (i % 7 === 0) {
        m.denials.inc({ code: 'LICUTIL_E_ALL_IN_USE' });
        denials.inc({ code: 'LICUTIL_E_ALL_IN_USE' });
      }
    }
    const pick = (text: string) => text.split('\n').filter((l) => /licutil_(checkouts|denials)_total/.test(l));
    const ours = pick(await m.render());
    // six label sets and one, each metric with its HELP and TYPE lines
    expect(ours.length).toBe(6 + 1 + 4);
    expect(ours).toEqual(pick(await registry.metrics()));
  });

  it('counters count per label set, and a second scrape does not count again', async () => {
    const m = createMetrics(() => [], { defaultMetrics: false });
    for (let i = 0; i < 5; i++) m.checkouts.inc({ isv: 'demo', product: 'seat' });
    m.checkouts.inc({ isv: 'demo', product: 'cad' });
    m.denials.inc({ code: 'LICUTIL_E_ALL_IN_USE' });
    const first = await m.render();
    expect(first).toMatch(/^licutil_checkouts_total\{isv="demo",product="seat"\} 5$/m);
    expect(first).toMatch(/^licutil_checkouts_total\{isv="demo",product="cad"\} 1$/m);
    expect(first).toMatch(/^licutil_denials_total\{code="LICUTIL_E_ALL_IN_USE"\} 1$/m);
    m.checkouts.inc({ isv: 'demo', product: 'seat' });
    expect(await m.render()).toMatch(/^licutil_checkouts_total\{isv="demo",product="seat"\} 6$/m);
  });

  it('pool gauges are what the pools say at the time of the scrape', async () => {
    let rows: PoolGaugeRow[] = [{ isv: 'demo', product: 'seat', version: '1.0', pool: 'p1', count: 4, inUse: 3, queued: 2 }];
    const m = createMetrics(() => rows, { defaultMetrics: false });
    const labels = '{isv="demo",product="seat",version="1.0",pool="p1"}';
    const first = await m.render();
    expect(first).toContain(`licutil_seats_total${labels} 4`);
    expect(first).toContain(`licutil_seats_in_use${labels} 3`);
    expect(first).toContain(`licutil_seats_queued${labels} 2`);
    expect(first).toMatch(/^licutil_journal_healthy 1$/m);
    rows = [];
    expect(await m.render()).not.toContain('licutil_seats_total{');
  });
});

describe('the pool gauges of many pools', () => {
  const row = (i: number, over: Partial<PoolGaugeRow> = {}): PoolGaugeRow => ({ isv: 'demo', product: `p${i}`, version: '1.0', pool: `demo:p${i}:1.0:0`, count: 5, inUse: i % 3, queued: i % 2, ...over });

  it('are written as prom-client writes them, escapes included', async () => {
    const rows = [row(1), row(2, { product: 'say "hi"\\now', version: 'a\nb' }), row(3, { count: 0 })];
    const ours = await createMetrics(() => rows, { defaultMetrics: false }).render();
    // the same gauges set in prom-client and formatted by it
    const registry = new Registry();
    const theirs: Array<[string, (r: PoolGaugeRow) => number]> = [
      ['licutil_seats_total', (r) => r.count],
      ['licutil_seats_in_use', (r) => r.inUse],
      ['licutil_seats_queued', (r) => r.queued],
    ];
    for (const [name, pick] of theirs) {
      const g = new Gauge({ name, help: 'h', labelNames: ['isv', 'product', 'version', 'pool'], registers: [registry] });
      for (const r of rows) g.set({ isv: r.isv, product: r.product, version: r.version, pool: r.pool }, pick(r));
    }
    const family = (text: string, name: string) => text.split('\n').filter((l) => l.startsWith(`${name}{`));
    const expected = await registry.metrics();
    for (const [name] of theirs) {
      expect(family(ours, name)).toEqual(family(expected, name));
      expect(family(ours, name)).toHaveLength(3);
      expect(ours).toContain(`# TYPE ${name} gauge\n`);
    }
    // a family is apart from the one before by a blank line, and the text ends with a newline
    expect(ours).toMatch(/\n\n# HELP licutil_seats_total /);
    expect(ours.endsWith('\n')).toBe(true);
    expect(ours).not.toMatch(/\n\n\n/);
  });

  it('are read a slice at a time: the event loop turns while 50,000 pools are written', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => row(i));
    const m = createMetrics(() => rows, { defaultMetrics: false });
    let turned = false;
    const scrape = m.render();
    setImmediate(() => (turned = true));
    const text = await scrape;
    expect(turned).toBe(true);
    expect(text.split('\n').filter((l) => l.startsWith('licutil_seats_in_use{'))).toHaveLength(50_000);
    expect(text).toContain('licutil_seats_in_use{isv="demo",product="p49999",version="1.0",pool="demo:p49999:1.0:0"} 1\n');
  });
});
