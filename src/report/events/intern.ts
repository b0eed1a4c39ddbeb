// One string object per distinct feature, user, host, vendor... read from a
// log. A string cut from a line is new each time, and every Map or Set of the
// aggregator would hash each new copy again; the interned one carries its
// hash, so a name costs one hash per line, here (bench/suites/report.ts,
// bench/RESULTS.md). A hash table of our own over the line's characters, which
// would not cut the string out, was tried: V8's own hashing of the cut string
// was twice as fast.

/** past this many distinct strings the table starts again (memory stays flat on hostile logs) */
const MAX = 200_000;

export class Interner {
  private readonly table = new Map<string, string>();

  of(s: string): string {
    const known = this.table.get(s);
    if (known !== undefined) return known;
    if (this.table.size >= MAX) this.table.clear();
    // made once per distinct string, so it costs nothing per line
    const own = detached(s);
    this.table.set(own, own);
    return own;
  }

  /** text[a, b), interned */
  ofRange(text: string, a: number, b: number): string {
    return this.of(text.slice(a, b));
  }

  /** A nullable field: null and '' both read as null. */
  orNull(s: string | undefined | null): string | null {
    return s === undefined || s === null || s === '' ? null : this.of(s);
  }
}

/**
 * A string to keep, free of the chunk it was cut from: V8 makes a cut of 13
 * characters or more a view into the whole string it comes from (a 1 MiB
 * chunk of the log), and keeping the view would keep the chunk.
 */
export function detached(s: string): string {
  return s.length > 12 ? (' ' + s).slice(1) : s;
}
