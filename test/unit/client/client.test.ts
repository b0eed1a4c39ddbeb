// The client over several servers, with a fake HTTP stack: which server is
// asked, in what order, and which error wins when none grants.
import { describe, expect, it } from 'vitest';
import { endpoint } from '../../../src/client/address.js';
import { LicenseClient } from '../../../src/client/client.js';
import type { Transport, TransportRequest, TransportResponse } from '../../../src/client/transport.js';
import type { Endpoint, ServerGroup } from '../../../src/client/types.js';
import { ERROR_CODES, type ErrorCode } from '../../../src/protocol/errors.js';

type Handler = (req: TransportRequest) => TransportResponse | Error;

const json = (status: number, body: unknown): TransportResponse => ({ status, contentType: 'application/json', text: JSON.stringify(body) });
const refusal = (code: ErrorCode, message = code) => json(ERROR_CODES[code].http, { error: { code, message } });
const grant = (handle: string, extra: Record<string, unknown> = {}) =>
  json(200, { handle, isv: 'demo', product: 'seat', version: '1.0', count: 1, lease_seconds: 60, lease_expires: 'x', over_soft_limit: false, shared: false, waited_seconds: 0, pool: 'p', ...extra });
const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

class FakeTransport implements Transport {
  calls: Array<{ server: string; req: TransportRequest; body: Record<string, unknown> | undefined }> = [];
  closed = false;
  constructor(private readonly servers: Record<string, Handler>) {}
  async request(ep: Endpoint, req: TransportRequest): Promise<TransportResponse> {
    this.calls.push({ server: ep.spec, req, body: req.body ? (JSON.parse(req.body) as Record<string, unknown>) : undefined });
    const h = this.servers[ep.spec];
    if (!h) throw refused();
    const r = h(req);
    if (r instanceof Error) throw r;
    return r;
  }
  async close() {
    this.closed = true;
  }
}

const group = (...specs: string[]): ServerGroup => ({
  spec: specs.join(','),
  origin: '-c',
  endpoints: specs.map((s) => {
    const [port, host] = s.split('@');
    return endpoint(host ?? '', Number(port));
  }),
});

function client(groups: ServerGroup[], servers: Record<string, Handler>, options = {}) {
  const transport = new FakeTransport(servers);
  const c = new LicenseClient({ groups, transport, identity: { user: 'ann', host: 'ws1', pid: 42 }, options });
  return { c, transport };
}

