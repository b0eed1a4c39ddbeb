// The FlexNet debug log's most common line, read straight from the file's
// bytes, for speed (bench/suites/report.ts, bench/RESULTS.md): decoding every
// line into a string cost more than reading it. Only a line of plain ASCII in
// the simplest shape is taken:
//
//   HH:MM:SS (daemon) OUT: "feature" user@host
//
// (OUT, IN, DENIED, UNSUPPORTED, QUEUED or DEQUEUED; nothing in brackets and
// no ^^^ after user@host), and it is read exactly as flexnet-debug.ts reads
// its string (lineHead and action). Anything else is declined, and the line
// is decoded and read there (test/unit/report/in-place.test.ts holds the two
// to the same events).

/** Where the parts of a line taken are, in the buffer. */
export interface FlexnetBytes {
  secs: number;
  /** the daemon's name is [da, db) */
  da: number;
  db: number;
  keyword: Keyword;
  /** the feature [fa, fb), the user [wa, at) and the host (at, wb); empty: null */
  fa: number;
  fb: number;
  wa: number;
  at: number;
  wb: number;
}

export type Keyword = 'OUT' | 'IN' | 'DENIED' | 'UNSUPPORTED' | 'QUEUED' | 'DEQUEUED';

export function blankFlexnetBytes(): FlexnetBytes {
  return { secs: 0, da: 0, db: 0, keyword: 'OUT', fa: 0, fb: 0, wa: 0, at: 0, wb: 0 };
}

const COLON = 58;
const QUOTE = 34;

/** a byte of \s, of ASCII (bytes past 127 are declined before) */
function blank(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function digit(c: number): number {
  const d = c - 48;
  return d >= 0 && d <= 9 ? d : NaN;
}

/** Reads buf[a, b) into `o`; false when the line is not of the simple shape (or not ASCII). */
export function readFlexnetBytes(buf: Buffer, a: number, b: number, o: FlexnetBytes): boolean {
  let i = a;
  while (i < b && (buf[i] === 32 || buf[i] === 9)) i++;
  if (b - i < 12) return false;
  let h = digit(buf[i++] as number);
  if (buf[i] !== COLON) h = h * 10 + digit(buf[i++] as number);
  if (buf[i] !== COLON || i + 8 > b) return false;
  const m = digit(buf[i + 1] as number) * 10 + digit(buf[i + 2] as number);
  if (buf[i + 3] !== COLON) return false;
  const s = digit(buf[i + 4] as number) * 10 + digit(buf[i + 5] as number);
  if (Number.isNaN(h + m + s) || buf[i + 6] !== 32 || buf[i + 7] !== 40 /* ( */) return false;
  const da = i + 8;
  i = da;
  while (i < b && buf[i] !== 41 /* ) */) {
    const c = buf[i] as number;
    if (blank(c) || c > 127) return false;
    i++;
  }
  if (i >= b || i === da) return false;
  o.secs = h * 3600 + m * 60 + s;
  o.da = da;
  o.db = i;
  i = buf[i + 1] === 32 ? i + 2 : i + 1;
  // KEYWORD:
  const c0 = buf[i];
  const keyword: Keyword | null = c0 === 79 ? 'OUT' : c0 === 73 ? 'IN' : c0 === 68 ? (buf[i + 2] === 78 ? 'DENIED' : 'DEQUEUED') : c0 === 85 ? 'UNSUPPORTED' : c0 === 81 ? 'QUEUED' : null;
  if (keyword === null || i + keyword.length >= b || buf[i + keyword.length] !== COLON) return false;
  for (let k = 1; k < keyword.length; k++) if (buf[i + k] !== keyword.charCodeAt(k)) return false;
  o.keyword = keyword;
  i += keyword.length + 1;
  // blanks, "feature" (quotes optional), blanks
  if (i >= b || !blank(buf[i] as number)) return false;
  while (i < b && blank(buf[i] as number)) i++;
  if (buf[i] === QUOTE && i < b) i++;
  const fa = i;
  for (; i < b; i++) {
    const c = buf[i] as number;
    if (c === QUOTE || blank(c)) break;
    if (c > 127) return false;
  }
  if (i === fa) return false;
  o.fa = fa;
  o.fb = i;
  if (i < b && buf[i] === QUOTE) i++;
  if (i >= b || !blank(buf[i] as number)) return false;
  while (i < b && blank(buf[i] as number)) i++;
  // user@host: the last @ of the word
  const wa = i;
  let at = -1;
  for (; i < b; i++) {
    const c = buf[i] as number;
    if (blank(c)) break;
    if (c > 127) return false;
    if (c === 64 /* @ */) at = i;
  }
  if (at < 0) return false;
  o.wa = wa;
  o.at = at;
  o.wb = i;
  // the rest: nothing in brackets, no ^^^ (the verbose fields), plain ASCII
  for (; i < b; i++) {
    const c = buf[i] as number;
    if (c === 40 || c === 94 /* ^ */ || c > 127) return false;
  }
  return true;
}
