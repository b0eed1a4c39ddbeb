// Whatever text comes in — random characters, random pieces of the language,
// the samples damaged at random, trees of files that include each other — the
// reader returns: it never throws, never hangs (inputs are bounded), and every
// diagnostic points at a line and column that exist in the file it names.
// And what it reads is right: random values printed in the syntax read back
// equal, and duplicated properties read as mergeValues says.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ComplexNumber,
  configToJson,
  formatComplex,
  interpretServerConfig,
  mergeValues,
  readConfig,
  type ConfigDiagnostic,
  type ConfigValue,
} from '../../../src/config/index.js';
import { formatNumber } from '../../../src/config/values.js';
import { tree } from './helpers.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/config');

function samples(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? samples(p) : n.endsWith('.cfg') ? [readFileSync(p, 'utf8')] : [];
  });
}

/** Lengths of the lines of a text in characters, as the reader counts them (a leading BOM is not a character). */
function lineLengths(text: string): number[] {
  return text.replace(/^\uFEFF/, '').split('\n').map((l) => [...l].length);
}

function checkPosition(d: ConfigDiagnostic, files: Record<string, string>): void {
  const text = files[d.file];
  if (text === undefined) throw new Error(`diagnostic names a file that is not in the tree: ${JSON.stringify(d)}`);
  const lengths = lineLengths(text);
  const len = lengths[d.line - 1];
  if (len === undefined || d.line < 1) throw new Error(`line ${d.line} is not in ${d.file} (${lengths.length} lines): ${d.message}`);
  if (d.column < 1 || d.column > len + 1) throw new Error(`column ${d.column} is not on line ${d.line} of ${d.file} (${len} characters): ${d.message}`);
}

/** Reads a tree from main.cfg and checks every invariant; returns the number of diagnostics. */
function survive(files: Record<string, string>): number {
  const r = readConfig('main.cfg', tree(files));
  for (const d of r.diagnostics) {
    if (d.code === 'CFG_INTERNAL') throw new Error(`reader failure: ${d.message}`);
    checkPosition(d, files);
  }
  JSON.stringify(configToJson(r.value));
  const interpreted = interpretServerConfig(r.value, 'main.cfg', r.locations);
  for (const d of interpreted.diagnostics) checkPosition(d, files);
  return r.diagnostics.length;
}

const PIECES = [
  '{', '}', '[', ']', '(', ')', ':', ',', ' ', '\n', '\r\n', '\t', '"', '`', '${', '\\', '/', '*', '/*', '*/', '//', '#',
  '#define ', '#undef ', '#if ', '#ifdef ', '#ifndef ', '#elif ', '#else', '#endif', '#include "b.cfg"', 'include "b.cfg",',
  'include "c.cfg"', 'defined(X)', 'X', 'I', 'a', 'name', 'bind_addr', 'licenses', 'com_log_count', 'true', 'false', 'null',
  '0', '1', '13.4', '.5', '1e3', '0x1F', '1e999', '3I', '+', '-', '!', '&&', '||', '==', '!=', '<', '<=', '>', '>=', '=',
  '"str"', '"[::]:9050"', '`abc${1+2}d`', '1.2+3*I', "'", '\uFEFF', '\u0000', '𝔘', 'é', '\\\n',
];
const piece = fc.constantFrom(...PIECES);
const languageish = fc.array(piece, { maxLength: 80 }).map((p) => p.join(''));
const CHARS = [...'{}[]()":,`$#\n\\/*aXI1.+-!&|=< \t\r'];
const charSoup = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 200 });

const SAMPLES = [
  ...samples(FIXTURES),
  '{ value: "foo", value: "bar", sub: { value: "foo" }, sub: { value: "bar" } }',
  'value: "foo", include "b.cfg", foo: "foo"',
  '{\narray: [0, 1, 2, { foo: "bar" } ],\narray: [3, 4],\narray: [5, 6, 7, { bar: "foo" }, 8 ]\n}',
  '#define N 4\ns: `n=${N}, twice=${N*2}`',
];

