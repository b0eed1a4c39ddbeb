// The report log file: NDJSON, one ReportEntry per line. Each line is written
// with a plain write(2) before write() returns — the service writes the line of
// an event before it answers the client — so a crash of the server process
// right after an answer loses no line (the reliability soak found acknowledged
// checkouts missing when lines waited for a background write behind the
// journal's fsyncs). It is not fsynced: accounting data, not needed for
// correctness; a power cut may lose the last lines. Inside a writeBatch() (the
// service acting on one group commit) the lines wait for the end of the batch
// and go out in one write(2), still before anyone is answered. It never grows without
// bound: past `maxBytes` the file is rotated — report.ndjson →
// report.ndjson.1 → ... → report.ndjson.<keep>, the oldest dropped. A write
// error is reported through `onError` (once until a write succeeds again) and
// never stops the server.
import { closeSync, constants, fstatSync, ftruncateSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReportEntry } from './report-entry.js';
import { deferToBatchEnd, inWriteBatch, type BatchedWriter } from '../../core/write-batch.js';

// never written through a link planted at its name (or at a rotated name the
// rotation renames into place): O_NOFOLLOW, where the platform has it
const APPEND = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);

interface ReportLogOptions {
  /** rotate when the file would pass this size; default 16 MiB */
  maxBytes?: number;
  /** rotated files to keep; default 5 (0 = keep none) */
  keep?: number;
  onError?: (e: Error) => void;
}

export class ReportLog implements BatchedWriter {
  private fd: number | null;
  private size: number;
  private failing = false;
  private closed = false;
  /** entries kept for the end of the open write batch */
  private kept: ReportEntry[] = [];
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly onError: (e: Error) => void;

  private constructor(
    readonly path: string,
    fd: number,
    opts: ReportLogOptions,
  ) {
    this.fd = fd;
    this.size = fstatSync(fd).size;
    this.maxBytes = opts.maxBytes ?? 16 * 1024 * 1024;
    this.keep = Math.max(0, opts.keep ?? 5);
    this.onError = opts.onError ?? (() => undefined);
  }

  static async open(path: string, opts: ReportLogOptions = {}): Promise<ReportLog> {
    mkdirSync(dirname(path), { recursive: true });
    return new ReportLog(path, openSync(path, APPEND, 0o640), opts);
  }

  /**
   * Appends the entries; they are in the file (the kernel's cache) when this
   * returns, or, inside a writeBatch(), when the batch ends.
   */
  write(entries: readonly ReportEntry[]): void {
    if (entries.length === 0 || this.closed) return;
    if (inWriteBatch()) {
      if (this.kept.length === 0) deferToBatchEnd(this);
      for (const e of entries) this.kept.push(e);
      return;
    }
    this.writeNow(entries);
  }

  flushBatch(): void {
    const kept = this.kept;
    if (kept.length === 0) return;
    this.kept = [];
    this.writeNow(kept);
  }

  private writeNow(entries: readonly ReportEntry[]): void {
    if (this.closed) return;
    try {
      // a rotation that failed half-way left no file open: try again
      if (this.fd === null) {
        this.fd = openSync(this.path, APPEND, 0o640);
        this.size = fstatSync(this.fd).size;
      }
      let all = '';
      for (const e of entries) all += `${JSON.stringify(e)}\n`;
      const bytes = Buffer.from(all, 'utf8');
      // the common case, one write of the whole batch; a batch that crosses the rotation size goes line by line
      if (this.size + bytes.length <= this.maxBytes) {
        this.appendBytes(bytes);
        this.failing = false;
        return;
      }
      let chunk = '';
      let chunkBytes = 0;
      for (const e of entries) {
        const line = `${JSON.stringify(e)}\n`;
        const n = Buffer.byteLength(line);
        if (this.size + chunkBytes + n > this.maxBytes && this.size + chunkBytes > 0) {
          this.append(chunk);
          chunk = '';
          chunkBytes = 0;
          this.rotate();
        }
        chunk += line;
        chunkBytes += n;
      }
      this.append(chunk);
      this.failing = false;
    } catch (e) {
      if (!this.failing) this.onError(e instanceof Error ? e : new Error(String(e)));
      this.failing = true;
    }
  }

  /** Everything written is in the file already; kept for callers that wait for it. */
  flush(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.flushBatch();
    this.closed = true;
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // closing after a failed rotation: nothing left to do
    }
    this.fd = null;
  }

  private append(text: string): void {
    if (text !== '') this.appendBytes(Buffer.from(text, 'utf8'));
  }

  /** All of `buf`, or nothing: a partial line left by a failed write is cut off again. */
  private appendBytes(buf: Buffer): void {
    if (buf.length === 0 || this.fd === null) return;
    let off = 0;
    try {
      while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    } catch (e) {
      if (off > 0) {
        try {
          ftruncateSync(this.fd, this.size);
        } catch {
          // the next line still starts on its own line only if this one ended; nothing more to try
        }
      }
      throw e;
    }
    this.size += buf.length;
  }

  private rotate(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    if (this.keep === 0) {
      ignoreMissing(() => unlinkSync(this.path));
    } else {
      ignoreMissing(() => unlinkSync(`${this.path}.${this.keep}`));
      for (let i = this.keep - 1; i >= 1; i--) ignoreMissing(() => renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`));
      ignoreMissing(() => renameSync(this.path, `${this.path}.1`));
    }
    this.fd = openSync(this.path, APPEND, 0o640);
    this.size = 0;
  }
}

function ignoreMissing(f: () => void): void {
  try {
    f();
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }
}
