// Administration from another machine: reread, remove and down are refused
// every time without the admin token — no header, a wrong token of the right
// length, near misses, other schemes, and header tricks (X-Forwarded-For and
// friends naming loopback, duplicated Authorization headers, CRLF and line
// folding smuggled into the header block, request smuggling, odd spellings of
// the routes). The server runs bound to 0.0.0.0 and is reached through this
// machine's non-loopback address, so the peer really is remote; where the
// machine has none, the same matrix runs in-process through the
// remoteAddressOf seam. No endpoint reads or writes a path a client gives.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/protocol/errors.js';
import { demoLicense, killAll, startServer, tempDir } from '../helpers/server.js';
import { inProcessApp, poolDef } from './support/app.js';
import { recordFigures } from './support/figures.js';

afterAll(killAll);

const TOKEN = randomBytes(32).toString('hex');
const ROUTES = ['/v1/reread', '/v1/remove', '/v1/down'] as const;

/** This machine's first non-loopback IPv4 address, if any. */
function remoteAddress(): string | null {
  if (process.env.LICUTIL_RELIABILITY_NO_REMOTE === '1') return null;
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

function wrongTokens(): string[] {
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1);
  const out = [
    ...Array.from({ length: 40 }, () => randomBytes(32).toString('hex')), // right length, random
    flip(TOKEN, 0),
    flip(TOKEN, TOKEN.length - 1),
    flip(TOKEN, 31),
    TOKEN.toUpperCase(),
    TOKEN.slice(0, -1),
    `${TOKEN}0`,
    TOKEN.slice(0, 16),
    `${TOKEN.slice(0, 32)}${'0'.repeat(32)}`,
    '0'.repeat(TOKEN.length),
    'x',
  ];
  return out.filter((t) => t !== TOKEN);
}

/** Authorization values that must never pass; and extra headers that must change nothing. */
function authVariants(): Array<Record<string, string> | string[]> {
  const v: Array<Record<string, string> | string[]> = [{}];
  for (const t of wrongTokens()) v.push({ authorization: `Bearer ${t}` });
  v.push(
    { authorization: '' },
    { authorization: 'Bearer' },
    { authorization: 'Bearer ' },
    { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` },
    { authorization: `Token ${TOKEN}` },
    { authorization: `${TOKEN}` },
    { authorization: `Bearer ${TOKEN.slice(0, 32)} ${TOKEN.slice(32)}` },
    { authorization: `Bearer "${TOKEN}"` },
    { 'x-forwarded-for': '127.0.0.1' },
    { 'x-forwarded-for': '127.0.0.1', authorization: 'Bearer wrong' },
    { 'x-real-ip': '127.0.0.1' },
    { forwarded: 'for=127.0.0.1;proto=http' },
    { 'x-client-ip': '::1', 'x-originating-ip': '127.0.0.1', 'true-client-ip': '127.0.0.1', 'cf-connecting-ip': '127.0.0.1' },
    { host: 'localhost' },
    { host: '127.0.0.1' },
    { 'x-licutil-password': TOKEN },
    { 'x-http-method-override': 'GET' },
    { cookie: `token=${TOKEN}; admin=1` },
    // duplicated Authorization headers: the first one counts, and it is wrong
    ['authorization', `Bearer ${wrongTokens()[0]}`, 'authorization', `Bearer ${TOKEN}`],
    ['authorization', 'Bearer wrong', 'x-forwarded-for', '127.0.0.1', 'x-forwarded-for', '::1'],
  );
  return v;
}

/** Raw requests no HTTP library would send: CRLF and folding in the header block, smuggling, odd targets. */
function rawVariants(host: string): string[] {
  const body = '{}';
  const len = `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n`;
  const tail = `\r\n${body}`;
  return [
    `POST /v1/down HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer wrong\r\n X-Forwarded-For: 127.0.0.1\r\n${len}${tail}`,
    `POST /v1/down HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer wrong\rX-Admin: 1\r\n${len}${tail}`,
    `POST /v1/down HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer wrong\nX-Forwarded-For: 127.0.0.1\r\n${len}${tail}`,
    `POST /v1/down HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer\r\n\t${TOKEN.slice(0, 10)}\r\n${len}${tail}`,
    `POST /v1/down HTTP/1.1\r\nHost: ${host}\r\nAuthorization : Bearer ${TOKEN.slice(1)}x\r\n${len}${tail}`,
    `POST /v1/down%0d%0aAuthorization:%20Bearer%20x HTTP/1.1\r\nHost: ${host}\r\n${len}${tail}`,
    `POST http://127.0.0.1/v1/down HTTP/1.1\r\nHost: 127.0.0.1\r\n${len}${tail}`,
    `POST /v1/down HTTP/1.0\r\n${len}${tail}`,
    `POST /v1/./down HTTP/1.1\r\nHost: ${host}\r\n${len}${tail}`,
    `POST /v1/hello/../down HTTP/1.1\r\nHost: ${host}\r\n${len}${tail}`,
    `POST /v1/%64own HTTP/1.1\r\nHost: ${host}\r\n${len}${tail}`,
    `POST //v1/down HTTP/1.1\r\nHost: ${host}\r\n${len}${tail}`,
    `POST /V1/DOWN HTTP/1.1\r\nHost: ${host}\r\n${len}${tail}`,
    `POST /v1/down/ HTTP/1.1\r\nHost: ${host}\r\n${len}${tail}`,
    `POST /v1/down;x HTTP/1.1\r\nHost: ${host}\r\n${len}${tail}`,
    `POST /v1/down?admin=1 HTTP/1.1\r\nHost: ${host}\r\n${len}${tail}`,
    // request smuggling: a second request hidden behind conflicting lengths
    `POST /v1/hello HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nPOST /v1/down HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 2\r\n\r\n{}`,
    `GET /v1/hello HTTP/1.1\r\nHost: ${host}\r\n\r\nPOST /v1/down HTTP/1.1\r\nHost: ${host}\r\nX-Forwarded-For: 127.0.0.1\r\n${len}${tail}`,
  ];
}

/** Sends raw bytes; resolves with every status line the server answered (maybe none). */
function raw(hostAddr: string, port: number, text: string): Promise<number[]> {
  return new Promise((resolve) => {
    const sock = net.connect(port, hostAddr);
    let got = '';
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => (got += d));
    sock.on('error', () => undefined);
    const done = () => resolve([...got.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1])));
    sock.on('close', done);
    sock.write(text);
    setTimeout(() => sock.end(), 400);
    setTimeout(() => sock.destroy(), 1500);
  });
}

