// Issue 14, "Abuse cannot block others": online guessing. The issue measured
// 20,371 `_password` guesses and 27,269 remote-API HMAC answers in 3 s, none
// logged. Against real `licutil serve` processes on 127.0.0.1, the attacker
// coming from 127.0.0.2 and the colleague from 127.0.0.1:
//
// - after --auth-failures (5) wrong passwords the attacker's connection is
//   closed, and every further attempt with a password from its address is
//   refused `429 LICUTIL_E_TOO_MANY_FAILURES` with Retry-After, the right
//   password too, before the password is looked at; status with a password
//   header is the same oracle and is limited the same way;
// - the remote API: the 5th wrong answer closes the WebSocket (1008) without a
//   new challenge, a new connection from that address is refused (429), and a
//   connection it opened before cannot authenticate either;
// - meanwhile the right password or answer from another address works;
// - the server log names the address, a few lines, not one per attempt.
import { createHmac, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demoLic, startConfigServer, stopAllConfigServers } from '../e2e/remote-server.js';
import { demoLicense, killAll, startServer, tempDir } from '../helpers/server.js';
import { recordFigures, scaled, timeoutFor } from './support/figures.js';
import { peerClient, times } from './support/peer.js';

afterAll(async () => {
  await killAll();
  await stopAllConfigServers();
});

const LIMIT = 5;
const GUESSES = scaled(2_000, 100_000);
const CONNECTIONS = scaled(300, 10_000);
const figures: Record<string, number> = {};
afterAll(() => recordFigures('security-guessing', figures));

