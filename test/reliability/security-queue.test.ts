// Issue 14, "Abuse cannot erase the record or block others" — the queue. Each
// attack runs against a real `licutil serve` on 127.0.0.1: a waiter no pool can
// ever satisfy parked on a small pool, one client filling the queue, a long-poll
// held for ever, and 600 parked waiters on a server with 256 file descriptors.
import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/client/connect.js';
import { runCli, runJson } from '../helpers/cli.js';
import { demoLicense, eventually, killAll, startServer, type ServerHandle } from '../helpers/server.js';
import { killStarted, start } from '../e2e/checkout-support.js';
import { inProcessApp, poolDef } from './support/app.js';

afterAll(killAll);
afterEach(async () => {
  for (const a of open.splice(0)) a.abort();
  await killStarted();
});

interface Answer {
  status: number;
  json: Record<string, unknown> & { error?: { code: string; message: string } };
  headers: http.IncomingHttpHeaders;
}

interface Pending {
  answer: Promise<Answer>;
  abort: () => void;
}

const open: Pending[] = [];

/** One POST on its own connection (as another client would), optionally from another loopback address. */
function post(s: ServerHandle, route: string, body: unknown, localAddress?: string): Pending {
  const text = JSON.stringify(body);
  let req: http.ClientRequest | undefined;
  const answer = new Promise<Answer>((resolve, reject) => {
    req = http.request(
      { host: '127.0.0.1', port: s.port, method: 'POST', path: route, agent: false, ...(localAddress ? { localAddress } : {}), headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } },
      (res) => {
        let data = '';
        res.setEncoding('utf8').on('data', (d: string) => (data += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(data) as Answer['json'], headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
  answer.catch(() => undefined);
  const p = { answer, abort: () => req?.destroy() };
  open.push(p);
  return p;
}

const ask = (product: string, extra: Record<string, unknown> = {}) => ({ product, user: 'u', host: 'h', pid: 1, ...extra });

interface Status {
  pools: Array<{ product: string; version: string; queued: number; in_use: number }>;
  queues: Array<{ product: string; waiters: Array<{ user: string; position: number }> }>;
}
const status = async (s: ServerHandle) => (await s.api<Status>('GET', '/v1/status')).json;
const waiters = async (s: ServerHandle, product: string) => (await status(s)).queues.find((q) => q.product === product)?.waiters ?? [];
const queuedCount = (s: ServerHandle, product: string, n: number) => eventually(async () => ((await waiters(s, product)).length === n ? true : undefined));

describe('a waiter no pool can ever satisfy', () => {
  it('is refused at once (65, never 75), and a larger request waits only on the pool that can hold it, blocking nobody on the smaller one', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo solver 1.0 permanent 2', 'LICENSE demo solver 2.0 permanent 5']) } });
    const full = await s.api<{ handle: string }>('POST', '/v1/checkout', ask('solver', { version: '2.0', count: 5 }));
    expect(full.status).toBe(200);

    // four seats: only the 5-seat pool can ever give them; it is full, so the request waits there
    const four = post(s, '/v1/checkout', ask('solver', { user: 'four', count: 4, wait: 600 }));
    await queuedCount(s, 'solver', 1);
    const pools = (await status(s)).pools.filter((p) => p.product === 'solver');
    expect(pools.map((p) => [p.version, p.queued])).toEqual([
      ['1.0', 0],
      ['2.0', 1],
    ]);
    // the 2-seat pool still serves one seat at once: nothing it could never serve holds it back
    const one = await s.api('POST', '/v1/checkout', ask('solver', { user: 'one', count: 1 }));
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ version: '1.0', count: 1 });
    const waitingOne = await s.api('POST', '/v1/checkout', ask('solver', { user: 'one-more', count: 1, wait: 600 }));
    expect(waitingOne.status).toBe(200);

    // more than any pool has: refused now, with or without a wait, and never queued
    const six = await s.api('POST', '/v1/checkout', ask('solver', { count: 6, wait: 600 }));
    expect(six.status).toBe(409);
    expect(six.json.error?.code).toBe('LICUTIL_E_COUNT_TOO_HIGH');
    const cli = runCli(['checkout', 'solver', '-n', '6', '--wait', '10m', '-c', `${s.port}@127.0.0.1`, '--', 'true']);
    expect(cli.code).toBe(65);
    expect(cli.stderr).toMatch(/6 licenses of "solver" were asked for at once; the largest pool has 5/);
    expect((await waiters(s, 'solver')).map((w) => w.user)).toEqual(['four']);

    // the waiter gets its seats when the pool that can hold them frees
    expect((await s.api('POST', '/v1/checkin', { handle: full.json.handle })).status).toBe(200);
    const got = await four.answer;
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ version: '2.0', count: 4 });
  });

  it('a reread that shrinks the pools below a waiter tells it so (409, 65) at once, instead of parking it until its wait runs out', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo solver 1.0 permanent 2']) } });
    const held = await s.api('POST', '/v1/checkout', ask('solver', { user: 'held' }));
    expect(held.status).toBe(200);
    const two = post(s, '/v1/checkout', ask('solver', { user: 'two', count: 2, wait: 3600 }));
    const one = post(s, '/v1/checkout', ask('solver', { user: 'one', count: 1, wait: 3600 }));
    await queuedCount(s, 'solver', 2);

    // the administrator (or whoever can rewrite the license file) takes the pool down to one seat
    writeFileSync(path.join(s.dir, 'demo.lic'), demoLicense(['LICENSE demo solver 1.0 permanent 1']));
    expect((await s.api('POST', '/v1/reread', {})).status).toBe(200);
    const refused = await two.answer;
    expect(refused.status).toBe(409);
    expect(refused.json.error?.code).toBe('LICUTIL_E_COUNT_TOO_HIGH');
    expect(refused.json.error?.message).toMatch(/2 licenses of "solver" were asked for at once; the largest pool has 1/);
    // the one it could serve keeps its place and gets the seat when it frees
    expect((await waiters(s, 'solver')).map((w) => w.user)).toEqual(['one']);
    expect((await s.api('POST', '/v1/checkin', { handle: held.json.handle })).status).toBe(200);
    expect((await one.answer).status).toBe(200);
  });
});

