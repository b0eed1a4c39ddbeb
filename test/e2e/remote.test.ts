// The WebSocket remote API of seed 000 §6 against a real `licutil serve
// --config` process with live checkouts, driven by a client written from the
// seed alone (remote-client.ts).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRemote, type Msg, type RemoteClient } from './remote-client.js';
import { demoLic, startConfigServer, stopAllConfigServers, who, type ConfigServer } from './remote-server.js';

afterAll(stopAllConfigServers);

const CONFIG = `{
  log_options: "license.level=debug",
  bind_addr: "127.0.0.1:0",
  com_addr: "127.0.0.1:0",
  com_name: "LIC-TEST",
  licenses: [ "licenses/" ],
}`;

let s: ConfigServer;
let c: RemoteClient;
let handle = '';

beforeAll(async () => {
  s = await startConfigServer({
    config: CONFIG,
    files: { 'licenses/a.lic': demoLic(['LICENSE demo seat 1.0 permanent 3 min_remove=0', 'LICENSE demo cad 2.0 permanent 1']) },
  });
  c = await connectRemote(s.wsUrl as string);
  const r = await s.api<{ handle: string }>('POST', '/v1/checkout', { product: 'seat', ...who(101), lease: 60 });
  expect(r.status).toBe(200);
  handle = r.json.handle;
});

describe('remote API: start-up (seed 000 §6.2)', () => {
  it('prints its URL before the ready line and greets with ready', () => {
    expect(s.stdout()).toMatch(/^remote API listening on ws:\/\/127\.0\.0\.1:\d+\nlistening on http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(c.greeting).toEqual({ message: 'ready', type: 'LICENSE', name: 'LIC-TEST', version: expect.any(String), product: 'licutil' });
  });

  it('"Note that Origin header is mandatory for the server to accept connections"; an Origin naming this server is accepted', async () => {
    await expect(connectRemote(s.wsUrl as string, { origin: null })).rejects.toThrow(/cannot connect/);
    const own = await connectRemote(s.wsUrl as string, { origin: 'http://localhost:8080' });
    expect(own.greeting.message).toBe('ready');
    await own.close();
  });

  it('refuses a foreign Origin (a web page on another site, a sandboxed page) and logs why (issue 14)', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1.evil.example']) {
      await expect(connectRemote(s.wsUrl as string, { origin })).rejects.toThrow(/cannot connect/);
    }
    expect(s.stderr()).toMatch(/remote API: refused a connection from 127\.0\.0\.1:\d+: Origin "https:\/\/evil\.example" is not this server's/);
  });

  it('--remote-origin lets a configured Origin in, and `*` any (as ltelicense)', async () => {
    const other = await startConfigServer({
      config: CONFIG,
      files: { 'licenses/a.lic': demoLic(['LICENSE demo seat 1.0 permanent 1']) },
      args: ['--remote-origin', 'https://tools.example.com'],
    });
    const ok = await connectRemote(other.wsUrl as string, { origin: 'https://tools.example.com' });
    expect(ok.greeting.message).toBe('ready');
    await ok.close();
    await expect(connectRemote(other.wsUrl as string, { origin: 'https://evil.example' })).rejects.toThrow(/cannot connect/);
    await other.stop();
    const any = await startConfigServer({
      config: CONFIG,
      files: { 'licenses/a.lic': demoLic(['LICENSE demo seat 1.0 permanent 1']) },
      args: ['--remote-origin', '*'],
    });
    const anyClient = await connectRemote(any.wsUrl as string, { origin: 'null' });
    expect(anyClient.greeting.message).toBe('ready');
    await anyClient.close();
    await any.stop();
  });
});

