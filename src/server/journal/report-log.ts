// The report log file: NDJSON, one ReportEntry per line, appended in the
// background (accounting data, not needed for correctness, so it is not
// fsynced per line). It never grows without bound: past `maxBytes` the file is
// rotated — report.ndjson → report.ndjson.1 → ... → report.ndjson.<keep>, the
// oldest dropped. A write error is reported through `onError` and never stops
// the server.
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ReportEntry } from './report-entry.js';

export interface ReportLogOptions {
  /** rotate when the file would pass this size; default 16 MiB */
  maxBytes?: number;
  /** rotated files to keep; default 5 (0 = keep none) */
  keep?: number;
  onError?: (e: Error) => void;
}

export class ReportLog {
  private handle: FileHandle;
  private size: number;
  private lines: string[] = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly onError: (e: Error) => void;

  private constructor(
    readonly path: string,
    handle: FileHandle,
    size: number,
    opts: ReportLogOptions,
  ) {
    this.handle = handle;
    this.size = size;
    this.maxBytes = opts.maxBytes ?? 16 * 1024 * 1024;
    this.keep = Math.max(0, opts.keep ?? 5);
    this.onError = opts.onError ?? (() => undefined);
  }

  static async open(path: string, opts: ReportLogOptions = {}): Promise<ReportLog> {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, 'a', 0o640);
    const size = (await handle.stat()).size;
    return new ReportLog(path, handle, size, opts);
  }

  /** Queues entries; they reach the file shortly, in order. */
  write(entries: readonly ReportEntry[]): void {
    for (const e of entries) this.lines.push(`${JSON.stringify(e)}\n`);
    if (!this.scheduled && this.lines.length > 0) {
      this.scheduled = true;
      this.chain = this.chain.then(() => this.drain());
    }
  }

  /** Resolves when everything written so far is in the file. */
  flush(): Promise<void> {
    return this.chain;
  }

  async close(): Promise<void> {
    await this.chain;
    await this.handle.close().catch(() => undefined);
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    const lines = this.lines;
    this.lines = [];
    try {
      let chunk = '';
      let chunkBytes = 0;
      for (const line of lines) {
        const n = Buffer.byteLength(line);
        if (this.size + chunkBytes + n > this.maxBytes && this.size + chunkBytes > 0) {
          await this.append(chunk);
          chunk = '';
          chunkBytes = 0;
          await this.rotate();
        }
        chunk += line;
        chunkBytes += n;
      }
      await this.append(chunk);
    } catch (e) {
      this.onError(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private async append(text: string): Promise<void> {
    if (text === '') return;
    const buf = Buffer.from(text, 'utf8');
    await this.handle.write(buf);
    this.size += buf.length;
  }

  private async rotate(): Promise<void> {
    await this.handle.close();
    if (this.keep === 0) {
      await unlink(this.path).catch(ignoreMissing);
    } else {
      await unlink(`${this.path}.${this.keep}`).catch(ignoreMissing);
      for (let i = this.keep - 1; i >= 1; i--) {
        await rename(`${this.path}.${i}`, `${this.path}.${i + 1}`).catch(ignoreMissing);
      }
      await rename(this.path, `${this.path}.1`).catch(ignoreMissing);
    }
    this.handle = await open(this.path, 'a', 0o640);
    this.size = 0;
  }
}

function ignoreMissing(e: unknown): void {
  if ((e as { code?: string }).code !== 'ENOENT') throw e;
}
