// The RLM report log's most common records, std OUT and IN, read straight from
// the file's bytes, for speed (bench/suites/report.ts, bench/RESULTS.md):
// decoding every line into a string cost more than reading it. The line is
// cut into tokens as rlm-tokens.ts cuts a string (blanks, a double-quoted
// field one token without its quotes), and only a line of plain ASCII whose
// time is a plain mm/dd hh:mm:ss is taken; anything else is declined and read
// as text by rlm-report.ts (test/unit/report/in-place.test.ts holds the two to
// the same events).

export class ByteTokens {
  n = 0;
  private starts = new Int32Array(32);
  private ends = new Int32Array(32);
  /** the time read by hms(): hours, minutes, seconds */
  h = 0;
  m = 0;
  s = 0;

  /** Cuts buf[a, b) into tokens; false when it is not plain ASCII (or has too many tokens). */
  read(buf: Buffer, a: number, b: number): boolean {
    this.n = 0;
    for (let i = a; i < b; ) {
      const c = buf[i] as number;
      if (c > 127) return false;
      if (blank(c)) {
        i++;
        continue;
      }
      if (this.n === this.starts.length) return false;
      if (c === 34 /* " */) {
        let close = i + 1;
        while (close < b && buf[close] !== 34) close++;
        if (close < b) {
          this.starts[this.n] = i + 1;
          this.ends[this.n++] = close;
          i = close + 1;
          continue;
        }
      }
      let j = i + 1;
      for (; j < b; j++) {
        const d = buf[j] as number;
        if (d > 127) return false;
        if (blank(d)) break;
      }
      this.starts[this.n] = i;
      this.ends[this.n++] = j;
      i = j;
    }
    return true;
  }

  start(i: number): number {
    return this.starts[i] as number;
  }

  end(i: number): number {
    return this.ends[i] as number;
  }

  len(i: number): number {
    return i < this.n ? (this.ends[i] as number) - (this.starts[i] as number) : -1;
  }

  /** token i is the ASCII text s */
  is(buf: Buffer, i: number, s: string): boolean {
    if (this.len(i) !== s.length) return false;
    const a = this.starts[i] as number;
    for (let k = 0; k < s.length; k++) if (buf[a + k] !== s.charCodeAt(k)) return false;
    return true;
  }

  /** token i holds the byte c */
  has(buf: Buffer, i: number, c: number): boolean {
    for (let k = this.starts[i] as number; k < (this.ends[i] as number); k++) if (buf[k] === c) return true;
    return false;
  }

  /** the value of token i when it is 1 to 7 plain digits, else NaN (the text reading then decides) */
  num(buf: Buffer, i: number): number {
    const len = this.len(i);
    if (len < 1 || len > 7) return NaN;
    return digits(buf, this.starts[i] as number, this.ends[i] as number);
  }

  /** token i as mm/dd (one or two digits each), packed as month * 100 + day, or -1 */
  md(buf: Buffer, i: number): number {
    const len = this.len(i);
    if (len < 3 || len > 5) return -1;
    const a = this.starts[i] as number;
    const b = a + len;
    let slash = a;
    while (slash < b && buf[slash] !== 47 /* / */) slash++;
    if (slash < a + 1 || slash > a + 2 || b - slash - 1 < 1 || b - slash - 1 > 2) return -1;
    const month = digits(buf, a, slash);
    const day = digits(buf, slash + 1, b);
    return Number.isNaN(month + day) ? -1 : month * 100 + day;
  }

  /** token i as h:mm:ss or hh:mm:ss, into h, m, s; false for any other shape (hh:mm, fractions: the text reading takes them) */
  hms(buf: Buffer, i: number): boolean {
    const len = this.len(i);
    if (len !== 7 && len !== 8) return false;
    const a = this.starts[i] as number;
    const c1 = len === 7 ? a + 1 : a + 2;
    if (buf[c1] !== 58 || buf[c1 + 3] !== 58) return false;
    const h = digits(buf, a, c1);
    const m = digits(buf, c1 + 1, c1 + 3);
    const s = digits(buf, c1 + 4, c1 + 6);
    if (Number.isNaN(h + m + s)) return false;
    this.h = h;
    this.m = m;
    this.s = s;
    return true;
  }
}

/** a byte of \s, of ASCII */
function blank(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** the value of the digits buf[a, b), or NaN when one is not a digit */
function digits(buf: Buffer, a: number, b: number): number {
  let v = 0;
  for (let j = a; j < b; j++) {
    const d = (buf[j] as number) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}
