// Generated usage histories with figures known by construction, written as
// licutil's report log, a FlexNet debug log and an RLM report log: reading
// each back gives the same peak (and when), seat-hours, checkouts, users and
// denials. Concurrency comes from the events; nothing is sampled.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feature, reportOf } from './helpers.js';
import { expected, writeFlexnet, writeLicutil, writeRlm, type History } from './writers.js';

const T0 = Date.UTC(2025, 2, 3, 6, 0, 0);
const MIN = 60_000;

const historyArb: fc.Arbitrary<History> = fc
  .record({
    sessions: fc.array(
      fc.record({
        feature: fc.constantFrom('f0', 'f1', 'f2'),
        user: fc.constantFrom('ann', 'bo', 'cy', 'di', 'ed'),
        host: fc.constantFrom('h1', 'h2', 'h3'),
        count: fc.integer({ min: 1, max: 3 }),
        // up to four days, at minute resolution
        start: fc.integer({ min: 0, max: 4 * 24 * 60 }),
        minutes: fc.integer({ min: 1, max: 20 * 60 }),
      }),
      { minLength: 1, maxLength: 40 },
    ),
    denials: fc.array(fc.record({ feature: fc.constantFrom('f0', 'f1', 'f2'), user: fc.constantFrom('ann', 'bo'), host: fc.constant('h9'), at: fc.integer({ min: 0, max: 4 * 24 * 60 }) }), { maxLength: 8 }),
    issued: fc.record({ f0: fc.integer({ min: 1, max: 8 }), f1: fc.integer({ min: 1, max: 8 }), f2: fc.integer({ min: 1, max: 8 }) }),
  })
  .map(({ sessions, denials, issued }) => ({
    sessions: sessions.map((s) => ({ feature: s.feature, user: s.user, host: s.host, count: s.count, start: T0 + s.start * MIN, end: T0 + (s.start + s.minutes) * MIN })),
    denials: denials.map((d) => ({ feature: d.feature, user: d.user, host: d.host, time: T0 + d.at * MIN })),
    issued,
  }));

const WRITERS = { licutil: { write: writeLicutil, ext: 'ndjson' }, flexnet: { write: writeFlexnet, ext: 'log' }, rlm: { write: writeRlm, ext: 'rl' } } as const;
const dir = mkdtempSync(path.join(tmpdir(), 'licutil-report-prop-'));
let n = 0;

describe('figures of generated histories', () => {
  for (const [format, w] of Object.entries(WRITERS)) {
    it(`${format}: peak and when, seat-hours, checkouts, users, denials`, async () => {
      await fc.assert(
        fc.asyncProperty(historyArb, async (h) => {
          const file = path.join(dir, `h${n++}.${w.ext}`);
          writeFileSync(file, w.write(h));
          const r = await reportOf([file]);
          expect(r.unread.count).toBe(0);
          expect(r.inputs[0]?.format).toBe(format);
          for (const name of new Set([...h.sessions.map((s) => s.feature), ...h.denials.map((d) => d.feature)])) {
            const want = expected(h, name);
            const got = feature(r, name);
            expect(got.peak, name).toBe(want.peak);
            expect(got.peak_at, name).toBe(want.peakAt === null ? null : new Date(want.peakAt).toISOString());
            expect(got.hours, name).toBeCloseTo(want.seatMs / 3_600_000, 2);
            expect(got.checkouts, name).toBe(want.checkouts);
            expect(got.distinct_users, name).toBe(want.users);
            expect(got.denials.total, name).toBe(want.denials);
            expect(got.open_at_start + got.open_at_end, name).toBe(0);
            if (format === 'rlm') {
              expect(got.issued, name).toBe(h.issued[name]);
              expect(got.denials.while_seats_free, name).toBe(want.whileFree);
            }
          }
        }),
        { numRuns: 60 },
      );
    });
  }

  it('a log cut in two (rotated), read as both pieces, gives the figures of the whole', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.double({ min: 0, max: 1, noNaN: true }), async (h, at) => {
        const text = writeLicutil(h);
        const lines = text.trimEnd().split('\n');
        const cut = Math.floor(lines.length * at);
        const base = path.join(dir, `r${n++}.ndjson`);
        writeFileSync(`${base}.1`, lines.slice(0, cut).map((l) => `${l}\n`).join(''));
        writeFileSync(base, lines.slice(cut).map((l) => `${l}\n`).join(''));
        writeFileSync(`${base}.whole`, text);
        const whole = await reportOf([`${base}.whole`]);
        const pieces = await reportOf(cut === 0 ? [base] : cut === lines.length ? [`${base}.1`] : [base, `${base}.1`]);
        expect(pieces.features).toEqual(whole.features);
      }),
      { numRuns: 40 },
    );
  });
});
