// `licutil serve` as a real process on 127.0.0.1: start-up (seed 003), the wire,
// concurrency, the FIFO queue with long-poll waits, and hostile input.
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { demoLicense, eventually, killAll, sleep, startServer, tempDir, type ServerHandle } from '../helpers/server.js';

afterAll(killAll);

// a self-signed certificate for 127.0.0.1 / localhost, valid until 2126, for the TLS test only
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBmjCCAUGgAwIBAgIUMdMpvmWRdjgNkJA2YFRjVjRGQvowCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyMzEyNTEyNVoYDzIxMjYxMDMw
MTI1MTI1WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARuo357QQzGek/zNFBIoR7KrbeizTco0cosRrg1RxCGZP//CNX7gc5g
X5OH8aZDwGNcNChf1qnHrIHmB9uWE4Flo28wbTAdBgNVHQ4EFgQUU7yhD3awkLtu
ZQf1uBDisRsdzvswHwYDVR0jBBgwFoAUU7yhD3awkLtuZQf1uBDisRsdzvswDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI
zj0EAwIDRwAwRAIgGXQP1gpqAIqf/rNEuCRxZULBHDVD+V5CXioPFhUPr4ECIDNh
mz5UVyjI6XxvqNPi1lQRVslqahaecxx4IzRz/kOF
-----END CERTIFICATE-----
`;
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg+wxZsf9N3PYZ6xzu
AfLzNInO5tmM8MviOYS4cHGucd6hRANCAARuo357QQzGek/zNFBIoR7KrbeizTco
0cosRrg1RxCGZP//CNX7gc5gX5OH8aZDwGNcNChf1qnHrIHmB9uWE4Fl
-----END PRIVATE KEY-----
`;

const who = (pid: number) => ({ user: `u${pid}`, host: `h${pid}`, pid });

interface Pool {
  product: string;
  version: string;
  count: number;
  in_use: number;
  queued: number;
  soft_limit: number;
  checkouts: Array<{ handle: string; pid: number }>;
}
interface Status {
  pools: Pool[];
  queues: Array<{ product: string; waiters: Array<{ position: number; pid: number }> }>;
}

async function pool(s: ServerHandle, product: string): Promise<Pool> {
  const r = await s.api<Status>('GET', '/v1/status');
  const p = r.json.pools.find((x) => x.product === product);
  if (!p) throw new Error(`no pool ${product}: ${JSON.stringify(r.json)}`);
  return p;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

describe('licutil serve: start-up (seed 003)', () => {
  it('prints exactly one ready line and answers hello as a licutil server', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2']) } });
    expect(s.stdout()).toBe(`listening on http://127.0.0.1:${s.port}\n`);
    const hello = await s.api('GET', '/v1/hello');
    expect(hello.json).toMatchObject({ server: 'licutil', protocol: 1, isvs: ['demo'] });
    const r = await s.stop();
    expect(r.code).toBe(0);
    expect(s.stdout()).toBe(`listening on http://127.0.0.1:${s.port}\n`);
    expect(s.stderr()).toMatch(/stopping: received SIGTERM/);
  });

  it('"uses the port # from the first file with the hostname on which it is running"', async () => {
    const port = await freePort();
    const s = await startServer({
      licenses: {
        'a.lic': ['HOST some-other-machine 0123456789ab 7777', 'ISV demo', 'LICENSE demo other 1.0 permanent 1', ''].join('\n'),
        'b.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2'], port),
      },
      port: null,
    });
    expect(s.port).toBe(port);
    expect(s.stderr()).toMatch(new RegExp(`port ${port} from the HOST line at .*b\\.lic:1`));
    await s.stop();
  });

  it('serves only licenses valid here and logs why each other line was left out, and what expires within 14 days', async () => {
    const s = await startServer({
      licenses: {
        'demo.lic': demoLicense([
          'LICENSE demo seat 1.0 permanent 2',
          'LICENSE demo old 1.0 1-jan-2020 3',
          'LICENSE demo later 1.0 permanent 3 start=1-jan-2030 issued=1-jan-2030',
          'LICENSE demo solo 1.0 permanent single hostid=any',
          'LICENSE demo soon 1.0 2026-06-20 4',
        ]),
        'elsewhere.lic': ['HOST faraway 0123456789ab 5053', 'ISV demo', 'LICENSE demo remote 1.0 permanent 5', ''].join('\n'),
      },
    });
    const st = await s.api<Status>('GET', '/v1/status');
    expect(st.json.pools.map((p) => p.product).sort()).toEqual(['seat', 'soon']);
    const log = s.stderr();
    expect(log).toMatch(/demo\.lic:4: LICENSE demo old 1\.0 not served: .*expired/);
    expect(log).toMatch(/demo\.lic:5: LICENSE demo later 1\.0 not served: .*(start|not valid yet|2030)/);
    expect(log).toMatch(/demo\.lic:6: LICENSE demo solo 1\.0 not served: .*single/);
    expect(log).toMatch(/elsewhere\.lic:3: LICENSE demo remote 1\.0 not served: .*another machine/);
    // "ISV servers log ... licenses that will expire within 14 days"
    expect(log).toMatch(/demo\.lic:7: LICENSE demo soon 1\.0 expires in 5 day\(s\)/);
    await s.stop();
  });

  it('refuses to start with --require-signatures when a license cannot be verified (exit 78, says which)', async () => {
    await expect(startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2']) }, args: ['--require-signatures'], readyMs: 8000 })).rejects.toThrow(
      /exited \(78\)[\s\S]*demo\.lic:3[\s\S]*--require-signatures/,
    );
  });
});

