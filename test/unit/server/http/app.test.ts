// The HTTP layer in-process (fastify inject): routes, error shapes, schema
// validation, the admin gate through a real request pipeline, journal failure.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, harness, poolDef, who, type Harness } from './fixtures.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const json = (r: { body: string }) => JSON.parse(r.body) as Record<string, unknown> & { error?: { code: string; message: string; hint?: string } };

describe('HTTP routes', () => {
  it('GET /v1/hello names a licutil server', async () => {
    h = await harness([poolDef({ product: 'seat' })]);
    const r = await h.app.inject({ method: 'GET', url: '/v1/hello' });
    expect(r.statusCode).toBe(200);
    expect(json(r)).toMatchObject({ server: 'licutil', protocol: 1, isvs: ['demo'] });
  });

  it('checkout → heartbeat → checkin, and the handle is gone afterwards', async () => {
    h = await harness([poolDef({ product: 'seat', count: 2 })]);
    const co = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who } });
    expect(co.statusCode).toBe(200);
    const grant = json(co);
    expect(grant).toMatchObject({ product: 'seat', version: '1.0', count: 1, over_soft_limit: false, lease_seconds: 60 });
    const handle = grant.handle as string;
    // the journal keys the lease by the handle's SHA-256 and never holds the handle itself
    expect(h.journal.records.some((r) => r.t === 'grant' && r.handle === createHash('sha256').update(handle).digest('hex'))).toBe(true);
    expect(JSON.stringify(h.journal.records)).not.toContain(handle);

    const hb = await h.app.inject({ method: 'POST', url: '/v1/heartbeat', payload: { handle } });
    expect(hb.statusCode).toBe(200);
    expect(json(hb)).toMatchObject({ handle, lease_seconds: 60 });

    const ci = await h.app.inject({ method: 'POST', url: '/v1/checkin', payload: { handle } });
    expect(json(ci)).toEqual({ handle, held_seconds: 0 });
    const again = await h.app.inject({ method: 'POST', url: '/v1/checkin', payload: { handle } });
    expect(again.statusCode).toBe(404);
    expect(json(again).error?.code).toBe('LICUTIL_E_NO_SUCH_HANDLE');
  });

  it('GET /metrics counts every request by route and status, long-poll checkouts and unknown routes apart', async () => {
    h = await harness([poolDef({ product: 'seat', count: 1 })]);
    const co = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who } });
    await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who } });
    await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who, wait: 0.001 } });
    await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 1 } });
    await h.app.inject({ method: 'POST', url: '/v1/checkin', payload: { handle: json(co).handle } });
    await h.app.inject({ method: 'GET', url: '/nowhere' });
    const text = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    const count = (route: string, status: number) => Number(new RegExp(`^licutil_request_duration_seconds_count\\{route="${route.replace(/[()]/g, '\\$&')}",status="${status}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
    expect(count('/v1/checkout', 200)).toBe(1);
    expect(count('/v1/checkout', 409)).toBe(1);
    expect(count('/v1/checkout (wait)', 409)).toBe(1);
    expect(count('/v1/checkout', 400)).toBe(1);
    expect(count('/v1/checkin', 200)).toBe(1);
    expect(count('unknown route', 404)).toBe(1);
  });

  it('refusals carry a code from the table with its HTTP status', async () => {
    h = await harness([poolDef({ product: 'seat', count: 1 })]);
    const a = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who } });
    expect(a.statusCode).toBe(200);
    const full = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who } });
    expect(full.statusCode).toBe(409);
    expect(json(full).error?.code).toBe('LICUTIL_E_ALL_IN_USE');
    const none = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'nothere', ...who } });
    expect(none.statusCode).toBe(404);
    expect(json(none).error?.code).toBe('LICUTIL_E_NO_SUCH_PRODUCT');
    const high = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', version: '9.0', ...who } });
    expect(json(high).error?.code).toBe('LICUTIL_E_VERSION_TOO_HIGH');
  });

  it('a waiting checkout is answered the moment a seat frees (push, not polling)', async () => {
    h = await harness([poolDef({ product: 'seat', count: 1 })]);
    const first = json(await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who } }));
    let answered = false;
    const waiting = h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who, pid: 43, wait: 30 } }).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    const status = json(await h.app.inject({ method: 'GET', url: '/v1/status' }));
    const queues = status.queues as Array<{ waiters: Array<{ position: number; pid: number }> }>;
    expect(queues[0]?.waiters).toMatchObject([{ position: 1, pid: 43 }]);
    const t0 = Date.now();
    await h.app.inject({ method: 'POST', url: '/v1/checkin', payload: { handle: first.handle } });
    const r = await waiting;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r.statusCode).toBe(200);
    expect(json(r)).toMatchObject({ product: 'seat' });
  });

  it('a wait that ends without a seat is answered with a timed-out refusal', async () => {
    h = await harness([poolDef({ product: 'seat', count: 1 })]);
    await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who } });
    const r = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who, wait: 0.3 } });
    expect(r.statusCode).toBe(409);
    expect(json(r).error?.code).toBe('LICUTIL_E_TIMED_OUT');
  });
});

describe('hostile and malformed input gets a 4xx JSON error (issue 9)', () => {
  const cases: Array<[string, { payload?: string; headers?: Record<string, string>; url?: string; method?: 'GET' | 'POST' }, number, string]> = [
    ['malformed JSON', { payload: '{"product": "seat",' }, 400, 'LICUTIL_E_BAD_REQUEST'],
    ['wrong type', { payload: JSON.stringify({ product: 'seat', ...who, count: '2' }) }, 400, 'LICUTIL_E_BAD_REQUEST'],
    ['unknown property', { payload: JSON.stringify({ product: 'seat', ...who, cuont: 2 }) }, 400, 'LICUTIL_E_BAD_REQUEST'],
    ['missing field', { payload: JSON.stringify({ product: 'seat' }) }, 400, 'LICUTIL_E_BAD_REQUEST'],
    ['control characters in user', { payload: JSON.stringify({ product: 'seat', ...who, user: 'a\r\nb' }) }, 400, 'LICUTIL_E_BAD_REQUEST'],
    ['__proto__ key', { payload: '{"product":"seat","user":"a","host":"h","pid":1,"__proto__":{"x":1}}' }, 400, 'LICUTIL_E_BAD_REQUEST'],
    ['array body', { payload: '[1,2,3]' }, 400, 'LICUTIL_E_BAD_REQUEST'],
    ['deep nesting', { payload: `${'['.repeat(5000)}${']'.repeat(5000)}` }, 400, 'LICUTIL_E_BAD_REQUEST'],
    ['huge body', { payload: JSON.stringify({ product: 'seat', ...who, isv_data: 'x'.repeat(200_000) }) }, 413, 'LICUTIL_E_TOO_LARGE'],
    ['not JSON content type', { payload: 'product=seat', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 400, 'LICUTIL_E_BAD_REQUEST'],
    ['unknown route', { url: '/v2/anything', method: 'GET' }, 404, 'LICUTIL_E_NOT_FOUND'],
    ['path traversal', { url: '/v1/../../etc/passwd', method: 'GET' }, 404, 'LICUTIL_E_NOT_FOUND'],
  ];
  it.each(cases)('%s', async (_name, req, status, code) => {
    h = await harness([poolDef({ product: 'seat' })]);
    const r = await h.app.inject({
      method: req.method ?? 'POST',
      url: req.url ?? '/v1/checkout',
      headers: { 'content-type': 'application/json', ...req.headers },
      ...(req.payload !== undefined ? { payload: req.payload } : {}),
    });
    expect(r.statusCode).toBe(status);
    const body = json(r);
    expect(body.error?.code).toBe(code);
    expect(typeof body.error?.message).toBe('string');
    expect(Object.keys(body)).toEqual(['error']);
    // and the server still serves
    const ok = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who } });
    expect(ok.statusCode).toBe(200);
  });
});

describe('odd but harmless input', () => {
  it('invalid UTF-8 inside a string is read with replacement characters, never crashes', async () => {
    h = await harness([poolDef({ product: 'seat' })]);
    const body = Buffer.concat([Buffer.from('{"product":"seat","user":"a'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","host":"h","pid":1}')]);
    const r = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: body, headers: { 'content-type': 'application/json' } });
    expect(r.statusCode).toBeLessThan(500);
    const ok = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who } });
    expect(ok.statusCode).toBe(200);
  });

  it('versions: N.M and FlexLM N.M.P are accepted, anything else is a schema error', async () => {
    h = await harness([poolDef({ product: 'seat', count: 5, version: '2.0' })]);
    for (const [version, status] of [['1', 200], ['1.5', 200], ['1.0.3', 200], ['1.', 400], ['v1', 400], ['1e3', 400]] as const) {
      const r = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', version, ...who } });
      expect([version, r.statusCode]).toEqual([version, status]);
    }
  });
});

describe('admin gate through a real request pipeline (remote address from the socket)', () => {
  it('refuses reread/remove/down from a non-loopback address without the token, and says why', async () => {
    h = await harness([poolDef({ product: 'seat' })]);
    for (const url of ['/v1/reread', '/v1/remove', '/v1/down']) {
      const payload = url === '/v1/remove' ? { handle: 'abc' } : {};
      const r = await h.app.inject({ method: 'POST', url, payload, remoteAddress: '192.0.2.77', headers: { 'x-forwarded-for': '127.0.0.1' } });
      expect(r.statusCode, url).toBe(403);
      const e = json(r).error;
      expect(e?.code).toBe('LICUTIL_E_NOT_ADMIN');
      expect(e?.message).toMatch(/192\.0\.2\.77/);
      expect(e?.hint).toMatch(/Bearer/);
    }
    expect(h.downs).toEqual([]);
  });

  it('refuses a wrong token of the right length, accepts the right one', async () => {
    h = await harness([poolDef({ product: 'seat' })]);
    const wrong = ADMIN_TOKEN.replace(/.$/, '#');
    const r1 = await h.app.inject({ method: 'POST', url: '/v1/reread', payload: {}, remoteAddress: '192.0.2.77', headers: { authorization: `Bearer ${wrong}` } });
    expect(r1.statusCode).toBe(403);
    expect(json(r1).error?.message).toMatch(/does not match/);
    const r2 = await h.app.inject({ method: 'POST', url: '/v1/reread', payload: {}, remoteAddress: '192.0.2.77', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(r2.statusCode).toBe(200);
    expect(json(r2)).toMatchObject({ added: [], removed: [], changed: [] });
  });

  it('allows loopback without a token; down answers before stopping; a POST without a JSON body is refused (issue 14)', async () => {
    h = await harness([poolDef({ product: 'seat' })]);
    const bare = await h.app.inject({ method: 'POST', url: '/v1/reread', remoteAddress: '127.0.0.1' });
    expect(bare.statusCode).toBe(400);
    expect(json(bare)).toMatchObject({ error: { code: 'LICUTIL_E_BAD_REQUEST', message: expect.stringMatching(/Content-Type: application\/json/) } });
    const rr = await h.app.inject({ method: 'POST', url: '/v1/reread', payload: {}, remoteAddress: '127.0.0.1' });
    expect(rr.statusCode).toBe(200);
    const d = await h.app.inject({ method: 'POST', url: '/v1/down', payload: {}, remoteAddress: '::1' });
    expect(d.statusCode).toBe(200);
    expect(json(d)).toEqual({ stopping: true });
    expect(h.downs).toEqual(['loopback@::1']);
  });

  it('remove: min_remove refusal, then success, then the holder learns it at its heartbeat', async () => {
    h = await harness([poolDef({ product: 'seat', minRemove: 0 }), poolDef({ product: 'locked', minRemove: -1, order: 1 })]);
    const g = json(await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'locked', ...who } }));
    // an administrator names a checkout by its public id, as status shows it
    const refused = await h.app.inject({ method: 'POST', url: '/v1/remove', payload: { handle: String(g.id) } });
    expect(refused.statusCode).toBe(409);
    expect(json(refused).error?.code).toBe('LICUTIL_E_REMOVE_DISABLED');

    const s = json(await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who } }));
    const ok = await h.app.inject({ method: 'POST', url: '/v1/remove', payload: { handle: String(s.id) } });
    expect(json(ok)).toEqual({ handle: String(s.id), removed: true });
    const hb = await h.app.inject({ method: 'POST', url: '/v1/heartbeat', payload: { handle: s.handle } });
    expect(hb.statusCode).toBe(410);
    expect(json(hb).error?.code).toBe('LICUTIL_E_REMOVED');
  });
});

describe('journal', () => {
  it('refuses new grants while the journal cannot write, and resumes when it can', async () => {
    h = await harness([poolDef({ product: 'seat', count: 5 })]);
    h.journal.failing = 'ENOSPC: no space left on device';
    const r = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who } });
    expect(r.statusCode).toBe(503);
    expect(json(r).error?.code).toBe('LICUTIL_E_JOURNAL');
    // nothing was granted in memory either
    const st = json(await h.app.inject({ method: 'GET', url: '/v1/status' }));
    expect((st.pools as Array<{ in_use: number }>)[0]?.in_use).toBe(0);
    const r2 = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who } });
    expect(json(r2).error?.code).toBe('LICUTIL_E_JOURNAL');
    h.journal.recover();
    const r3 = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who } });
    expect(r3.statusCode).toBe(200);
  });
});

describe('admin gate runs before the body is read', () => {
  it('an unauthenticated admin request with a malformed body is refused as not-admin, not parsed', async () => {
    h = await harness([poolDef({ product: 'seat' })]);
    const r = await h.app.inject({
      method: 'POST',
      url: '/v1/remove',
      payload: '{"handle": ',
      headers: { 'content-type': 'application/json' },
      remoteAddress: '203.0.113.9',
    });
    expect(r.statusCode).toBe(403);
    expect(json(r).error?.code).toBe('LICUTIL_E_NOT_ADMIN');
  });
});