describe('guessing a license password over HTTP', () => {
  it(`${LIMIT} wrong ones close the connection and lock the address out; ${GUESSES} more are refused unchecked; others keep working`, async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo hushcad 1.0 permanent 3 _password=s3cret-pw', 'LICENSE demo opencad 1.0 permanent 3']) } });
    const guess = (i: number | string) => ({ product: 'hushcad', user: 'mallory', host: 'evil', pid: 1, password: `guess-${i}` });
    const mallory = peerClient(s.url, '127.0.0.2');
    const ports: number[] = [];
    for (let i = 1; i <= LIMIT; i++) {
      const r = await mallory.request('POST', '/v1/checkout', guess(i));
      // seed 002: a wrong password looks like no such product
      expect(r.json.error?.code).toBe('LICUTIL_E_NO_SUCH_PRODUCT');
      expect(r.headers.connection).toBe(i < LIMIT ? 'keep-alive' : 'close');
      ports.push(r.localPort);
    }
    // one keep-alive connection for the five; the server ended it at the fifth
    expect(new Set(ports).size).toBe(1);
    const next = await mallory.request('POST', '/v1/checkout', guess('next'));
    expect(next.localPort).not.toBe(ports[0]);
    expect(next.status).toBe(429);
    expect(next.json.error?.code).toBe('LICUTIL_E_TOO_MANY_FAILURES');
    expect(Number(next.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(next.headers.connection).toBe('close');
    // the right password is refused too while the address is locked: the lock is what slows guessing
    expect((await mallory.request('POST', '/v1/checkout', { ...guess(0), password: 's3cret-pw' })).status).toBe(429);
    // a checkout without a password from that address is not a guess
    expect((await mallory.request('POST', '/v1/checkout', { product: 'opencad', user: 'mallory', host: 'evil', pid: 2 })).status).toBe(200);

    const started = performance.now();
    const statuses: Record<number, number> = {};
    const attacker = peerClient(s.url, '127.0.0.2', 4);
    let colleague = 0;
    await times(GUESSES, 4, async (i) => {
      const r = await attacker.request('POST', '/v1/checkout', guess(`flood-${i}`));
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      // the colleague on another address, with the right password, during the attack
      if (i % 200 === 0) {
        const ok = await s.api('POST', '/v1/checkout', { product: 'hushcad', user: 'alice', host: 'ws1', pid: i, password: 's3cret-pw' });
        expect(ok.status).toBe(200);
        expect((await s.api('POST', '/v1/checkin', { handle: ok.json.handle })).status).toBe(200);
        colleague++;
      }
    });
    attacker.close();
    mallory.close();
    const seconds = (performance.now() - started) / 1000;
    // a lock of 10 s that doubles with each further wrong one: a slow run may see a lock end and
    // one guess checked (and locked again for twice as long), never more than the doublings allow
    const checked = statuses[404] ?? 0;
    expect(checked).toBeLessThanOrEqual(Math.floor(Math.log2(1 + seconds / 10)) + 1);
    expect(statuses[429]).toBe(GUESSES - checked);
    expect(Object.keys(statuses).filter((k) => k !== '404' && k !== '429')).toEqual([]);

    // status with a password header is an oracle too (it shows the password's pools): same limit, per address
    const prober = peerClient(s.url, '127.0.0.3');
    for (let i = 1; i <= LIMIT; i++) {
      const r = await prober.request('GET', '/v1/status', undefined, { 'x-licutil-password': `probe-${i}` });
      expect(r.status).toBe(200);
      expect((r.json.pools as Array<{ product: string }>).map((p) => p.product)).toEqual(['opencad']);
    }
    const locked = await prober.request('GET', '/v1/status', undefined, { 'x-licutil-password': 's3cret-pw' });
    expect(locked.json.error?.code).toBe('LICUTIL_E_TOO_MANY_FAILURES');
    // status without a password is not a guess
    expect((await prober.request('GET', '/v1/status')).status).toBe(200);
    prober.close();
    const seen = await s.api<{ pools: Array<{ product: string }> }>('GET', '/v1/status', undefined, { 'x-licutil-password': 's3cret-pw' });
    expect(seen.json.pools.map((p) => p.product)).toContain('hushcad');

    await s.stop();
    const log = s.stderr().split('\n');
    const aboutMallory = log.filter((l) => l.includes('127.0.0.2') && l.includes('license password'));
    expect(aboutMallory.some((l) => /5 wrong in a row from 127\.0\.0\.2 .*refused for \d+ s/.test(l))).toBe(true);
    // a few lines (the first failure, each lock), not one per attempt
    expect(aboutMallory.length).toBeLessThanOrEqual(2 + checked);
    Object.assign(figures, {
      http_guesses_checked: LIMIT + checked,
      http_attempts_refused_unchecked: GUESSES - checked + 2,
      http_attempts_per_second: Math.round(GUESSES / seconds),
      http_colleague_checkouts_during_attack: colleague,
      http_log_lines_about_attacker: aboutMallory.length,
    });
  }, timeoutFor(120_000, 1_200_000));
});

describe('guessing the admin token over HTTP', () => {
  it(`wrong bearer tokens on admin routes, checkin by id and status count like passwords: the ${LIMIT}th locks the address, the right token from it too; another address keeps administering`, async () => {
    const token = randomBytes(16).toString('hex');
    const dir = tempDir();
    writeFileSync(path.join(dir, 'admin.token'), `${token}\n`, { mode: 0o600 });
    const s = await startServer({
      dir,
      licenses: { 'demo.lic': demoLicense(['LICENSE demo hushcad 1.0 permanent 3 _password=s3cret-pw']) },
      args: ['--admin-token-file', path.join(dir, 'admin.token'), '--no-loopback-admin'],
    });
    const mallory = peerClient(s.url, '127.0.0.2');
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    // each route that checks the token answers whether a guess was right: status shows the protected pool to it
    const tries = [
      () => mallory.request('GET', '/v1/status', undefined, bearer('guess-1')),
      () => mallory.request('POST', '/v1/reread', {}, bearer('guess-2')),
      () => mallory.request('POST', '/v1/checkin', { handle: '1' }, bearer('guess-3')),
      () => mallory.request('GET', '/v1/status', undefined, bearer('guess-4')),
      () => mallory.request('POST', '/v1/remove', { handle: '1' }, bearer('guess-5')),
    ];
    const before: number[] = [];
    for (const t of tries) before.push((await t()).status);
    expect(before).toEqual([200, 403, 403, 200, 403]);
    for (const r of [
      await mallory.request('POST', '/v1/reread', {}, bearer(token)),
      await mallory.request('GET', '/v1/status', undefined, bearer(token)),
      await mallory.request('POST', '/v1/heartbeat', { handle: '1' }, bearer(token)),
    ]) {
      expect(r.status).toBe(429);
      expect(r.json.error?.code).toBe('LICUTIL_E_TOO_MANY_FAILURES');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(r.headers.connection).toBe('close');
      expect(JSON.stringify(r.json)).not.toContain(token);
    }
    // a request without a token is still served; the colleague with the token still administers
    expect((await mallory.request('GET', '/v1/status')).status).toBe(200);
    mallory.close();
    const colleague = peerClient(s.url, '127.0.0.1');
    expect((await colleague.request('POST', '/v1/reread', {}, bearer(token))).status).toBe(200);
    colleague.close();
    await s.stop();
    expect(s.stderr()).toMatch(/admin token: 5 wrong in a row from 127\.0\.0\.2 .*refused for \d+ s/);
    expect(s.stderr()).not.toContain(token);
  }, timeoutFor(60_000, 120_000));
});

const PASSWORD = randomBytes(12).toString('hex');
const NAME = 'GUESSING';
const hmac = (challenge: unknown, password = PASSWORD) => createHmac('sha256', `LICENSE:${password}:${NAME}`).update(String(challenge)).digest('hex');

interface Socket {
  ws: WebSocket;
  next(): Promise<Record<string, unknown>>;
  closed: Promise<number>;
}

/** A WebSocket from `localAddress`; rejects with the HTTP status when the handshake is refused. */
function open(url: string, localAddress: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin: 'http://127.0.0.1', localAddress, perMessageDeflate: false });
    const inbox: Array<Record<string, unknown>> = [];
    const waiting: Array<(m: Record<string, unknown>) => void> = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as Record<string, unknown>;
      const w = waiting.shift();
      if (w) w(m);
      else inbox.push(m);
    });
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`handshake refused ${res.statusCode}`), { status: res.statusCode, retryAfter: res.headers['retry-after'] }));
      ws.terminate();
    });
    ws.once('error', reject);
    ws.once('open', () => resolve({ ws, closed, next: () => new Promise((r) => (inbox.length > 0 ? r(inbox.shift() as Record<string, unknown>) : waiting.push(r))) }));
  });
}