describe('licutil serve: TLS', () => {
  it('with --tls-cert/--tls-key it serves HTTPS and says so in the ready line', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'server.crt'), TEST_CERT);
    writeFileSync(path.join(dir, 'server.key'), TEST_KEY, { mode: 0o600 });
    const s = await startServer({
      dir,
      licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) },
      args: ['--tls-cert', path.join(dir, 'server.crt'), '--tls-key', path.join(dir, 'server.key')],
    });
    expect(s.url).toBe(`https://127.0.0.1:${s.port}`);
    const agent = new Agent({ connect: { ca: TEST_CERT } });
    const r = await request(`${s.url}/v1/hello`, { dispatcher: agent });
    expect(r.statusCode).toBe(200);
    expect(await r.body.json()).toMatchObject({ server: 'licutil', tls: true });
    // plain HTTP to the TLS port gets nothing useful
    await expect(fetch(`http://127.0.0.1:${s.port}/v1/hello`).then((x) => x.status)).rejects.toThrow();
    await agent.close();
    await s.stop();
  });
});

describe('licutil serve: seats under load and the FIFO queue', () => {
  it('never grants more than the count under 50 concurrent checkouts', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 5']) } });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => s.api('POST', '/v1/checkout', { product: 'seat', ...who(i + 1) })));
    const granted = results.filter((r) => r.status === 200);
    expect(granted).toHaveLength(5);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.json.error?.code).toBe('LICUTIL_E_ALL_IN_USE');
    }
    expect((await pool(s, 'seat')).in_use).toBe(5);
    // return them all concurrently, then 50 more race again
    await Promise.all(granted.map((g) => s.api('POST', '/v1/checkin', { handle: g.json.handle })));
    const again = await Promise.all(Array.from({ length: 50 }, (_, i) => s.api('POST', '/v1/checkout', { product: 'seat', ...who(100 + i) })));
    expect(again.filter((r) => r.status === 200)).toHaveLength(5);
    await s.stop();
  });

  it('waiters are served first-in first-out, each the moment a seat frees (long-poll push)', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) } });
    const first = await s.api('POST', '/v1/checkout', { product: 'seat', ...who(1) });
    expect(first.status).toBe(200);
    const waits: Array<Promise<{ pid: number; handle: string; at: number }>> = [];
    for (let pid = 2; pid <= 6; pid++) {
      waits.push(
        s.api('POST', '/v1/checkout', { product: 'seat', ...who(pid), wait: 60 }).then((r) => {
          if (r.status !== 200) throw new Error(JSON.stringify(r.json));
          return { pid, handle: r.json.handle as string, at: Date.now() };
        }),
      );
      // join the queue in a known order; the position is visible in status
      await eventually(async () => {
        const st = await s.api<Status>('GET', '/v1/status');
        const w = st.json.queues.find((q) => q.product === 'seat')?.waiters ?? [];
        return w.length === pid - 1 ? w : undefined;
      });
    }
    const st = await s.api<Status>('GET', '/v1/status');
    expect(st.json.queues[0]?.waiters.map((w) => [w.position, w.pid])).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 6],
    ]);
    expect((await pool(s, 'seat')).queued).toBe(5);

    const order: number[] = [];
    let holder = first.json.handle as string;
    const pending = new Map(waits.map((w, i) => [i + 2, w]));
    for (let n = 0; n < 5; n++) {
      const released = Date.now();
      await s.api('POST', '/v1/checkin', { handle: holder });
      const next = await Promise.race([...pending.values()]);
      pending.delete(next.pid);
      order.push(next.pid);
      expect(next.at - released).toBeLessThan(1000);
      expect((await pool(s, 'seat')).in_use).toBe(1);
      holder = next.handle;
    }
    expect(order).toEqual([2, 3, 4, 5, 6]);
    await s.stop();
  });

  it('a waiting client that hangs up leaves the queue; a wait that ends is refused as timed out', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) } });
    await s.api('POST', '/v1/checkout', { product: 'seat', ...who(1) });
    const ac = new AbortController();
    const gone = s.api('POST', '/v1/checkout', { product: 'seat', ...who(2), wait: 60 }, {}, ac.signal).catch((e: unknown) => e);
    await eventually(async () => ((await pool(s, 'seat')).queued === 1 ? true : undefined));
    ac.abort();
    await gone;
    await eventually(async () => ((await pool(s, 'seat')).queued === 0 ? true : undefined));
    const st = await s.api<Status>('GET', '/v1/status');
    expect(st.json.queues.flatMap((q) => q.waiters)).toEqual([]);

    const t0 = Date.now();
    const timedOut = await s.api('POST', '/v1/checkout', { product: 'seat', ...who(3), wait: 1 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(timedOut.status).toBe(409);
    expect(timedOut.json.error?.code).toBe('LICUTIL_E_TIMED_OUT');
    await s.stop();
  });

  it('SIGTERM answers waiting clients with shutting-down and exits 0', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) } });
    await s.api('POST', '/v1/checkout', { product: 'seat', ...who(1) });
    const waiting = s.api('POST', '/v1/checkout', { product: 'seat', ...who(2), wait: 60 });
    await eventually(async () => ((await pool(s, 'seat')).queued === 1 ? true : undefined));
    const stopped = s.stop();
    const r = await waiting;
    expect(r.status).toBe(503);
    expect(r.json.error?.code).toBe('LICUTIL_E_SHUTTING_DOWN');
    expect((await stopped).code).toBe(0);
  });
});