describe('remote API: messages (seed 000 §6.1, §6.3)', () => {
  it('echoes message_id and gives time and utc in every response', async () => {
    const r = await c.request({ message: 'help' });
    expect(r).toMatchObject({ message: 'help', message_id: expect.stringMatching(/^t\d+$/), time: expect.any(Number), utc: expect.any(Number) });
    // the server's clock: LICUTIL_NOW=2026-06-15T12:00:00Z when it started
    expect((r.utc as number) - Date.UTC(2026, 5, 15, 12) / 1000).toBeGreaterThanOrEqual(0);
    expect((r.utc as number) - Date.UTC(2026, 5, 15, 12) / 1000).toBeLessThan(120);
  });

  it('answers an array of messages one by one', async () => {
    c.send([
      { message: 'help', message_id: 'arr-1' },
      { message: 'license', message_id: 'arr-2' },
    ]);
    const a = await c.waitFor((m) => m.message_id === 'arr-1');
    const b = await c.waitFor((m) => m.message_id === 'arr-2');
    expect(a.message).toBe('help');
    expect(b.message).toBe('license');
    expect(c.received.indexOf(a)).toBeLessThan(c.received.indexOf(b));
  });

  it('an unknown message and malformed JSON get an error; the connection stays', async () => {
    const u = await c.request({ message: 'teleport' });
    expect(u.error).toBe('Unknown message: teleport');
    const before = c.received.length;
    c.sendRaw('{"message": "list", ');
    const bad = await c.waitFor((m) => c.received.indexOf(m) >= before && typeof m.error === 'string' && m.error.startsWith('Invalid JSON'));
    expect(bad.time).toEqual(expect.any(Number));
    expect((await c.request({ message: 'list' })).error).toBeUndefined();
  });

  it('a frame over 1 MiB closes that connection with 1009; others go on', async () => {
    const big = await connectRemote(s.wsUrl as string);
    big.sendRaw(JSON.stringify({ message: 'message', text: 'x'.repeat(1024 * 1024) }));
    expect((await big.closed).code).toBe(1009);
    expect((await c.request({ message: 'help' })).error).toBeUndefined();
  });

  it('loop_count repeats the message with loop_index', async () => {
    c.send({ message: 'stats', message_id: 'loop', loop_count: 2, loop_delay: 0.1 });
    const last = await c.waitFor((m) => m.message_id === 'loop' && m.loop_index === 2);
    const all = c.received.filter((m) => m.message_id === 'loop');
    expect(all.map((m) => m.loop_index)).toEqual([0, 1, 2]);
    expect((last.time as number) - (all[0]?.time as number)).toBeGreaterThanOrEqual(0.19);
  });
});