async function answer(c: Socket, res: string): Promise<Record<string, unknown>> {
  c.ws.send(JSON.stringify({ message: 'authenticate', res }));
  return c.next();
}

describe('guessing the remote API password (HMAC answers)', () => {
  it(`the ${LIMIT}th wrong answer closes the connection; ${CONNECTIONS} new connections from that address are refused; another address authenticates`, async () => {
    const server = await startConfigServer({
      config: `bind_addr: "127.0.0.1:0", com_addr: "127.0.0.1:0", com_name: "${NAME}", com_auth: { password: "${PASSWORD}" }, licenses: ["a.lic"]`,
      files: { 'a.lic': demoLic(['LICENSE demo seat 1.0 permanent 5']) },
    });
    const url = server.wsUrl as string;
    const early = await open(url, '127.0.0.2');
    const earlyChallenge = (await early.next()).challenge;
    const c = await open(url, '127.0.0.2');
    let challenge = (await c.next()).challenge;
    for (let i = 1; i < LIMIT; i++) {
      const r = await answer(c, hmac(challenge, `guess-${i}`));
      expect(r.error).toBe('Authentication failed');
      expect(r.challenge).toMatch(/^[0-9a-f]{64}$/);
      challenge = r.challenge;
    }
    const last = await answer(c, hmac(challenge, 'guess-last'));
    expect(last.error).toMatch(/Too many failed authentications/);
    expect(last.retry_after).toEqual(expect.any(Number));
    expect(last.challenge).toBeUndefined();
    expect(await c.closed).toBe(1008);

    // a connection opened before the lock: even the right answer is refused, and it is closed
    const refused = await answer(early, hmac(earlyChallenge));
    expect(refused.ready).toBeUndefined();
    expect(refused.retry_after).toEqual(expect.any(Number));
    expect(await early.closed).toBe(1008);

    let handshakesRefused = 0;
    let colleague = 0;
    const started = performance.now();
    await times(CONNECTIONS, 4, async (i) => {
      await open(url, '127.0.0.2').then(
        (s) => {
          s.ws.terminate();
          throw new Error('a locked address got a connection');
        },
        (e: { status?: number; retryAfter?: string }) => {
          expect(e.status).toBe(429);
          expect(Number(e.retryAfter)).toBeGreaterThanOrEqual(1);
          handshakesRefused++;
        },
      );
      if (i % 100 === 0) {
        const ok = await open(url, '127.0.0.1');
        expect((await answer(ok, hmac((await ok.next()).challenge))).ready).toBe(true);
        ok.ws.close();
        colleague++;
      }
    });
    const seconds = (performance.now() - started) / 1000;
    expect(handshakesRefused).toBe(CONNECTIONS);
    await server.stop();
    const about = server.stderr().split('\n').filter((l) => l.includes('remote API authentication') && l.includes('127.0.0.2'));
    expect(about.some((l) => /5 wrong in a row from 127\.0\.0\.2/.test(l))).toBe(true);
    expect(about.length).toBeLessThanOrEqual(3);
    Object.assign(figures, {
      ws_answers_checked: LIMIT,
      ws_connections_refused: CONNECTIONS,
      ws_connection_attempts_per_second: Math.round(CONNECTIONS / seconds),
      ws_colleague_logins_during_attack: colleague,
      ws_log_lines_about_attacker: about.length,
    });
  }, timeoutFor(120_000, 1_200_000));
});
