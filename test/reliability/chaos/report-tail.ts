// Reads the server's report log as it grows, across rotations
// (report.ndjson → report.ndjson.1 → ...), complete lines only. At a server
// SIGKILL the last line may be torn: dropTorn() forgets it, since the next
// server appends after it.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { ReportLine } from './report-replay.js';

export class ReportTailer {
  private ino = -1;
  private offset = 0;
  unparsable = 0;
  torn = 0;

  constructor(
    private readonly path: string,
    private readonly keep = 5,
  ) {}

  readNew(): ReportLine[] {
    let st;
    try {
      st = statSync(this.path);
    } catch {
      return [];
    }
    let text = '';
    if (this.ino !== -1 && st.ino !== this.ino) {
      // rotated since the last read: finish the old file, then any newer rotated ones
      let found = -1;
      for (let k = 1; k <= this.keep; k++) {
        if (inoOf(`${this.path}.${k}`) === this.ino) {
          found = k;
          break;
        }
      }
      if (found > 0) {
        text += readFrom(`${this.path}.${found}`, this.offset).text;
        for (let k = found - 1; k >= 1; k--) text += readFrom(`${this.path}.${k}`, 0).text;
      }
      this.offset = 0;
    }
    this.ino = st.ino;
    const chunk = readFrom(this.path, this.offset);
    this.offset += chunk.bytes;
    text += chunk.text;
    const lines = text.split('\n');
    lines.pop();
    const out: ReportLine[] = [];
    for (const l of lines) {
      if (l === '') continue;
      try {
        out.push(JSON.parse(l) as ReportLine);
      } catch {
        this.unparsable++;
      }
    }
    return out;
  }

  /** The writer died (call after readNew): an incomplete last line will never be completed; skip it. */
  dropTorn(): void {
    const rest = readFrom(this.path, this.offset, true);
    if (rest.bytes > 0) {
      this.torn++;
      this.offset += rest.bytes;
    }
  }
}

function inoOf(p: string): number {
  try {
    return statSync(p).ino;
  } catch {
    return -2;
  }
}

/** Complete lines from `offset` (or every byte with `all`), and how many bytes they are. */
function readFrom(p: string, offset: number, all = false): { text: string; bytes: number } {
  const none = { text: '', bytes: 0 };
  let fd: number;
  try {
    fd = openSync(p, 'r');
  } catch {
    return none;
  }
  try {
    const size = fstatSync(fd).size;
    if (size <= offset) return none;
    const buf = Buffer.alloc(size - offset);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, offset + got);
      if (n <= 0) break;
      got += n;
    }
    if (all) return { text: buf.toString('utf8', 0, got), bytes: got };
    // a line still being written is left for the next read
    const end = buf.lastIndexOf(0x0a, got - 1);
    return end < 0 ? none : { text: buf.toString('utf8', 0, end + 1), bytes: end + 1 };
  } finally {
    closeSync(fd);
  }
}

/**
 * The server writes grants and ends to report.ndjson, and queue entries and exits
 * apart, to denials.ndjson (what a client can make at will; rotated on its own).
 * The replay needs both in one order, as one file gave it before:
 *
 * - report.ndjson is read first, then denials.ndjson: a queue line is written
 *   (plain write(2), or at the end of the same write batch, registered first)
 *   before the grant it leads to, so every grant read has its queue line read;
 * - the wait lines are fed in time order, each before the first report line of
 *   the same or a later time; wait lines later than every report line read so
 *   far are held for the next read, or until flush() (a kill, the end).
 */
export class SplitLogTailer {
  private pending: ReportLine[] = [];

  constructor(
    private readonly report: ReportTailer,
    private readonly waits: ReportTailer,
  ) {}

  get torn(): number {
    return this.report.torn + this.waits.torn;
  }

  get unparsable(): number {
    return this.report.unparsable + this.waits.unparsable;
  }

  readNew(): ReportLine[] {
    const r = this.report.readNew();
    this.pending.push(...this.waits.readNew());
    // stable: a queue line keeps its place before the dequeue of the same time
    this.pending.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    const out: ReportLine[] = [];
    let i = 0;
    for (const e of r) {
      const t = Date.parse(e.time);
      while (i < this.pending.length && Date.parse(this.pending[i]?.time ?? '') <= t) out.push(this.pending[i++] as ReportLine);
      out.push(e);
    }
    this.pending = this.pending.slice(i);
    return out;
  }

  /** What readNew() read and still holds back: every wait line, in time order. */
  flush(): ReportLine[] {
    const p = this.pending;
    this.pending = [];
    return p;
  }

  dropTorn(): void {
    this.report.dropTorn();
    this.waits.dropTorn();
  }
}
