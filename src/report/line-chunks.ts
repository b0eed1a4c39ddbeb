// Bytes to lines for the report readers. A log is read in byte chunks; this
// cuts them at line ends ('\n', a byte no UTF-8 sequence contains) and decodes
// whole lines only, in pieces of at most PIECE bytes.
//
// Why pieces, not the chunk as one string: a string over V8's largest regular
// object (128 KiB) is a large object, and young large objects are only freed
// by a scavenge, which a line reader that allocates little per line rarely
// causes. Node.js 24's young generation may grow to 64 MiB per semi-space
// (Node.js 20: 16 MiB), and as much again of large objects may wait beside
// it: decoding each 1 MiB chunk as one string (and the chunk plus the line
// left from the one before as another) kept ~60 MiB of dead chunk strings
// resident over a 1 GB log. Pieces are ordinary young objects: the scavenges
// their allocation causes free them (bench/suites/report.ts, memory row).

/** bytes decoded at a time: under V8's 128 KiB large-object threshold, so never a large object */
const PIECE = 64 * 1024;
/** a longer line is not read (counted as unread): memory stays bounded on a file with no line ends */
export const MAX_LINE = 1024 * 1024;
const HEAD = 200;

export interface LineSink {
  /** whole lines, '\n' after each but perhaps the input's last */
  text(text: string): void;
  /** the same lines as bytes buf[a, b), before they are decoded: true when read so (the reader reads bytes), false to have them as text */
  bytes?(buf: Buffer, a: number, b: number): boolean;
  /** a line over MAX_LINE bytes, not read: its first characters */
  tooLong(head: string): void;
}

export class LineChunks {
  /** the start of a line whose end has not come yet */
  private carry = Buffer.allocUnsafe(0);
  private carried = 0;
  /** in a line over MAX_LINE: its bytes are dropped up to its end */
  private skipping = false;

  constructor(private readonly sink: LineSink) {}

  /** Takes a chunk. It is not kept: the caller may reuse its memory once this returns. */
  push(buf: Buffer): void {
    let p = 0;
    if (this.skipping || this.carried > 0) {
      const nl = buf.indexOf(10);
      const upTo = nl < 0 ? buf.length : nl + 1;
      if (this.skipping) {
        if (nl < 0) return;
        this.skipping = false;
      } else if (this.carried + upTo > MAX_LINE) {
        this.sink.tooLong(this.carry.toString('utf8', 0, Math.min(this.carried, HEAD * 4)).slice(0, HEAD));
        this.carried = 0;
        this.skipping = nl < 0;
        if (nl < 0) return;
      } else {
        this.append(buf, 0, upTo);
        if (nl < 0) return;
        this.lines(this.carry, 0, this.carried);
        this.carried = 0;
      }
      p = upTo;
    }
    const whole = buf.lastIndexOf(10) + 1;
    while (p < whole) {
      let q = whole - p <= PIECE ? whole : buf.lastIndexOf(10, p + PIECE - 1) + 1;
      // a single line longer than a piece: decoded alone
      if (q <= p) q = buf.indexOf(10, p + PIECE) + 1;
      if (q - p > MAX_LINE) this.sink.tooLong(buf.toString('utf8', p, p + HEAD * 4).slice(0, HEAD));
      else this.lines(buf, p, q);
      p = q;
    }
    if (p >= buf.length) return;
    if (buf.length - p > MAX_LINE) {
      this.sink.tooLong(buf.toString('utf8', p, p + HEAD * 4).slice(0, HEAD));
      this.skipping = true;
    } else this.append(buf, p, buf.length);
  }

  /** The input has ended: its last line, if it had no line end. */
  end(): void {
    if (this.carried > 0) this.lines(this.carry, 0, this.carried);
    this.carried = 0;
    this.skipping = false;
  }

  private lines(buf: Buffer, a: number, b: number): void {
    if (!this.sink.bytes?.(buf, a, b)) this.sink.text(buf.toString('utf8', a, b));
  }

  private append(buf: Buffer, a: number, b: number): void {
    const need = this.carried + (b - a);
    if (need > this.carry.length) {
      const grown = Buffer.allocUnsafe(Math.min(MAX_LINE, Math.max(need, 2 * this.carry.length, 4096)));
      this.carry.copy(grown, 0, 0, this.carried);
      this.carry = grown;
    }
    buf.copy(this.carry, this.carried, a, b);
    this.carried = need;
  }
}
