// The wall clock may jump (an administrator sets the date, NTP steps it, a VM
// resumes): leases, waits and holds run on the monotonic clock, so a jump of a
// day either way neither expires a lease early nor keeps one alive past its
// time. Dates — a license's expiry — follow the wall clock, as they must.
// Tested on the pure pool manager with a clock whose two halves the test moves
// apart, and as a property: the same operations under a jumping wall clock and
// under a steady one reclaim the same leases at the same monotonic moments.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PoolManager } from '../../src/server/core/pool/manager.js';
import type { Clock, PoolEvent } from '../../src/server/core/pool/types.js';
import { counterBytes, handleOf, pool, req } from '../unit/server/pool-fixtures.js';
import { recordFigures, scaled } from './support/figures.js';

const DAY = 86_400_000;

/** Monotonic time only moves forward with `tick`; wall time also jumps. */
class JumpingClock implements Clock {
  mono = 5_000_000;
  wall = Date.parse('2026-06-15T12:00:00Z');
  monotonicMs(): number {
    return this.mono;
  }
  wallMs(): number {
    return this.wall;
  }
  tick(ms: number): void {
    this.mono += ms;
    this.wall += ms;
  }
  jump(ms: number): void {
    this.wall += ms;
  }
}

function setup(defs = [pool({ id: 'p', count: 2 })]) {
  const clock = new JumpingClock();
  const m = new PoolManager(defs, { clock, randomBytes: counterBytes() });
  return { clock, m };
}

const live = (m: PoolManager) => m.status({ includeProtected: true }).pools.flatMap((p) => p.checkouts.map((c) => c.handle));
let checked = 0;
afterAll(() => recordFigures('clock', { scenarios: checked, violations: 0 }));

