// Grants keep their words in the document's token table and make Tokens and
// Attributes when asked; these check that what is made is what the text says,
// and that the checks which skip making a value's string judge as the full ones.
import { describe, expect, it } from 'vitest';
import { grants } from '../../../src/licfile/index.js';
import type { Token } from '../../../src/licfile/types.js';
import { codes, parse } from './helpers.js';

function at(text: string, tok: Token): { line: number; column: number } {
  const before = text.slice(0, tok.start);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: tok.start - lineStart + 1 };
}

describe('tokens and attributes made on demand', () => {
  const text =
    'HOST h 0a1b 5053\nISV acme\n' +
    'LICENSE acme prod 1.0 permanent 5 KEY123 replace hold=2\n  start=1-jan-2026 customer="Big Co" sig="AB CD\n  EF"\n' +
    'UPGRADE acme prod 1.0 2.0 1-jan-2030 uncounted sig=XYZ\n';
  const doc = parse(text);
  const [lic, up] = grants(doc);

  it('splits positional fields, key, flags and attributes as written', () => {
    expect(codes(doc)).toEqual([]);
    expect(lic?.tokens.map((t) => t.text)).toEqual(['acme', 'prod', '1.0', 'permanent', '5', 'KEY123']);
    expect(lic?.key).toBe('KEY123');
    expect(lic?.attrs.map((a) => [a.key, a.name, a.value])).toEqual([
      ['replace', 'replace', null],
      ['hold', 'hold', '2'],
      ['start', 'start', '1-jan-2026'],
      ['customer', 'customer', 'Big Co'],
      ['sig', 'sig', 'AB CD\n  EF'],
    ]);
    expect(up).toMatchObject({ kind: 'upgrade', fromVersion: '1.0', version: '2.0', count: 'uncounted', key: null });
    expect(up?.attrs.map((a) => a.value)).toEqual(['XYZ']);
  });

  it('gives every token its offsets, line and column in the text', () => {
    for (const g of [lic, up]) {
      for (const t of [...(g?.tokens ?? []), ...(g?.attrs ?? []).flatMap((a) => [a.token, ...(a.valueToken ? [a.valueToken] : [])])]) {
        expect(text.slice(t.start, t.end)).toBe(t.raw);
        expect({ line: t.line, column: t.column }).toEqual(at(text, t));
        expect(t.quoted).toBe(t.raw.includes('"'));
      }
    }
  });

  it('makes them once: the same arrays and objects on every access', () => {
    expect(lic?.tokens).toBe(lic?.tokens);
    expect(lic?.attrs).toBe(lic?.attrs);
    expect(lic?.attrs[1]?.valueToken).toBe(lic?.attrs[1]?.valueToken);
  });
});

describe('checks that judge a value without reading it', () => {
  const line = (attrs: string): string => `LICENSE acme prod 1.0 permanent 5 ${attrs} sig=X\n`;

  it('still report numbers out of range, long numbers and long strings', () => {
    expect(codes(parse(line('hold=0')))).toEqual(['LIC_BAD_NUMBER@1:40']);
    expect(codes(parse(line('_id=12345678901')))).toEqual(['LIC_BAD_NUMBER@1:39']);
    expect(codes(parse(line('_id=2147483648')))).toEqual(['LIC_BAD_NUMBER@1:39']);
    expect(codes(parse(line('hold=-1')))).toEqual(['LIC_BAD_NUMBER@1:40']);
    expect(codes(parse(line(`customer=${'c'.repeat(65)}`)))).toEqual(['LIC_FIELD_TOO_LONG@1:44']);
    expect(codes(parse(line(`customer="${'c'.repeat(64)}"`)))).toEqual([]);
  });

  it('judge a value the same after the same value passed elsewhere', () => {
    expect(codes(parse(line('start=1-jan-2026')))).toEqual([]);
    // FlexLM's 0 date is good there, and still not a date in an RLM file read afterwards
    expect(codes(parse('INCREMENT f v 1.0 0 1 ISSUED=0\n'))).toEqual([]);
    expect(codes(parse(line('start=0')))).toEqual(['LIC_BAD_DATE@1:41']);
    expect(codes(parse('FEATURE f v 1.0.3.4 permanent 1 SIGN=X\n'))).toEqual([]);
    expect(codes(parse(line('start=1-jan-2026').replace('1.0', '1.0.3.4')))).toEqual(['LIC_BAD_VERSION@1:19']);
    expect(codes(parse('LICENSE acme prod 1.0 permanent 99999999999 sig=X\n'))).toEqual(['LIC_BAD_COUNT@1:33']);
    expect(codes(parse('LICENSE acme prod 12345678901 permanent 1 sig=X\n'))).toEqual(['LIC_FIELD_TOO_LONG@1:19']);
  });
});
