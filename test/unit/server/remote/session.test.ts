// One remote API connection without a socket (seed 000 §6.1–§6.3): greeting,
// authentication, the common request fields, errors that keep the connection.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LogStream } from '../../../../src/server/adapters/remote/log-get.js';
import { RemoteSession } from '../../../../src/server/adapters/remote/session.js';
import { fakeControl, FakeTimers } from './fixtures.js';

type Msg = Record<string, unknown>;

function open(opts: { password?: string; unsecure?: boolean; name?: string } = {}) {
  const timers = new FakeTimers();
  const control = fakeControl(timers, opts.name === undefined ? {} : { name: opts.name });
  const out: Msg[] = [];
  let n = 0;
  const buffer = control.logs.hub.buffer;
  const session = new RemoteSession({
    control,
    send: (t) => out.push(JSON.parse(t) as Msg),
    clock: { processSeconds: () => 100 + timers.now / 1000, utcSeconds: () => 1_800_000_000 + timers.now / 1000 },
    timers,
    // a different challenge every time
    random: (len) => new Uint8Array(len).fill(++n),
    auth: opts.password === undefined ? null : { password: opts.password, unsecure: opts.unsecure ?? false },
    logStream: new LogStream(buffer, buffer.openReader(), timers, { src: control.name, microseconds: () => false, headers: () => [] }),
    who: 'remote API test',
    onInternalError: () => undefined,
  });
  session.start();
  const send = (v: unknown) => session.receive(typeof v === 'string' ? v : JSON.stringify(v));
  return { timers, control, out, session, send, last: () => out[out.length - 1] as Msg };
}

/** log_get answers through a promise: let it settle */
const flush = () => new Promise((r) => setImmediate(r));

const res = (password: string, name: string, challenge: string) => createHmac('sha256', `LICENSE:${password}:${name}`).update(challenge).digest('hex');

describe('remote API session: start-up (seed 000 §6.2)', () => {
  it('greets with ready, type LICENSE, the com_name and the version', () => {
    const s = open({ name: 'LIC1' });
    expect(s.out).toEqual([{ message: 'ready', type: 'LICENSE', name: 'LIC1', version: '9.9.9', product: 'licutil' }]);
  });

  it('with com_auth: authenticate with a challenge; "Authentication not done" before; a wrong answer gets a new challenge', () => {
    const s = open({ password: 'pw' });
    const greet = s.out[0] as Msg;
    expect(greet).toMatchObject({ message: 'authenticate', type: 'LICENSE', name: 'LICENSE' });
    const c1 = greet.challenge as string;
    expect(c1).toMatch(/^[0-9a-f]{64}$/);
    s.send({ message: 'list', message_id: 1 });
    expect(s.last()).toMatchObject({ message: 'list', message_id: 1, error: 'Authentication not done' });
    s.send({ message: 'authenticate', message_id: 2, res: res('wrong', 'LICENSE', c1) });
    const fail = s.last();
    expect(fail).toMatchObject({ message: 'authenticate', message_id: 2, error: 'Authentication failed', type: 'LICENSE', name: 'LICENSE' });
    const c2 = fail.challenge as string;
    expect(c2).toMatch(/^[0-9a-f]{64}$/);
    expect(c2).not.toBe(c1);
    // the old challenge is spent
    s.send({ message: 'authenticate', res: res('pw', 'LICENSE', c1) });
    const c3 = s.last().challenge as string;
    expect(s.last().error).toBe('Authentication failed');
    s.send({ message: 'authenticate', message_id: 'ok', res: res('pw', 'LICENSE', c3) });
    expect(s.last()).toMatchObject({ message: 'authenticate', message_id: 'ok', ready: true });
    s.send({ message: 'list', message_id: 3 });
    expect(s.last()).toMatchObject({ message: 'list', message_id: 3, licenses: [] });
  });
});

