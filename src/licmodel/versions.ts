// Version comparison (seed 002, "version"). A version is "major.minor" and the
// minor part is a decimal fraction: "1.2 is greater than 1.10" and "2006.2 is
// greater than 2006.11". So 1.0, 1.000 and 1 are the same version, 2005.05 is
// below 2005.5, and date-like FlexLM versions (2018.04, 2014.0122) order as
// their writers meant. Parts after a second dot (seen in some FlexLM files) are
// compared as whole numbers, after major and minor.

interface ParsedVersion {
  /** major part without leading zeros ('' for zero) */
  readonly major: string;
  /** minor part as decimal-fraction digits, trailing zeros removed ('' for zero) */
  readonly fraction: string;
  /** further dot-separated parts, leading zeros removed, trailing zero parts dropped */
  readonly rest: readonly string[];
}

const stripLeading = (s: string): string => s.replace(/^0+/, '');

// A server compares the version each checkout asks for with every pool of its
// product: a few distinct strings, compared again and again. Parsed forms are
// kept (never changed by their readers), and the map is emptied when it fills,
// so a file of many distinct versions costs no more than before.
const parsed = new Map<string, ParsedVersion | null>();
const MAX_PARSED = 4096;

/** Null when the text is not digits separated by dots. */
function parseVersion(v: string): ParsedVersion | null {
  const known = parsed.get(v);
  if (known !== undefined) return known;
  if (parsed.size >= MAX_PARSED) parsed.clear();
  const p = parseFresh(v);
  parsed.set(v, p);
  return p;
}

function parseFresh(v: string): ParsedVersion | null {
  const t = v.trim();
  if (!/^\d+(\.\d*)*$/.test(t)) return null;
  const [major = '', minor = '', ...more] = t.split('.');
  const rest = more.map(stripLeading);
  while (rest.length > 0 && rest[rest.length - 1] === '') rest.pop();
  return { major: stripLeading(major), fraction: minor.replace(/0+$/, ''), rest };
}

export function isValidVersion(v: string): boolean {
  return parseVersion(v) !== null;
}

type Sign = -1 | 0 | 1;

function cmpInt(a: string, b: string): Sign {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpFraction(a: string, b: string): Sign {
  // with trailing zeros gone, digit-wise comparison is numeric comparison of fractions
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpParsed(a: ParsedVersion, b: ParsedVersion): Sign {
  const m = cmpInt(a.major, b.major);
  if (m !== 0) return m;
  const f = cmpFraction(a.fraction, b.fraction);
  if (f !== 0) return f;
  const n = Math.max(a.rest.length, b.rest.length);
  for (let i = 0; i < n; i++) {
    const c = cmpInt(a.rest[i] ?? '', b.rest[i] ?? '');
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * A total order on version strings. Text that is not a version sorts below
 * every real version (so a license with a garbled version satisfies no
 * request), and such texts order among themselves case-insensitively.
 */
export function compareVersions(a: string, b: string): Sign {
  if (a === b) return 0;
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (pa !== null && pb !== null) return cmpParsed(pa, pb);
  if (pa !== null) return 1;
  if (pb !== null) return -1;
  const la = a.trim().toLowerCase();
  const lb = b.trim().toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : 0;
}

/** True when a license of version `licensed` grants a request for `asked` (seed 002: "must be less than or equal"). */
export function versionSatisfies(licensed: string, asked: string): boolean {
  return compareVersions(asked, licensed) <= 0;
}
