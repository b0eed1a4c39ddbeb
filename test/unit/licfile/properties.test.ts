// Properties of the reader, printer and editor over random input: random
// strings and bytes, sample files with random damage, random edits and random
// grants. Whatever comes in, nothing throws and every position is real.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeLicenseBytes,
  formatGrant,
  grants,
  parseLicense,
  printDocument,
  setAttribute,
  type GrantFields,
} from '../../../src/licfile/index.js';
import type { Dialect, LicenseDocument } from '../../../src/licfile/types.js';
import { sampleTexts } from './helpers.js';

/** Our own sample files, and the real-world ones too when the corpus is there. */
const FIXTURES = sampleTexts();

/** Pieces real files are made of, so random text often looks like a license file. */
const FRAGMENTS = [
  'LICENSE ', 'FEATURE ', 'INCREMENT ', 'UPGRADE ', 'PACKAGE ', 'HOST ', 'SERVER ', 'ISV ', 'VENDOR ',
  'DAEMON ', 'USE_SERVER', 'CUSTOMER ', 'LICENCE ', 'FEATURESET ', 'reprise ', 'prod ', '1.0 ', '2006.11 ',
  'permanent ', '1-jan-2030 ', 'uncounted ', '5 ', 'sig="', 'SIGN="', '_ck=', 'hostid=', 'HOSTID=ANY ',
  'share=uh ', 'replace ', 'TS_OK ', 'port=5053 ', '"', '\\', '\n', '\r\n', '\r', ' ', '\t', '#', '=', '\uFEFF',
  '\u0000', '\u201d', '<x>', 'x'.repeat(80), '𝔘', 'é', 'a b',
];
const fragment = fc.constantFrom(...FRAGMENTS);
const licenseish = fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(''));

function lineLengths(text: string): number[] {
  const parts = text.split('\n');
  if (text.endsWith('\n')) parts.pop();
  if (parts.length === 0) parts.push('');
  return parts.map((l) => [...(l.endsWith('\r') ? l.slice(0, -1) : l)].length);
}

/** Invariants every parse must keep, whatever the input (checked without expect per item, for speed). */
function checkDocument(input: string, doc: LicenseDocument): void {
  const body = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const problems: string[] = [];
  if (doc.text !== body) problems.push('text is not the input without its BOM');
  if (printDocument(doc) !== body) problems.push('print is not the text');
  const lens = lineLengths(body);
  for (const d of doc.diagnostics) {
    const len = lens[d.line - 1];
    if (len === undefined || d.column < 1 || d.column > len + 1) problems.push(`${d.code} at ${d.line}:${d.column} is outside the text`);
    if (d.message === '' || !/^LIC_[A-Z_]+$/.test(d.code) || d.file === '') problems.push(`malformed ${JSON.stringify(d)}`);
  }
  // the statements tile the text: only line breaks lie between them
  let pos = 0;
  let line = 1;
  for (const s of doc.statements) {
    if (s.line !== line || s.start !== pos || s.end < s.start || s.endLine < s.line) {
      problems.push(`statement ${s.kind} at ${s.line}-${s.endLine} [${s.start},${s.end}) does not follow ${line}/${pos}`);
      break;
    }
    const brk = body.startsWith('\r\n', s.end) ? 2 : body.startsWith('\n', s.end) ? 1 : 0;
    if (brk === 0 && s.end !== body.length) problems.push(`statement at ${s.line} ends inside a line`);
    pos = s.end + brk;
    line = s.endLine + 1;
  }
  if (pos !== body.length) problems.push(`statements end at ${pos} of ${body.length}`);
  expect(problems).toEqual([]);
}

function damage(text: string, edits: Array<{ at: number; cut: number; put: string }>): string {
  let out = text;
  for (const e of edits) {
    const at = e.at % (out.length + 1);
    out = out.slice(0, at) + e.put + out.slice(at + e.cut);
  }
  return out;
}

const statementTexts = (doc: LicenseDocument): string[] => doc.statements.map((s) => doc.text.slice(s.start, s.end));