const figures = { mode: '', attempts: 0, refused: 0, raw_attempts: 0, raw_never_ok: 0, path_probes: 0, violations: 0 };
afterAll(() => recordFigures('admin', figures));

describe('admin from a non-loopback address', () => {
  it('reread, remove and down are refused 100% of the time without the token; with it they work', async () => {
    const addr = remoteAddress();
    const dir = tempDir('licutil-admin-');
    const tokenFile = path.join(dir, 'admin.token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const lic = demoLicense(['LICENSE demo seat 1.0 permanent 5 min_remove=0']);

    type Send = (route: string, headers: Record<string, string> | string[], body?: unknown) => Promise<{ status: number; code: string | null }>;
    let send: Send;
    let finish: () => Promise<void>;
    let checkoutOne: () => Promise<string>;
    let stillUp: () => Promise<boolean>;
    let rawSend: ((text: string) => Promise<number[]>) | null = null;
    if (addr) {
      figures.mode = `real server on 0.0.0.0, reached at ${addr}`;
      // which tokens are taken, not the guessing lock (security-guessing.test.ts): wrong tokens are not counted here
      const s = await startServer({ dir, bind: '0.0.0.0', licenses: { 'demo.lic': lic }, args: ['--admin-token-file', tokenFile, '--auth-failures', '0'] });
      const base = `http://${addr}:${s.port}`;
      send = async (route, headers, body = route === '/v1/remove' ? { handle: 'x' } : {}) => {
        const hdrs = Array.isArray(headers) ? [...headers, 'content-type', 'application/json'] : { ...headers, 'content-type': 'application/json' };
        const r = await request(`${base}${route}`, { method: 'POST', headers: hdrs, body: JSON.stringify(body) });
        const j = (await r.body.json().catch(() => ({}))) as { error?: { code?: string } };
        return { status: r.statusCode, code: j.error?.code ?? null };
      };
      checkoutOne = async () => (await s.api('POST', '/v1/checkout', { product: 'seat', user: 'u', host: 'h', pid: 1 })).json.handle as string;
      stillUp = async () => s.proc.exitCode === null && (await s.api('GET', '/v1/hello')).status === 200;
      rawSend = (text) => raw(addr, s.port, text);
      finish = async () => {
        await s.exited;
      };
    } else {
      figures.mode = 'in-process through the remoteAddressOf seam (no non-loopback address here)';
      const h = await inProcessApp({ defs: [poolDef({ product: 'seat', count: 5 })], admin: { token: TOKEN }, remoteAddressOf: () => '192.0.2.77' });
      send = async (route, headers, body = route === '/v1/remove' ? { handle: 'x' } : {}) => {
        const hdrs: Record<string, string> = {};
        if (Array.isArray(headers)) {
          // inject has no duplicate headers; node keeps the first Authorization
          for (let i = 0; i < headers.length; i += 2) hdrs[headers[i] as string] ??= headers[i + 1] as string;
        } else Object.assign(hdrs, headers);
        const r = await h.app.inject({ method: 'POST', url: route, headers: { ...hdrs, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
        return { status: r.statusCode, code: (JSON.parse(r.body) as { error?: { code?: string } }).error?.code ?? null };
      };
      checkoutOne = async () => {
        const g = await h.service.checkout({ product: 'seat', version: '0', count: 1, user: 'u', host: 'h', pid: 1 });
        return g.kind === 'grant' ? g.grant.handle : '';
      };
      stillUp = async () => h.downs.length === 0;
      finish = async () => h.close();
    }

    const handle = await checkoutOne();
    for (let round = 0; round < 2; round++) {
      for (const route of ROUTES) {
        for (const headers of authVariants()) {
          const r = await send(route, headers, route === '/v1/remove' ? { handle } : {});
          figures.attempts++;
          if (r.status === 403 && r.code === 'LICUTIL_E_NOT_ADMIN') figures.refused++;
          else expect({ route, headers, r }).toEqual({ route, headers, r: { status: 403, code: 'LICUTIL_E_NOT_ADMIN' } });
        }
      }
    }
    expect(figures.refused).toBe(figures.attempts);
    expect(figures.attempts).toBeGreaterThanOrEqual(300);

    if (rawSend) {
      for (const text of rawVariants(addr ?? 'x')) {
        const statuses = await rawSend(text);
        figures.raw_attempts++;
        // each is refused, rejected as malformed, or not a route — never carried out
        const bad = statuses.filter((st) => st < 400 && st !== 200);
        const ok = statuses.filter((st) => st === 200);
        expect(statuses.length, text).toBeGreaterThan(0);
        if (/^GET \/v1\/hello[^]*POST \/v1\/down/.test(text)) expect(statuses).toEqual([200, 403]);
        // a 200 can only be the hello in front of a smuggled request
        expect({ text, bad, ok: ok.length }).toEqual({ text, bad: [], ok: /^(GET|POST) \/v1\/hello/.test(text) ? ok.length : 0 });
        for (const st of statuses.filter((x) => x >= 400)) expect(Object.values(ERROR_CODES).some((c) => c.http === st) || st === 400).toBe(true);
        figures.raw_never_ok++;
      }
    }
    // nothing happened: the server is up and the checkout is still there
    expect(await stillUp()).toBe(true);

    // the right token works from the same address: reread, remove, then down
    expect(await send('/v1/reread', { authorization: `Bearer ${TOKEN}` })).toEqual({ status: 200, code: null });
    expect(await send('/v1/remove', { authorization: `bearer\t${TOKEN}` }, { handle })).toEqual({ status: 200, code: null });
    expect(await send('/v1/down', { authorization: `Bearer ${TOKEN}` })).toEqual({ status: 200, code: null });
    await finish();
  }, 120_000);
});

describe('no endpoint reads or writes a path given by a client', () => {
  it('the HTTP routes and the status page use no file system or process API', () => {
    for (const sub of ['http', 'web']) {
      const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/server/adapters', sub);
      const files = readdirSync(dir).filter((x) => x.endsWith('.ts'));
      expect(files.length, dir).toBeGreaterThan(3);
      for (const f of files) {
        const text = readFileSync(path.join(dir, f), 'utf8');
        expect({ f, fs: /from ['"](node:)?(fs|fs\/promises|child_process)['"]|require\(/.test(text) }).toEqual({ f, fs: false });
      }
    }
  });

  it('path-like values in every field and query reach no file: a canary is never read, no file appears', async () => {
    const dir = tempDir('licutil-paths-');
    const secret = `canary-${randomBytes(8).toString('hex')}`;
    const canary = path.join(dir, 'canary.txt');
    writeFileSync(canary, secret);
    const trap = path.join(dir, 'trap');
    mkdirSync(trap);
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 5']) } });
    const values = [
      canary,
      `file://${canary}`,
      `../../../../../../..${canary}`,
      path.join(trap, 'written'),
      `${trap}/../trap/x`,
      '/etc/passwd',
      '..%2f..%2fetc%2fpasswd',
      '\\\\server\\share\\x',
      'http://127.0.0.1:1/',
    ];
    const answers: string[] = [];
    for (const v of values) {
      const q = encodeURIComponent(v);
      const reqs: Array<[string, string, unknown]> = [
        ['POST', '/v1/checkout', { product: 'seat', user: v, host: v, pid: 1, tag: v, isv_data: v, password: v }],
        ['POST', '/v1/checkout', { product: v, user: 'u', host: 'h', pid: 1 }],
        ['POST', '/v1/heartbeat', { handle: v }],
        ['POST', '/v1/checkin', { handle: v }],
        ['POST', '/v1/remove', { handle: v }],
        ['GET', `/v1/status?isv=${q}&product=${q}`, undefined],
        ['GET', `/${q}`, undefined],
        ['GET', `/v1/${q}`, undefined],
        ['POST', '/v1/reread', { path: v }],
      ];
      for (const [method, route, body] of reqs) {
        const r = await s.api(method, route, body, { 'x-licutil-password': v, 'x-file': v });
        figures.path_probes++;
        expect(r.status).toBeLessThan(500);
        answers.push(JSON.stringify(r.json));
      }
    }
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(answers.join('\n') + metrics).not.toContain(secret);
    expect(readdirSync(trap)).toEqual([]);
    expect(existsSync(path.join(trap, 'written'))).toBe(false);
    await s.stop();
  }, 60_000);
});
