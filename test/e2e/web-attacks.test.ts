// The attacks of the RLM web-admin CVEs (CVE-2021-37498..37500, CVE-2021-44151)
// and of issue 14's "admin that a web page cannot reach", performed against a
// real `licutil serve` process with raw HTTP (node:http, so Host, Origin and
// Sec-Fetch-Site can be forged as a browser or an attacker would send them).
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLicense, killAll, startServer, tempDir, type ServerHandle } from '../helpers/server.js';

const TOKEN = 'web-admin-token-0123456789abcdef';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function raw(s: ServerHandle, method: string, route: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: s.port, method, path: route, headers, setHost: headers.host === undefined }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const own = (s: ServerHandle) => `http://127.0.0.1:${s.port}`;
const json = { 'content-type': 'application/json' };

function tokenDir(): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'admin.token'), `${TOKEN}\n`, { mode: 0o600 });
  return dir;
}

let s: ServerHandle;
beforeAll(async () => {
  const dir = tokenDir();
  s = await startServer({
    dir,
    licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 5 min_remove=0']) },
    args: ['--admin-token-file', path.join(dir, 'admin.token'), '--allow-host', 'licenses.corp.example'],
  });
});
afterAll(killAll);

async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const r = await raw(s, 'POST', '/web/session', { ...json, origin: own(s), 'sec-fetch-site': 'same-origin' }, JSON.stringify({ token: TOKEN }));
  expect(r.status).toBe(200);
  const setCookie = r.headers['set-cookie']?.[0] ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  const page = await raw(s, 'GET', '/', { cookie });
  const csrf = /<meta name="licutil-csrf" content="([^"]+)">/.exec(page.body)?.[1] ?? '';
  expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return { cookie, csrf };
}

