// Whatever a client sends, the session never throws and answers every frame:
// one response per message of an immediate request, errors included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogStream } from '../../../../src/server/adapters/remote/log-get.js';
import { RemoteSession } from '../../../../src/server/adapters/remote/session.js';
import { fakeControl, FakeTimers } from './fixtures.js';

function session() {
  const timers = new FakeTimers();
  const control = fakeControl(timers);
  const out: string[] = [];
  const buffer = control.logs.hub.buffer;
  const s = new RemoteSession({
    control,
    send: (t) => out.push(t),
    clock: { processSeconds: () => timers.now / 1000, utcSeconds: () => 1e9 },
    timers,
    random: (n) => new Uint8Array(n),
    auth: null,
    logStream: new LogStream(buffer, buffer.openReader(), timers, { src: 'LICENSE', microseconds: () => false, headers: () => [] }),
    who: 'fuzz',
    onInternalError: (m) => {
      throw new Error(`internal error: ${m}`);
    },
  });
  s.start();
  out.length = 0;
  return { s, out, control };
}

// messages that answer at once and change nothing outside the session
const SAFE = ['config_get', 'license', 'help', 'stats', 'list', 'log_set', 'nonsense', ''];

describe('remote API session under random input', () => {
  it('arbitrary text: never throws, always answers, every answer is JSON with time and utc', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const { s, out } = session();
        s.receive(text);
        expect(out.length).toBeGreaterThan(0);
        for (const o of out) expect(JSON.parse(o)).toMatchObject({ time: expect.any(Number), utc: expect.any(Number) });
      }),
    );
  });

  it('random messages: one answer each, message_id echoed', () => {
    const msg = fc.record(
      {
        message: fc.oneof(fc.constantFrom(...SAFE), fc.anything()),
        message_id: fc.jsonValue(),
        log: fc.oneof(fc.string(), fc.integer()),
        layer: fc.constantFrom('license', 'x', 3),
        level: fc.constantFrom('info', 'none', 'loud'),
        max: fc.oneof(fc.integer(), fc.string()),
      },
      { requiredKeys: ['message_id'] },
    );
    fc.assert(
      fc.property(fc.array(msg, { minLength: 1, maxLength: 20 }), (msgs) => {
        const { s, out } = session();
        s.receive(JSON.stringify(msgs));
        expect(out).toHaveLength(msgs.length);
        out.forEach((o, i) => expect(JSON.parse(o).message_id).toEqual(JSON.parse(JSON.stringify(msgs[i]?.message_id ?? null))));
      }),
    );
  });
});
