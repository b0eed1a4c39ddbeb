// One string object per distinct feature, user, host, vendor... read from a
// log. A string read from a line is new each time, and every Map or Set the
// aggregator looks it up in hashes it again; the interned copy carries its hash,
// so a report over millions of lines hashes each name once per line, here
// (bench/suites/report.ts, bench/RESULTS.md).

/** past this many distinct strings the table starts again (memory stays flat on hostile logs) */
const MAX = 200_000;

export class Interner {
  private readonly table = new Map<string, string>();

  of(s: string): string {
    const known = this.table.get(s);
    if (known !== undefined) return known;
    if (this.table.size >= MAX) this.table.clear();
    // A string cut from a line may be a view into the whole chunk it was read
    // in: keeping it would keep the chunk. The copy is made once per distinct
    // string, so it costs nothing per line.
    const own = s.length > 12 ? (JSON.parse(JSON.stringify(s)) as string) : s;
    this.table.set(own, own);
    return own;
  }

  /** A nullable field: null and '' both read as null. */
  orNull(s: string | undefined | null): string | null {
    return s === undefined || s === null || s === '' ? null : this.of(s);
  }
}
