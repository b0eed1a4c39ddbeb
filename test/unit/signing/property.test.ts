// Properties over random licenses written with formatGrant: signing, printing and
// re-reading verifies; shuffling attributes and editing _-attributes keeps it
// valid; changing any covered field breaks it.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatGrant, grants, parseLicense, printDocument, type GrantFields } from '../../../src/licfile/index.js';
import { signDocument } from '../../../src/signing/sign.js';
import { verifyGrant } from '../../../src/signing/verify.js';
import { makeKeys, type Keys } from './helpers.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const word = (first: string, rest: string, max: number) =>
  fc.tuple(fc.constantFrom(...first), fc.array(fc.constantFrom(...rest), { maxLength: max - 1 })).map(([a, b]) => a + b.join(''));
const lower = 'abcdefghijklmnopqrstuvwxyz';
const isvArb = word(lower, `${lower}0123456789`, 10);
const productArb = word(lower, `${lower}0123456789_-`, 20);
const versionArb = fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${b}`);
const expiryArb = fc.oneof(
  fc.constant('permanent'),
  fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 2000, max: 2099 })).map(([d, m, y]) => `${d}-${MONTHS[m]}-${y}`),
  fc.tuple(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(
    ([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  ),
);
const countArb = fc.oneof(fc.integer({ min: 1, max: 500 }).map(String), fc.constant('uncounted'));
const text64 = fc.array(word(`${lower}ABCXYZ`, `${lower}0123456789.-`, 8), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));

/** Covered attributes that every license type accepts, plus the administrator's own. */
const coveredArb = fc.record(
  {
    share: fc.constantFrom('u', 'h', 'uh', 'uhi'),
    hold: fc.integer({ min: 1, max: 3600 }).map(String),
    options: text64,
    customer: text64,
    contract: word(lower, '0123456789', 10),
    issuer: text64,
    min_timeout: fc.integer({ min: 1, max: 100000 }).map(String),
  },
  { requiredKeys: [] },
);
const adminArb = fc.record(
  { _id: fc.integer({ min: 1, max: 1000 }).map(String), _line_item: text64, _password: word(lower, lower, 12) },
  { requiredKeys: [] },
);

interface Case {
  fields: GrantFields;
  hostid: string;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    isv: isvArb,
    product: productArb,
    version: versionArb,
    expires: expiryArb,
    count: countArb,
    covered: coveredArb,
    admin: adminArb,
    hostid: fc.stringMatching(/^[0-9a-f]{12}$/),
  })
  .map((r) => {
    const attrs: Array<[string, string | null]> = [...Object.entries(r.covered), ...Object.entries(r.admin)];
    // "Uncounted licenses always require a hostid"
    if (r.count === 'uncounted') attrs.push(['hostid', 'any']);
    return {
      hostid: r.hostid,
      fields: { kind: 'license' as const, isv: r.isv, product: r.product, version: r.version, expires: r.expires, count: r.count, attrs },
    };
  });

function fileOf(c: Case, fields: GrantFields = c.fields): string {
  return `# generated\nHOST server ${c.hostid} 5053\nISV ${c.fields.isv}\n${formatGrant(fields, 'rlm')}\n`;
}

let keys: Keys;
beforeAll(() => {
  keys = makeKeys();
});

function verdict(text: string): string {
  const doc = parseLicense(text, 'p.lic');
  const errors = doc.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`generated an invalid file:\n${text}\n${JSON.stringify(errors)}`);
  const g = grants(doc)[0];
  if (!g) throw new Error(`no grant in\n${text}`);
  return verifyGrant(doc, g, keys.publicKey).status;
}

function sigOf(c: Case): string {
  const signed = signDocument(parseLicense(fileOf(c), 'p.lic'), keys.privateKey, { isv: c.fields.isv });
  const sig = grants(signed.doc)[0]?.attrs.find((a) => a.name === 'sig')?.value;
  if (sig == null) throw new Error('not signed');
  return sig.replace(/\s+/g, '');
}

const withSig = (f: GrantFields, sig: string): GrantFields => ({ ...f, attrs: [...f.attrs, ['sig', sig]] });

describe('signing random licenses', () => {
  it('signing, printing and re-reading verifies', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const signed = signDocument(parseLicense(fileOf(c), 'p.lic'), keys.privateKey, { isv: c.fields.isv });
        const reread = parseLicense(printDocument(signed.doc), 'p.lic');
        expect(verdict(printDocument(reread))).toBe('valid');
      }),
    );
  });

  it('the signature does not depend on attribute order, _-attributes or where sig= sits', () => {
    fc.assert(
      fc.property(caseArb, fc.infiniteStream(fc.nat()), adminArb, (c, order, admin) => {
        const sig = sigOf(c);
        const covered = c.fields.attrs.filter(([k]) => !k.startsWith('_'));
        const shuffled = covered
          .map((a) => ({ a, k: order.next().value }))
          .sort((x, y) => x.k - y.k)
          .map(({ a }) => a);
        const attrs: Array<[string, string | null]> = [['sig', sig], ...shuffled, ...Object.entries(admin)];
        expect(verdict(fileOf(c, { ...c.fields, attrs }))).toBe('valid');
      }),
      { numRuns: 60 },
    );
  });

  type Mutation = (f: GrantFields) => GrantFields | null;
  const MUTATIONS: Record<string, Mutation> = {
    product: (f) => ({ ...f, product: `${f.product}z` }),
    version: (f) => ({ ...f, version: `${f.version}1` }),
    expires: (f) => ({ ...f, expires: f.expires === 'permanent' ? '1-jan-2099' : 'permanent' }),
    count: (f) => ({ ...f, count: f.count === 'uncounted' ? '3' : String(Number(f.count) + 1) }),
    'add a covered attribute': (f) => (f.attrs.some(([k]) => k === 'issuer') ? null : { ...f, attrs: [...f.attrs, ['issuer', 'Someone Else']] }),
    'change a covered value': (f) => {
      const i = f.attrs.findIndex(([k]) => k === 'contract');
      if (i < 0) return null;
      const attrs = f.attrs.map((a, j): [string, string | null] => (j === i ? [a[0], `${a[1] ?? ''}9`] : a));
      return { ...f, attrs };
    },
    'drop a covered attribute': (f) => {
      const i = f.attrs.findIndex(([k]) => !k.startsWith('_') && k !== 'hostid');
      return i < 0 ? null : { ...f, attrs: f.attrs.filter((_, j) => j !== i) };
    },
  };

  it('changing any covered field breaks the signature', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom(...Object.keys(MUTATIONS)), (c, name) => {
        const mutated = MUTATIONS[name]?.(c.fields) ?? null;
        fc.pre(mutated !== null);
        if (mutated === null) return;
        const sig = sigOf(c);
        expect(verdict(fileOf(c, withSig(c.fields, sig)))).toBe('valid');
        expect(verdict(fileOf(c, withSig(mutated, sig)))).toBe('invalid');
      }),
      { numRuns: 150 },
    );
  });

  it('a counted license breaks under another server hostid, an uncounted one does not', () => {
    fc.assert(
      fc.property(caseArb, fc.stringMatching(/^[0-9a-f]{12}$/), (c, other) => {
        fc.pre(other !== c.hostid);
        const sig = sigOf(c);
        const moved = fileOf({ ...c, hostid: other }, withSig(c.fields, sig));
        expect(verdict(moved)).toBe(c.fields.count === 'uncounted' ? 'valid' : 'invalid');
      }),
      { numRuns: 60 },
    );
  });
});
