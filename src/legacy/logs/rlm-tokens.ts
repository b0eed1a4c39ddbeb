// The tokens of an RLM report log line, as offsets into it (rlm-report.ts).
// Not plain, for speed (bench/suites/report.ts, bench/RESULTS.md): splitting
// every line into strings, as a regular expression does, cost more than the
// rest of the reading; here only the fields a record needs become strings,
// and numbers, dates and times are read in place.

import { isBlank } from './chars.js';

/**
 * A line's tokens, as offsets into it: split on blanks, a double-quoted field
 * is one token without its quotes (a quote inside a word is part of it).
 */
export class Tokens {
  text = '';
  n = 0;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  /** the last time field read (hms): hours, minutes, seconds, milliseconds */
  h = 0;
  m = 0;
  s = 0;
  ms = 0;

  read(text: string): void {
    this.text = text;
    this.n = 0;
    const len = text.length;
    for (let i = 0; i < len; ) {
      const c = text.charCodeAt(i);
      if (isBlank(c)) {
        i++;
        continue;
      }
      if (c === 34 /* " */) {
        const close = text.indexOf('"', i + 1);
        if (close >= 0) {
          this.push(i + 1, close);
          i = close + 1;
          continue;
        }
      }
      let j = i + 1;
      while (j < len && !isBlank(text.charCodeAt(j))) j++;
      this.push(i, j);
      i = j;
    }
  }

  private push(a: number, b: number): void {
    if (this.n === this.starts.length) {
      const starts = new Int32Array(this.n * 2);
      const ends = new Int32Array(this.n * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.n] = a;
    this.ends[this.n++] = b;
  }

  str(i: number): string | undefined {
    return i < this.n ? this.text.slice(this.starts[i], this.ends[i]) : undefined;
  }

  start(i: number): number {
    return this.starts[i] as number;
  }

  end(i: number): number {
    return this.ends[i] as number;
  }

  len(i: number): number {
    return i < this.n ? this.ends[i]! - this.starts[i]! : -1;
  }

  is(i: number, s: string): boolean {
    return this.len(i) === s.length && this.text.startsWith(s, this.starts[i]);
  }

  /** Number(token), without cutting it out when it is a few plain digits */
  num(i: number): number {
    const a = this.starts[i]!;
    const len = this.len(i);
    if (len > 0 && len < 8) {
      let v = 0;
      for (let j = a; j < a + len; j++) {
        const d = this.text.charCodeAt(j) - 48;
        if (d < 0 || d > 9) return Number(this.str(i));
        v = v * 10 + d;
      }
      return v;
    }
    return Number(this.str(i));
  }

  /** token i as mm/dd (one or two digits each), packed as month * 100 + day, or -1 */
  md(i: number): number {
    const len = this.len(i);
    if (len < 3 || len > 5) return -1;
    const a = this.starts[i]!;
    const slash = this.text.indexOf('/', a);
    const b = a + len;
    if (slash < a + 1 || slash > a + 2 || b - slash - 1 < 1 || b - slash - 1 > 2) return -1;
    const month = this.digits(a, slash);
    const day = this.digits(slash + 1, b);
    return month < 0 || day < 0 ? -1 : month * 100 + day;
  }

  /** mm/dd/yyyy, packed as year * 10000 + month * 100 + day, or -1 */
  mdy(i: number): number {
    const len = this.len(i);
    if (len < 8 || len > 10) return -1;
    const a = this.starts[i]!;
    const b = a + len;
    if (this.text.charCodeAt(b - 5) !== 47 /* / */) return -1;
    const md = this.md2(a, b - 5);
    const year = this.digits(b - 4, b);
    return md < 0 || year < 0 ? -1 : year * 10000 + md;
  }

  /** hh:mm, hh:mm:ss or hh:mm:ss.fraction at token i, into h, m, s, ms; false when it is not one */
  hms(i: number): boolean {
    const len = this.len(i);
    if (len < 4) return false;
    const t = this.text;
    const a = this.starts[i]!;
    const b = a + len;
    const c1 = t.indexOf(':', a);
    if (c1 < a + 1 || c1 > a + 2 || c1 + 3 > b) return false;
    const h = this.digits(a, c1);
    const m = this.digits(c1 + 1, c1 + 3);
    let s = 0;
    let ms = 0;
    if (c1 + 3 < b) {
      if (t.charCodeAt(c1 + 3) !== 58 || c1 + 6 > b) return false;
      s = this.digits(c1 + 4, c1 + 6);
      if (c1 + 6 < b) {
        if (t.charCodeAt(c1 + 6) !== 46 /* . */ || c1 + 7 >= b || this.digits(c1 + 7, b) < 0) return false;
        ms = Number(`0.${t.slice(c1 + 7, b)}`) * 1000;
      }
    }
    if (h < 0 || m < 0 || s < 0) return false;
    this.h = h;
    this.m = m;
    this.s = s;
    this.ms = ms;
    return true;
  }

  /** mm/dd between a and b, packed, or -1 */
  private md2(a: number, b: number): number {
    const slash = this.text.indexOf('/', a);
    if (slash < a + 1 || slash > a + 2 || b - slash - 1 < 1 || b - slash - 1 > 2) return -1;
    const month = this.digits(a, slash);
    const day = this.digits(slash + 1, b);
    return month < 0 || day < 0 ? -1 : month * 100 + day;
  }

  /** the value of the digits between a and b, or -1 when one is not a digit */
  private digits(a: number, b: number): number {
    let v = 0;
    for (let j = a; j < b; j++) {
      const d = this.text.charCodeAt(j) - 48;
      if (d < 0 || d > 9) return -1;
      v = v * 10 + d;
    }
    return v;
  }
}