describe('licutil serve: hostile input gets a 4xx JSON error and the server keeps serving (issue 9)', () => {
  it('malformed JSON, wrong types, unknown fields, huge and deep bodies, unknown routes', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2']) } });
    const bad: Array<[string, string, unknown, number, string]> = [
      ['POST', '/v1/checkout', '{"product": "seat",', 400, 'LICUTIL_E_BAD_REQUEST'],
      ['POST', '/v1/checkout', { product: 'seat', ...who(1), count: 'many' }, 400, 'LICUTIL_E_BAD_REQUEST'],
      ['POST', '/v1/checkout', { product: 'seat', ...who(1), admin: true }, 400, 'LICUTIL_E_BAD_REQUEST'],
      ['POST', '/v1/checkout', { product: 'seat', ...who(1), pid: -1 }, 400, 'LICUTIL_E_BAD_REQUEST'],
      ['POST', '/v1/checkout', { product: 'seat', ...who(1), isv_data: 'x'.repeat(1 << 20) }, 413, 'LICUTIL_E_TOO_LARGE'],
      ['POST', '/v1/checkout', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, 400, 'LICUTIL_E_BAD_REQUEST'],
      ['POST', '/v1/heartbeat', { handle: '../../etc/passwd' }, 400, 'LICUTIL_E_BAD_REQUEST'],
      ['GET', '/v1/nothing', undefined, 404, 'LICUTIL_E_NOT_FOUND'],
      ['DELETE', '/v1/checkout', undefined, 404, 'LICUTIL_E_NOT_FOUND'],
    ];
    for (const [method, route, body, status, code] of bad) {
      const r = await s.api(method, route, body);
      expect([route, r.status], JSON.stringify(r.json).slice(0, 300)).toEqual([route, status]);
      expect(r.json.error?.code).toBe(code);
      expect(r.json.error?.message.length).toBeGreaterThan(0);
    }
    const ok = await s.api('POST', '/v1/checkout', { product: 'seat', ...who(1) });
    expect(ok.status).toBe(200);
    await s.stop();
  });

  it('a client that sends a byte a second is cut off while others are served', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2']) } });
    const sock = net.connect(s.port, '127.0.0.1');
    sock.on('error', () => undefined);
    await new Promise((r) => sock.once('connect', r));
    const closed = new Promise<number>((r) => sock.once('close', () => r(Date.now())));
    const started = Date.now();
    const header = 'POST /v1/checkout HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{';
    let i = 0;
    const drip = setInterval(() => {
      if (!sock.destroyed) sock.write(header[i++ % header.length] ?? ' ');
    }, 1000);
    // meanwhile a well-behaved client is served promptly
    for (let n = 0; n < 5; n++) {
      const t = Date.now();
      const r = await s.api('GET', '/v1/hello');
      expect(r.status).toBe(200);
      expect(Date.now() - t).toBeLessThan(500);
      await sleep(200);
    }
    const at = await closed;
    clearInterval(drip);
    // request timeout is 10 s (checked every second)
    expect(at - started).toBeLessThan(18_000);
    await s.stop();
  }, 40_000);
});