/** A sample with random deletions, insertions and duplications. */
const mutated = fc
  .tuple(
    fc.constantFrom(...SAMPLES),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.oneof(piece, fc.string({ maxLength: 5 }), fc.constant(''))), { minLength: 1, maxLength: 6 }),
  )
  .map(([text, edits]) => {
    let t = text;
    for (const [at, del, ins] of edits) {
      const i = t.length === 0 ? 0 : at % (t.length + 1);
      t = t.slice(0, i) + ins + t.slice(i + del);
    }
    return t;
  });

describe('the reader survives anything', () => {
  it('random text (any character, up to 300)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (t) => void survive({ 'main.cfg': t })), { numRuns: 2000 });
  });

  it('character soup from the syntax', () => {
    fc.assert(fc.property(charSoup, (t) => void survive({ 'main.cfg': t })), { numRuns: 2500 });
  });

  it('random pieces of the language', () => {
    fc.assert(fc.property(languageish, (t) => void survive({ 'main.cfg': t })), { numRuns: 2500 });
  });

  it('the samples, damaged at random', () => {
    fc.assert(fc.property(mutated, (t) => void survive({ 'main.cfg': t, 'b.cfg': 'b: 1', 'c.cfg': 'c: 2' })), { numRuns: 2500 });
  });

  it('trees of files that include each other (cycles included)', () => {
    const file = fc.array(fc.oneof(piece, fc.constantFrom('include "main.cfg",', '#include "c.cfg"\n', 'include "b.cfg",', 'x: 1,')), { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(fc.property(file, file, file, (m, b, c) => void survive({ 'main.cfg': m, 'b.cfg': b, 'c.cfg': c })), { numRuns: 1000 });
  });

  it('the damaged samples do produce diagnostics (the property is not vacuous)', () => {
    let withDiagnostics = 0;
    fc.assert(fc.property(mutated, (t) => void (withDiagnostics += survive({ 'main.cfg': t }) > 0 ? 1 : 0)), { numRuns: 200, seed: 42 });
    expect(withDiagnostics).toBeGreaterThan(50);
  });
});

// Values and their text
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));
const key = fc.string({ maxLength: 8 }).filter((k) => k !== '__proto__');
const scalar: fc.Arbitrary<ConfigValue> = fc.oneof(
  finite,
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.boolean(),
  fc.tuple(finite, finite).map(([re, im]) => new ComplexNumber(re, im)),
);
const { value: valueArb, object: objectArb } = fc.letrec<{ value: ConfigValue; object: Record<string, ConfigValue> }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 4 }), tie('object')),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
}));

function print(v: ConfigValue): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof ComplexNumber) return `(${formatComplex(v)})`;
  if (Array.isArray(v)) return `[${v.map(print).join(', ')}]`;
  return `{ ${members(v)} }`;
}

function members(o: Record<string, ConfigValue>): string {
  return Object.entries(o)
    .map(([k, x]) => `${/^[A-Za-z_]\w*$/.test(k) ? k : JSON.stringify(k)}: ${print(x)}`)
    .join(',\n');
}

describe('what is read is right', () => {
  it('a value printed in the syntax reads back equal (with or without top-level braces)', () => {
    fc.assert(
      fc.property(objectArb, fc.boolean(), (o, braces) => {
        const text = braces ? `{ ${members(o)} }` : members(o);
        const r = readConfig('v.cfg', tree({ 'v.cfg': text }));
        expect(r.diagnostics).toEqual([]);
        expect(configToJson(r.value)).toEqual(configToJson(o));
      }),
      { numRuns: 500 },
    );
  });

  it('a duplicated property reads as mergeValues(first, second), which is idempotent and keeps the longest array', () => {
    fc.assert(
      fc.property(valueArb, valueArb, (a, b) => {
        const r = readConfig('v.cfg', tree({ 'v.cfg': `x: ${print(a)},\nx: ${print(b)}` }));
        expect(configToJson(r.value.x as ConfigValue)).toEqual(configToJson(mergeValues(a, b)));
        expect(configToJson(mergeValues(a, a))).toEqual(configToJson(a));
        if (Array.isArray(a) && Array.isArray(b)) expect((mergeValues(a, b) as ConfigValue[]).length).toBe(Math.max(a.length, b.length));
      }),
      { numRuns: 300 },
    );
  });
});
