// Hostile input for every request schema of the API (src/protocol/schemas.ts),
// sent to the real fastify app with inject(): random JSON values, valid bodies
// with one field replaced, removed or added, values at and past every limit,
// query strings, raw bytes, invalid UTF-8 and odd content types.
//
// The oracle is the schema itself (a small validator below implements the
// keywords the schemas use): a body the schema accepts is never refused as a
// bad request, a body it refuses is always 400 LICUTIL_E_BAD_REQUEST. Every
// answer is < 500, and every error is JSON of the documented shape with a
// code of the one table and that code's HTTP status. Afterwards the app still
// serves. CI: >= 10^4 requests per schema; SOAK=1: 10^6 in all.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/protocol/errors.js';
import { checkoutRequestSchema, emptyRequestSchema, handleRequestSchema, statusQuerySchema } from '../../src/protocol/schemas.js';
import { inProcessApp, poolDef, type InProcessApp } from './support/app.js';
import { recordFigures, scaled, timeoutFor } from './support/figures.js';

const PER_SCHEMA = scaled(10_500, 250_000);
const T = timeoutFor(120_000, 7_200_000);

// ---- the oracle ---------------------------------------------------------------

interface PropSchema {
  type: 'string' | 'integer' | 'number';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
}
interface ObjSchema {
  required?: readonly string[];
  properties: Record<string, PropSchema>;
}

function validProp(s: PropSchema, v: unknown): boolean {
  if (s.type === 'string') {
    if (typeof v !== 'string') return false;
    const n = [...v].length; // ajv counts code points
    if (s.minLength !== undefined && n < s.minLength) return false;
    if (s.maxLength !== undefined && n > s.maxLength) return false;
    return s.pattern === undefined || new RegExp(s.pattern, 'u').test(v);
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  if (s.type === 'integer' && !Number.isInteger(v)) return false;
  if (s.minimum !== undefined && v < s.minimum) return false;
  return s.maximum === undefined || v <= s.maximum;
}

/** type object, additionalProperties false, required, and the property keywords above */
function validBody(schema: ObjSchema, v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  for (const k of schema.required ?? []) if (!Object.hasOwn(o, k)) return false;
  for (const k of Object.keys(o)) {
    const p = Object.hasOwn(schema.properties, k) ? schema.properties[k] : undefined;
    if (!p || !validProp(p, o[k])) return false;
  }
  return true;
}

const CHECKOUT = checkoutRequestSchema as unknown as ObjSchema;
const HANDLE = handleRequestSchema as unknown as ObjSchema;
const EMPTY = emptyRequestSchema as unknown as ObjSchema;

// ---- the app ------------------------------------------------------------------

let h: InProcessApp;
beforeAll(async () => {
  // waits are cut to 20 ms so a valid waiting checkout is answered, not parked
  h = await inProcessApp({ defs: [poolDef({ product: 'seat', count: 1_000_000 }), poolDef({ product: 'pw', password: 'secret', order: 1 })], maxWaitMs: 20 });
});

const figures = { requests: 0, perSchema: {} as Record<string, number>, accepted: 0, refused400: 0, byStatus: {} as Record<string, number>, violations: 0 };
afterAll(async () => {
  await h?.close();
  recordFigures('fuzz-api', {
    requests: figures.requests,
    accepted_by_schema: figures.accepted,
    refused_400: figures.refused400,
    per_schema: figures.perSchema,
    by_status: figures.byStatus,
    violations: figures.violations,
  });
});

/** Answers a schema-valid body may get on each route (besides 200). */
const ALLOWED_FOR_VALID: Record<string, readonly string[]> = {
  // COUNT_TOO_HIGH: more seats than any pool has (never queued: waiting could not help)
  '/v1/checkout': ['LICUTIL_E_NO_SUCH_PRODUCT', 'LICUTIL_E_VERSION_TOO_HIGH', 'LICUTIL_E_ALL_IN_USE', 'LICUTIL_E_COUNT_TOO_HIGH', 'LICUTIL_E_TIMED_OUT', 'LICUTIL_E_WRONG_TAG'],
  '/v1/heartbeat': ['LICUTIL_E_NO_SUCH_HANDLE', 'LICUTIL_E_NOT_HOLDER', 'LICUTIL_E_LEASE_LAPSED', 'LICUTIL_E_REMOVED'],
  '/v1/checkin': ['LICUTIL_E_NO_SUCH_HANDLE', 'LICUTIL_E_NOT_HOLDER'],
  '/v1/remove': ['LICUTIL_E_NO_SUCH_HANDLE', 'LICUTIL_E_REMOVE_REFUSED', 'LICUTIL_E_REMOVE_DISABLED'],
  '/v1/reread': [],
  '/v1/down': [],
};

interface Answer {
  status: number;
  code: string | null;
  body: string;
  json: Record<string, unknown> | null;
}

async function send(schema: string, method: 'GET' | 'POST', url: string, payload?: string | Buffer, contentType = 'application/json'): Promise<Answer> {
  const r = await h.app.inject({ method, url, ...(payload === undefined ? {} : { payload, headers: { 'content-type': contentType } }) });
  figures.requests++;
  figures.perSchema[schema] = (figures.perSchema[schema] ?? 0) + 1;
  figures.byStatus[String(r.statusCode)] = (figures.byStatus[String(r.statusCode)] ?? 0) + 1;
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(r.body) as Record<string, unknown>;
  } catch {
    json = null;
  }
  const err = json?.error as { code?: unknown } | undefined;
  return { status: r.statusCode, code: typeof err?.code === 'string' ? err.code : null, body: r.body, json };
}

