// The server's counters and latency histogram count in plain numbers; what
// /metrics says must be what prom-client's own Counter and Histogram say.
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/server/adapters/metrics.js';

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120];

/** The lines of one metric family (its HELP and TYPE lines left out: the texts may differ). */
function family(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name}_`) || l.startsWith(`${name} `)).filter((l) => !l.startsWith('#'));
}

describe('server metrics', () => {
  it('the latency histogram writes what a prom-client Histogram writes for the same observations', async () => {
    const m = createMetrics(() => [], { defaultMetrics: false });
    const ref = new Registry();
    const h = new Histogram({ name: 'licutil_request_duration_seconds', help: 'x', labelNames: ['route', 'status'], buckets: BUCKETS, registers: [ref] });
    const samples: Array<[string, number, number]> = [
      ['/v1/checkout', 200, 0.0003],
      ['/v1/checkout', 200, 0.0005],
      ['/v1/checkout', 200, 0.004],
      ['/v1/checkout', 409, 0.02],
      ['/v1/checkin', 200, 0.7],
      ['/v1/checkout (wait)', 200, 200],
      ['unknown route', 404, 0.001],
    ];
    for (const [route, status, s] of samples) {
      m.latency.child(route, status).observe(s);
      h.observe({ route, status: String(status) }, s);
    }
    const name = 'licutil_request_duration_seconds';
    const ours = family(await m.render(), name);
    expect(ours.length).toBeGreaterThan(0);
    expect(ours).toEqual(family(await ref.metrics(), name));
    expect(ours).toContain('licutil_request_duration_seconds_bucket{le="0.005",route="/v1/checkout",status="200"} 3');
  });

  it('counters count per label set and hand their counts over when scraped, once', async () => {
    const m = createMetrics(() => [], { defaultMetrics: false });
    const ref = new Registry();
    const c = new Counter({ name: 'licutil_checkouts_total', help: 'x', labelNames: ['isv', 'product'], registers: [ref] });
    for (let i = 0; i < 5; i++) m.checkouts.inc('demo', 'seat');
    m.checkouts.inc('demo', 'cad');
    c.inc({ isv: 'demo', product: 'seat' }, 5);
    c.inc({ isv: 'demo', product: 'cad' });
    const name = 'licutil_checkouts_total';
    expect(family(await m.render(), name)).toEqual(family(await ref.metrics(), name));
    // a second scrape does not count them again
    m.checkouts.inc('demo', 'seat');
    c.inc({ isv: 'demo', product: 'seat' });
    expect(family(await m.render(), name)).toEqual(family(await ref.metrics(), name));
    m.denials.inc('LICUTIL_E_ALL_IN_USE');
    expect(await m.render()).toMatch(/^licutil_denials_total\{code="LICUTIL_E_ALL_IN_USE"\} 1$/m);
  });
});
