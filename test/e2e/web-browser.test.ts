// The status page in a real browser (Debian's chromium through playwright-core)
// against a real `licutil serve`: pools appear, a checkout made with the CLI
// shows up without a reload, the queue positions are those of `stat --json`,
// the filter filters, admin needs a signed-in session and this server's own
// page, a page from another site can do nothing, the page reads on a phone and
// in dark mode with AA contrast, and nothing outside the server is asked for or
// blocked by the CSP. A screenshot is saved (LICUTIL_SCREENSHOT_DIR, else a
// temporary directory) for a person to look at.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PRESENT, CHROMIUM_SKIP_NOTE, contrast, launchChromium } from '../helpers/browser.js';
import { runJson } from '../helpers/cli.js';
import { demoLicense, killAll, startServer, tempDir, type ServerHandle } from '../helpers/server.js';

const TOKEN = 'browser-admin-token-0123456789abcdef';
/** another origin's page on this machine (set in beforeAll): same site as the server (127.0.0.1), so even a SameSite=Strict cookie is sent */
let EVIL = 'http://127.0.0.1:0/';
const shots = process.env.LICUTIL_SCREENSHOT_DIR ?? mkdtempSync(path.join(tmpdir(), 'licutil-web-'));

/** text the contrast test checks: headings, cells, muted text, links, buttons */
const CONTRAST_SELECTORS = ['h1', 'td', '.count', 'footer', 'a', 'button', 'dt', '.empty', '#pools td[data-label="Version"]'];

interface StatJson {
  servers?: Array<{ queues: Array<{ waiters: Array<{ position: number; user: string; product: string }> }> }>;
  queues?: Array<{ waiters: Array<{ position: number; user: string; product: string }> }>;
}

