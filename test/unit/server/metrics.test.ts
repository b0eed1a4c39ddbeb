// What GET /metrics says: counters per label set, the request latency
// histogram by route and status, and the per-pool gauges read when scraped.
import { describe, expect, it } from 'vitest';
import { Gauge, Registry } from 'prom-client';
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
