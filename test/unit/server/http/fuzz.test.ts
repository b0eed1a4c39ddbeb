// Property: whatever a client sends to any route, the answer is a success or a
// 4xx/503 JSON error of the documented shape — never a 5xx crash — and the
// server still serves afterwards (issue 9, hostile input; CI-sized runs).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../../src/protocol/errors.js';
import { harness, poolDef, who, type Harness } from './fixtures.js';
import { encodeReport } from '../../../../src/server/adapters/http/reread-answer.js';

let h: Harness;
beforeAll(async () => {
  h = await harness([poolDef({ product: 'seat', count: 1_000_000 }), poolDef({ product: 'pw', password: 'x', order: 1 })], {
    deps: { actions: { reread: async () => ({ ...encodeReport({ added: [], removed: [], changed: [] }), messages: [], orphaned_checkouts: 0 }), down: () => undefined } },
  });
});
afterAll(async () => h.close());

const ROUTES = ['/v1/checkout', '/v1/heartbeat', '/v1/checkin', '/v1/reread', '/v1/remove', '/v1/down'] as const;

const validCheckout = { product: 'seat', version: '1.0', count: 1, ...who, tag: 't', isv_data: 'd', lease: 30 };

/** A valid body with one field replaced, removed or added. */
const mutated = fc.oneof(
  fc.record({ key: fc.constantFrom(...Object.keys(validCheckout), 'extra', '__proto__', 'constructor'), value: fc.jsonValue() }).map(({ key, value }) => ({
    ...validCheckout,
    [key]: value,
  })),
  fc.constantFrom(...Object.keys(validCheckout)).map((key) => {
    const copy: Record<string, unknown> = { ...validCheckout };
    delete copy[key];
    return copy;
  }),
);

function checkAnswer(status: number, body: string): void {
  expect(status, body.slice(0, 300)).toBeLessThan(500);
  const parsed = JSON.parse(body) as { error?: { code: string; message: string } };
  if (status >= 400) {
    expect(parsed.error && Object.keys(ERROR_CODES)).toContain(parsed.error?.code);
    expect(typeof parsed.error?.message).toBe('string');
    expect(ERROR_CODES[parsed.error?.code as keyof typeof ERROR_CODES].http).toBe(status);
  }
}

describe('no input crashes a route', () => {
  it('random JSON values to every POST route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.jsonValue(), async (url, value) => {
        const r = await h.app.inject({ method: 'POST', url, payload: JSON.stringify(value), headers: { 'content-type': 'application/json' } });
        checkAnswer(r.statusCode, r.body);
      }),
      { numRuns: 1500 },
    );
  });

  it('mutated checkout bodies', async () => {
    await fc.assert(
      fc.asyncProperty(mutated, async (body) => {
        const r = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        checkAnswer(r.statusCode, r.body);
      }),
      { numRuns: 1500 },
    );
  });

  it('arbitrary bytes, paths and content types', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(...ROUTES, '/v1/status', '/v1/hello', '/metrics', '/v1/%2e%2e/etc', '/v1/checkout?x=1'),
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1', 'multipart/form-data; boundary=x'),
        async (bytes, url, type) => {
          const r = await h.app.inject({ method: 'POST', url, payload: Buffer.from(bytes), headers: { 'content-type': type } });
          checkAnswer(r.statusCode, r.body);
        },
      ),
      { numRuns: 1500 },
    );
    const ok = await h.app.inject({ method: 'POST', url: '/v1/checkout', payload: validCheckout });
    expect(ok.statusCode).toBe(200);
  });
});
