// The LU1: signature text: Crockford base32 that survives wrapping and is told
// apart from RLM's and FlexLM's own signatures.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLineKeyword } from '../../../src/licfile/keywords.js';
import {
  base32Decode,
  base32Encode,
  decodeSignature,
  encodeSignature,
  isLicutilSignature,
  wrapSignature,
} from '../../../src/signing/encoding.js';

describe('Crockford base32', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
      }),
    );
  });

  it('encodes known vectors in upper case without I, L, O or U', () => {
    expect(base32Encode(new Uint8Array([]))).toBe('');
    expect(base32Encode(Uint8Array.from([0xff]))).toBe('ZW');
    expect(base32Encode(new TextEncoder().encode('foobar'))).toBe('CSQPYRK1E8');
    expect(base32Encode(Uint8Array.from({ length: 64 }, (_, i) => i * 4))).toMatch(/^[0-9A-HJKMNP-TV-Z]{103}$/);
  });

  it('reads lower case, look-alike letters and hyphens as Crockford says', () => {
    expect(base32Decode('csqpyrk1e8')).toEqual(new TextEncoder().encode('foobar'));
    expect(base32Decode('CSQPYRKIE8')).toEqual(new TextEncoder().encode('foobar'));
    expect(base32Decode('CSQPY-RKLE8')).toEqual(new TextEncoder().encode('foobar'));
    expect(base32Decode('0O')).toEqual(base32Decode('00'));
  });

  it('refuses characters outside the alphabet and non-zero padding bits', () => {
    expect(base32Decode('CSQP=YRK1E8')).toBeNull();
    expect(base32Decode('CU')).toBeNull();
    expect(base32Decode('ZZ')).toBeNull(); // 0xff would be ZW; the last 2 bits must be zero
  });
});

describe('signature values', () => {
  const sig = Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff);

  it('decode whatever white space wrapping put inside them', () => {
    const v = encodeSignature(sig);
    expect(v.startsWith('LU1:')).toBe(true);
    expect(v).toHaveLength(4 + 103);
    const wrapped = `${v.slice(0, 40)}\n  ${v.slice(40, 80)}\r\n\t${v.slice(80)}`;
    expect(decodeSignature(wrapped)).toEqual({ kind: 'licutil', bytes: sig });
    expect(decodeSignature(` lu1:${v.slice(4).toLowerCase()} `)).toEqual({ kind: 'licutil', bytes: sig });
  });

  it('tell RLM and FlexLM signatures apart: foreign, never ours', () => {
    for (const other of [
      '60PG451KTXVQ0WYBX785XAKTDKUCHB7T683Y2MG22M088S8UAFR0VKPMFGPKH\n4XW4H5QQ8JSFFJG',
      'c2S25g22QQ7eSx7XJgHoYdkvfbrwE3h1Zo8md9Wdoty=svb\n  BH6gp2VI8WIquE28',
      '0778 0B1A C0FB 12DE',
      '',
    ]) {
      expect(isLicutilSignature(other)).toBe(false);
      expect(decodeSignature(other)).toEqual({ kind: 'foreign' });
    }
  });

  it('report a damaged one of ours', () => {
    const v = encodeSignature(sig);
    expect(decodeSignature(`${v.slice(0, 50)}=${v.slice(51)}`)).toMatchObject({ kind: 'damaged', reason: 'it holds "=", which is not Crockford base32' });
    expect(decodeSignature(v.slice(0, -8))).toEqual({ kind: 'damaged', reason: 'it is 95 characters long, a licutil signature has 103' });
    expect(decodeSignature(`${v.slice(0, -1)}Z`)).toMatchObject({ kind: 'damaged', reason: expect.stringMatching(/last character/) });
  });
});

describe('wrapSignature', () => {
  it('keeps every character, in order, and never leaves a wrapped piece that could read as a line keyword', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.integer({ min: -5, max: 120 }), fc.integer({ min: 0, max: 120 }), (bytes, first, width) => {
        const v = encodeSignature(bytes);
        const pieces = wrapSignature(v, first, width);
        expect(pieces.join('')).toBe(v);
        for (const p of pieces.slice(1)) {
          expect(p.length).toBeGreaterThanOrEqual(8);
          expect(isLineKeyword(p, 0, p.length)).toBe(false);
          expect(isLineKeyword(`${p}"`, 0, p.length + 1)).toBe(false);
        }
        for (const p of pieces.slice(1, -1)) expect(p.length).toBeLessThanOrEqual(Math.max(16, width));
      }),
    );
  });

  it('does not wrap what fits', () => {
    expect(wrapSignature('LU1:ABC', 10, 20)).toEqual(['LU1:ABC']);
  });
});
