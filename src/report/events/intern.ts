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

  /** open addressing over the bytes of names (ofBytes): a power of two, at most half full */
  private slots = new Int32Array(1 << 10).fill(-1);
  private hashes = new Int32Array(1 << 9);
  private names: string[] = [];

  /**
   * buf[a, b), plain ASCII, interned, found by its bytes where they are: a
   * name the table has already is not decoded into a string again. (Over a
   * string's characters the same table was no faster than cutting the string
   * and asking the Map: cutting is cheap there; decoding bytes is not.)
   */
  ofBytes(buf: Buffer, a: number, b: number): string {
    const n = b - a;
    let h = n;
    for (let i = a; i < b; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
    h ^= h >>> 15;
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const id = slots[k] as number;
      if (id < 0) break;
      if (this.hashes[id] === h && sameBytes(this.names[id] as string, buf, a, n)) return this.names[id] as string;
    }
    return this.addBytes(this.of(buf.toString('latin1', a, b)), h);
  }

  private addBytes(name: string, h: number): string {
    if (this.names.length >= MAX) {
      this.names = [];
      this.slots.fill(-1);
    }
    const id = this.names.length;
    this.names.push(name);
    if (id >= this.hashes.length) {
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[id] = h;
    if (2 * (id + 1) > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2).fill(-1);
      for (let j = 0; j < this.names.length; j++) this.place(j);
    } else this.place(id);
    return name;
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let k = (this.hashes[id] as number) & mask;
    while ((this.slots[k] as number) >= 0) k = (k + 1) & mask;
    this.slots[k] = id;
  }

  /** A nullable field: null and '' both read as null. */
  orNull(s: string | undefined | null): string | null {
    return s === undefined || s === null || s === '' ? null : this.of(s);
  }
}

/** name is the n ASCII bytes buf[a, a + n) */
function sameBytes(name: string, buf: Buffer, a: number, n: number): boolean {
  if (name.length !== n) return false;
  for (let i = 0; i < n; i++) if (name.charCodeAt(i) !== buf[a + i]) return false;
  return true;
}

/**
 * A string to keep, free of the chunk it was cut from: V8 makes a cut of 13
 * characters or more a view into the whole string it comes from (a 1 MiB
 * chunk of the log), and keeping the view would keep the chunk.
 */
export function detached(s: string): string {
  return s.length > 12 ? (' ' + s).slice(1) : s;
}
