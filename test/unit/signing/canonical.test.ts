// The canonical payload: its exact text for a known line (it is a format: a
// change here invalidates every signature ever made) and the normalisations.
import { describe, expect, it } from 'vitest';
import { canonicalPayload, isCounted, normalizeCount, normalizeExpiry, normalizeSpace } from '../../../src/signing/canonical.js';
import { grant, parse } from './helpers.js';

describe('canonicalPayload', () => {
  it('is exactly this for a counted license (the v1 format)', () => {
    const doc = parse(
      [
        'HOST gt2 0000A74F88CE 5053',
        'ISV reprise /opt/reprise',
        'LICENSE Reprise Joe 3.0 01-Jan-2030 010 share=uh options="a  b"',
        '  _id=4 sig="whatever" replace Customer="Mega\n  Corp" _line_item=x issued=1-jan-2025',
        '',
      ].join('\n'),
    );
    expect(canonicalPayload(doc, grant(doc))).toBe(
      [
        'licutil-sig-v1',
        'kind "license"',
        'isv "reprise"',
        'product "joe"',
        'version "3.0"',
        'expires "2030-01-01"',
        'count "10"',
        'servers ["0000a74f88ce"]',
        'attr customer "Mega Corp"',
        'attr issued "1-jan-2025"',
        'attr options "a b"',
        'attr replace',
        'attr share "uh"',
        '',
      ].join('\n'),
    );
  });

  it('has from and to versions for an UPGRADE and no servers line when uncounted', () => {
    const doc = parse('HOST h 0000a74f88ce\nUPGRADE acme cad 1.0 2.0 permanent uncounted hostid=any\n');
    expect(canonicalPayload(doc, grant(doc))).toBe(
      'licutil-sig-v1\nkind "upgrade"\nisv "acme"\nproduct "cad"\nfrom "1.0"\nversion "2.0"\nexpires "permanent"\ncount "uncounted"\nattr hostid "any"\n',
    );
  });

  it('leaves out every signature or checksum attribute (sig, key, SIGN, SIGN2, AUTH, ck) and the positional key', () => {
    const a = parse('LICENSE acme a 1.0 permanent uncounted 0123456789abcdef hostid=any\n');
    const b = parse('LICENSE acme a 1.0 permanent uncounted hostid=any sig="x" _ck=1\n');
    expect(canonicalPayload(a, grant(a))).toBe(canonicalPayload(b, grant(b)));
    const f = parse('INCREMENT f v 1.0 permanent uncounted HOSTID=ANY SIGN="00 11" SIGN2="22" AUTH="x" ck=12\n', 'f.lic');
    expect(canonicalPayload(f, grant(f))).not.toMatch(/sign|auth|ck/);
  });

  it('lists every HOST hostid of a FlexLM triad, sorted', () => {
    const doc = parse('SERVER s1 bbb 27000\nSERVER s2 AAA 27000\nSERVER s3 ccc 27000\nVENDOR v\nINCREMENT f v 1.0 permanent 4 SIGN="00"\n');
    expect(canonicalPayload(doc, grant(doc))).toContain('servers ["aaa","bbb","ccc"]\n');
  });

  it('keeps values apart: a value cannot pose as another line', () => {
    const a = parse('LICENSE acme a 1.0 permanent uncounted hostid=any customer="x\nattr share"\n');
    const b = parse('LICENSE acme a 1.0 permanent uncounted hostid=any customer=x share\n');
    expect(canonicalPayload(a, grant(a))).not.toBe(canonicalPayload(b, grant(b)));
  });
});

describe('normalizeExpiry', () => {
  it('writes one spelling per day', () => {
    expect(normalizeExpiry('1-jan-2030')).toBe('2030-01-01');
    expect(normalizeExpiry('01-JAN-2030')).toBe('2030-01-01');
    expect(normalizeExpiry('2030-01-01')).toBe('2030-01-01');
    expect(normalizeExpiry('2030-1-1')).toBe('2030-01-01');
    expect(normalizeExpiry('29-feb-2028')).toBe('2028-02-29');
  });

  it('"permanent ... any date with a year of 0 is also non-expiring"', () => {
    expect(normalizeExpiry('Permanent')).toBe('permanent');
    expect(normalizeExpiry('1-jan-0')).toBe('permanent');
    expect(normalizeExpiry('31-dec-0000')).toBe('permanent');
  });

  it('does not guess a century for a two-digit year', () => {
    expect(normalizeExpiry('1-jan-09')).toBe('9-01-01');
    expect(normalizeExpiry('1-jan-09')).not.toBe(normalizeExpiry('1-jan-2009'));
  });

  it('keeps what is not a real day, lower-cased', () => {
    expect(normalizeExpiry('30-feb-2030')).toBe('30-feb-2030');
    expect(normalizeExpiry('29-FEB-2029')).toBe('29-feb-2029');
    expect(normalizeExpiry('2030-13-01')).toBe('2030-13-01');
    expect(normalizeExpiry('someday')).toBe('someday');
  });
});

describe('normalizeCount and isCounted', () => {
  it('"0 or uncounted indicates an uncounted license"', () => {
    expect(normalizeCount('0')).toBe('uncounted');
    expect(normalizeCount('UNCOUNTED')).toBe('uncounted');
    expect(normalizeCount('007')).toBe('7');
    expect(normalizeCount('Single')).toBe('single');
  });

  it('a counted license is a non-zero number', () => {
    expect(isCounted('5')).toBe(true);
    expect(isCounted('0')).toBe(false);
    expect(isCounted('uncounted')).toBe(false);
    expect(isCounted('single')).toBe(false);
    expect(isCounted('token')).toBe(false);
  });
});

describe('normalizeSpace', () => {
  it('turns wrapping and runs of blanks into one space', () => {
    expect(normalizeSpace('  a \t b\r\n   c  ')).toBe('a b c');
    expect(normalizeSpace('a \\\n  b')).toBe('a b');
  });
});
