// The status page (issue 20): its weight — every byte a browser fetches to show
// it, the page and its three assets — and its time to first render in chromium
// (first-contentful-paint, a fresh browser context each round) against the same
// bytes as a static file from a bare node:http server, in interleaved rounds.
// The server holds 20 pools, 60 checkouts and 10 waiters, a busy site's page.
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLicutil } from '../lib/proc.js';
import { serverLicense } from '../lib/server-license.js';
import { fmt, median, spread } from '../lib/stats.js';
import { pendingFigure, type Figure, type Suite } from '../lib/types.js';

const CHROMIUM = '/usr/bin/chromium';
const WEIGHT_TITLE = 'status page weight (page + script + style + icon, 20 pools, 60 checkouts, 10 waiters)';
const WEIGHT_TARGET = '≤ 64 KiB, no other request';
const PAINT_TITLE = 'status page time to first render (first-contentful-paint, chromium)';
const PAINT_TARGET = '≤ 2× the same bytes as a static file';

async function get(url: string): Promise<{ bytes: number; body: string }> {
  const r = await fetch(url);
  const body = await r.text();
  if (!r.ok) throw new Error(`GET ${url}: HTTP ${r.status}`);
  return { bytes: Buffer.byteLength(body), body };
}

export const webpageSuite: Suite = {
  name: 'webpage',
  async run(ctx) {
    const products: Record<string, number> = {};
    for (let i = 0; i < 20; i++) products[`product${String(i).padStart(2, '0')}`] = i < 10 ? 3 : 10;
    const server = await startLicutil(ctx, { name: 'webpage', license: serverLicense(products), args: ['--no-journal'] });
    const staticServer = http.createServer();
    try {
      // 60 checkouts: the ten 3-seat pools full (30) and 3 in each 10-seat pool; 10 waiters on the full ones
      const post = (body: unknown) => fetch(`${server.url}/v1/checkout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      for (let i = 0; i < 20; i++) {
        for (let k = 0; k < 3; k++) await post({ product: `product${String(i).padStart(2, '0')}`, user: `user${i}-${k}`, host: `ws${k}.example.com`, pid: 1000 + i * 10 + k, lease: 3600 });
      }
      const waiters = Array.from({ length: 10 }, (_, i) => {
        const ac = new AbortController();
        void fetch(`${server.url}/v1/checkout`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ product: `product0${i}`, user: `waiter${i}`, host: 'ci.example.com', pid: 5000 + i, wait: 600 }),
          signal: ac.signal,
        }).catch(() => undefined);
        return ac;
      });
      await new Promise((r) => setTimeout(r, 300));

      const page = await get(`${server.url}/`);
      const assets = await Promise.all(['/web/app.js', '/web/app.css', '/web/icon.svg'].map((p) => get(`${server.url}${p}`)));
      const total = page.bytes + assets.reduce((n, a) => n + a.bytes, 0);
      ctx.log(`  status page: html ${page.bytes} B, js ${assets[0]?.bytes} B, css ${assets[1]?.bytes} B, icon ${assets[2]?.bytes} B, total ${total} B`);
      const figures: Figure[] = [
        {
          id: 'webpage.weight',
          title: WEIGHT_TITLE,
          value: total / 1024,
          unit: 'KiB',
          target: WEIGHT_TARGET,
          pass: total <= 64 * 1024,
          spread: 'one measurement (the bytes do not vary)',
          notes: [
            `HTML ${fmt(page.bytes / 1024, 1)} KiB, script ${fmt((assets[0]?.bytes ?? 0) / 1024, 1)} KiB, style ${fmt((assets[1]?.bytes ?? 0) / 1024, 1)} KiB, icon ${assets[2]?.bytes ?? 0} B; sent uncompressed (the server does not gzip)`,
            'no font, image, framework or other origin: the Content-Security-Policy allows only these',
          ],
        },
      ];

      if (!existsSync(CHROMIUM)) {
        figures.push(pendingFigure('webpage.paint', PAINT_TITLE, PAINT_TARGET, `pending: ${CHROMIUM} is not installed (apt-get install chromium)`));
        for (const w of waiters) w.abort();
        return figures;
      }
      // the baseline: the same page and assets, as files, from node:http
      const files = new Map<string, { type: string; body: string }>([
        ['/', { type: 'text/html; charset=utf-8', body: page.body }],
        ['/web/app.js', { type: 'text/javascript', body: assets[0]?.body ?? '' }],
        ['/web/app.css', { type: 'text/css', body: assets[1]?.body ?? '' }],
        ['/web/icon.svg', { type: 'image/svg+xml', body: assets[2]?.body ?? '' }],
      ]);
      staticServer.on('request', (req, res) => {
        const f = files.get((req.url ?? '/').split('?')[0] ?? '/');
        res.writeHead(f ? 200 : 404, { 'content-type': f?.type ?? 'text/plain' });
        res.end(f?.body ?? '');
      });
      await new Promise<void>((r) => staticServer.listen(0, '127.0.0.1', r));
      const staticUrl = `http://127.0.0.1:${(staticServer.address() as AddressInfo).port}/`;

      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      });
      const paint = async (url: string): Promise<number> => {
        const c = await browser.newContext({ viewport: { width: 1100, height: 900 } });
        const tab = await c.newPage();
        await tab.goto(url, { waitUntil: 'load' });
        const fcp = (await tab.evaluate(
          "new Promise((resolve) => { const get = () => performance.getEntriesByName('first-contentful-paint')[0]; const e = get(); if (e) resolve(e.startTime); else new PerformanceObserver(() => { const x = get(); if (x) resolve(x.startTime); }).observe({ type: 'paint', buffered: true }); })",
        )) as number;
        await c.close();
        return fcp;
      };
      const ours: number[] = [];
      const base: number[] = [];
      try {
        await paint(`${server.url}/`);
        await paint(staticUrl);
        const rounds = ctx.quick ? 3 : 15;
        for (let r = 0; r < rounds; r++) {
          if (r % 2 === 0) {
            ours.push(await paint(`${server.url}/`));
            base.push(await paint(staticUrl));
          } else {
            base.push(await paint(staticUrl));
            ours.push(await paint(`${server.url}/`));
          }
        }
      } finally {
        await browser.close();
      }
      const ratio = median(ours) / median(base);
      const pr = spread(ours.map((x, i) => x / (base[i] as number)));
      ctx.log(`  first render: licutil ${fmt(median(ours))} ms, static ${fmt(median(base))} ms, ${fmt(ratio, 2)}×`);
      figures.push({
        id: 'webpage.paint',
        title: PAINT_TITLE,
        value: median(ours),
        unit: 'ms',
        baseline: { label: 'the same bytes from a bare node:http server', value: median(base), unit: 'ms' },
        ratio,
        ratioStyle: '×',
        target: PAINT_TARGET,
        pass: ratio <= 2,
        spread: `${ours.length} interleaved rounds; per-round ratio ${fmt(pr.min, 2)}–${fmt(pr.max, 2)} (IQR ${fmt(pr.q1, 2)}–${fmt(pr.q3, 2)})`,
        notes: [
          'from navigation start to first-contentful-paint in headless chromium (no GPU), a new browser context (empty cache) each round, on 127.0.0.1',
          'the page is whole in its first HTML answer (server-rendered); the script only keeps it live, so it is not on the path to the first render',
        ],
      });
      for (const w of waiters) w.abort();
      return figures;
    } finally {
      staticServer.close();
      await server.stop();
    }
  },
};