/** The shape every answer must have; returns what is wrong. */
function shapeProblems(a: Answer): string[] {
  const p: string[] = [];
  if (a.status >= 500) p.push(`status ${a.status}`);
  if (a.json === null) p.push('the answer is not JSON');
  if (a.status >= 400) {
    const e = a.json?.error as { code?: string; message?: unknown } | undefined;
    if (!e || typeof e.message !== 'string' || e.message === '') p.push('no error message');
    if (!a.code || !(a.code in ERROR_CODES)) p.push(`unknown code ${a.code}`);
    else if (ERROR_CODES[a.code as keyof typeof ERROR_CODES].http !== a.status) p.push(`code ${a.code} with status ${a.status}`);
    if (/\bat [\w.]+ \(|node_modules|FST_ERR/.test(a.body)) p.push('framework detail or stack in the answer');
  }
  return p;
}

function verdict(route: string, schema: ObjSchema | null, body: unknown, a: Answer): string[] {
  const p = shapeProblems(a);
  if (schema) {
    const valid = validBody(schema, body);
    if (valid) {
      figures.accepted++;
      if (a.status !== 200 && !(ALLOWED_FOR_VALID[route] ?? []).includes(a.code ?? '')) p.push(`schema-valid body answered ${a.status} ${a.code}`);
    } else if (a.status !== 400 || a.code !== 'LICUTIL_E_BAD_REQUEST') {
      p.push(`schema-invalid body answered ${a.status} ${a.code}`);
    } else {
      figures.refused400++;
    }
  }
  return p;
}

function fail(what: unknown, problems: string[]): void {
  if (problems.length === 0) return;
  figures.violations++;
  expect({ what, problems }).toEqual({ what, problems: [] });
}

/** Give back what a valid checkout got, so the pool never fills up. */
async function cleanUp(a: Answer): Promise<void> {
  const handle = a.status === 200 ? a.json?.handle : undefined;
  if (typeof handle === 'string') await h.service.checkin(handle);
}

// ---- generators ---------------------------------------------------------------

const edge = fc.constantFrom<unknown>(
  0, -1, 1, 1.5, -0.5, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 1e308, -1e308, 86_400, 86_401, 1_000_000, 1_000_001,
  '', ' ', 'seat', 'SEAT', 'pw', '1.0', '1.2.3', '1.2.3.4.5', '01', 'a'.repeat(64), 'a'.repeat(65), 'é'.repeat(256), 'é'.repeat(257),
  '\u0000', 'a\nb', 'a\r\nSet-Cookie: x=1', '\u007f', '\u2028', '😀', '../../etc/passwd', '/etc/shadow', 'C:\\Windows\\win.ini',
  'file:///etc/passwd', 'http://169.254.169.254/latest/meta-data/', '%2e%2e%2f', '${jndi:ldap://x}', '<script>',
  true, false, null, [], {}, ['seat'], { $ref: '#' },
);
const anyValue = fc.oneof(edge, fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.integer(), fc.double());
const validCheckout = fc.record(
  {
    product: fc.constantFrom('seat', 'pw', 'nothing'),
    user: fc.constantFrom('alice', 'bob', 'é𝔘'),
    host: fc.constantFrom('ws1', 'h'),
    pid: fc.nat({ max: 2 ** 31 - 1 }),
    version: fc.constantFrom('0', '1.0', '1.5', '2', '1.0.0'),
    count: fc.integer({ min: 1, max: 3 }),
    isv: fc.constantFrom('demo', 'other'),
    tag: fc.constantFrom('t'),
    password: fc.constantFrom('secret', 'wrong', ''),
    isv_data: fc.constantFrom('', 'd'),
    wait: fc.constantFrom(0, 0.01, 1),
    lease: fc.integer({ min: 1, max: 600 }),
  },
  { requiredKeys: ['product', 'user', 'host', 'pid'] },
);
const CHECKOUT_KEYS = Object.keys(CHECKOUT.properties);
const mutation = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...CHECKOUT_KEYS, 'extra', '__proto__', 'constructor', 'prototype', 'PRODUCT', ''), value: anyValue }),
  fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom(...CHECKOUT_KEYS) }),
);
const mutatedCheckout = fc.tuple(validCheckout, fc.array(mutation, { minLength: 0, maxLength: 3 })).map(([body, muts]) => {
  const o: Record<string, unknown> = { ...body };
  for (const m of muts) {
    if (m.op === 'delete') delete o[m.key];
    else Object.defineProperty(o, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return o;
});
const handleValue = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), fc.string({ unit: 'binary', maxLength: 70 }), edge);
const handleBody = fc.oneof(
  handleValue.map((handle) => ({ handle })),
  fc.tuple(handleValue, fc.constantFrom('extra', 'Handle', '__proto__'), anyValue).map(([handle, k, v]) => {
    const o: Record<string, unknown> = { handle };
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    return o;
  }),
  fc.jsonValue({ maxDepth: 2 }),
);
const emptyBody = fc.oneof(fc.constant({}), fc.dictionary(fc.string({ maxLength: 5 }), anyValue, { minKeys: 1, maxKeys: 3 }), fc.jsonValue({ maxDepth: 2 }));

