// RLM's std OUT and IN records read from their bytes (src/legacy/logs/rlm-bytes.ts)
// give the events the text reading gives, and every other line is left to it:
// odd quoting, times of other shapes, unknown checkin codes, non-ASCII, the
// small format, other records, midnight and year ends crossed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rlmParser } from '../../../src/legacy/logs/rlm-report.js';
import { bytesAndText } from './helpers.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const when = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
  .chain(([mo, d, h, m, s]) =>
    fc.constantFrom(`${p2(mo)}/${p2(d)} ${p2(h)}:${p2(m)}:${p2(s)}`, `${mo}/${d} ${h}:${p2(m)}:${p2(s)}`, `${p2(mo)}/${p2(d)} ${p2(h)}:${p2(m)}`, `${p2(mo)}/${p2(d)} ${p2(h)}:${p2(m)}:${p2(s)}.25`, `${p2(h)}:${p2(m)}`),
  );
const name = fc.constantFrom('solver', '"solver"', '""', 'sö', 'a"b', '"a b"', '1/2');
const who = fc.constantFrom('alice', '""', 'bob', 'é');
const num = fc.constantFrom('1', '2', '0', 'x', '1e3', '12345678', '');
const handle = fc.constantFrom('1a2b', '""', 'ff', '0');
const sp = fc.constantFrom(' ', '  ', '\t');
const out = fc
  .tuple(name, who, who, num, handle, when, sp)
  .map(([f, u, h, c, hd, t, s]) => ['OUT', f, '1.0', '1', u, h, '""', c, '10', '0', hd, '0', '10f2', '""', '"solver"', '"1.0"', t].join(s));
const checkin = fc
  .tuple(fc.constantFrom('1', '2', '3', '4', '6', '11', '01', '12', 'x'), name, who, who, num, handle, when, sp)
  .map(([why, f, u, h, c, hd, t, s]) => ['IN', why, f, '1.0', u, h, '""', c, '9', '0', hd, t].join(s));
const other = fc.constantFrom('OUT solver 1.0 alice ws1 "" 1 b2 0 09:10', 'IN 1 1 b2 09:40', 'DENY solver 1.0 carol ws3 "" 1 -22 1 03/04 09:50:00', 'INUSE solver 1.0 1 dave ws4 "" 1 b9 03/04 09:00:00', 'END 03/05/2025 00:00', 'OUT', 'IN 1', '');

describe('RLM records read from their bytes', () => {
  it('give the events read from their text, and leave every other line to it', () => {
    let taken = 0;
    let lines = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof({ arbitrary: out, weight: 3 }, { arbitrary: checkin, weight: 3 }, { arbitrary: other, weight: 1 }), { minLength: 1, maxLength: 10 }), (records) => {
        const all = ['RLM Report Log Format 0, version 15.1, authenticated', 'ISV: acme, RLM version 15.1 BL2', 'START srv 03/04/2025 09:00', ...records];
        const r = bytesAndText(() => rlmParser({ server: 'rl', timeZone: 'Europe/Paris', fallbackDate: { year: 2025, month: 12, day: 31 } }), all);
        expect(r.got).toEqual(r.want);
        for (const [w, g] of r.whys) expect(g).toBe(w);
        taken += r.taken;
        lines += all.length;
      }),
      { numRuns: 1500 },
    );
    expect(taken).toBeGreaterThan(300);
    expect(lines - taken).toBeGreaterThan(1000);
  });
});
