import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeJson } from '../../../src/cli/output/json-stream.js';

const text = (v: unknown): string => {
  let s = '';
  writeJson(v, (t) => (s += t));
  return s;
};

describe('writeJson: --json output in pieces', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        expect(text(v)).toBe(`${JSON.stringify(v, null, 2)}\n`);
      }),
      { numRuns: 400 },
    );
  });

  it('drops undefined members, makes undefined array items null and honours toJSON, as JSON.stringify does', () => {
    const v = { a: undefined, b: [undefined, 1], c: new Date(0), d: { e: { f: { g: [1, { h: 2 }] } } } };
    expect(text(v)).toBe(`${JSON.stringify(v, null, 2)}\n`);
  });

  it('never holds more than about a MiB of the text at once, so a document past V8\'s longest string (~512 MiB) can be written', () => {
    const item = { text: 'x'.repeat(1000), n: 1 };
    const doc = { licenses: new Array(20_000).fill(item) };
    const pieces: string[] = [];
    writeJson(doc, (t) => pieces.push(t));
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(2 ** 21);
    expect(pieces.join('')).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });
});