describe('the reader never throws and every diagnostic points inside the text', () => {
  it('on random strings of any characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        checkDocument(text, parseLicense(text, 'random.lic'));
      }),
      { numRuns: 400 },
    );
  });

  it('on random license-like text', () => {
    fc.assert(
      fc.property(licenseish, fc.constantFrom<Dialect | undefined>(undefined, 'rlm', 'flexlm'), (text, dialect) => {
        checkDocument(text, parseLicense(text, 'random.lic', dialect === undefined ? {} : { dialect }));
      }),
      { numRuns: 1500 },
    );
  });

  it('on random bytes, decoded as a caller reading a file would', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const text = decodeLicenseBytes(bytes);
        checkDocument(text, parseLicense(text, 'bytes.lic'));
      }),
      { numRuns: 400 },
    );
  });

  it('on sample files with random damage', () => {
    const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 30 }), put: fc.oneof(fragment, fc.string({ maxLength: 5 })) });
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES), fc.array(edit, { minLength: 1, maxLength: 8 }), (fx, edits) => {
        const text = damage(fx.text, edits);
        checkDocument(text, parseLicense(text, fx.name));
      }),
      { numRuns: 400 },
    );
  });

  it('on a huge line and a huge file of statements', () => {
    const huge = `LICENSE r p 1.0 permanent 1 sig="${'A'.repeat(1_000_000)}\n`;
    checkDocument(huge, parseLicense(huge, 'huge.lic'));
    const many = 'INCREMENT f v 1.0 permanent 1 SIGN="00 \\\n 11"\n'.repeat(10_000);
    const doc = parseLicense(many, 'many.lic');
    expect(grants(doc)).toHaveLength(10_000);
    expect(doc.diagnostics).toEqual([]);
  });
});