describe.skipIf(!CHROMIUM_PRESENT)(`the status page in chromium${CHROMIUM_SKIP_NOTE}`, () => {
  let s: ServerHandle;
  let browser: Browser;
  let spec: string;
  const waits: AbortController[] = [];
  const foreign: string[] = [];
  const problems: string[] = [];
  let evilPage = '';
  const evilServer = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(evilPage);
  });

  async function open(opts: { width?: number; dark?: boolean } = {}): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: opts.width ?? 1100, height: 900 }, colorScheme: opts.dark ? 'dark' : 'light' });
    const tab = await ctx.newPage();
    await tab.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(s.url) || url.startsWith(EVIL)) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    tab.on('pageerror', (e) => problems.push(e.message));
    tab.on('console', (m) => {
      // refusals the tests provoke, and the CORS blocks of the other site's page, are expected
      if (m.type() === 'error' && !/status of 40[03]|Failed to load resource|CORS policy/.test(m.text())) problems.push(m.text());
    });
    return tab;
  }

  beforeAll(async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'admin.token'), `${TOKEN}\n`, { mode: 0o600 });
    s = await startServer({
      dir,
      licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 3 min_remove=0', 'LICENSE demo cad 2.0 permanent 1 min_remove=0', 'LICENSE demo viewer 1.0 permanent 10 soft_limit=8']) },
      args: ['--admin-token-file', path.join(dir, 'admin.token')],
    });
    spec = `${s.port}@127.0.0.1`;
    await new Promise<void>((resolve) => evilServer.listen(0, '127.0.0.1', resolve));
    EVIL = `http://127.0.0.1:${(evilServer.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    for (const w of waits) w.abort();
    await browser?.close();
    evilServer.close();
    await killAll();
  });

  it('shows every pool with a bar of its use, without JavaScript too', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const tab = await ctx.newPage();
    await tab.goto(`${s.url}/`);
    expect(await tab.title()).toMatch(/^licutil on /);
    expect(await tab.locator('#pools tbody tr').count()).toBe(3);
    expect(await tab.locator('#pools svg.bar').count()).toBe(3);
    // the filter box works as a plain form
    await tab.fill('#q', 'cad');
    await tab.click('form.filter button');
    await tab.waitForURL(/\?q=cad$/);
    expect(await tab.locator('#pools tbody tr').count()).toBe(1);
    await ctx.close();
  });

  it('a checkout made with the CLI appears without a reload; the queue positions are those of stat --json', async () => {
    const tab = await open();
    await tab.goto(`${s.url}/`);
    await tab.evaluate('window.marker = 42');
    const out = runJson<{ handle?: string }>(['checkout', 'cad', '-c', spec, '--detach', '--lease', '5m']);
    expect(out.code, out.stderr).toBe(0);
    await tab.locator('#checkouts tbody tr', { hasText: 'cad' }).waitFor({ timeout: 10_000 });
    // the page shows the public id, never the holder's handle (a credential)
    const secret = out.json.handle?.split('@')[0] ?? '';
    expect(secret.length).toBeGreaterThan(8);
    expect(await tab.content()).not.toContain(secret);
    expect(await tab.locator('#checkouts td[data-label="Id"]').first().textContent()).toMatch(/^[1-9]\d*$/);
    // two waiters for the one cad seat, in order
    for (const [user, pid] of [['dave', 11], ['erin', 12]] as const) {
      const ac = new AbortController();
      waits.push(ac);
      void s.api('POST', '/v1/checkout', { product: 'cad', user, host: 'ws', pid, wait: 60 }, {}, ac.signal).catch(() => undefined);
      await tab.locator('#queue tbody tr', { hasText: user }).waitFor({ timeout: 10_000 });
    }
    expect(await tab.evaluate('window.marker')).toBe(42);
    // pushed by server-sent events, not found by the 5 s polling the page falls back to
    expect(await tab.locator('#live').textContent()).not.toMatch(/unavailable|Could not update/);
    const rows = await tab.locator('#queue tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const shown = rows.map((r) => ({ position: Number(r[0]), product: r[1], user: r[4] }));
    const stat = runJson<StatJson>(['stat', '-c', spec]);
    expect(stat.code, stat.stderr).toBe(0);
    const queues = stat.json.queues ?? stat.json.servers?.[0]?.queues ?? [];
    const fromStat = queues.flatMap((q) => q.waiters).map((w) => ({ position: w.position, product: w.product, user: w.user }));
    expect(shown).toEqual(fromStat);
    expect(shown.map((w) => w.user)).toEqual(['dave', 'erin']);
    // the filter box refilters as one types
    await tab.fill('#q', 'erin');
    await expect.poll(() => tab.locator('#queue tbody tr').count()).toBe(1);
    await tab.fill('#q', '');
    await expect.poll(() => tab.locator('#pools tbody tr').count()).toBe(3);
    await tab.screenshot({ path: path.join(shots, 'status-page.png'), fullPage: true });
    expect(statSync(path.join(shots, 'status-page.png')).size).toBeGreaterThan(20_000);
  }, 60_000);

  it('admin needs a signed-in session: refused from the page before, allowed after, and the report log says who', async () => {
    const tab = await open();
    await tab.goto(`${s.url}/`);
    const before = await tab.evaluate(async () => {
      const r = await fetch('/v1/reread', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return { status: r.status, body: (await r.json()) as { error?: { code: string } } };
    });
    expect(before).toMatchObject({ status: 403, body: { error: { code: 'LICUTIL_E_NOT_ADMIN' } } });
    expect(await tab.locator('button[data-remove]').count()).toBe(0);
    await tab.fill('#token', 'not-the-token');
    await tab.click('#signin button');
    await expect.poll(() => tab.locator('#live').textContent()).toMatch(/Sign-in refused: .*does not match/);
    await tab.fill('#token', TOKEN);
    await Promise.all([tab.waitForEvent('load'), tab.click('#signin button')]);
    await tab.locator('#signout').waitFor();
    const cookies = await tab.context().cookies();
    expect(cookies.find((c) => c.name === 'licutil_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await tab.evaluate('document.cookie')).toBe('');
    tab.once('dialog', (d) => void d.accept());
    const me = userInfo().username;
    await tab.locator('#checkouts tbody tr', { hasText: 'cad' }).locator('button[data-remove]').click();
    await expect.poll(() => tab.locator('#live').textContent()).toMatch(/^Removed checkout /);
    // the first waiter gets the seat at once, and the page shows it
    await tab.locator('#checkouts tbody tr', { hasText: 'dave' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => tab.locator('#queue tbody tr').count()).toBe(1);
    await tab.click('#reread');
    await expect.poll(() => tab.locator('#live').textContent()).toMatch(/^Reread: /);
    const report = readFileSync(path.join(s.stateDir, 'report.ndjson'), 'utf8');
    expect(report).toContain(`"event":"removal","user":${JSON.stringify(me)}`);
    expect(report).toMatch(/"event":"removal".*"product":"cad".*"by":"web session 1 \(admin token\) from 127\.0\.0\.1"/);
    expect(report).toMatch(/"event":"admin".*"action":"reread","by":"web session 1/);
    await tab.screenshot({ path: path.join(shots, 'status-page-admin.png'), fullPage: true });
  }, 60_000);

  it('a page of another origin on this machine, in the same signed-in browser, can neither administer nor read', async () => {
    const tab = await open();
    await tab.goto(`${s.url}/`);
    await tab.fill('#token', TOKEN);
    await Promise.all([tab.waitForEvent('load'), tab.click('#signin button')]);
    evilPage = `<!doctype html><title>evil</title><form id="f" method="post" action="${s.url}/v1/down" enctype="text/plain"><input name='{"a":"' value='"}'></form>`;
    await tab.goto(EVIL);
    const results = await tab.evaluate(async (base) => {
      const out: string[] = [];
      const tryIt = async (what: string, f: () => Promise<Response>) => {
        try {
          const r = await f();
          out.push(`${what}:${r.type}:${r.status}`);
        } catch {
          out.push(`${what}:blocked`);
        }
      };
      await tryIt('no-cors down', () => fetch(`${base}/v1/down`, { method: 'POST', mode: 'no-cors', credentials: 'include', body: '{}' }));
      await tryIt('json reread', () => fetch(`${base}/v1/reread`, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{}' }));
      await tryIt('read status', () => fetch(`${base}/v1/status`, { credentials: 'include' }));
      return out;
    }, s.url);
    // the no-cors POST arrives but is refused (no JSON content type), and its answer is
    // withheld from the page (Cross-Origin-Resource-Policy); the JSON one fails its
    // preflight; the read has no CORS grant
    expect(results).toEqual(['no-cors down:blocked', 'json reread:blocked', 'read status:blocked']);
    expect(s.stderr()).toMatch(/refused POST "\/v1\/down" from 127\.0\.0\.1: a POST must have Content-Type: application\/json/);
    await Promise.all([tab.waitForEvent('load'), tab.evaluate("document.getElementById('f').submit()")]);
    expect(await tab.content()).toMatch(/LICUTIL_E_BAD_REQUEST|Content-Type: application\/json/);
    expect((await s.api('GET', '/v1/hello')).status).toBe(200);
    expect(s.stderr()).not.toMatch(/shutdown requested/);
  }, 60_000);

  it('reads on a phone and in dark mode, with WCAG AA contrast in both schemes', async () => {
    for (const dark of [false, true]) {
      const tab = await open({ width: 390, dark });
      await tab.goto(`${s.url}/`);
      expect(await tab.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      // (a string: the tests are compiled without the DOM's types)
      const colours = (await tab.evaluate(`(() => {
        const bg = getComputedStyle(document.body).backgroundColor;
        const pick = (sel) => {
          const el = document.querySelector(sel);
          return el ? { sel, fg: getComputedStyle(el).color, bg: sel.startsWith('button') ? getComputedStyle(el).backgroundColor : bg } : null;
        };
        return { bg, pairs: ${JSON.stringify(CONTRAST_SELECTORS)}.map(pick).filter((p) => p !== null) };
      })()`)) as { bg: string; pairs: Array<{ sel: string; fg: string; bg: string }> };
      expect(colours.bg).toBe(dark ? 'rgb(18, 18, 18)' : 'rgb(255, 255, 255)');
      for (const p of colours.pairs) expect(contrast(p.fg, p.bg), `${p.sel} ${dark ? 'dark' : 'light'}`).toBeGreaterThanOrEqual(4.5);
      await tab.screenshot({ path: path.join(shots, `status-page-phone${dark ? '-dark' : ''}.png`), fullPage: true });
      await tab.context().close();
    }
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);
});