describe('remote API session: messages (seed 000 §6.1, §6.3)', () => {
  it('echoes message_id and stamps time and utc on every response', () => {
    const s = open();
    s.send({ message: 'help', message_id: { x: [1] } });
    expect(s.last()).toMatchObject({ message: 'help', message_id: { x: [1] }, time: 100, utc: 1_800_000_000, events: [] });
    expect(s.last().messages).toEqual(expect.arrayContaining(['config_get', 'config_set', 'log_get', 'log_set', 'log_reset', 'license', 'quit', 'help', 'stats', 'reload', 'list', 'message']));
    s.send({ message: 'list' });
    expect(Object.hasOwn(s.last(), 'message_id')).toBe(false);
  });

  it('answers an array message by message, in order; an unknown one is an error and the rest still run', () => {
    const s = open();
    s.send([{ message: 'list', message_id: 1 }, { message: 'frobnicate', message_id: 2 }, { message: 'license', message_id: 3 }, 'x']);
    expect(s.out.slice(1).map((m) => [m.message_id, m.error ?? 'ok'])).toEqual([
      [1, 'ok'],
      [2, 'Unknown message: frobnicate'],
      [3, 'ok'],
      [undefined, 'A message must be a JSON object'],
    ]);
  });

  it('answers malformed JSON with an error and stays open', () => {
    const s = open();
    s.send('{"message": "list"');
    expect(s.last()).toMatchObject({ error: expect.stringMatching(/^Invalid JSON/), time: 100 });
    s.send({ message: 'list' });
    expect(s.last()).toMatchObject({ message: 'list', licenses: [] });
  });

  it('start_time delays a message; time is when it started', () => {
    const s = open();
    s.send({ message: 'list', start_time: 2 });
    expect(s.out).toHaveLength(1);
    s.timers.advance(1999);
    expect(s.out).toHaveLength(1);
    s.timers.advance(1);
    expect(s.last()).toMatchObject({ message: 'list', time: 102 });
  });

  it('absolute_time: start_time on the clock of `time`; too late runs at once with absolute_time "late"', () => {
    const s = open();
    s.send({ message: 'list', message_id: 'abs', start_time: 105, absolute_time: true });
    s.timers.advance(4999);
    expect(s.out).toHaveLength(1);
    s.timers.advance(1);
    expect(s.last()).toMatchObject({ message_id: 'abs', time: 105 });
    expect(s.last().absolute_time).toBeUndefined();
    s.send({ message: 'list', message_id: 'late', start_time: 1, absolute_time: true });
    expect(s.last()).toMatchObject({ message_id: 'late', absolute_time: 'late' });
  });

  it('loop_count repeats loop_count times after loop_delay from the start, with loop_index', () => {
    const s = open();
    s.send({ message: 'stats', message_id: 'L', loop_count: 2, loop_delay: 0.5 });
    expect(s.last()).toMatchObject({ message_id: 'L', loop_index: 0, time: 100 });
    s.timers.advance(500);
    expect(s.last()).toMatchObject({ loop_index: 1, time: 100.5 });
    s.timers.advance(500);
    expect(s.last()).toMatchObject({ loop_index: 2, time: 101 });
    s.timers.advance(5000);
    expect(s.out.filter((m) => m.message_id === 'L')).toHaveLength(3);
  });

  it('closing the connection cancels delayed messages unless standalone', () => {
    const s = open();
    s.send({ message: 'reload', start_time: 1 });
    s.send({ message: 'reload', start_time: 1, standalone: true, message_id: 'kept' });
    s.session.close();
    s.timers.advance(1000);
    expect(s.control.calls).toEqual(['reload by remote API test']);
    expect(s.timers.pending).toBe(0);
  });

  it('quit answers first, then stops the server', () => {
    const s = open();
    s.send({ message: 'quit', message_id: 9 });
    expect(s.last()).toMatchObject({ message: 'quit', message_id: 9 });
    expect(s.control.quits).toEqual(['remote API test']);
  });

  it('message needs its text and reaches every client', () => {
    const s = open();
    s.send({ message: 'message' });
    expect(s.last()).toMatchObject({ error: expect.stringMatching(/text is mandatory/) });
    s.send({ message: 'message', text: 'maintenance at 18:00' });
    expect(s.last()).toMatchObject({ message: 'message', clients: 0 });
    expect(s.control.sent).toEqual([{ client: '*', text: 'maintenance at 18:00' }]);
  });

  it('config_get shows the logs; config_set changes them unless com_log_lock', () => {
    const s = open();
    s.send({ message: 'config_get' });
    expect(s.last()).toMatchObject({ type: 'LICENSE', name: 'LICENSE', locked: false, logs: { layers: { license: { level: 'debug' } }, count: 100 } });
    s.send({ message: 'config_set', logs: { layers: { all: { level: 'error' } } } });
    expect(s.last().error).toBeUndefined();
    expect(s.control.logs.hub.settings.layers.license?.level).toBe('error');
    s.send({ message: 'config_set', logs: { layers: { phy: { level: 'error' } } } });
    expect(s.last().error).toMatch(/no such layer/);
    s.control.policy.locked = true;
    s.send({ message: 'config_set', logs: { layers: { license: { level: 'debug' } } } });
    // "If set and logs are locked, response will have logs property set to locked."
    expect(s.last()).toMatchObject({ message: 'config_set', logs: 'locked' });
    expect(s.control.logs.hub.settings.layers.license?.level).toBe('error');
  });

  it('log_set adds a log that log_get returns; log_reset forgets', async () => {
    const s = open();
    s.send({ message: 'log_set', log: 'marker', layer: 'license', level: 'warn', dir: 'UL', ue_id: 7 });
    expect(s.last().error).toBeUndefined();
    s.send({ message: 'log_get', message_id: 'g' });
    s.timers.advance(0);
    await flush();
    expect(s.last()).toMatchObject({ message_id: 'g', logs: [{ data: ['marker'], level: 'warn', layer: 'license', dir: 'UL', ue_id: 7, src: 'LICENSE' }] });
    s.send({ message: 'log_set', log: 'x' });
    expect(s.last().error).toMatch(/layer is mandatory/);
    s.send({ message: 'log_set', rotate: true });
    expect(s.last().error).toMatch(/no log file/);
    s.send({ message: 'log_set', log: 'gone', layer: 'license', level: 'info' });
    s.send({ message: 'log_reset' });
    s.send({ message: 'log_get', allow_empty: true, timeout: 0.1, message_id: 'empty' });
    s.timers.advance(100);
    await flush();
    expect(s.last()).toMatchObject({ message_id: 'empty', logs: [] });
  });
});