describe('remote API: license messages (seed 000 §6.5, §6.6) with live checkouts', () => {
  it('list: licenses with uid, products, origin, max, version and their connections', async () => {
    const r = await c.request({ message: 'list' });
    const licenses = r.licenses as Array<Msg & { connections: Msg[] }>;
    const seat = licenses.find((l) => l.products === 'seat');
    expect(seat).toMatchObject({ uid: 'demo:seat:1.0:0', max: 3, version: '1.0', origin: expect.stringMatching(/licenses\/a\.lic$/) });
    expect(seat?.tag).toBeUndefined();
    expect(seat?.connections).toHaveLength(1);
    expect(seat?.connections[0]).toMatchObject({
      product: 'seat',
      name: 'u101@h101',
      address: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      lifetime: expect.any(Number),
      handle: createHash('sha256').update(handle).digest('hex'),
      client_id: expect.any(Number),
    });
    expect(licenses.find((l) => l.products === 'cad')).toMatchObject({ max: 1, version: '2.0', connections: [] });
  });

  it('license: products, user, validity, filename, server', async () => {
    const r = await c.request({ message: 'license' });
    expect(r).toMatchObject({ products: 'seat,cad', validity: 'permanent', server: s.url, filename: expect.stringMatching(/a\.lic$/), user: expect.any(String) });
  });

  it('stats: cpu and an instance_id constant over the process lifetime', async () => {
    const a = await c.request({ message: 'stats' });
    const b = await c.request({ message: 'stats' });
    expect(a.cpu).toEqual({ main: expect.any(Number) });
    expect(a.instance_id).toEqual(expect.any(Number));
    expect(b.instance_id).toBe(a.instance_id);
  });

  it('help: messages and events', async () => {
    const r = await c.request({ message: 'help' });
    expect(r.messages).toEqual(expect.arrayContaining(['config_get', 'config_set', 'log_get', 'log_set', 'log_reset', 'license', 'quit', 'help', 'stats', 'reload', 'list', 'message']));
    expect(r.events).toEqual([]);
  });

  it('config_get: type, name, logs; config_set changes the level', async () => {
    const r = await c.request({ message: 'config_get' });
    expect(r).toMatchObject({ type: 'LICENSE', name: 'LIC-TEST', locked: false, logs: { layers: { license: { level: 'debug' } }, count: 8192 } });
    expect((await c.request({ message: 'config_set', logs: { layers: { all: { level: 'info' } } } })).error).toBeUndefined();
    expect(await c.request({ message: 'config_get' })).toMatchObject({ logs: { layers: { license: { level: 'info' } } } });
    await c.request({ message: 'config_set', logs: { layers: { license: { level: 'debug' } } } });
  });

  it('log_get: the server log, per connection, each log once', async () => {
    const first = await c.request({ message: 'log_get', max: 10_000, timeout: 0.2 });
    const logs = first.logs as Array<Msg & { data: string[]; idx: number }>;
    expect(logs.length).toBeGreaterThan(0);
    expect(logs[0]).toMatchObject({ layer: 'license', src: 'LIC-TEST', idx: 0, timestamp: expect.any(Number), level: expect.stringMatching(/^(error|warn|info|debug)$/) });
    expect(logs.some((l) => /serving demo seat 1\.0/.test(l.data[0] ?? ''))).toBe(true);
    // a log_set marker comes next, and only once
    await c.request({ message: 'log_set', log: 'marker from the test', layer: 'license', level: 'info' });
    const next = await c.request({ message: 'log_get', timeout: 0.2 });
    const texts = (next.logs as Array<{ data: string[] }>).map((l) => l.data[0]);
    expect(texts).toContain('marker from the test');
    expect((next.logs as Array<{ idx: number }>)[0]?.idx).toBeGreaterThan((logs[logs.length - 1]?.idx ?? Infinity));
    const again = await c.request({ message: 'log_get', timeout: 0.2, allow_empty: true });
    expect((again.logs as Array<{ data: string[] }>).map((l) => l.data[0])).not.toContain('marker from the test');
    // another connection starts from the beginning
    const other = await connectRemote(s.wsUrl as string);
    const o = await other.request({ message: 'log_get', max: 10_000, timeout: 0.2 });
    expect((o.logs as Array<{ data: string[] }>).map((l) => l.data[0])).toContain('marker from the test');
    await other.close();
  });

  it('message: text to every client holding a checkout, given at its next heartbeat', async () => {
    const second = await s.api<{ handle: string }>('POST', '/v1/checkout', { product: 'cad', ...who(102), lease: 60 });
    const r = await c.request({ message: 'message', text: 'licenses move to the new server at 18:00' });
    expect(r).toMatchObject({ message: 'message', clients: 2 });
    for (const h of [handle, second.json.handle]) {
      const hb = await s.api<{ messages?: string[] }>('POST', '/v1/heartbeat', { handle: h });
      expect(hb.json.messages).toEqual(['licenses move to the new server at 18:00']);
      const hb2 = await s.api<{ messages?: string[] }>('POST', '/v1/heartbeat', { handle: h });
      expect(hb2.json.messages).toBeUndefined();
    }
    await s.api('POST', '/v1/checkin', { handle: second.json.handle });
  });

  it('reload: rereads the licenses; checkouts stay', async () => {
    const r = await c.request({ message: 'reload' });
    expect(r).toMatchObject({ message: 'reload', added: 0, removed: 0, changed: 0 });
    const list = await c.request({ message: 'list' });
    const seat = (list.licenses as Array<Msg & { connections: Msg[] }>).find((l) => l.products === 'seat');
    // the remote API (an administrator's) names the lease by its key, the SHA-256 of the holder's handle
    expect(seat?.connections.map((x) => x.handle)).toEqual([createHash('sha256').update(handle).digest('hex')]);
  });

  it('quit stops the server (exit status 0)', async () => {
    const other = await startConfigServer({ config: CONFIG, files: { 'licenses/a.lic': demoLic(['LICENSE demo seat 1.0 permanent 1']) } });
    const q = await connectRemote(other.wsUrl as string);
    const r = await q.request({ message: 'quit' });
    expect(r.error).toBeUndefined();
    expect(await other.exited).toEqual({ code: 0, signal: null });
    expect(other.stderr()).toMatch(/stopping: quit requested by remote API 127\.0\.0\.1:\d+/);
  });
});
