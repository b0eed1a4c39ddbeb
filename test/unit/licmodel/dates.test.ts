import { describe, expect, it } from 'vitest';
import {
  daysUntil,
  expiryInstant,
  formatIsoDate,
  isExpired,
  isStarted,
  parseExptime,
  parseLicenseDate,
  readLicenseDate,
} from '../../../src/licfile/dates.js';

const iso = (s: string): string | null => {
  const d = parseLicenseDate(s);
  return d === null ? null : formatIsoDate(d);
};

describe('parseLicenseDate', () => {
  it.each([
    // "in the form dd-mmm-yyyy, for example, 1-jul-2007"
    ['1-jul-2007', '2007-07-01'],
    ['01-jan-2023', '2023-01-01'],
    ['31-DEC-2025', '2025-12-31'],
    ['02-Aug-2011', '2011-08-02'],
    // "formatted entirely numerically as yyyy-mm-dd (e.g., 2023-01-01)"
    ['2023-01-01', '2023-01-01'],
    ['2024-2-29', '2024-02-29'],
    // "the special expiration date of permanent, which never expires"
    ['permanent', 'permanent'],
    ['PERMANENT', 'permanent'],
    // "any date with a year of 0 is also non-expiring, e.g. 1-jan-0"
    ['1-jan-0', 'permanent'],
    ['01-jan-0000', 'permanent'],
    ['1-jan-00', 'permanent'],
    // FlexLM odd forms
    ['0', 'permanent'],
    ['jan-01-0', 'permanent'],
    ['jan-01-2030', '2030-01-01'],
    // the reference's own literal-license example writes "1-jan-09"
    ['1-jan-09', '2009-01-01'],
    ['1-jan-99', '1999-01-01'],
    ['  5-mar-2018 ', '2018-03-05'],
  ])('%s → %s', (text, want) => {
    expect(iso(text)).toBe(want);
  });

  it.each(['', '31-feb-2023', '29-feb-2023', '32-jan-2024', '1-foo-2024', '2024-13-01', '2024/01/01', 'tomorrow', '1-jan-2024x'])(
    'rejects %j',
    (text) => {
      expect(parseLicenseDate(text)).toBeNull();
    },
  );
});

describe('isExpired — "it is valid for the entire day of the expiration date"', () => {
  const utc = (s: string): Date => new Date(s);
  it.each([
    ['31-mar-2024', '2024-03-31T00:00:00Z', false],
    ['31-mar-2024', '2024-03-31T23:59:59Z', false],
    ['31-mar-2024', '2024-04-01T00:00:00Z', true],
    ['2024-03-31', '2024-04-01T00:00:00Z', true],
    ['31-mar-2024', '2023-12-31T12:00:00Z', false],
    ['permanent', '2999-01-01T00:00:00Z', false],
    ['1-jan-0', '2999-01-01T00:00:00Z', false],
  ])('%s at %s → %s (UTC)', (exp, now, want) => {
    expect(isExpired(exp, null, utc(now), 0)).toBe(want);
  });

  it('an unreadable date counts as expired', () => {
    expect(isExpired('someday', null, utc('2000-01-01T00:00:00Z'), 0)).toBe(true);
  });

  it('uses the local calendar day from the injected offset (minutes west of UTC)', () => {
    // 2024-04-01 03:00 UTC is still 2024-03-31 20:00 in UTC-7 (offset +420)
    const now = utc('2024-04-01T03:00:00Z');
    expect(isExpired('31-mar-2024', null, now, 0)).toBe(true);
    expect(isExpired('31-mar-2024', null, now, 420)).toBe(false);
    // 2024-03-31 22:30 UTC is already 2024-04-01 in UTC+2 (offset -120)
    const late = utc('2024-03-31T22:30:00Z');
    expect(isExpired('31-mar-2024', null, late, 0)).toBe(false);
    expect(isExpired('31-mar-2024', null, late, -120)).toBe(true);
  });

  it('"exptime=hh:mm ... the license will expire at this time on the expiration date rather than at midnight"', () => {
    expect(isExpired('31-mar-2024', '14:30', utc('2024-03-31T14:29:00Z'), 0)).toBe(false);
    expect(isExpired('31-mar-2024', '14:30', utc('2024-03-31T14:30:00Z'), 0)).toBe(true);
    // the day before the expiry date, exptime does not matter
    expect(isExpired('31-mar-2024', '00:01', utc('2024-03-30T23:00:00Z'), 0)).toBe(false);
    // local time: 14:30 in UTC-5 is 19:30 UTC
    expect(isExpired('31-mar-2024', '14:30', utc('2024-03-31T19:00:00Z'), 300)).toBe(false);
    expect(isExpired('31-mar-2024', '14:30', utc('2024-03-31T19:31:00Z'), 300)).toBe(true);
  });

  it('parseExptime accepts hh:mm only', () => {
    expect(parseExptime('0:00')).toBe(0);
    expect(parseExptime('23:59')).toBe(23 * 60 + 59);
    expect(parseExptime('24:00')).toBeNull();
    expect(parseExptime('12')).toBeNull();
  });
});

