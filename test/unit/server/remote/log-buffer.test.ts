// The memory of logs behind log_get (seed 000 §6.5): per-connection cursors,
// "logs that have been provided in a response won't be part of subsequent
// request", discontinuity on overflow, log_reset.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogBuffer, matches, type NewEntry } from '../../../../src/server/adapters/logging/log-buffer.js';

const entry = (text: string, extra: Partial<NewEntry> = {}): NewEntry => ({ timestampUs: 1_000_000, layer: 'license', level: 'info', data: [text], ...extra });
const texts = (es: { data: string[] }[]) => es.map((e) => e.data[0]);

describe('LogBuffer', () => {
  it('gives each reader every entry once, in order', () => {
    const b = new LogBuffer(10);
    b.push(entry('a'));
    const r1 = b.openReader();
    b.push(entry('b'));
    expect(texts(b.read(r1, {}, 100).entries)).toEqual(['a', 'b']);
    expect(b.read(r1, {}, 100).entries).toEqual([]);
    b.push(entry('c'));
    expect(texts(b.read(r1, {}, 100).entries)).toEqual(['c']);
    // a new connection starts from the oldest kept
    const r2 = b.openReader();
    expect(texts(b.read(r2, {}, 2).entries)).toEqual(['a', 'b']);
    expect(texts(b.read(r2, {}, 2).entries)).toEqual(['c']);
  });

  it('keeps the last `capacity` entries and reports what a reader lost as discontinuity', () => {
    const b = new LogBuffer(3);
    const r = b.openReader();
    for (const t of ['a', 'b', 'c', 'd', 'e']) b.push(entry(t));
    const res = b.read(r, {}, 100);
    expect(res.discontinuity).toBe(2);
    expect(texts(res.entries)).toEqual(['c', 'd', 'e']);
    expect(b.read(r, {}, 100).discontinuity).toBe(0);
  });

  it('log_reset empties it without reporting a loss', () => {
    const b = new LogBuffer(3);
    const r = b.openReader();
    b.push(entry('a'));
    b.push(entry('b'));
    b.reset();
    b.push(entry('c'));
    expect(b.length).toBe(1);
    expect(b.read(r, {}, 100)).toMatchObject({ discontinuity: 0, entries: [{ data: ['c'], idx: 2 }] });
  });

  it('passes over entries the filter refuses, for good', () => {
    const b = new LogBuffer(10);
    const r = b.openReader();
    b.push(entry('d1', { level: 'debug' }));
    b.push(entry('i1'));
    b.push(entry('x', { layer: 'other', level: 'error' }));
    const res = b.read(r, { layers: { license: 'info' } }, 100);
    // "If layers is not set, all layers level will be set to debug, else it will be set to none."
    expect(texts(res.entries)).toEqual(['i1']);
    expect(b.read(r, {}, 100).entries).toEqual([]);
  });

  it('stops at max_size once one entry is taken, and at max', () => {
    const b = new LogBuffer(10);
    const r = b.openReader();
    for (const t of ['a', 'b', 'c', 'd']) b.push(entry(t));
    expect(texts(b.read(r, {}, 100, 25, () => 10).entries)).toEqual(['a', 'b']);
    expect(texts(b.read(r, {}, 1, 5, () => 10).entries)).toEqual(['c']);
    expect(texts(b.read(r, {}, 100).entries)).toEqual(['d']);
  });

  it('filters on ue_id, rnti and timestamps (ms)', () => {
    const e = { idx: 0, ...entry('a', { ueId: 3, timestampUs: 5_000_000 }) };
    expect(matches(e, { ueId: 3 })).toBe(true);
    expect(matches(e, { ueId: 4 })).toBe(false);
    expect(matches(e, { rnti: 1 })).toBe(false);
    expect(matches(e, { startMs: 5000, endMs: 5000 })).toBe(true);
    expect(matches(e, { startMs: 5001 })).toBe(false);
    expect(matches(e, { endMs: 4999 })).toBe(false);
  });

  it('resize keeps the newest entries that fit', () => {
    const b = new LogBuffer(5);
    for (const t of ['a', 'b', 'c', 'd']) b.push(entry(t));
    b.resize(2);
    const r = b.openReader();
    expect(texts(b.read(r, {}, 100).entries)).toEqual(['c', 'd']);
    b.push(entry('e'));
    expect(texts(b.read(r, {}, 100).entries)).toEqual(['e']);
  });

  it('property: delivered + lost = pushed, never twice, always in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.oneof(fc.constant('push'), fc.integer({ min: 1, max: 5 })), { maxLength: 80 }), (cap, ops) => {
        const b = new LogBuffer(cap);
        const r = b.openReader();
        let pushed = 0;
        let seen = 0;
        let lost = 0;
        let last = -1;
        const drain = (max: number) => {
          const res = b.read(r, {}, max);
          lost += res.discontinuity;
          for (const e of res.entries) {
            expect(e.idx).toBeGreaterThan(last);
            last = e.idx;
            seen++;
          }
        };
        for (const op of ops) {
          if (op === 'push') b.push(entry(String(pushed++)));
          else drain(op);
        }
        drain(Infinity);
        expect(seen + lost).toBe(pushed);
      }),
    );
  });
});