// ---- properties -----------------------------------------------------------------

describe(`every request schema on hostile input (>= ${PER_SCHEMA} requests per schema)`, () => {
  it('checkout: random JSON, mutated valid bodies, values at and past every limit', async () => {
    let live: string | null = null;
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }, { weight: 4, arbitrary: mutatedCheckout }), async (body) => {
        const a = await send('checkout', 'POST', '/v1/checkout', JSON.stringify(body));
        fail(body, verdict('/v1/checkout', CHECKOUT, body, a));
        if (a.status === 200 && live === null && typeof a.json?.handle === 'string') live = a.json.handle;
        else await cleanUp(a);
      }),
      { numRuns: PER_SCHEMA },
    );
    expect(live).not.toBeNull();
  }, T);

  it('heartbeat, checkin and remove: random handles and bodies (some handles live)', async () => {
    const routes = ['/v1/heartbeat', '/v1/checkin', '/v1/remove'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), handleBody, fc.boolean(), async (route, body, useLive) => {
        let b: unknown = body;
        if (useLive) {
          const g = await h.service.checkout({ product: 'seat', version: '0', count: 1, user: 'u', host: 'h', pid: 1 });
          if (g.kind === 'grant') b = { handle: g.grant.handle };
        }
        const a = await send('handle', 'POST', route, JSON.stringify(b));
        fail({ route, b }, verdict(route, HANDLE, b, a));
        const hd = (b as { handle?: unknown } | null)?.handle;
        if (useLive && typeof hd === 'string') await h.service.checkin(hd);
      }),
      { numRuns: PER_SCHEMA },
    );
  }, T);

  it('reread and down: {} and anything else; no body (no JSON content type) is refused, as a web page would send it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/v1/reread', '/v1/down'), fc.option(emptyBody, { nil: undefined }), async (route, body) => {
        const a = await send('empty', 'POST', route, body === undefined ? undefined : JSON.stringify(body));
        if (body === undefined) fail({ route, body }, a.status === 400 && a.code === 'LICUTIL_E_BAD_REQUEST' ? shapeProblems(a) : [`no body answered ${a.status} ${a.code}`]);
        else fail({ route, body }, verdict(route, EMPTY, body, a));
      }),
      { numRuns: PER_SCHEMA },
    );
    expect(h.rereads + h.downs.length).toBeGreaterThan(0);
  }, T);

  it('status: random query strings (names, values, encodings) get 200 or 400, never more', async () => {
    const qpart = fc.oneof(
      fc.constantFrom('isv', 'product', 'ISV', 'x', '__proto__', 'constructor', 'isv[]', 'product[0]', ''),
      fc.string({ maxLength: 8 }).map(encodeURIComponent),
    );
    const qvalue = fc.oneof(
      fc.constantFrom('demo', 'seat', '', '%', '%zz', '%00', '%C3%28', '%ED%A0%80', '..%2F..%2Fetc', 'a'.repeat(65), '%E2%80%A8'),
      fc.string({ unit: 'binary', maxLength: 70 }).map(encodeURIComponent),
    );
    const query = fc.array(fc.tuple(qpart, fc.option(qvalue, { nil: undefined })), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join('&'));
    const schemaProps = (statusQuerySchema as unknown as ObjSchema).properties;
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const a = await send('status-query', 'GET', `/v1/status?${q}`);
        const p = shapeProblems(a);
        if (a.status !== 200 && !(a.status === 400 && a.code === 'LICUTIL_E_BAD_REQUEST')) p.push(`status ${a.status} ${a.code}`);
        // a query naming only known keys once, with short values, is always accepted
        const pairs = q === '' ? [] : q.split('&').map((s) => s.split('='));
        const simple = pairs.every(([k, v]) => k !== undefined && Object.hasOwn(schemaProps, k) && v !== undefined && /^[A-Za-z0-9]{0,64}$/.test(v));
        const distinct = new Set(pairs.map(([k]) => k)).size === pairs.length;
        if (simple && distinct && a.status !== 200) p.push(`a valid query answered ${a.status}`);
        fail(q, p);
      }),
      { numRuns: PER_SCHEMA },
    );
  }, T);

  it('raw bytes, invalid UTF-8, truncated JSON and odd content types to every route', async () => {
    const routes = ['/v1/checkout', '/v1/heartbeat', '/v1/checkin', '/v1/reread', '/v1/remove', '/v1/down', '/v1/status', '/v1/hello', '/metrics', '/v1/nothing', '/v1/%2e%2e/etc/passwd', '//v1//checkout'];
    const truncated = mutatedCheckout.chain((b) => {
      const s = JSON.stringify(b);
      return fc.nat({ max: s.length }).map((n) => Buffer.from(s.slice(0, n)));
    });
    const invalidUtf8 = fc.constantFrom(
      Buffer.from([0x7b, 0x22, 0x68, 0x61, 0x6e, 0x64, 0x6c, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      Buffer.from('{"product":"seat","user":"\ud800","host":"h","pid":1}', 'latin1'),
      Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
      Buffer.from([0xed, 0xa0, 0x80]),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), truncated, invalidUtf8),
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''),
        async (url, bytes, type) => {
          const a = await send('raw', 'POST', url, bytes, type);
          fail({ url, bytes: bytes.toString('hex').slice(0, 200), type }, shapeProblems(a));
          await cleanUp(a);
        },
      ),
      { numRuns: Math.ceil(PER_SCHEMA / 2) },
    );
  }, T);

  it('afterwards the app still serves, and nothing was logged as an internal error', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/v1/hello' })).statusCode).toBe(200);
    const ok = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', user: 'u', host: 'h', pid: 1 } });
    expect(ok.statusCode).toBe(200);
    expect(h.log.lines.filter((l) => /internal error/.test(l.text))).toEqual([]);
    for (const s of ['checkout', 'handle', 'empty', 'status-query']) expect(figures.perSchema[s] ?? 0).toBeGreaterThanOrEqual(10_000);
  });
});
