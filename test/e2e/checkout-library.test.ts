// The library entry against real `licutil serve` processes: what a program that
// imports { connect } from 'licutil' gets (issue 5, "Library"), over both HTTP
// stacks.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/client/connect.js';
import type { LeaseLost } from '../../src/client/types.js';
import { ROOT } from '../helpers/cli.js';
import { demoLicense, eventually, killAll, sleep, startServer, tempDir, writeLicenses, type ServerHandle } from '../helpers/server.js';
import { freePort, poolOf, statusOf } from './checkout-support.js';

afterAll(killAll);

let server: ServerHandle;
let spec: string;

// a self-signed certificate for 127.0.0.1 / localhost, valid until 2126
const CERT_FILE = path.join(ROOT, 'test/e2e/checkout-tls-cert.pem');
const KEY_FILE = path.join(ROOT, 'test/e2e/checkout-tls-key.pem');
const TEST_CERT = readFileSync(CERT_FILE, 'utf8');

beforeAll(async () => {
  server = await startServer({
    licenses: {
      'demo.lic': demoLicense([
        'LICENSE demo seat 1.0 permanent 2',
        'LICENSE demo solo 1.0 permanent 1',
        'LICENSE demo victim 1.0 permanent 1 min_remove=0',
      ]),
    },
  });
  spec = `${server.port}@127.0.0.1`;
});

for (const transport of ['undici', 'node'] as const) {
  describe(`connect() → checkout → checkin → close (${transport})`, () => {
    it('the README example: a lease with a handle, heartbeats by themselves, checkin returns the seat', async () => {
      const client = connect(spec, { transport, env: {} });
      const lease = await client.checkout('seat', { version: '1.0', count: 1, wait: 0 });
      expect(lease.handle).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(lease.grant).toMatchObject({ product: 'seat', isv: 'demo', version: '1.0', count: 1 });
      expect(lease.endpoint.spec).toBe(spec);
      const p = await poolOf(server, 'seat');
      // status names it by its public id; the handle stays with the holder
      expect(p.checkouts.map((c) => c.handle)).toContain(String(lease.grant.id));
      expect(p.checkouts.find((c) => c.handle === String(lease.grant.id))?.pid).toBe(process.pid);
      expect(JSON.stringify(p)).not.toContain(lease.handle);
      await expect(lease.checkin()).resolves.toEqual({ handle: lease.handle, held_seconds: 0 });
      expect((await poolOf(server, 'seat')).in_use).toBe(0);
      await client.close();
    });

    it('status and hello of every server, one that is down as a result saying why', async () => {
      const down = await freePort();
      const client = connect(`${spec}:${down}@127.0.0.1`, { transport, env: {} });
      const [ok, bad] = await client.status({ product: 'seat' });
      expect(ok?.ok).toBe(true);
      if (ok?.ok) expect(ok.value.pools.map((x) => x.product)).toEqual(['seat']);
      expect(bad).toMatchObject({ ok: false, kind: 'refused', endpoint: { spec: `${down}@127.0.0.1` } });
      const [hello] = await client.hello();
      expect(hello?.ok && hello.value.server).toBe('licutil');
      await client.close();
    });
  });
}