describe('wall-clock jumps do not touch leases, waits and holds', () => {
  for (const jump of [DAY, -DAY]) {
    const dir = jump > 0 ? 'forward' : 'backward';
    it(`a jump of a day ${dir}: a 60 s lease lives exactly 60 s of monotonic time after its last renewal`, () => {
      const { clock, m } = setup();
      const h = handleOf(m.checkout(req({ leaseMs: 60_000 })));
      clock.jump(jump);
      clock.tick(59_999);
      m.advance();
      expect(live(m)).toEqual([h]);
      expect(m.heartbeat(h).result.kind).toBe('ok');
      clock.jump(-jump);
      clock.tick(59_999);
      expect(m.advance().events.filter((e) => e.type === 'reclaim')).toEqual([]);
      expect(live(m)).toEqual([h]);
      clock.tick(1);
      const reclaimed = m.advance().events.filter((e): e is Extract<PoolEvent, { type: 'reclaim' }> => e.type === 'reclaim');
      expect(reclaimed.map((e) => e.lease.handle)).toEqual([h]);
      expect(m.nextDeadlineMs()).not.toBe(null);
      checked++;
    });

    it(`a jump of a day ${dir}: a 10 s wait ends after 10 s, hold=5 releases after 5 s`, () => {
      const { clock, m } = setup([pool({ id: 'p', count: 1, hold: 5 })]);
      const h = handleOf(m.checkout(req({ user: 'a' })));
      const q = m.checkout(req({ user: 'b', waitMs: 10_000 }));
      expect(q.result.kind).toBe('queued');
      clock.jump(jump);
      clock.tick(9_999);
      expect(m.advance().events.map((e) => e.type)).not.toContain('wait-timeout');
      clock.tick(1);
      expect(m.advance().events.map((e) => e.type)).toContain('wait-timeout');
      // the seat stays held 5 s after the checkin, whatever the wall clock does
      m.checkin(h);
      clock.jump(-jump);
      clock.tick(4_999);
      expect(m.advance().events.map((e) => e.type)).not.toContain('hold-release');
      expect(m.checkout(req({ user: 'c' })).result.kind).toBe('denial');
      clock.tick(1);
      expect(m.advance().events.map((e) => e.type)).toContain('hold-release');
      expect(m.checkout(req({ user: 'c' })).result.kind).toBe('grant');
      checked++;
    });
  }

  it('dates follow the wall clock: a license that ends tomorrow stops granting when the date passes it', () => {
    const tomorrow = new Date(Date.parse('2026-06-16T00:00:00Z')).toISOString();
    const { clock, m } = setup([pool({ id: 'p', count: 5, expiresIso: tomorrow })]);
    const h = handleOf(m.checkout(req({ leaseMs: 60_000 })));
    clock.jump(2 * DAY);
    const r = m.checkout(req({ user: 'late' })).result;
    expect(r.kind === 'denial' && r.code).toBe('LICUTIL_E_EXPIRED');
    // the lease already granted is not cut short by the date: it ends on its own time
    expect(live(m)).toEqual([h]);
    checked++;
  });

  it('property: the same operations under a wall clock jumping ±1 day and under a steady one end the same leases at the same moments', () => {
    type Op = { kind: 'tick'; ms: number } | { kind: 'jump'; ms: number } | { kind: 'checkout'; lease: number } | { kind: 'renew'; i: number } | { kind: 'checkin'; i: number } | { kind: 'wait'; ms: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 40_000 }) }),
      fc.record({ kind: fc.constant('jump' as const), ms: fc.constantFrom(DAY, -DAY, 3_600_000, -3_600_000, 365 * DAY) }),
      fc.record({ kind: fc.constant('checkout' as const), lease: fc.integer({ min: 1_000, max: 30_000 }) }),
      fc.record({ kind: fc.constant('checkout' as const), lease: fc.integer({ min: 1_000, max: 30_000 }) }),
      fc.record({ kind: fc.constant('renew' as const), i: fc.nat() }),
      fc.record({ kind: fc.constant('checkin' as const), i: fc.nat() }),
      fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 60_000 }) }),
    );
    const run = (ops: Op[], jumps: boolean): string[] => {
      const { clock, m } = setup([pool({ id: 'p', count: 2, hold: 2 })]);
      const handles: string[] = [];
      const trace: string[] = [];
      const note = (evs: readonly PoolEvent[]) => {
        for (const e of evs) if (e.type !== 'denial' && e.type !== 'queue') trace.push(`${clock.mono}:${e.type}`);
      };
      for (const o of ops) {
        if (o.kind === 'tick') {
          clock.tick(o.ms);
          note(m.advance().events);
        } else if (o.kind === 'jump') {
          if (jumps) clock.jump(o.ms);
        } else if (o.kind === 'checkout' || o.kind === 'wait') {
          const s = m.checkout(req({ pid: handles.length, ...(o.kind === 'checkout' ? { leaseMs: o.lease } : { waitMs: o.ms }) }));
          note(s.events);
          if (s.result.kind === 'grant') handles.push(s.result.handle);
          trace.push(`${clock.mono}:${s.result.kind}`);
        } else if (handles.length > 0) {
          const h = handles[o.i % handles.length] as string;
          const s = o.kind === 'renew' ? m.heartbeat(h) : m.checkin(h);
          note(s.events);
          trace.push(`${clock.mono}:${o.kind}:${s.result.kind}`);
        }
      }
      trace.push(`live:${live(m).length}`);
      return trace;
    };
    let reclaims = 0;
    let timeouts = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 80 }), (ops) => {
        checked++;
        const t = run(ops, true);
        reclaims += t.filter((x) => x.endsWith(':reclaim')).length;
        timeouts += t.filter((x) => x.endsWith(':wait-timeout') || x.endsWith(':wait-granted')).length;
        expect(t).toEqual(run(ops, false));
      }),
      { numRuns: scaled(2_000, 100_000) },
    );
    // not vacuous: leases lapsed and waits ended (timed out or served) under the jumps
    expect({ reclaims: reclaims > 100, timeouts: timeouts > 100 }).toEqual({ reclaims: true, timeouts: true });
  });
});