describe('waiters per client', () => {
  it('a client past --queue-per-client is refused a place (429, 75) naming the cap and the setting; others still queue, and a free seat is still granted', async () => {
    const s = await startServer({
      licenses: { 'demo.lic': demoLicense(['LICENSE demo one 1.0 permanent 1', 'LICENSE demo free 1.0 permanent 5']) },
      args: ['--queue-per-client', '2'],
    });
    expect((await s.api('POST', '/v1/checkout', ask('one', { user: 'holder' }))).status).toBe(200);
    post(s, '/v1/checkout', ask('one', { user: 'w1', wait: 600 }));
    post(s, '/v1/checkout', ask('one', { user: 'w2', wait: 600 }));
    await queuedCount(s, 'one', 2);

    const third = await post(s, '/v1/checkout', ask('one', { user: 'w3', wait: 600 })).answer;
    expect(third.status).toBe(429);
    expect(third.json.error?.code).toBe('LICUTIL_E_TOO_MANY_WAITS');
    expect(third.json.error?.message).toMatch(/127\.0\.0\.1 already has 2 requests waiting .*--queue-per-client \/ queue_per_client = 2/);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expect((await waiters(s, 'one')).map((w) => w.user)).toEqual(['w1', 'w2']);

    // only the wait is refused: a free seat is granted to the same client
    const free = await post(s, '/v1/checkout', ask('free', { user: 'w3', wait: 600 })).answer;
    expect(free.status).toBe(200);
    // another client (another address) still gets its place
    post(s, '/v1/checkout', ask('one', { user: 'other', wait: 600 }), '127.0.0.2');
    await queuedCount(s, 'one', 3);

    const cli = runCli(['checkout', 'one', '--wait', '10m', '-c', `${s.port}@127.0.0.1`, '--', 'true']);
    expect(cli.code).toBe(75);
    expect(cli.stderr).toMatch(/queue_per_client = 2/);
  });

  it('an IPv6 client is its /64, as for guessing: a new address of its prefix per request does not buy more places', async () => {
    // one host is given a whole /64 and picks any address in it; this machine has no second
    // address in one, so the addresses come through the server's remoteAddressOf seam
    let n = 0;
    const h = await inProcessApp({ defs: [poolDef({ product: 'seat', count: 1 })], remoteAddressOf: () => `2001:db8:5:7::${(++n).toString(16)}`, waits: { perClient: 2 } });
    try {
      const ask1 = (user: string) => h.app.inject({ method: 'POST', url: '/v1/checkout', headers: { 'content-type': 'application/json' }, payload: { product: 'seat', user, host: 'h', pid: 1, wait: 600 } });
      expect((await ask1('holder')).statusCode).toBe(200);
      void ask1('w1');
      void ask1('w2');
      await eventually(async () => (h.service.status().queues[0]?.waiters.length === 2 ? true : undefined));
      const third = await ask1('w3');
      expect(third.statusCode).toBe(429);
      expect(JSON.parse(third.body)).toMatchObject({ error: { code: 'LICUTIL_E_TOO_MANY_WAITS', message: expect.stringMatching(/^2001:db8:5:7::\/64 already has 2 requests waiting/) } });
    } finally {
      await h.close();
    }
  });

  it('queue_per_client, fd_headroom and poll_timeout are read from the configuration, checked with their line', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'licutil-queue-cfg-'));
    writeFileSync(path.join(dir, 'ok.cfg'), 'licenses: ["x.lic"],\nqueue_per_client: 3,\nfd_headroom: 100,\npoll_timeout: 20,\n');
    const ok = runJson<{ effective: { queue: unknown } }>(['serve', '--check-config', path.join(dir, 'ok.cfg')]);
    expect(ok.code).toBe(0);
    expect(ok.json.effective.queue).toEqual({ per_client: 3, fd_headroom: 100, poll_timeout: 20 });
    writeFileSync(path.join(dir, 'bad.cfg'), 'licenses: ["x.lic"],\nqueue_per_client: 0,\n');
    const bad = runCli(['serve', '--check-config', path.join(dir, 'bad.cfg')]);
    expect(bad.code).toBe(78);
    expect(bad.stderr).toMatch(/bad\.cfg:2:1: queue_per_client must be a whole number from 1 to 1000000, not 0/);
  });
});