describe('checkout across servers', () => {
  it('sends who asks, what and how long to wait; the lease carries the server and a HANDLE@PORT@HOST reference', async () => {
    const { c, transport } = client([group('5053@a')], { '5053@a': () => grant('h1') });
    const lease = await c.checkout('seat', { version: '1.0', count: 2, wait: 30, lease: 90, tag: 't', password: 'pw', heartbeat: false });
    expect(transport.calls[0]?.body).toEqual({ product: 'seat', user: 'ann', host: 'ws1', pid: 42, version: '1.0', count: 2, wait: 30, lease: 90, tag: 't', password: 'pw' });
    // the answer may take the queue wait longer than an ordinary request
    expect(transport.calls[0]?.req.timeoutMs).toBe(30_000 + 30_000);
    expect(lease.ref).toBe('h1@5053@a');
    expect(lease.endpoint.spec).toBe('5053@a');
  });

  it('a redundant list is tried in order: the first that answers serves', async () => {
    const { c, transport } = client([group('5053@a', '5053@b', '5053@c')], { '5053@b': () => grant('hb'), '5053@c': () => grant('hc') });
    const lease = await c.checkout('seat', { heartbeat: false });
    expect(lease.handle).toBe('hb');
    expect(transport.calls.map((x) => x.server)).toEqual(['5053@a', '5053@b']);
  });

  it('a server that refuses is not passed over within its redundant list (it answered)', async () => {
    const { c, transport } = client([group('5053@a', '5053@b')], { '5053@a': () => refusal('LICUTIL_E_NO_SUCH_PRODUCT'), '5053@b': () => grant('hb') });
    await expect(c.checkout('seat')).rejects.toMatchObject({ code: 'LICUTIL_E_NO_SUCH_PRODUCT' });
    expect(transport.calls.map((x) => x.server)).toEqual(['5053@a']);
  });

  it('a server shutting down is passed over like one that is down', async () => {
    const { c } = client([group('5053@a', '5053@b')], { '5053@a': () => refusal('LICUTIL_E_SHUTTING_DOWN'), '5053@b': () => grant('hb') });
    expect((await c.checkout('seat', { heartbeat: false })).handle).toBe('hb');
  });

  it('several server entries: the product only the second has is taken there', async () => {
    const { c } = client([group('1@a'), group('2@b')], { '1@a': () => refusal('LICUTIL_E_NO_SUCH_PRODUCT'), '2@b': () => grant('hb') });
    expect((await c.checkout('seat', { heartbeat: false })).endpoint.spec).toBe('2@b');
  });

  it('several entries with --wait: ask each now, then queue on the first that was full', async () => {
    const { c, transport } = client([group('1@a'), group('2@b'), group('3@c')], {
      '1@a': () => refusal('LICUTIL_E_NO_SUCH_PRODUCT'),
      '2@b': (req) => (req.body?.includes('"wait"') ? grant('queued-at-b') : refusal('LICUTIL_E_ALL_IN_USE')),
      '3@c': () => refusal('LICUTIL_E_ALL_IN_USE'),
    });
    const lease = await c.checkout('seat', { wait: 60, heartbeat: false });
    expect(lease.handle).toBe('queued-at-b');
    expect(transport.calls.map((x) => [x.server, x.body?.wait])).toEqual([
      ['1@a', undefined],
      ['2@b', undefined],
      ['3@c', undefined],
      ['2@b', 60],
    ]);
  });

  it('one entry with --wait queues at once (no first round)', async () => {
    const { c, transport } = client([group('1@a')], { '1@a': () => grant('h') });
    await c.checkout('seat', { wait: 5, heartbeat: false });
    expect(transport.calls).toHaveLength(1);
    expect(transport.calls[0]?.body?.wait).toBe(5);
  });

  it('which error wins: "all in use" (75) over a refusal (65/77) over "unavailable" (69)', async () => {
    const a = client([group('1@a'), group('2@b'), group('3@c')], {
      '1@a': () => refusal('LICUTIL_E_BAD_PASSWORD'),
      '2@b': () => refusal('LICUTIL_E_ALL_IN_USE'),
    });
    await expect(a.c.checkout('seat')).rejects.toMatchObject({ code: 'LICUTIL_E_ALL_IN_USE', exitStatus: 75 });
    const b = client([group('1@a'), group('2@b')], { '1@a': () => refusal('LICUTIL_E_EXPIRED') });
    await expect(b.c.checkout('seat')).rejects.toMatchObject({ code: 'LICUTIL_E_EXPIRED', exitStatus: 65 });
  });

  it('nothing answers: one server gives its own reason; several are summed up (exit 69 either way)', async () => {
    const one = client([group('1@a')], {});
    await expect(one.c.checkout('seat')).rejects.toMatchObject({ code: 'LICUTIL_E_REFUSED', exitStatus: 69, message: 'nothing listens on 1@a (connection refused)' });
    const two = client([group('1@a', '2@b')], { '2@b': () => ({ status: 200, contentType: 'text/html', text: '<html>' }) });
    const err = await two.c.checkout('seat').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LICUTIL_E_UNAVAILABLE', exitStatus: 69 });
    expect((err as Error).message).toMatch(/1@a: nothing listens.*2@b: something is listening on 2@b but it is not a licutil server/);
  });

  it('an answer that is JSON but not ours is "not a licutil server"', async () => {
    const { c } = client([group('1@a')], { '1@a': () => json(200, { hello: 'world' }) });
    await expect(c.checkout('seat')).rejects.toMatchObject({ code: 'LICUTIL_E_NOT_LICUTIL', kind: 'not-licutil' });
  });

  it('an aborted signal cancels before anything is sent', async () => {
    const { c, transport } = client([group('1@a')], { '1@a': () => grant('h') });
    const ac = new AbortController();
    ac.abort();
    await expect(c.checkout('seat', { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(transport.calls).toHaveLength(0);
  });
});

describe('a checkout that waits, across a server restart', () => {
  it('asks again with back-off for what is left of the wait, saying each retry', async () => {
    let n = 0;
    const closed = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const { c, transport } = client([group('1@a')], { '1@a': () => (++n === 1 ? closed() : n === 2 ? refused() : grant('h')) });
    const retries: Array<{ attempt: number; code: string }> = [];
    const lease = await c.checkout('seat', { wait: 30, heartbeat: false, onRetry: (r) => retries.push({ attempt: r.attempt, code: r.error.code }) });
    expect(lease.handle).toBe('h');
    expect(retries).toEqual([
      { attempt: 1, code: 'LICUTIL_E_CONNECTION_CLOSED' },
      { attempt: 2, code: 'LICUTIL_E_REFUSED' },
    ]);
    const waits = transport.calls.map((x) => x.body?.wait as number);
    expect(waits).toHaveLength(3);
    // each request asks for what is left of the 30 s, no more
    expect(waits[0]).toBe(30);
    expect(waits[2]).toBeLessThan(30);
  });

  it('gives up with the last failure when the wait runs out; a refusal is not retried; no wait: no retry', async () => {
    const down = client([group('1@a')], {});
    const t0 = performance.now();
    await expect(down.c.checkout('seat', { wait: 1.2 })).rejects.toMatchObject({ code: 'LICUTIL_E_REFUSED' });
    expect(performance.now() - t0).toBeGreaterThan(500);
    expect(down.transport.calls.length).toBeGreaterThan(1);
    const refusing = client([group('1@a')], { '1@a': () => refusal('LICUTIL_E_NO_SUCH_PRODUCT') });
    await expect(refusing.c.checkout('seat', { wait: 30 })).rejects.toMatchObject({ code: 'LICUTIL_E_NO_SUCH_PRODUCT' });
    expect(refusing.transport.calls).toHaveLength(1);
    const now = client([group('1@a')], {});
    await expect(now.c.checkout('seat')).rejects.toMatchObject({ code: 'LICUTIL_E_REFUSED' });
    expect(now.transport.calls).toHaveLength(1);
  });
});

describe('sweeps and handles', () => {
  it('status of every entry: answers and reasons side by side, in order', async () => {
    const status = json(200, { server: {}, pools: [], queues: [] });
    const { c } = client([group('1@a'), group('2@b', '3@c'), group('4@d')], { '1@a': () => status, '3@c': () => status, '4@d': () => refusal('LICUTIL_E_NOT_ADMIN') });
    const r = await c.status({ product: 'seat' });
    expect(r.map((x) => [x.ok, x.endpoint.spec, x.ok ? null : x.kind])).toEqual([
      [true, '1@a', null],
      [true, '3@c', null],
      [false, '4@d', null],
    ]);
    const down = client([group('1@a')], {});
    const [only] = await down.c.status();
    expect(only).toMatchObject({ ok: false, kind: 'refused' });
  });

  it('status asks with the product in the query and the password in a header, never with the admin token', async () => {
    const { c, transport } = client([group('1@a')], { '1@a': () => json(200, { server: {}, pools: [], queues: [] }) }, { adminToken: 'sekrit', tls: true });
    await c.status({ product: 'seat', isv: 'demo', password: 'pw' });
    expect(transport.calls[0]?.req.path).toBe('/v1/status?isv=demo&product=seat');
    expect(transport.calls[0]?.req.headers).toEqual({ 'x-licutil-password': 'pw' });
  });

  it('admin calls carry the token; heartbeat and checkin do not', async () => {
    const { c, transport } = client([group('1@a')], { '1@a': (req) => (req.path === '/v1/remove' ? json(200, { handle: 'h', removed: true }) : json(200, { handle: 'h', held_seconds: 0 })) }, { adminToken: 't', tls: true });
    await c.remove('h');
    await c.checkin('h');
    expect(transport.calls.map((x) => x.req.headers.authorization)).toEqual(['Bearer t', undefined]);
  });

  it('the token goes only to servers the user named, never to one from a HOST line; the refusal says why', async () => {
    const fromFile: ServerGroup = { ...group('1@127.0.0.1'), origin: 'HOST line of /w/site.lic', named: false };
    const notAdmin = () => json(403, { error: { code: 'LICUTIL_E_NOT_ADMIN', message: 'admin needs the token' } });
    const { c, transport } = client([fromFile, group('2@127.0.0.1')], { '1@127.0.0.1': notAdmin, '2@127.0.0.1': () => json(200, { added: [], removed: [], changed: [] }) }, { adminToken: 't' });
    const [file, named] = await c.reread();
    expect(transport.calls.map((x) => [x.server, x.req.headers.authorization])).toEqual([
      ['1@127.0.0.1', undefined],
      ['2@127.0.0.1', 'Bearer t'],
    ]);
    expect(named?.ok).toBe(true);
    expect(file?.ok === false && file.error.message).toMatch(/the admin token was not sent: 1@127\.0\.0\.1 was found in a HOST line of \/w\/site\.lic/);
    expect(file?.ok === false && file.error.hint).toMatch(/-c 1@127\.0\.0\.1/);
  });

  it('the same server named by -c and found in a HOST line is named', async () => {
    const fromFile: ServerGroup = { ...group('1@127.0.0.1'), origin: 'HOST line of x.lic', named: false };
    const { c, transport } = client([group('1@127.0.0.1'), fromFile], { '1@127.0.0.1': () => json(200, { handle: 'h', removed: true }) }, { adminToken: 't' });
    await c.remove('h');
    expect(transport.calls[0]?.req.headers.authorization).toBe('Bearer t');
  });

  it('no token over plain HTTP to another host unless allowed: refused before anything is sent', async () => {
    const ok = () => json(200, { handle: 'h', removed: true });
    const plain = client([group('1@lic.example')], { '1@lic.example': ok }, { adminToken: 't' });
    await expect(plain.c.remove('h')).rejects.toThrow(/not sending the admin token to 1@lic\.example over plain HTTP/);
    expect(plain.transport.calls).toHaveLength(0);
    const allowed = client([group('1@lic.example')], { '1@lic.example': ok }, { adminToken: 't', allowPlainToken: true });
    await allowed.c.remove('h');
    expect(allowed.transport.calls[0]?.req.headers.authorization).toBe('Bearer t');
    for (const host of ['127.0.0.1', 'localhost', '::1']) {
      const local = client([{ spec: 'x', origin: '-c', endpoints: [endpoint(host, 1)] }], { [`1@${host}`]: ok }, { adminToken: 't' });
      await local.c.remove('h');
      expect(local.transport.calls[0]?.req.headers.authorization, host).toBe('Bearer t');
    }
  });

  it('without a token an admin call to a plain HTTP host is sent (the server decides)', async () => {
    const { c, transport } = client([group('1@lic.example')], { '1@lic.example': () => json(200, { handle: 'h', removed: true }) });
    await c.remove('h');
    expect(transport.calls[0]?.req.headers.authorization).toBeUndefined();
  });

  it('checkin of a bare handle asks each entry until one knows it', async () => {
    const { c, transport } = client([group('1@a'), group('2@b')], {
      '1@a': () => refusal('LICUTIL_E_NO_SUCH_HANDLE'),
      '2@b': () => json(200, { handle: 'h', held_seconds: 3 }),
    });
    const r = await c.checkin('h');
    expect(r.endpoint.spec).toBe('2@b');
    expect(r.value.held_seconds).toBe(3);
    expect(transport.calls.map((x) => x.server)).toEqual(['1@a', '2@b']);
  });

  it('a handle no server knows: the server says so (65); with servers down too, 69 saying both', async () => {
    const { c } = client([group('1@a')], { '1@a': () => refusal('LICUTIL_E_NO_SUCH_HANDLE') });
    await expect(c.heartbeat('h')).rejects.toMatchObject({ code: 'LICUTIL_E_NO_SUCH_HANDLE' });
    const mixed = client([group('1@a'), group('2@b')], { '1@a': () => refusal('LICUTIL_E_NO_SUCH_HANDLE') });
    await expect(mixed.c.heartbeat('h')).rejects.toMatchObject({ code: 'LICUTIL_E_UNAVAILABLE', message: expect.stringMatching(/no server that answered knows checkout h, and 1 could not be asked/) });
  });

  it('close closes the transport; the client refuses calls after it', async () => {
    const { c, transport } = client([group('1@a')], {});
    await c.close();
    expect(transport.closed).toBe(true);
    expect(() => c.server('1@a')).toThrow(/closed/);
  });

  it('a kept-alive connection the server closed as it was reused: heartbeat is sent again, checkout is not', async () => {
    let resets = 1;
    const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const { c, transport } = client([group('1@a')], {
      '1@a': (req) => (resets-- > 0 ? reset() : req.path === '/v1/heartbeat' ? json(200, { handle: 'h', lease_seconds: 60, lease_expires: 'x' }) : grant('h')),
    });
    await expect(c.heartbeat('h')).resolves.toMatchObject({ value: { lease_seconds: 60 } });
    expect(transport.calls).toHaveLength(2);
    resets = 1;
    // a checkout may have been granted before the connection dropped: never sent twice
    await expect(c.checkout('seat')).rejects.toMatchObject({ code: 'LICUTIL_E_CONNECTION_CLOSED' });
    expect(transport.calls).toHaveLength(3);
  });
});
