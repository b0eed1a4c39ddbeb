// The per-client limiter of denials and queue lines on its own: the first N of a
// minute one by one, the rest summed per event, product and reason at the end of
// the minute, every client apart, and the server log naming the noisy ones.
import { describe, expect, it } from 'vitest';
import { LimitedLog } from '../../../src/server/adapters/report/limited-log.js';
import type { ReportEntry } from '../../../src/server/adapters/report/report-entry.js';

function denial(user: string, from: string, product = 'cad', code = 'LICUTIL_E_ALL_IN_USE'): ReportEntry {
  return { time: '2026-06-15T12:00:00.000Z', event: 'denial', user, host: 'h', product, version: '1.0', handle: null, isv: 'demo', count: 1, pid: 1, code, from };
}

function wait(event: 'queue' | 'dequeue', user: string, from: string, reason?: 'timeout' | 'cancelled'): ReportEntry {
  const e: ReportEntry = { time: '2026-06-15T12:00:00.000Z', event, user, host: 'h', product: 'cad', version: '1.0', handle: null, isv: 'demo', count: 1, pid: 1, ticket: 't', from };
  if (event === 'queue') e.position = 1;
  if (reason === 'timeout') e.code = 'LICUTIL_E_TIMED_OUT';
  if (reason) e.reason = reason;
  return e;
}

function setup(perMinute = 3) {
  const written: ReportEntry[] = [];
  const warned: string[] = [];
  let fire: (() => void) | null = null;
  const log = new LimitedLog({
    write: (e) => written.push(...e),
    perMinute,
    nowIso: () => '2026-06-15T12:01:00.000Z',
    warn: (l) => warned.push(l),
    timers: { setTimeout: (fn) => ((fire = fn), 1), clearTimeout: () => (fire = null) },
  });
  return { log, written, warned, minute: () => fire?.() };
}

describe('LimitedLog', () => {
  it('writes the first N denials of a client one by one and sums the rest per product and reason', () => {
    const { log, written, warned, minute } = setup();
    for (let i = 0; i < 10; i++) log.add(denial('eve', '10.0.0.9'));
    for (let i = 0; i < 4; i++) log.add(denial('eve', '10.0.0.9', 'cam', 'LICUTIL_E_NO_SUCH_PRODUCT'));
    log.add(denial('bob', '10.0.0.7'));
    expect(written.map((e) => e.user)).toEqual(['eve', 'eve', 'eve', 'bob']);
    minute();
    const sums = written.filter((e) => e.event === 'denials');
    expect(sums).toEqual([
      expect.objectContaining({ user: 'eve', from: '10.0.0.9', product: 'cad', code: 'LICUTIL_E_ALL_IN_USE', times: 7, since: '2026-06-15T12:00:00.000Z', time: '2026-06-15T12:01:00.000Z' }),
      expect.objectContaining({ product: 'cam', code: 'LICUTIL_E_NO_SUCH_PRODUCT', times: 4 }),
    ]);
    expect(warned).toEqual([expect.stringMatching(/^11 more denial\(s\) from 10\.0\.0\.9 eve@h in the last minute/)]);
    // a new minute: one by one again
    log.add(denial('eve', '10.0.0.9'));
    expect(written.at(-1)?.event).toBe('denial');
  });

  it('the same user from another address is another client; 0 writes everything', () => {
    const { log, written } = setup(1);
    log.add(denial('eve', '10.0.0.9'));
    log.add(denial('eve', '10.0.0.8'));
    expect(written).toHaveLength(2);
    const all = setup(0);
    for (let i = 0; i < 50; i++) all.log.add(denial('eve', '10.0.0.9'));
    expect(all.written).toHaveLength(50);
  });

  it('an address naming a new user with every denial writes 10 × N lines one by one, then its denials are summed without a user; other addresses keep theirs', () => {
    const { log, written, warned, minute } = setup(3);
    for (let i = 0; i < 500; i++) log.add(denial(`m${i}`, '10.0.0.9'));
    // a colleague behind the same address who was already written keeps being counted as herself
    log.add(denial('bob', '10.0.0.7'));
    expect(written.filter((e) => e.from === '10.0.0.9')).toHaveLength(30);
    minute();
    const sums = written.filter((e) => e.event === 'denials');
    expect(sums).toEqual([expect.objectContaining({ user: null, host: null, from: '10.0.0.9', product: 'cad', times: 470 })]);
    expect(written.filter((e) => e.from === '10.0.0.7')).toHaveLength(1);
    expect(warned).toEqual([expect.stringMatching(/^470 more denial\(s\) from 10\.0\.0\.9 \(many users\) in the last minute/)]);
  });

  it('endMinute (the server stopping) writes what is counted', () => {
    const { log, written } = setup(1);
    for (let i = 0; i < 5; i++) log.add(denial('eve', '10.0.0.9'));
    log.endMinute();
    expect(written.reduce((n, e) => n + (e.times ?? 1), 0)).toBe(5);
  });

  it("queue entries and exits share the client's budget with its denials and are summed as queues / dequeues lines per reason", () => {
    const { log, written, warned, minute } = setup(4);
    log.add(denial('eve', '10.0.0.9'));
    for (let i = 0; i < 20; i++) {
      log.add(wait('queue', 'eve', '10.0.0.9'));
      log.add(wait('dequeue', 'eve', '10.0.0.9', i % 2 ? 'cancelled' : 'timeout'));
    }
    // a colleague's wait on another address is written
    log.add(wait('queue', 'bob', '10.0.0.7'));
    expect(written.map((e) => `${e.user}:${e.event}`)).toEqual(['eve:denial', 'eve:queue', 'eve:dequeue', 'eve:queue', 'bob:queue']);
    minute();
    const sums = written.filter((e) => e.times !== undefined);
    expect(sums).toEqual([
      expect.objectContaining({ event: 'dequeues', user: 'eve', from: '10.0.0.9', reason: 'cancelled', times: 10, since: '2026-06-15T12:00:00.000Z' }),
      expect.objectContaining({ event: 'queues', times: 18 }),
      expect.objectContaining({ event: 'dequeues', reason: 'timeout', code: 'LICUTIL_E_TIMED_OUT', times: 9 }),
    ]);
    expect(sums.every((e) => e.ticket === undefined && e.position === undefined)).toBe(true);
    // every line is in the file once, one by one or in a sum
    const n = (ev: string) => written.filter((e) => e.user === 'eve' && (e.event === ev || e.event === `${ev}s`)).reduce((k, e) => k + (e.times ?? 1), 0);
    expect([n('denial'), n('queue'), n('dequeue')]).toEqual([1, 20, 20]);
    expect(warned).toEqual([expect.stringMatching(/^37 more queue line\(s\) from 10\.0\.0\.9 eve@h in the last minute/)]);
  });

  it('names denials and queue lines apart in the server log', () => {
    const { log, warned, minute } = setup(1);
    for (let i = 0; i < 3; i++) log.add(denial('eve', '10.0.0.9'));
    for (let i = 0; i < 2; i++) log.add(wait('queue', 'eve', '10.0.0.9'));
    minute();
    expect(warned).toEqual([expect.stringMatching(/^2 more denial\(s\) and 2 more queue line\(s\) from 10\.0\.0\.9 eve@h in the last minute/)]);
  });
});