describe('long-poll time-out', () => {
  it('a parked long-poll is answered with a ticket (202) after --poll-timeout and keeps its place; resume waits on and gets the seat first', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo one 1.0 permanent 1']) }, args: ['--poll-timeout', '1'] });
    const holder = await s.api<{ handle: string }>('POST', '/v1/checkout', ask('one', { user: 'holder' }));
    const first = await post(s, '/v1/checkout', ask('one', { user: 'first', wait: 600 })).answer;
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ queued: true, ticket: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown, resume_seconds: 30 });
    const ticket = String(first.json.ticket);
    // its HTTP exchange is over, its place is not
    const second = post(s, '/v1/checkout', ask('one', { user: 'second', wait: 600 }));
    await queuedCount(s, 'one', 2);
    expect((await waiters(s, 'one')).map((w) => [w.user, w.position])).toEqual([
      ['first', 1],
      ['second', 2],
    ]);
    // resumed, it is answered with a ticket again while nothing frees
    const again = await post(s, '/v1/resume', { ticket }).answer;
    expect(again.status).toBe(202);
    expect(again.json.ticket).toBe(ticket);
    // a later waiter's own long-poll has been answered the same way meanwhile
    expect((await second.answer).status).toBe(202);

    const resumed = post(s, '/v1/resume', { ticket });
    await s.api('POST', '/v1/checkin', { handle: holder.json.handle });
    const got = await resumed.answer;
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ product: 'one', count: 1 });
    expect((await waiters(s, 'one')).map((w) => w.user)).toEqual(['second']);

    const unknown = await post(s, '/v1/resume', { ticket }).answer;
    expect(unknown.status).toBe(404);
    expect(unknown.json.error?.code).toBe('LICUTIL_E_NO_SUCH_HANDLE');
  });

  it('checkout --wait and the library re-poll by themselves, keep their place and their --wait budget', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo one 1.0 permanent 1']) }, args: ['--poll-timeout', '1'] });
    const spec = `${s.port}@127.0.0.1`;
    const resumes = async () => {
      const text = (await (await fetch(`${s.url}/metrics`)).text()).split('\n');
      const line = text.find((l) => l.startsWith('licutil_request_duration_seconds_count{') && l.includes('route="/v1/resume"') && l.includes('status="202"'));
      return line === undefined ? 0 : Number(line.split(' ').pop());
    };
    let holder = await s.api<{ handle: string }>('POST', '/v1/checkout', ask('one', { user: 'holder' }));

    // the CLI: waits through several poll time-outs, then runs the command when the seat frees
    const cli = start(['checkout', 'one', '--wait', '10m', '-c', spec, '--', process.execPath, '-e', 'process.exit(3)']);
    await eventually(async () => ((await resumes()) >= 2 ? true : undefined), 30_000);
    expect((await waiters(s, 'one')).length).toBe(1);
    await s.api('POST', '/v1/checkin', { handle: holder.json.handle });
    const ended = await cli.ended;
    expect(ended.stderr).not.toMatch(/lost the connection|queued again/);
    expect(ended.code).toBe(3);

    // the library: the same, through connect()
    holder = await s.api<{ handle: string }>('POST', '/v1/checkout', ask('one', { user: 'holder' }));
    const client = connect(spec, { env: {} });
    const before = await resumes();
    const lease = client.checkout('one', { wait: 600 });
    await eventually(async () => ((await resumes()) >= before + 2 ? true : undefined), 30_000);
    await s.api('POST', '/v1/checkin', { handle: holder.json.handle });
    const got = await lease;
    expect(got.grant).toMatchObject({ product: 'one', count: 1 });
    await got.checkin();
    await client.close();

    // the budget is the wait asked for, not one poll's worth: it ends as a wait that ran out (75)
    holder = await s.api<{ handle: string }>('POST', '/v1/checkout', ask('one', { user: 'holder' }));
    const short = runCli(['checkout', 'one', '--wait', '3s', '-c', spec, '--', 'true']);
    expect(short.code).toBe(75);
    expect(short.stderr).toMatch(/no license of "one" became free within the wait of 3 s/);
  });
});

