// The node:http limits under the app, on a real socket: a client that never
// sends, or sends too slowly, is cut off; a long-poll is not.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, poolDef, who, type Harness } from './fixtures.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const timeouts = { requestMs: 600, headersMs: 600, keepAliveMs: 1_000, checkIntervalMs: 100, idleMs: 400 };

async function listen(): Promise<number> {
  h = await harness([poolDef({ product: 'seat', count: 1 })], { deps: { timeouts } });
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  return (h.app.server.address() as net.AddressInfo).port;
}

function closedWithin(sock: net.Socket): Promise<number> {
  const t0 = Date.now();
  return new Promise((resolve) => sock.once('close', () => resolve(Date.now() - t0)));
}

describe('connection limits (issue 9: slow and idle clients)', () => {
  it('a connection that never sends anything is closed', async () => {
    const port = await listen();
    const sock = net.connect(port, '127.0.0.1').on('error', () => undefined);
    expect(await closedWithin(sock)).toBeLessThan(3000);
  }, 10_000);

  it('a request that dribbles in is cut off', async () => {
    const port = await listen();
    const sock = net.connect(port, '127.0.0.1').on('error', () => undefined);
    const text = 'POST /v1/checkout HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"product":';
    let i = 0;
    const drip = setInterval(() => !sock.destroyed && sock.write(text[i++ % text.length] ?? ' '), 100);
    const ms = await closedWithin(sock);
    clearInterval(drip);
    expect(ms).toBeLessThan(3000);
  });

  it('a waiting checkout outlives the idle limit and is answered when the seat frees', async () => {
    const port = await listen();
    const base = `http://127.0.0.1:${port}`;
    const post = (route: string, body: unknown) =>
      fetch(`${base}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const first = (await (await post('/v1/checkout', { product: 'seat', ...who })).json()) as { handle: string };
    const waiting = post('/v1/checkout', { product: 'seat', ...who, pid: 2, wait: 30 });
    await new Promise((r) => setTimeout(r, 1500)); // well past idleMs and requestMs
    await post('/v1/checkin', { handle: first.handle });
    const r = await waiting;
    expect(r.status).toBe(200);
  });
});
