// A waiting checkout whose ticket never comes back (long-polls.ts): the client
// vanished after a 202, or its proxy dropped the connection. Its place is given
// up after the resume window, and a seat handed to it meanwhile goes back.
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../helpers/server.js';
import { harness, poolDef, who, type Harness } from './fixtures.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const waits = { pollMs: 20, resumeMs: 200 };

async function parked(x: Harness): Promise<{ holder: string; ticket: string }> {
  const holder = (await x.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who } })).json<{ handle: string }>().handle;
  const r = await x.app.inject({ method: 'POST', url: '/v1/checkout', payload: { product: 'seat', ...who, pid: 2, wait: 600 } });
  expect(r.statusCode).toBe(202);
  return { holder, ticket: r.json<{ ticket: string }>().ticket };
}

const inUse = (x: Harness) => x.service.status().pools[0]?.inUse;
const queued = (x: Harness) => x.service.status().queues.reduce((n, q) => n + q.waiters.length, 0);

describe('a ticket that does not come back', () => {
  it('gives the place in the queue up after the resume window', async () => {
    h = await harness([poolDef({ product: 'seat', count: 1 })], { deps: { waits } });
    const { ticket } = await parked(h);
    expect(queued(h)).toBe(1);
    const x = h;
    await eventually(async () => (queued(x) === 0 ? true : undefined));
    expect(h.log.lines.map((l) => l.text).join('\n')).toMatch(/gave up its place: its ticket did not come back/);
    const late = await h.app.inject({ method: 'POST', url: '/v1/resume', payload: { ticket } });
    expect(late.statusCode).toBe(404);
    expect(late.json<{ error: { code: string } }>().error.code).toBe('LICUTIL_E_NO_SUCH_HANDLE');
  });

  it('returns a seat handed to it while nobody was polling', async () => {
    h = await harness([poolDef({ product: 'seat', count: 1 })], { deps: { waits } });
    const { holder } = await parked(h);
    await h.app.inject({ method: 'POST', url: '/v1/checkin', payload: { handle: holder } });
    // the waiter got the seat, but its client is not there to hear it
    expect(inUse(h)).toBe(1);
    const x = h;
    await eventually(async () => (inUse(x) === 0 ? true : undefined));
  });

  it('a seat handed over between two polls is the answer to the next one', async () => {
    h = await harness([poolDef({ product: 'seat', count: 1 })], { deps: { waits: { pollMs: 20, resumeMs: 60_000 } } });
    const { holder, ticket } = await parked(h);
    await h.app.inject({ method: 'POST', url: '/v1/checkin', payload: { handle: holder } });
    const r = await h.app.inject({ method: 'POST', url: '/v1/resume', payload: { ticket } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ product: 'seat', count: 1 });
    expect(inUse(h)).toBe(1);
  });
});
