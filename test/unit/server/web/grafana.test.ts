// docs/grafana-dashboard.json: every metric and label its queries use is one the
// server's /metrics has (read from a real registry), so the dashboard cannot
// drift from the metrics; and it imports (a Prometheus data source input).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../../src/server/adapters/metrics.js';

interface Panel {
  title: string;
  targets: Array<{ expr: string }>;
}
const dash = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../docs/grafana-dashboard.json', import.meta.url)), 'utf8')) as {
  uid: string;
  __inputs: Array<{ name: string; pluginId: string }>;
  panels: Panel[];
  templating: { list: Array<{ definition: string }> };
};

describe('the Grafana dashboard', () => {
  it('queries only metrics and labels that licutil serve exports', async () => {
    const m = createMetrics(() => [{ isv: 'demo', product: 'seat', version: '1.0', pool: 'p', count: 2, inUse: 1, queued: 0 }]);
    m.checkouts.inc({ isv: 'demo', product: 'seat' });
    m.denials.inc({ code: 'LICUTIL_E_ALL_IN_USE' });
    m.latency.labels({ route: '/v1/checkout', status: '200' }).observe(0.001);
    const text = await m.render();
    const types = new Set([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((x) => x[1]));
    const exprs = [...dash.panels.flatMap((p) => p.targets.map((t) => t.expr)), ...dash.templating.list.map((v) => v.definition)];
    const names = new Set(exprs.flatMap((e) => [...e.matchAll(/\blicutil_[a-z0-9_]+/g)].map((x) => x[0])));
    expect(names.size).toBeGreaterThanOrEqual(10);
    for (const n of names) expect(types, n).toContain(n.replace(/_(bucket|sum|count)$/, ''));
    const labels = new Set(exprs.flatMap((e) => [...e.matchAll(/by \(([^)]*)\)/g)].flatMap((x) => (x[1] ?? '').split(',').map((l) => l.trim()))));
    for (const l of labels) if (l !== 'le') expect(text, `label ${l}`).toMatch(new RegExp(`[{,]${l}="`));
    expect(dash.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', pluginId: 'prometheus' })]);
    expect(dash.uid).toBe('licutil-server');
  });
});
