// The --html page in a real headless browser (Debian's chromium through
// playwright-core): it renders its charts and tables, asks the network for
// nothing, and a screenshot is taken (written beside the page, for a person to
// look at). Skipped with a notice where chromium is not installed.
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);

describe.skipIf(!present)(`licutil report --html in chromium${present ? '' : ` — skipped: ${CHROMIUM} is not installed (apt-get install chromium)`}`, () => {
  it('draws the charts and tables with no request leaving the page', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'licutil-report-html-'));
    const page = path.join(dir, 'usage.html');
    const r = runCli(['report', path.join(ROOT, 'test/fixtures/logs/rlm-std.rl'), path.join(ROOT, 'test/fixtures/logs/flexnet-debug.log'), '--html', page, '--tz', 'UTC']);
    expect(r.code, r.stderr).toBe(0);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const tab = await browser.newPage({ viewport: { width: 900, height: 1200 } });
      const elsewhere: string[] = [];
      await tab.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        elsewhere.push(url);
        return route.abort();
      });
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(pathToFileURL(page).href);
      expect(await tab.title()).toBe('License usage report');
      expect(await tab.locator('h1').textContent()).toBe('License usage report');
      // a use chart per feature (solver, mesher, viewer, nosuch has no seat time but has a chart row), the denials chart, top users
      const charts = await tab.locator('svg.chart').count();
      expect(charts).toBeGreaterThanOrEqual(4);
      // the step lines were drawn with a size, not collapsed
      const box = await tab.locator('svg.chart').first().boundingBox();
      expect(box?.width).toBeGreaterThan(500);
      expect(box?.height).toBeGreaterThan(100);
      expect(await tab.locator('table').first().locator('tbody tr').count()).toBe(4);
      await expect(tab.locator('text=3 issued').count()).resolves.toBeGreaterThan(0);
      const shot = path.join(dir, 'report.png');
      await tab.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
      expect(elsewhere).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
