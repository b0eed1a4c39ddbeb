// Administration against a real server: who may (loopback, or the bearer token
// from elsewhere), reread's diff, remove and min_remove, down, and /metrics.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoopbackAddress } from '../../src/server/adapters/http/admin-auth.js';
import { api, demoLicense, eventually, killAll, startServer, tempDir, type ServerHandle } from '../helpers/server.js';

afterAll(killAll);

const TOKEN = 'e2e-admin-token-4f1c9a7b2d3e5f60';

function tokenFile(dir: string): string {
  const f = path.join(dir, 'admin.token');
  writeFileSync(f, `${TOKEN}\n`, { mode: 0o600 });
  return f;
}

/** A non-loopback IPv4 address of this machine, if it has one. */
function outsideAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

const ADMIN_ROUTES: Array<[string, unknown]> = [
  ['/v1/reread', {}],
  ['/v1/remove', { handle: 'abcdef' }],
  ['/v1/down', {}],
];

async function expectRefused(base: string, headers: Record<string, string>, why: RegExp): Promise<void> {
  for (const [route, body] of ADMIN_ROUTES) {
    const r = await api(base, 'POST', route, body, headers);
    expect([route, r.status]).toEqual([route, 403]);
    expect(r.json.error?.code).toBe('LICUTIL_E_NOT_ADMIN');
    expect(r.json.error?.message).toMatch(why);
    expect(r.json.error?.hint).toBeTruthy();
  }
}

