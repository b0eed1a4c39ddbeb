// A scanner of one-line flat JSON objects (licutil's report log), for speed
// (bench/suites/report.ts, bench/RESULTS.md): it finds where the values of
// some keys are in the line and makes no object or string, where JSON.parse
// makes both for every field. It takes only lines it reads exactly as
// JSON.parse would: no backslash (so no escape) and no control character in
// the line, values that are strings, numbers, true, false or null. Anything
// else (nesting, escapes, a syntax error) it declines, and the caller uses
// JSON.parse.

export type FlatType = 'absent' | 'string' | 'number' | 'null' | 'boolean';

// eslint-disable-next-line no-control-regex -- the control characters JSON forbids in a string
const DECLINE = /[\u0000-\u001f\\]/;

export class FlatJson {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly types: FlatType[];
  private readonly byLength = new Map<number, number[]>();
  private text = '';

  constructor(private readonly keys: readonly string[]) {
    this.starts = new Int32Array(keys.length);
    this.ends = new Int32Array(keys.length);
    this.types = keys.map((): FlatType => 'absent');
    keys.forEach((k, i) => this.byLength.set(k.length, [...(this.byLength.get(k.length) ?? []), i]));
  }

  /** Scans a line; false: not one it takes (the caller uses JSON.parse). */
  read(text: string): boolean {
    this.text = text;
    this.types.fill('absent');
    if (DECLINE.test(text)) return false;
    const n = text.length;
    let i = skip(text, 0);
    if (text.charCodeAt(i) !== 123 /* { */) return false;
    i = skip(text, i + 1);
    if (text.charCodeAt(i) === 125 /* } */) return skip(text, i + 1) === n;
    for (;;) {
      if (text.charCodeAt(i) !== 34 /* " */) return false;
      const keyEnd = text.indexOf('"', i + 1);
      if (keyEnd < 0) return false;
      const k = this.keyAt(i + 1, keyEnd);
      i = skip(text, keyEnd + 1);
      if (text.charCodeAt(i) !== 58 /* : */) return false;
      i = skip(text, i + 1);
      const c = text.charCodeAt(i);
      let start = i;
      let type: FlatType;
      if (c === 34) {
        start = i + 1;
        i = text.indexOf('"', start);
        if (i < 0) return false;
        type = 'string';
      } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
        i = numberEnd(text, i);
        if (i < 0) return false;
        type = 'number';
      } else if (text.startsWith('null', i)) {
        i += 4;
        type = 'null';
      } else if (text.startsWith('true', i)) {
        i += 4;
        type = 'boolean';
      } else if (text.startsWith('false', i)) {
        i += 5;
        type = 'boolean';
      } else return false;
      if (k >= 0) {
        // a key given twice: JSON.parse keeps the last
        this.starts[k] = start;
        this.ends[k] = i;
        this.types[k] = type;
      }
      if (type === 'string') i++;
      i = skip(text, i);
      const sep = text.charCodeAt(i);
      if (sep === 44 /* , */) i = skip(text, i + 1);
      else if (sep === 125) return skip(text, i + 1) === n;
      else return false;
    }
  }

  type(k: number): FlatType {
    return this.types[k] as FlatType;
  }

  /** the value's first character (a string's: after its quote) */
  start(k: number): number {
    return this.starts[k] as number;
  }

  /** just past the value (a string's: its closing quote) */
  end(k: number): number {
    return this.ends[k] as number;
  }

  /** true when none of these keys has a value other than a string or null */
  stringsOrNull(ks: readonly number[]): boolean {
    for (const k of ks) {
      const t = this.types[k];
      if (t !== 'string' && t !== 'null' && t !== 'absent') return false;
    }
    return true;
  }

  /** the string value of key k is `s` */
  is(k: number, s: string): boolean {
    return this.types[k] === 'string' && this.ends[k]! - this.starts[k]! === s.length && this.text.startsWith(s, this.starts[k]);
  }

  number(k: number): number {
    return Number(this.text.slice(this.starts[k], this.ends[k]));
  }

  private keyAt(a: number, b: number): number {
    const candidates = this.byLength.get(b - a);
    if (candidates === undefined) return -1;
    for (const k of candidates) if (this.text.startsWith(this.keys[k] as string, a)) return k;
    return -1;
  }
}

/** past JSON's blanks (space, tab, CR, LF) */
function skip(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return i;
    i++;
  }
}

const digitAt = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/** The end of a JSON number at i (-? int frac? exp?), or -1 when it is not one. */
function numberEnd(text: string, i: number): number {
  if (text.charCodeAt(i) === 45) i++;
  if (text.charCodeAt(i) === 48) i++;
  else if (digitAt(text, i)) while (digitAt(text, i)) i++;
  else return -1;
  if (text.charCodeAt(i) === 46 /* . */) {
    i++;
    if (!digitAt(text, i)) return -1;
    while (digitAt(text, i)) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69 /* e E */) {
    i++;
    const s = text.charCodeAt(i);
    if (s === 43 || s === 45) i++;
    if (!digitAt(text, i)) return -1;
    while (digitAt(text, i)) i++;
  }
  return i;
}
