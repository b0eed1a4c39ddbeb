// log_get's waiting rules (seed 000 §6.5) on a clock the test moves.
import { describe, expect, it } from 'vitest';
import { LogBuffer } from '../../../../src/server/adapters/logging/log-buffer.js';
import { LogStream, parseLogGet, type LogRender } from '../../../../src/server/adapters/remote/log-get.js';
import type { JsonObject } from '../../../../src/server/adapters/remote/protocol.js';
import { FakeTimers } from './fixtures.js';

const render: LogRender = { src: 'LICENSE', microseconds: () => false, headers: () => ['h1'] };

function setup() {
  const timers = new FakeTimers();
  const buffer = new LogBuffer(100);
  const stream = new LogStream(buffer, buffer.openReader(), timers, render);
  const replies: JsonObject[] = [];
  const push = (t: string, more: string[] = []) => buffer.push({ timestampUs: 1_700_000_000_123_456, layer: 'license', level: 'info', data: [t, ...more] });
  const ask = (body: JsonObject) => stream.request(parseLogGet(body), (r) => replies.push(r));
  const logs = (i: number) => ((replies[i]?.logs ?? []) as Array<{ data: string[] }>).map((l) => l.data.join('|'));
  return { timers, buffer, stream, replies, push, ask, logs };
}

describe('log_get', () => {
  it('answers on the next turn once min logs are there, with the documented fields', () => {
    const s = setup();
    s.push('a', ['second line']);
    s.ask({});
    expect(s.replies).toHaveLength(0);
    s.timers.advance(0);
    expect(s.replies[0]).toEqual({
      logs: [{ data: ['a', 'second line'], timestamp: 1_700_000_000_123, layer: 'license', level: 'info', src: 'LICENSE', idx: 0 }],
    });
  });

  it('"min: Response won\'t be sent until this limit is reached (Unless timeout occurs)"', () => {
    const s = setup();
    s.ask({ min: 3, timeout: 2 });
    s.push('a');
    s.timers.advance(1500);
    s.push('b');
    s.timers.advance(1500);
    expect(s.replies).toHaveLength(0);
    s.push('c');
    s.timers.advance(0);
    expect(s.logs(0)).toEqual(['a', 'b', 'c']);
  });

  it('"timeout: If at least 1 log is available and no more logs have been generated for this time, response will be sent"', () => {
    const s = setup();
    s.ask({ min: 10, timeout: 1 });
    s.push('a');
    s.timers.advance(999);
    expect(s.replies).toHaveLength(0);
    s.timers.advance(1);
    expect(s.logs(0)).toEqual(['a']);
  });

  it('without allow_empty waits for a log; with it, answers empty after timeout', () => {
    const s = setup();
    s.ask({ timeout: 1 });
    s.timers.advance(10_000);
    expect(s.replies).toHaveLength(0);
    s.stream.close();
    const t = setup();
    t.ask({ timeout: 1, allow_empty: true });
    t.timers.advance(1000);
    expect(t.replies[0]).toEqual({ logs: [] });
  });

  it('"max: Maximum logs sent in a response"; the rest waits for the next request', () => {
    const s = setup();
    for (const t of ['a', 'b', 'c']) s.push(t);
    s.ask({ max: 2 });
    expect(s.logs(0)).toEqual(['a', 'b']);
    s.ask({ max: 2 });
    s.timers.advance(0);
    expect(s.logs(1)).toEqual(['c']);
  });

  it('"If a request is sent before previous request has been replied, previous request will be replied right now"', () => {
    const s = setup();
    s.ask({ min: 5 });
    s.push('a');
    s.ask({ min: 5 });
    expect(s.logs(0)).toEqual(['a']);
    expect(s.replies).toHaveLength(1);
  });

  it('short, headers, layers and discontinuity', () => {
    const s = setup();
    const small = new LogBuffer(2);
    const stream = new LogStream(small, small.openReader(), s.timers, { ...render, microseconds: () => true });
    for (const t of ['a', 'b', 'c']) small.push({ timestampUs: 5, layer: 'license', level: 'debug', data: [t, 'more'] });
    const out: JsonObject[] = [];
    stream.request(parseLogGet({ short: true, headers: true }), (r) => out.push(r));
    s.timers.advance(0);
    expect(out[0]).toEqual({
      logs: [
        { data: ['b'], timestamp_us: 5, layer: 'license', level: 'debug', src: 'LICENSE', idx: 1 },
        { data: ['c'], timestamp_us: 5, layer: 'license', level: 'debug', src: 'LICENSE', idx: 2 },
      ],
      discontinuity: 1,
      microseconds: true,
      headers: ['h1'],
    });
    small.push({ timestampUs: 5, layer: 'license', level: 'debug', data: ['d'] });
    stream.request(parseLogGet({ layers: { license: 'info' }, allow_empty: true, timeout: 0.5 }), (r) => out.push(r));
    s.timers.advance(500);
    expect(out[1]).toMatchObject({ logs: [] });
  });

  it('refuses bad parameters', () => {
    expect(() => parseLogGet({ max: 0 })).toThrow(/max/);
    expect(() => parseLogGet({ layers: { license: 'loud' } })).toThrow(/layers.license/);
    expect(() => parseLogGet({ layers: [] })).toThrow(/layers/);
    expect(() => parseLogGet({ allow_empty: 'yes' })).toThrow(/allow_empty/);
  });
});