describe('file descriptors', () => {
  it('with 256 descriptors and 600 parked waiters, hello, status and checkouts from new clients are answered; waiters past the headroom get 503 with retry-after', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo one 1.0 permanent 1', 'LICENSE demo free 1.0 permanent 5']) }, args: ['--queue-per-client', '1000'], fdLimit: 256 });
    const cap = /waiting requests: at most (\d+) \(open-file limit 256, \d+ open at start, 64 kept free\)/.exec(s.stderr());
    expect(cap, s.stderr()).not.toBeNull();
    const maxWaiting = Number(cap?.[1]);
    expect(maxWaiting).toBeGreaterThan(0);
    expect(maxWaiting).toBeLessThan(256 - 64);
    expect((await s.api('POST', '/v1/checkout', ask('one', { user: 'holder' }))).status).toBe(200);

    const flood = Array.from({ length: 600 }, (_, i) => post(s, '/v1/checkout', ask('one', { user: `w${i}`, wait: 600 })));
    const busy: Answer[] = [];
    let dropped = 0;
    for (const f of flood) void f.answer.then((a) => busy.push(a), () => dropped++);
    // while the burst is accepted, new connections may be dropped (no descriptor to accept them with);
    // once every request past the cap has its answer, the server is steady and must answer everyone
    await eventually(async () => (busy.length + dropped === 600 - maxWaiting ? true : undefined), 30_000);
    expect(busy.length).toBeGreaterThan(0);
    const refusal = busy[0] as Answer;
    expect(refusal.status).toBe(503);
    expect(refusal.json.error?.code).toBe('LICUTIL_E_SERVER_BUSY');
    expect(refusal.json.error?.message).toMatch(/--fd-headroom \/ fd_headroom/);
    expect(Number(refusal.headers['retry-after'])).toBeGreaterThan(0);

    // what 600 parked waiters broke: a new client is answered
    expect((await s.api('GET', '/v1/hello')).status).toBe(200);
    expect((await status(s)).queues.find((q) => q.product === 'one')?.waiters.length).toBe(maxWaiting);
    const other = await s.api('POST', '/v1/checkout', ask('free', { user: 'newcomer', host: 'elsewhere' }));
    expect(other.status).toBe(200);
    const cli = runJson<{ servers: unknown[] }>(['stat', '-a', '-c', `${s.port}@127.0.0.1`]);
    expect(cli.code).toBe(0);
    // a waiting checkout from the CLI hears it is temporary: 75, not "no server" (69)
    const waitCli = runCli(['checkout', 'one', '--wait', '2s', '-c', `${s.port}@127.0.0.1`, '--', 'true']);
    expect(waitCli.code).toBe(75);
    expect(waitCli.stderr).toMatch(/as many as its open files allow/);
  });
});