describe('path traversal in asset URLs (CVE-2021-37500 class)', () => {
  it('no URL reaches a file: only the fixed assets exist, everything else is a JSON 404', async () => {
    const attempts = [
      '/web/../../../../etc/passwd',
      '/web/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/web/..%2f..%2f..%2fetc%2fpasswd',
      '/web/%252e%252e/%252e%252e/etc/passwd',
      '/web/app.js/../../../etc/passwd',
      '/web/..\\..\\..\\etc\\passwd',
      '/web/app.js%00.css',
      '/web/app.css?../../etc/passwd',
      '//etc/passwd',
      '/web//etc/passwd',
      `/web/${encodeURIComponent(path.resolve('package.json'))}`,
    ];
    for (const url of attempts) {
      const r = await raw(s, 'GET', url);
      expect(r.body, url).not.toMatch(/root:x?:0:0|"name": "licutil"/);
      // a query string is not part of the asset's name: the style sheet, nothing else
      if (url.startsWith('/web/app.css?')) expect(r.body).toMatch(/^:root\{/);
      else expect(r.status, url).toBe(404);
    }
    for (const [url, type] of [['/web/app.js', 'text/javascript'], ['/web/app.css', 'text/css'], ['/web/icon.svg', 'image/svg+xml']] as const) {
      const r = await raw(s, 'GET', url);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toContain(type);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

describe('header and HTML injection through user and host names (CVE-2021-37499 class)', () => {
  it('CR/LF in a name is refused; markup in a name is shown as text; no response header carries a name', async () => {
    const crlf = await s.api('POST', '/v1/checkout', { product: 'seat', user: 'eve\r\nSet-Cookie: licutil_session=planted', host: 'h', pid: 1 });
    expect(crlf.status).toBe(400);
    const evil = await s.api<{ handle: string }>('POST', '/v1/checkout', { product: 'seat', user: '<script>alert(1)</script>', host: '"><img src=x onerror=alert(2)>', pid: 2 });
    expect(evil.status).toBe(200);
    for (const url of ['/', '/web/main', '/?q=%3Cscript%3E', '/?utm_source=%3Cscript%3Ealert(1)%3C/script%3E']) {
      const page = await raw(s, 'GET', url);
      expect(page.status).toBe(200);
      expect(page.body).not.toContain('<script>alert(1)');
      expect(page.body).not.toContain('<img src=x');
      expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.headers['set-cookie']).toBeUndefined();
      expect(page.headers['content-security-policy']).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
      for (const v of Object.values(page.headers)) expect(String(v)).not.toMatch(/alert|eve/);
    }
    await s.api('POST', '/v1/checkin', { handle: evil.json.handle });
  });
});

describe('session guessing and fixation (CVE-2021-44151 class)', () => {
  it('a guessed or planted session id is nobody; sign-in always issues a new 256-bit id', async () => {
    const planted = `licutil_session=${'A'.repeat(43)}`;
    const guess = await raw(s, 'POST', '/v1/reread', { ...json, cookie: planted, 'x-licutil-csrf': 'x', origin: own(s) }, '{}');
    expect(guess.status).toBe(403);
    expect(JSON.parse(guess.body)).toMatchObject({ error: { code: 'LICUTIL_E_NOT_ADMIN', message: expect.stringMatching(/signed-in session/) } });
    const r = await raw(s, 'POST', '/web/session', { ...json, origin: own(s), cookie: planted }, JSON.stringify({ token: TOKEN }));
    const cookie = (r.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^licutil_session=[A-Za-z0-9_-]{43}$/);
    expect(cookie).not.toBe(planted);
    expect(r.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict$/);
  });

});

describe('cross-site requests', () => {
  it('a no-cors POST (no JSON content type) cannot stop the server, from any page', async () => {
    for (const ct of [undefined, 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded']) {
      const r = await raw(s, 'POST', '/v1/down', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', ...(ct ? { 'content-type': ct } : {}) }, ct ? '{}' : undefined);
      expect(r.status).toBe(400);
    }
    expect((await s.api('GET', '/v1/hello')).status).toBe(200);
  });

  it('admin from another origin or site is refused even from loopback; loopback in a browser needs the session', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ origin: 'https://evil.example' }, /came from the page "https:\/\/evil\.example"/],
      [{ origin: 'http://127.0.0.1:1' }, /not from this server's own page/],
      [{ 'sec-fetch-site': 'cross-site' }, /another site/],
      [{ 'sec-fetch-site': 'same-site', origin: own(s) }, /another site/],
    ];
    for (const [headers, why] of cases) {
      const r = await raw(s, 'POST', '/v1/reread', { ...json, ...headers }, '{}');
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'LICUTIL_E_FOREIGN_REQUEST', message: expect.stringMatching(why) } });
    }
    const sameOriginNoSession = await raw(s, 'POST', '/v1/reread', { ...json, origin: own(s), 'sec-fetch-site': 'same-origin' }, '{}');
    expect(JSON.parse(sameOriginNoSession.body)).toMatchObject({ error: { code: 'LICUTIL_E_NOT_ADMIN' } });
    // a stolen session cookie sent from another page is still refused (Origin), and without the CSRF token too
    const { cookie, csrf } = await signIn();
    const crossWithCookie = await raw(s, 'POST', '/v1/reread', { ...json, cookie, 'x-licutil-csrf': csrf, origin: 'https://evil.example' }, '{}');
    expect(crossWithCookie.status).toBe(403);
    const noCsrf = await raw(s, 'POST', '/v1/reread', { ...json, cookie, origin: own(s) }, '{}');
    expect(noCsrf.status).toBe(403);
    const ok = await raw(s, 'POST', '/v1/reread', { ...json, cookie, 'x-licutil-csrf': csrf, origin: own(s), 'sec-fetch-site': 'same-origin' }, '{}');
    expect(ok.status).toBe(200);
  });

  it('a signed-in admin removes a checkout; the report log says who, as for reread', async () => {
    const g = await s.api<{ handle: string }>('POST', '/v1/checkout', { product: 'seat', user: 'bob', host: 'ws9', pid: 9 });
    const { cookie, csrf } = await signIn();
    const r = await raw(s, 'POST', '/v1/remove', { ...json, cookie, 'x-licutil-csrf': csrf, origin: own(s) }, JSON.stringify({ handle: g.json.handle }));
    expect(r.status).toBe(200);
    const lines = readFileSync(path.join(s.stateDir, 'report.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.event === 'removal' && l.user === 'bob')).toMatchObject({ by: expect.stringMatching(/^web session \d+ \(admin token\) from 127\.0\.0\.1$/) });
    expect(lines.find((l) => l.event === 'admin' && l.action === 'reread')).toMatchObject({ by: expect.stringMatching(/^web session \d+/) });
    expect(lines.filter((l) => l.event === 'admin' && l.action === 'sign-in').length).toBeGreaterThanOrEqual(2);
  });
});

describe('DNS rebinding (Host)', () => {
  it('a page under a foreign name can read nothing: status, page, events and metrics refuse its Host', async () => {
    for (const route of ['/v1/status', '/', '/web/main', '/web/events', '/metrics', '/v1/hello']) {
      const r = await raw(s, 'GET', route, { host: `rebind.evil.example:${s.port}` });
      expect(r.status, route).toBe(403);
      expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'LICUTIL_E_FOREIGN_REQUEST', message: expect.stringMatching(/does not answer to the name "rebind\.evil\.example:\d+"/) } });
      expect(r.body).not.toContain('seat');
    }
    const reread = await raw(s, 'POST', '/v1/reread', { ...json, host: `rebind.evil.example:${s.port}` }, '{}');
    expect(reread.status).toBe(403);
    expect(s.stderr()).toMatch(/refused GET "\/v1\/status" from 127\.0\.0\.1: this server does not answer to the name/);
  });

  it('its own names and --allow-host answer', async () => {
    for (const host of [`localhost:${s.port}`, `127.0.0.1:${s.port}`, `licenses.corp.example:${s.port}`, 'LICENSES.corp.example.']) {
      expect((await raw(s, 'GET', '/v1/status', { host })).status, host).toBe(200);
    }
  });
});