describe('the library', () => {
  it('an AbortSignal cancels a wait and withdraws from the queue', async () => {
    const client = connect(spec, { env: {} });
    const holder = await client.checkout('solo');
    const ac = new AbortController();
    const positions: Array<number | null> = [];
    const waiting = client.checkout('solo', { wait: 60, signal: ac.signal, onQueued: (q) => positions.push(q.position), positionIntervalMs: 100 });
    await eventually(async () => ((await statusOf(server)).queues.find((q) => q.product === 'solo')?.waiters.length === 1 ? true : undefined));
    await eventually(async () => (positions.includes(1) ? true : undefined));
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    await eventually(async () => (((await statusOf(server)).queues.find((q) => q.product === 'solo')?.waiters.length ?? 0) === 0 ? true : undefined));
    // the seat freed now goes to no one: the cancelled waiter is gone
    await holder.checkin();
    await sleep(200);
    expect((await poolOf(server, 'solo')).in_use).toBe(0);
    await client.close();
  });

  it('a queued checkout is granted when the seat is returned', async () => {
    const client = connect(spec, { env: {} });
    const first = await client.checkout('solo');
    const second = client.checkout('solo', { wait: 30 });
    await eventually(async () => ((await statusOf(server)).queues.find((q) => q.product === 'solo')?.waiters.length === 1 ? true : undefined));
    await first.checkin();
    const lease = await second;
    expect(lease.grant.waited_seconds).toBeGreaterThan(0);
    await lease.checkin();
    await client.close();
  });

  it("emits 'lost' when an administrator removes the checkout", async () => {
    const client = connect(spec, { env: {} });
    const lease = await client.checkout('victim', { lease: 1 });
    const lost: LeaseLost[] = [];
    lease.on('lost', (l) => lost.push(l));
    const removed = await client.remove(lease.handle);
    expect(removed.value).toEqual({ handle: lease.handle, removed: true });
    await expect(lease.lost).resolves.toMatchObject({ reason: 'removed' });
    expect(lost).toHaveLength(1);
    expect(lease.state).toBe('lost');
    await expect(lease.checkin()).resolves.toBeNull();
    await client.close();
  });

  it('renews a 1 s lease for as long as it is held', async () => {
    const client = connect(spec, { env: {} });
    const lease = await client.checkout('solo', { lease: 1 });
    let renewed = 0;
    lease.on('renewed', () => renewed++);
    await sleep(2_500);
    expect(renewed).toBeGreaterThanOrEqual(3);
    expect((await poolOf(server, 'solo')).checkouts.map((c) => c.handle)).toContain(String(lease.grant.id));
    await lease.checkin();
    await client.close();
  });

  it('admin calls from loopback: reread answers with the differences', async () => {
    const client = connect(spec, { env: {} });
    const [r] = await client.reread();
    expect(r?.ok).toBe(true);
    if (r?.ok) expect(r.value).toMatchObject({ added: [], removed: [] });
    await client.close();
  });

  it('a license file with a HOST line names its server', async () => {
    const dir = tempDir('licutil-hostline-');
    writeLicenses(dir, { 'client.lic': `HOST 127.0.0.1 any ${server.port}\nISV demo\n` });
    const client = connect(`${dir}/client.lic`, { env: {} });
    expect(client.groups.map((g) => g.endpoints.map((e) => e.spec))).toEqual([[spec]]);
    expect(client.groups[0]?.origin).toBe(`HOST line of ${dir}/client.lic`);
    const lease = await client.checkout('seat');
    await lease.checkin();
    await client.close();
  });

  it('"not a licutil server" when a plain node:http server answers', async () => {
    const plain = http.createServer((_q, s) => s.end('hello'));
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const port = (plain.address() as AddressInfo).port;
    const client = connect(`${port}@127.0.0.1`, { env: {} });
    await expect(client.checkout('seat')).rejects.toMatchObject({ code: 'LICUTIL_E_NOT_LICUTIL', exitStatus: 69 });
    await client.close();
    plain.close();
  });

  it('a server that accepts but never answers times out within --timeout', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    for (const transport of ['undici', 'node'] as const) {
      const client = connect(`${port}@127.0.0.1`, { env: {}, transport, requestTimeoutMs: 300 });
      const t0 = Date.now();
      await expect(client.checkout('seat')).rejects.toMatchObject({ code: 'LICUTIL_E_CONNECT_TIMEOUT', kind: 'timeout' });
      expect(Date.now() - t0).toBeLessThan(5_000);
      await client.close();
    }
    silent.closeAllConnections();
    silent.close();
  });

  it('TLS: with the CA trusted both stacks check out; without it the failure is a TLS error', async () => {
    const tls = await startServer({
      licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) },
      args: ['--tls-cert', CERT_FILE, '--tls-key', KEY_FILE],
    });
    expect(tls.url).toMatch(/^https:/);
    const tlsSpec = `${tls.port}@127.0.0.1`;
    for (const transport of ['undici', 'node'] as const) {
      const client = connect(tlsSpec, { env: {}, transport, tls: { ca: TEST_CERT } });
      const lease = await client.checkout('seat');
      expect(lease.endpoint.origin).toBe(`https://127.0.0.1:${tls.port}`);
      await lease.checkin();
      await client.close();
      const untrusted = connect(tlsSpec, { env: {}, transport, tls: true });
      await expect(untrusted.checkout('seat')).rejects.toMatchObject({ code: 'LICUTIL_E_TLS', kind: 'tls', exitStatus: 69 });
      await untrusted.close();
    }
    await tls.stop();
  });
});