describe('who may administer', () => {
  it('from a non-loopback address: refused without the token (even with X-Forwarded-For: 127.0.0.1), allowed with it', async () => {
    const addr = outsideAddress();
    if (addr === undefined) {
      // no second address on this machine: the seam that decides is tested on its own
      // (test/unit/server/admin-auth.test.ts) and through fastify with a fake address (app.test.ts)
      expect(isLoopbackAddress('192.0.2.10')).toBe(false);
      return;
    }
    const d = tempDir();
    tokenFile(d);
    const srv = await startServer({
      dir: d,
      licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1 min_remove=0']) },
      bind: '0.0.0.0',
      // which tokens are taken, not the guessing lock (test/reliability/security-guessing.test.ts)
      args: ['--admin-token-file', path.join(d, 'admin.token'), '--auth-failures', '0'],
    });
    const outside = `http://${addr}:${srv.port}`;
    await expectRefused(outside, {}, new RegExp(`${addr.replace(/\./g, '\\.')}.*no Authorization header`));
    await expectRefused(outside, { 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '127.0.0.1' }, /no Authorization header/);
    await expectRefused(outside, { authorization: `Bearer ${TOKEN.replace(/.$/, 'x')}` }, /does not match/);
    await expectRefused(outside, { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` }, /not of the form/);
    // with the token: allowed
    const g = await api(outside, 'POST', '/v1/checkout', { product: 'seat', user: 'u', host: 'h', pid: 1 });
    const rm = await api(outside, 'POST', '/v1/remove', { handle: g.json.handle }, { authorization: `Bearer ${TOKEN}` });
    expect(rm.json).toEqual({ handle: g.json.handle, removed: true });
    // from loopback, no token needed
    expect((await srv.api('POST', '/v1/reread', {})).status).toBe(200);
    expect(srv.stderr()).toMatch(new RegExp(`refused POST /v1/reread from ${addr.replace(/\./g, '\\.')}`));
    await srv.stop();
  });

  it('--no-loopback-admin: even loopback needs the token; no token file means nobody may', async () => {
    const d = tempDir();
    const s = await startServer({
      dir: d,
      licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) },
      args: ['--no-loopback-admin', '--admin-token-file', tokenFile(d)],
    });
    await expectRefused(s.url, {}, /127\.0\.0\.1.*no Authorization header/);
    expect((await s.api('POST', '/v1/reread', {}, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    await s.stop();

    const s2 = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) }, args: ['--no-loopback-admin'] });
    await expectRefused(s2.url, { authorization: `Bearer ${TOKEN}` }, /no admin token configured/);
    await s2.stop();
  });
});

interface Diff {
  added: Array<{ product: string; count: number }>;
  removed: Array<{ product: string }>;
  changed: Array<{ before: { count: number }; after: { count: number; product: string } }>;
  orphaned_checkouts: number;
}

describe('reread, remove, down', () => {
  it('reread answers what was added, removed and changed; existing checkouts stay', async () => {
    const s = await startServer({
      licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2', 'LICENSE demo gone 1.0 permanent 1', 'LICENSE demo same 1.0 permanent 1']) },
    });
    const held = await s.api('POST', '/v1/checkout', { product: 'seat', user: 'a', host: 'h', pid: 1 });
    const orphan = await s.api('POST', '/v1/checkout', { product: 'gone', user: 'a', host: 'h', pid: 2 });
    writeFileSync(
      path.join(s.dir, 'demo.lic'),
      demoLicense(['LICENSE demo seat 1.0 permanent 5', 'LICENSE demo fresh 2.0 permanent 3', 'LICENSE demo same 1.0 permanent 1']),
    );
    const r = await s.api<Diff>('POST', '/v1/reread', {});
    expect(r.status).toBe(200);
    expect(r.json.added.map((p) => [p.product, p.count])).toEqual([['fresh', 3]]);
    expect(r.json.removed.map((p) => p.product)).toEqual(['gone']);
    expect(r.json.changed.map((c) => [c.after.product, c.before.count, c.after.count])).toEqual([['seat', 2, 5]]);
    expect(r.json.orphaned_checkouts).toBe(1);
    // the checkouts are still there; the pool that left serves nothing new but its holder may check in
    expect((await s.api('POST', '/v1/heartbeat', { handle: held.json.handle })).status).toBe(200);
    expect((await s.api('POST', '/v1/checkout', { product: 'gone', user: 'b', host: 'h', pid: 3 })).status).toBe(404);
    expect((await s.api('POST', '/v1/checkin', { handle: orphan.json.handle })).status).toBe(200);
    const st = await s.api<{ pools: Array<{ product: string; count: number; in_use: number }> }>('GET', '/v1/status');
    expect(st.json.pools.find((p) => p.product === 'seat')).toMatchObject({ count: 5, in_use: 1 });
    await s.stop();
  });

  it('SIGHUP rereads the files; a license that expires or starts while serving rebuilds the pools by itself', async () => {
    const s = await startServer({
      licenses: {
        'demo.lic': demoLicense(['LICENSE demo ending 1.0 2026-06-20 1', 'LICENSE demo starting 1.0 permanent 1 start=21-jun-2026']),
      },
      // five seconds before midnight at the end of ending's last day
      env: { LICUTIL_NOW: '2026-06-20T23:59:55Z', TZ: 'UTC' },
    });
    const products = async () =>
      (await s.api<{ pools: Array<{ product: string; count: number }> }>('GET', '/v1/status')).json.pools.map((p) => `${p.product}:${p.count}`);
    expect(await products()).toEqual(['ending:1']);
    await eventually(async () => ((await products()).join() === 'starting:1' ? true : undefined), 12_000);
    expect(s.stderr()).toMatch(/rereading licenses \(a license started or expired\)/);

    writeFileSync(path.join(s.dir, 'demo.lic'), demoLicense(['LICENSE demo starting 1.0 permanent 4 start=21-jun-2026']));
    s.proc.kill('SIGHUP');
    await eventually(async () => ((await products()).join() === 'starting:4' ? true : undefined), 5000);
    expect(s.stderr()).toMatch(/rereading licenses \(SIGHUP\)/);
    await s.stop();
  });

  it('remove is refused inside min_remove (default 120 s) and never with min_remove=-1; the holder learns of a removal at its heartbeat', async () => {
    const s = await startServer({
      licenses: {
        'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2', 'LICENSE demo pinned 1.0 permanent 1 min_remove=-1', 'LICENSE demo loose 1.0 permanent 1 min_remove=0']),
      },
    });
    const grab = (product: string) => s.api('POST', '/v1/checkout', { product, user: 'a', host: 'h', pid: 1 });
    const seat = await grab('seat');
    const pinned = await grab('pinned');
    const loose = await grab('loose');
    for (const [h, code] of [
      [seat, 'LICUTIL_E_REMOVE_REFUSED'],
      [pinned, 'LICUTIL_E_REMOVE_DISABLED'],
    ] as const) {
      const r = await s.api('POST', '/v1/remove', { handle: h.json.handle });
      expect(r.status).toBe(409);
      expect(r.json.error?.code).toBe(code);
      expect(r.json.error?.message).toMatch(/min_remove|remov/);
    }
    expect((await s.api('POST', '/v1/remove', { handle: 'nosuchhandle' })).json.error?.code).toBe('LICUTIL_E_NO_SUCH_HANDLE');
    expect((await s.api('POST', '/v1/remove', { handle: loose.json.handle })).json).toEqual({ handle: loose.json.handle, removed: true });
    const hb = await s.api('POST', '/v1/heartbeat', { handle: loose.json.handle });
    expect(hb.status).toBe(410);
    expect(hb.json.error?.code).toBe('LICUTIL_E_REMOVED');
    expect((await grab('loose')).status).toBe(200);
    await s.stop();
  });

  it('GET /metrics speaks Prometheus: seats per pool, checkouts, denials by code, latency', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) } });
    await s.api('POST', '/v1/checkout', { product: 'seat', user: 'a', host: 'h', pid: 1 });
    await s.api('POST', '/v1/checkout', { product: 'seat', user: 'b', host: 'h', pid: 2 });
    const r = await fetch(`${s.url}/metrics`);
    expect(r.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await r.text();
    expect(text).toMatch(/^licutil_seats_total\{isv="demo",product="seat",version="1.0",pool="demo:seat:1.0:0"\} 1$/m);
    expect(text).toMatch(/^licutil_seats_in_use\{[^}]*product="seat"[^}]*\} 1$/m);
    expect(text).toMatch(/^licutil_seats_queued\{[^}]*\} 0$/m);
    expect(text).toMatch(/^licutil_checkouts_total\{isv="demo",product="seat"\} 1$/m);
    expect(text).toMatch(/^licutil_denials_total\{code="LICUTIL_E_ALL_IN_USE"\} 1$/m);
    expect(text).toMatch(/^licutil_request_duration_seconds_bucket\{le="0.005",route="\/v1\/checkout",status="200"\} \d+$/m);
    expect(text).toMatch(/^licutil_journal_healthy 1$/m);
    await s.stop();
  });

  it('down from loopback answers, then the server stops with exit status 0', async () => {
    const s: ServerHandle = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) } });
    const r = await s.api('POST', '/v1/down', {});
    expect(r.json).toEqual({ stopping: true });
    const exit = await s.exited;
    expect(exit.code).toBe(0);
    expect(s.stderr()).toMatch(/shutdown requested by loopback@127\.0\.0\.1/);
  });
});
