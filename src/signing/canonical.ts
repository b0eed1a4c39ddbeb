// THE definition of what a licutil signature covers. Signing and verification
// both call canonicalPayload and nothing else decides which bytes matter, so the
// rule lives in one place (and in licutil-sign(1), which must say the same).
//
// Seed 002: every field of a LICENSE/UPGRADE line is fixed "with the exception of
// the parameters whose names begin with the underscore"; the HOST line's hostid is
// signed but its hostname and port are not; the ISV line's paths are not; and "an
// uncounted license does not require a HOST line, and even if there is a HOST
// line, the hostid of the license server is not used". Seed 002 also says "all
// fields in the license line are case-insensitive", which is why positional fields
// are lower-cased, while attribute values (options=, customer=, ... reach the
// application verbatim) keep their case.
import type { Attribute, GrantStatement, LicenseDocument } from '../licfile/types.js';

/** First line of every payload; bump it when the rules below change. */
const PAYLOAD_VERSION = 'licutil-sig-v1';

/**
 * Attributes that hold a signature or a checksum of the line rather than license
 * data, so they cannot be part of what is signed: our own `sig`, RLM's `key=`
 * form, FlexLM's SIGN/SIGN2/AUTH and its `ck` checksum. (`_ck` is excluded as an
 * underscore attribute anyway.)
 */
const SIGNATURE_ATTRIBUTES: ReadonlySet<string> = new Set(['sig', 'key', 'sign', 'sign2', 'auth', 'ck']);

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** Whether an attribute is part of the signed data. */
function isCoveredAttribute(name: string): boolean {
  const n = name.toLowerCase();
  return !n.startsWith('_') && !SIGNATURE_ATTRIBUTES.has(n);
}

/** Runs of white space (line breaks and wrapping indentation included) become one space. */
export function normalizeSpace(value: string): string {
  return value.replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  // y may be < 100; Date.UTC would shift it to 19xx, which does not change leap years of interest
  const last = new Date(Date.UTC(2000 + (y % 400), m, 0)).getUTCDate();
  return d <= last;
}

/**
 * The expiry as one spelling per day: `permanent` (also any year-0 date, which
 * seed 002 says "is also non-expiring"), otherwise `Y-MM-DD` with the year as a
 * number. `01-jan-2023` and `2023-01-01` are "the same day" in seed 002's two
 * formats, so they sign alike. A two-digit year is kept as that number, not
 * guessed into a century, so `1-jan-09` and `1-jan-2009` differ. Text that is
 * not a date is kept, lower-cased.
 */
export function normalizeExpiry(expires: string): string {
  const e = expires.trim().toLowerCase();
  if (e === 'permanent') return 'permanent';
  let y: number | null = null;
  let m = 0;
  let d = 0;
  const dmy = /^(\d{1,2})-([a-z]{3})-(\d{1,4})$/.exec(e);
  const ymd = /^(\d{1,4})-(\d{1,2})-(\d{1,2})$/.exec(e);
  if (dmy) {
    const month = MONTHS[dmy[2] ?? ''];
    if (month !== undefined) {
      y = Number(dmy[3]);
      m = month;
      d = Number(dmy[1]);
    }
  } else if (ymd) {
    y = Number(ymd[1]);
    m = Number(ymd[2]);
    d = Number(ymd[3]);
  }
  if (y === null || !validDay(y, m, d)) return e;
  if (y === 0) return 'permanent';
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Seed 002: "0 or uncounted indicates an uncounted license" ("100% equivalent"). */
export function normalizeCount(count: string): string {
  const c = count.trim().toLowerCase();
  if (/^\d+$/.test(c)) {
    const n = BigInt(c);
    return n === 0n ? 'uncounted' : n.toString();
  }
  return c;
}

/** A counted license (a non-zero number of seats) is bound to its server's hostid. */
export function isCounted(count: string): boolean {
  const c = normalizeCount(count);
  return /^\d+$/.test(c);
}

/** The hostids of the file's HOST/SERVER lines, lower-cased and sorted (three for a FlexLM triad). */
function serverHostids(doc: LicenseDocument): string[] {
  return doc.statements
    .flatMap((s) => (s.kind === 'host' ? [s.hostid.trim().toLowerCase()] : []))
    .sort();
}

function attributeLine(a: Attribute): string {
  return a.value === null ? `attr ${a.name}` : `attr ${a.name} ${JSON.stringify(normalizeSpace(a.value))}`;
}

/** Covered attributes in canonical order: by lower-case name, ties in file order. */
function coveredAttributes(stmt: GrantStatement): Attribute[] {
  return stmt.attrs
    .filter((a) => isCoveredAttribute(a.name))
    .map((a, i) => ({ a, i }))
    .sort((x, y) => (x.a.name < y.a.name ? -1 : x.a.name > y.a.name ? 1 : x.i - y.i))
    .map(({ a }) => a);
}

const field = (name: string, value: string): string => `${name} ${JSON.stringify(normalizeSpace(value))}`;

/**
 * The bytes a signature is made over, as UTF-8 text: one `name value` line per
 * covered item, values JSON-quoted so no value can be mistaken for the next line.
 *
 *     licutil-sig-v1
 *     kind "license"              license (LICENSE/FEATURE/INCREMENT) or upgrade
 *     isv "reprise"               lower case
 *     product "joe"               lower case
 *     from "1.0"                  UPGRADE only, lower case
 *     version "3.0"               lower case
 *     expires "2027-01-31"        see normalizeExpiry
 *     count "10"                  see normalizeCount
 *     servers ["0000a74f88ce"]    counted licenses only: HOST hostids, see serverHostids
 *     attr hostid "ip=1.2.3.4"    each covered attribute, see coveredAttributes
 *     attr replace                a bare flag
 */
export function canonicalPayload(doc: LicenseDocument, stmt: GrantStatement): string {
  const lines = [PAYLOAD_VERSION, field('kind', stmt.kind), field('isv', stmt.isv.toLowerCase()), field('product', stmt.product.toLowerCase())];
  if (stmt.kind === 'upgrade') lines.push(field('from', stmt.fromVersion.toLowerCase()));
  lines.push(field('version', stmt.version.toLowerCase()));
  lines.push(field('expires', normalizeExpiry(stmt.expires)));
  lines.push(field('count', normalizeCount(stmt.count)));
  if (isCounted(stmt.count)) lines.push(`servers ${JSON.stringify(serverHostids(doc))}`);
  for (const a of coveredAttributes(stmt)) lines.push(attributeLine(a));
  return `${lines.join('\n')}\n`;
}