describe('online guessing of the admin token', () => {
  it('a wrong token is refused and logged; after five, the address waits (the server\'s one guessing limit)', async () => {
    const s = await startServer({
      dir: tokenDir(),
      licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) },
      args: ['--admin-token-file', 'admin.token'],
    });
    for (let i = 0; i < 5; i++) {
      const r = await raw(s, 'POST', '/web/session', { ...json, origin: own(s) }, JSON.stringify({ token: `wrong-${i}` }));
      expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'LICUTIL_E_NOT_ADMIN', message: expect.stringMatching(/does not match/) } });
    }
    const locked = await raw(s, 'POST', '/web/session', { ...json, origin: own(s) }, JSON.stringify({ token: TOKEN }));
    expect(locked.status).toBe(429);
    expect(JSON.parse(locked.body)).toMatchObject({ error: { code: 'LICUTIL_E_TOO_MANY_FAILURES', message: expect.stringMatching(/too many failed sign-ins from 127\.0\.0\.1; try again in \d+ s/) } });
    const report = readFileSync(path.join(s.stateDir, 'report.ndjson'), 'utf8');
    expect(report).toMatch(/"event":"admin".*"action":"sign-in-refused","by":"from 127\.0\.0\.1"/);
    await s.stop();
  });
});

describe('--no-web', () => {
  it('serves the API only', async () => {
    const api = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) }, args: ['--no-web'] });
    expect((await raw(api, 'GET', '/')).status).toBe(404);
    expect((await raw(api, 'GET', '/web/app.js')).status).toBe(404);
    expect((await raw(api, 'GET', '/v1/status')).status).toBe(200);
    await api.stop();
  });
});
