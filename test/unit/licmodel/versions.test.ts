import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, isValidVersion, versionSatisfies } from '../../../src/licmodel/versions.js';

describe('compareVersions', () => {
  it.each([
    // seed 002: "This comparison is done in the "normal" way, ie, 1.2 is greater than 1.10"
    ['1.2', '1.10', 1],
    // seed 002: "since 2006.2 is greater than 2006.11, which might not be what you intend"
    ['2006.2', '2006.11', 1],
    // "you would need to use the leading 0 in the month"
    ['2006.02', '2006.11', -1],
    ['1.0', '1', 0],
    ['1.000', '1.0', 0],
    ['01.0', '1.0', 0],
    ['2005.05', '2005.5', -1],
    ['2018.04', '2018.4', -1],
    ['2014.0122', '2014.0409', -1],
    ['2.0', '10.0', -1],
    ['4', '3.99', 1],
    ['2017', '2017.0', 0],
    ['1.2.3', '1.2', 1],
    ['1.2.10', '1.2.9', 1],
    ['1.2.0', '1.2', 0],
    // text that is not a version sorts below every version
    ['abc', '0', -1],
    ['ABC', 'abc', 0],
  ])('%s vs %s → %i', (a, b, want) => {
    expect(compareVersions(a, b)).toBe(want);
    expect(compareVersions(b, a)).toBe(-want || 0);
  });

  it('"The version in the rlm_checkout() call must be less than or equal to the version in the license"', () => {
    expect(versionSatisfies('2.0', '1.5')).toBe(true);
    expect(versionSatisfies('2.0', '2.0')).toBe(true);
    expect(versionSatisfies('2.0', '2.01')).toBe(false);
  });

  it('knows a version from text', () => {
    expect(isValidVersion('2006.12')).toBe(true);
    expect(isValidVersion('v1')).toBe(false);
  });

  const version = fc.oneof(
    fc.tuple(fc.nat(3000), fc.stringMatching(/^\d{0,4}$/)).map(([a, b]) => (b === '' ? String(a) : `${a}.${b}`)),
    fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map(([a, b, c]) => `${a}.${b}.${c}`),
    fc.string({ maxLength: 6 }),
  );

  it('is antisymmetric (property)', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(compareVersions(a, b)).toBe(-compareVersions(b, a) || 0);
      }),
    );
  });

  it('is transitive and treats equal versions alike (property)', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0) expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
        if (compareVersions(a, b) === 0) expect(compareVersions(a, c)).toBe(compareVersions(b, c));
      }),
    );
  });

  it('sorting with it gives the same order whatever the input order (property)', () => {
    fc.assert(
      fc.property(fc.array(version, { maxLength: 12 }), (vs) => {
        const a = [...vs].sort(compareVersions);
        const b = [...vs].reverse().sort(compareVersions);
        for (let i = 0; i < a.length; i++) expect(compareVersions(a[i] as string, b[i] as string)).toBe(0);
      }),
    );
  });
});
