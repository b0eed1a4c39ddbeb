// The envelope of seed 000 §6.1: strict JSON, one object or an array, and the
// common request fields.
import { describe, expect, it } from 'vitest';
import { checkEnvelope, parseFrame, REMOTE_LIMITS } from '../../../../src/server/adapters/remote/protocol.js';

describe('parseFrame: "Messages ... are in strict JSON format"', () => {
  it('takes one object or an array of them', () => {
    expect(parseFrame('{"message":"list"}')).toEqual({ ok: true, items: [{ message: 'list' }] });
    expect(parseFrame('[{"message":"list"},{"message":"help"}]')).toEqual({ ok: true, items: [{ message: 'list' }, { message: 'help' }] });
  });

  it.each(["{message: 'list'}", '{"message":"list",}', '', 'NaN', '{"a":1}{"b":2}'])('refuses non-strict JSON %j with an error', (text) => {
    const r = parseFrame(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^Invalid JSON/);
  });

  it('refuses an empty array and one longer than the limit', () => {
    expect(parseFrame('[]').ok).toBe(false);
    const big = JSON.stringify(Array.from({ length: REMOTE_LIMITS.maxBatch + 1 }, () => ({ message: 'help' })));
    expect(parseFrame(big)).toMatchObject({ ok: false, error: expect.stringMatching(/Too many messages/) });
  });
});

describe('checkEnvelope', () => {
  it('needs a string message and keeps message_id of any type', () => {
    expect(checkEnvelope({ message_id: 7 })).toMatchObject({ ok: false, error: 'Missing message field', messageId: 7 });
    expect(checkEnvelope({ message: 3 })).toMatchObject({ ok: false, error: 'message must be a string' });
    expect(checkEnvelope('list')).toMatchObject({ ok: false, error: 'A message must be a JSON object' });
    const r = checkEnvelope({ message: 'list', message_id: { any: ['json'] } });
    expect(r).toMatchObject({ ok: true, request: { message: 'list', hasMessageId: true, messageId: { any: ['json'] } } });
  });

  it('"loop_delay ... Mandatory when loop_count is set > 0"', () => {
    expect(checkEnvelope({ message: 'stats', loop_count: 2 })).toMatchObject({ ok: false, error: expect.stringMatching(/loop_delay is mandatory/) });
    expect(checkEnvelope({ message: 'stats', loop_count: 0 })).toMatchObject({ ok: true });
    expect(checkEnvelope({ message: 'stats', loop_count: 2, loop_delay: 0.5 })).toMatchObject({ ok: true, request: { loopCount: 2, loopDelay: 0.5 } });
  });

  it('"loop_count: max = 1000000", "loop_delay: min = 0.1, max = 86400"', () => {
    expect(checkEnvelope({ message: 'stats', loop_count: 1_000_001, loop_delay: 1 }).ok).toBe(false);
    expect(checkEnvelope({ message: 'stats', loop_count: 1.5, loop_delay: 1 }).ok).toBe(false);
    expect(checkEnvelope({ message: 'stats', loop_count: 1, loop_delay: 0.05 }).ok).toBe(false);
    expect(checkEnvelope({ message: 'stats', loop_count: 1, loop_delay: 86_401 }).ok).toBe(false);
    expect(checkEnvelope({ message: 'stats', loop_count: 1_000_000, loop_delay: 86_400 }).ok).toBe(true);
  });

  it('checks start_time, absolute_time and standalone', () => {
    expect(checkEnvelope({ message: 'list', start_time: -1 }).ok).toBe(false);
    expect(checkEnvelope({ message: 'list', start_time: '1' }).ok).toBe(false);
    expect(checkEnvelope({ message: 'list', absolute_time: true }).ok).toBe(false);
    expect(checkEnvelope({ message: 'list', standalone: 1 }).ok).toBe(false);
    expect(checkEnvelope({ message: 'list', start_time: 2.5, absolute_time: true, standalone: true })).toMatchObject({
      ok: true,
      request: { startTime: 2.5, absoluteTime: true, standalone: true },
    });
  });
});
