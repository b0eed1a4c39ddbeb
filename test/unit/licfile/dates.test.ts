// The license file reader judges dates with the model's one date reader
// (licfile/dates.ts), so a date the model cannot use is a located error in the
// file, and a date the model reads is never an error there.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLicenseDate } from '../../../src/licfile/dates.js';
import type { Dialect } from '../../../src/licfile/types.js';
import { parse } from './helpers.js';

const rlm = (date: string, attrs = ''): string => `LICENSE acme solver 1.0 ${date} 5 ${attrs}sig=x\n`;
const flexlm = (date: string, attrs = ''): string => `INCREMENT solver acme 1.0 ${date} 5 ${attrs}SIGN=00\n`;

const dateErrors = (text: string, dialect: Dialect) =>
  parse(text, { dialect }).diagnostics.filter((d) => d.code === 'LIC_BAD_DATE');

describe('impossible dates are located errors with a fix', () => {
  it.each([
    ['31-feb-2026', 'February 2026 has 28 days'],
    ['29-feb-2025', 'February 2025 has 28 days'],
    ['2026-02-30', 'February 2026 has 28 days'],
    ['31-apr-2027', 'April 2027 has 30 days'],
  ])('the RLM expiry %s: %s', (date, why) => {
    const [d, ...rest] = dateErrors(rlm(date), 'rlm');
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ severity: 'error', file: 'test.lic', line: 1, column: 25 });
    expect(d?.message).toBe(`The expiration date "${date}" is not a date: ${why}.`);
    expect(d?.hint).toMatch(/Ask the vendor/);
  });

  it('in a FlexLM expiry and in start= / START= / ISSUED= attributes', () => {
    expect(dateErrors(flexlm('30-feb-2026'), 'flexlm').map((d) => [d.line, d.column])).toEqual([[1, 27]]);
    expect(dateErrors(rlm('permanent', 'start=31-jun-2026 '), 'rlm').map((d) => [d.column, d.message])).toEqual([
      [43, 'The start date "31-jun-2026" is not a date: June 2026 has 30 days.'],
    ]);
    expect(dateErrors(flexlm('permanent', 'START=2026-13-01 '), 'flexlm')[0]?.message).toBe(
      'The START date "2026-13-01" is not a date: there is no month 13.',
    );
    expect(dateErrors(flexlm('permanent', 'ISSUED=32-jan-2026 '), 'flexlm')).toHaveLength(1);
  });

  it('a leap day is a date, and an unknown month name says so', () => {
    expect(dateErrors(rlm('29-feb-2028'), 'rlm')).toEqual([]);
    expect(dateErrors(rlm('1-foo-2026'), 'rlm')[0]?.message).toBe('The expiration date "1-foo-2026" is not a date: "foo" is not a month (jan, feb, ... dec).');
  });
});

describe('FlexLM forms', () => {
  it('jan-01-0 and the bare 0 are non-expiring dates in a FlexLM file', () => {
    expect(dateErrors(flexlm('jan-01-0'), 'flexlm')).toEqual([]);
    expect(dateErrors(flexlm('0'), 'flexlm')).toEqual([]);
    expect(dateErrors(flexlm('feb-30-2026'), 'flexlm')[0]?.message).toContain('February 2026 has 28 days');
  });

  it('are not dates in an RLM file, and the error says why', () => {
    for (const date of ['jan-01-0', '0']) {
      expect(dateErrors(rlm(date), 'rlm')[0]?.message).toBe(
        `The expiration date "${date}" is not a date: that is a FlexLM form, not one of an RLM file.`,
      );
    }
  });
});

describe('the reader and the model agree on every date', () => {
  const dateish = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom('jan', 'Feb', 'apr', 'JUN', 'sep', 'xyz'), fc.integer({ min: 0, max: 2100 })).map(
      ([d, m, y]) => `${d}-${m}-${y}`,
    ),
    fc.tuple(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 33 })).map(
      ([y, m, d]) => `${y}-${m}-${d}`,
    ),
    fc.tuple(fc.constantFrom('jan', 'feb', 'nov'), fc.integer({ min: 0, max: 33 }), fc.integer({ min: 0, max: 2100 })).map(
      ([m, d, y]) => `${m}-${d}-${y}`,
    ),
    fc.constantFrom('0', 'permanent', 'PERMANENT', 'never', '1-jan-'),
  );

  it('a date is an error in the file exactly when the model reads no date from it', () => {
    fc.assert(
      fc.property(dateish, fc.constantFrom<Dialect>('rlm', 'flexlm'), (date, dialect) => {
        const text = dialect === 'rlm' ? rlm(date) : flexlm(date);
        const reader = dateErrors(text, dialect).length === 0;
        expect(reader).toBe(parseLicenseDate(date, dialect) !== null);
      }),
      { numRuns: 2000 },
    );
  });
});