describe('isStarted — "the license cannot be used before the specified date"', () => {
  it.each([
    ['3-jun-2013', '2013-06-02T23:59:59Z', false],
    ['3-jun-2013', '2013-06-03T00:00:00Z', true],
    ['2013-06-03', '2014-01-01T00:00:00Z', true],
  ])('start=%s at %s → %s', (start, now, want) => {
    expect(isStarted(start, new Date(now), 0)).toBe(want);
  });
  it('no start date means started; an unreadable one does not', () => {
    expect(isStarted(null, new Date(0), 0)).toBe(true);
    expect(isStarted('soon', new Date(0), 0)).toBe(false);
  });
  it('uses the local day: the start day begins earlier east of UTC', () => {
    const now = new Date('2013-06-02T23:00:00Z');
    expect(isStarted('3-jun-2013', now, 0)).toBe(false);
    expect(isStarted('3-jun-2013', now, -60)).toBe(true);
  });
});

describe('expiryInstant and daysUntil', () => {
  it('is the end of the expiry day in the zone, or the exptime', () => {
    expect(expiryInstant('31-mar-2024', null, 0)?.toISOString()).toBe('2024-04-01T00:00:00.000Z');
    expect(expiryInstant('31-mar-2024', '14:30', 0)?.toISOString()).toBe('2024-03-31T14:30:00.000Z');
    expect(expiryInstant('31-mar-2024', null, 420)?.toISOString()).toBe('2024-04-01T07:00:00.000Z');
    expect(expiryInstant('permanent', null, 0)).toBeNull();
  });
  it('agrees with isExpired at the boundary', () => {
    for (const tz of [-600, -120, 0, 300, 420]) {
      const end = expiryInstant('31-mar-2024', '09:15', tz) as Date;
      expect(isExpired('31-mar-2024', '09:15', new Date(end.getTime() - 1), tz)).toBe(false);
      expect(isExpired('31-mar-2024', '09:15', end, tz)).toBe(true);
    }
  });
  it('counts local calendar days', () => {
    const now = new Date('2024-03-20T12:00:00Z');
    expect(daysUntil('31-mar-2024', now, 0)).toBe(11);
    expect(daysUntil('20-mar-2024', now, 0)).toBe(0);
    expect(daysUntil('1-mar-2024', now, 0)).toBe(-19);
    expect(daysUntil('permanent', now, 0)).toBeNull();
  });
});

describe('readLicenseDate says why a text is no date', () => {
  it.each([
    ['31-feb-2026', 'any', 'February 2026 has 28 days'],
    ['2026-02-30', 'any', 'February 2026 has 28 days'],
    ['2026-00-10', 'any', 'there is no month 0'],
    ['1-xyz-2026', 'any', '"xyz" is not a month (jan, feb, ... dec)'],
    ['jan-01-0', 'rlm', 'that is a FlexLM form, not one of an RLM file'],
    ['0', 'rlm', 'that is a FlexLM form, not one of an RLM file'],
    ['tomorrow', 'any', null],
  ] as const)('%s (%s): %s', (text, dialect, problem) => {
    const r = readLicenseDate(text, dialect);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toBe(problem);
      expect(r.hint).not.toBe('');
    }
  });

  it('the FlexLM forms are dates in a FlexLM file and when the dialect is not known', () => {
    for (const dialect of ['flexlm', 'any'] as const) {
      expect(readLicenseDate('jan-01-0', dialect)).toEqual({ ok: true, date: { kind: 'permanent' } });
      expect(readLicenseDate('0', dialect)).toEqual({ ok: true, date: { kind: 'permanent' } });
    }
  });
});