describe('read → print → read is the identity', () => {
  it('gives the same statements and diagnostics for real and damaged files', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES), fc.array(fc.record({ at: fc.nat(), cut: fc.nat({ max: 10 }), put: fragment }), { maxLength: 4 }), (fx, edits) => {
        const text = damage(fx.text, edits);
        const first = parseLicense(text, fx.name);
        const second = parseLicense(printDocument(first), fx.name);
        expect(second.statements).toEqual(first.statements);
        expect(second.dialect).toEqual(first.dialect);
        expect(second.diagnostics.filter((d) => d.code !== 'LIC_BOM')).toEqual(first.diagnostics.filter((d) => d.code !== 'LIC_BOM'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('setAttribute changes that attribute and nothing else', () => {
  const clean = FIXTURES.map((fx) => ({ ...fx, doc: parseLicense(fx.text, fx.name) })).filter(
    (fx) => grants(fx.doc).length > 0 && !fx.doc.diagnostics.some((d) => d.severity === 'error'),
  );
  const keys = ['contract', 'customer', '_line_item', 'issuer', 'hostid', 'sig', 'NOTICE', 'VENDOR_STRING', 'SN', 'ISSUER'];
  const flags = ['replace', 'named_user', 'TS_OK', 'SUPERSEDE'];
  const value = fc.string({ maxLength: 30 }).filter((v) => !/["\r\n]/.test(v));

  it('for random grants of the sample files, random keys and values', () => {
    expect(clean.length).toBeGreaterThanOrEqual(5);
    const edit = fc.oneof(
      fc.record({ key: fc.constantFrom(...keys), value: value as fc.Arbitrary<string | null> }),
      fc.record({ key: fc.constantFrom(...flags), value: fc.constant(null) }),
      fc.record({ key: fc.constant('<existing>'), value: value as fc.Arbitrary<string | null> }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...clean), fc.nat(), fc.nat(), edit, (fx, gi, ai, change) => {
        const doc = fx.doc;
        const list = grants(doc);
        const g = list[gi % list.length];
        if (g === undefined) return;
        const existing = g.attrs[ai % Math.max(1, g.attrs.length)];
        const key = change.key === '<existing>' ? (existing?.key ?? 'contract') : change.key;
        const out = setAttribute(doc, g, key, change.value);
        const after = parseLicense(out, fx.name, { dialect: doc.dialect.dialect });

        const idx = doc.statements.indexOf(g);
        const before = statementTexts(doc);
        const now = statementTexts(after);
        expect(now.length).toBe(before.length);
        now.forEach((t, i) => {
          if (i !== idx) expect(t).toBe(before[i]);
        });
        const g2 = after.statements[idx];
        if (g2?.kind !== g.kind || (g2.kind !== 'license' && g2.kind !== 'upgrade')) throw new Error('statement changed kind');
        const name = key.toLowerCase();
        expect(g2.attrs.find((a) => a.name === name)?.value).toBe(change.value);
        const others = (s: typeof g) => s.attrs.filter((a) => a.name !== name).map((a) => [a.key, a.value]);
        expect(others(g2)).toEqual(others(g));
        expect([g2.isv, g2.product, g2.version, g2.expires, g2.count, g2.key]).toEqual([g.isv, g.product, g.version, g.expires, g.count, g.key]);
      }),
      { numRuns: 400 },
    );
  });
});

describe('formatGrant output reads back as the same grant', () => {
  const name = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,9}$/);
  const month = fc.constantFrom('jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec');
  const expires = fc.oneof(
    fc.constant('permanent'),
    fc.tuple(fc.integer({ min: 1, max: 28 }), month, fc.integer({ min: 0, max: 2999 })).map(([d, m, y]) => `${d}-${m}-${y}`),
    fc.tuple(fc.integer({ min: 1970, max: 2999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(
      ([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    ),
  );
  const version = fc.tuple(fc.nat(9999), fc.nat(99)).map(([a, b]) => `${a}.${b}`);
  const count = fc.oneof(fc.nat(1_000_000).map(String), fc.constantFrom('uncounted', '0'));
  const value = fc.string({ maxLength: 20 }).filter((v) => !/["\r\n]/.test(v));
  const attr = fc.oneof(
    fc.tuple(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/), value as fc.Arbitrary<string | null>),
    fc.tuple(fc.constantFrom('replace', 'TS_OK', 'SUPERSEDE', 'named_user', 'host_based'), fc.constant<string | null>(null)),
  );
  const fields: fc.Arbitrary<GrantFields> = fc.record({
    kind: fc.constantFrom<'license' | 'upgrade'>('license', 'upgrade'),
    isv: name,
    product: name,
    fromVersion: version,
    version,
    expires,
    count,
    attrs: fc.array(attr, { maxLength: 6 }),
  });

  it('in both dialects', () => {
    fc.assert(
      fc.property(fields, fc.constantFrom<Dialect>('rlm', 'flexlm'), (f, dialect) => {
        const first = f.attrs[0];
        const knownFlags = dialect === 'rlm' ? ['replace', 'named_user', 'host_based'] : ['ts_ok', 'supersede', 'host_based'];
        if (first !== undefined && first[1] === null && !knownFlags.includes(first[0].toLowerCase())) {
          // a bare word right after the count is the license key: refused rather than misread
          expect(() => formatGrant(f, dialect)).toThrow(/license key/);
          return;
        }
        const text = `${formatGrant(f, dialect)}\n`;
        const doc = parseLicense(text, 'grant.lic', { dialect });
        const all = grants(doc);
        expect(all).toHaveLength(1);
        const g = all[0];
        if (g === undefined) return;
        expect(g.kind).toBe(f.kind);
        if (g.kind === 'upgrade') expect(g.fromVersion).toBe(f.fromVersion);
        expect([g.isv, g.product, g.version, g.expires, g.count, g.key]).toEqual([f.isv, f.product, f.version, f.expires, f.count, null]);
        expect(g.attrs.map((a) => [a.key, a.value])).toEqual(f.attrs);
        expect(doc.diagnostics.filter((d) => ['LIC_BAD_DATE', 'LIC_BAD_COUNT', 'LIC_MISSING_FIELD'].includes(d.code))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
