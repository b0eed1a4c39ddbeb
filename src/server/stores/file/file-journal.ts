// The journal as an append-only NDJSON file with a checksum per line
// (codec.ts). Appends are group-committed: while one durable write is in
// flight, later appends gather and go out together in the next one, so the
// cost of durability is one sync per batch, not per checkout. The file is
// opened with O_DSYNC where the platform has it, so a batch is one write(2)
// that returns when the data is on disk (one thread-pool round trip), else a
// write followed by fdatasync.
//
// A failed write (disk full, I/O error) rejects every append of its batch with
// LICUTIL_E_JOURNAL and turns `healthy` false; the caller stops granting. The
// journal then probes by itself every `retryMs` and turns healthy again as soon
// as a write succeeds, so the server recovers when space returns.
import { join } from 'node:path';
import { LicutilError } from '../../../protocol/errors.js';
import type { JournalRecord } from '../../core/pool/records.js';
import { JournalDecoder, encodeRecords } from './codec.js';
import type { JournalFile, JournalFs } from './fs.js';
import { nodeJournalFs } from './node-fs.js';
import type { JournalLoad, JournalProblem, JournalStore } from '../../core/store.js';

interface FileJournalOptions {
  fs?: JournalFs;
  /** file name inside the state directory; default journal.ndjson */
  fileName?: string;
  /** how often an unhealthy journal tries to write again; default 1000 ms, 0 = never by itself */
  retryMs?: number;
  /** wall clock for probe records; default Date.now */
  now?: () => number;
}

interface FileJournalStats {
  /** write+sync rounds (one per group commit) */
  commits: number;
  /** records made durable */
  records: number;
  failures: number;
  /** bytes in the file */
  bytes: number;
  /** automatic compactions done */
  compactions: number;
}

interface Pending {
  data: string;
  resolve: () => void;
  reject: (e: Error) => void;
}

/** Appends that go out in one write+sync. */
interface Batch {
  items: Pending[];
  records: number;
}

export class FileJournal implements JournalStore {
  readonly path: string;
  readonly stats: FileJournalStats = { commits: 0, records: 0, failures: 0, bytes: 0, compactions: 0 };

  private readonly fs: JournalFs;
  private readonly retryMs: number;
  private readonly now: () => number;
  private file: JournalFile;
  /** the batch still taking appends; it is already scheduled on `chain` */
  private open: Batch | null = null;
  private chain: Promise<void> = Promise.resolve();
  private isHealthy = true;
  /** a failed write may have left a partial line that could not be cut off */
  private needsLineBreak = false;
  private probeTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** the file must be opened again before the next write (after a compaction) */
  private reopen = false;
  private snapshotSource: (() => readonly JournalRecord[]) | null = null;
  private autoCompactAt = Number.POSITIVE_INFINITY;
  private autoCompactPending = false;
  /** size right after the last compaction: the next one waits until the file has doubled past it */
  private compactedBytes = 0;
  private readonly listeners: ((healthy: boolean, error: Error | null) => void)[] = [];

  private constructor(path: string, file: JournalFile, size: number, opts: FileJournalOptions) {
    this.path = path;
    this.file = file;
    this.fs = opts.fs ?? nodeJournalFs;
    this.retryMs = opts.retryMs ?? 1000;
    this.now = opts.now ?? Date.now;
    this.stats.bytes = size;
  }

  /** Opens (creating if needed) the journal in `stateDir`. */
  static async open(stateDir: string, opts: FileJournalOptions = {}): Promise<FileJournal> {
    const fs = opts.fs ?? nodeJournalFs;
    const path = join(stateDir, opts.fileName ?? 'journal.ndjson');
    try {
      await fs.mkdirp(stateDir);
      const file = await fs.openAppend(path);
      return new FileJournal(path, file, await file.size(), { ...opts, fs });
    } catch (e) {
      throw new LicutilError(
        'LICUTIL_E_JOURNAL',
        `cannot open the journal ${path}: ${errText(e)}`,
        'check that the state directory (--state-dir) exists and is writable by the server',
      );
    }
  }

  get healthy(): boolean {
    return this.isHealthy;
  }

  onHealthChange(listener: (healthy: boolean, error: Error | null) => void): void {
    this.listeners.push(listener);
  }

  append(records: readonly JournalRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    if (this.closed) return Promise.reject(this.failure(new Error('the journal is closed')));
    return new Promise<void>((resolve, reject) => {
      let batch = this.open;
      if (!batch) {
        const b: Batch = { items: [], records: 0 };
        batch = b;
        this.open = b;
        this.chain = this.chain.then(() => this.commit(b));
      }
      batch.items.push({ data: encodeRecords(records), resolve, reject });
      batch.records += records.length;
    });
  }

  /** Every intact record, in memory (tests and tools; the server restores with scan()). */
  async load(): Promise<JournalLoad> {
    const records: JournalRecord[] = [];
    const problems = await this.scan((r) => records.push(r));
    return { records, problems };
  }

  /**
   * Hands every intact record to `onRecord`, reading the file as a stream so a
   * journal of any size is restored in memory bounded by one record. A torn
   * last line is skipped and cut off the file, so the next append starts on a
   * clean line.
   */
  scan(onRecord: (r: JournalRecord, line: number) => void): Promise<JournalProblem[]> {
    const run = this.chain.then(async (): Promise<JournalProblem[]> => {
      const d = new JournalDecoder(onRecord);
      const chunks = await this.fs.readChunks(this.path);
      if (chunks) for await (const c of chunks) d.push(c);
      if (d.end()) {
        await this.ensureOpen();
        await this.file.truncate(d.completeBytes);
        this.stats.bytes = d.completeBytes;
      }
      return d.problems;
    });
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Compact by itself whenever the file passes `atBytes` and has at least
   * doubled since the last compaction, so a server that runs for months keeps a
   * journal the size of its live state. `source` gives that state (the pool
   * manager's snapshotRecords); it is called between commits. Records queued
   * but not yet written when it is called are written after the snapshot too:
   * replaying them on top of it changes nothing (a grant already present is
   * skipped, an end of an unknown lease is ignored).
   */
  autoCompact(source: () => readonly JournalRecord[], atBytes = 64 * 1024 * 1024): void {
    this.snapshotSource = source;
    this.autoCompactAt = atBytes;
  }

  /** Replaces the file with `snapshot`, atomically; appends made meanwhile go to the new file. */
  compact(snapshot: readonly JournalRecord[]): Promise<void> {
    // appends made before this call go to the old file first (the snapshot
    // already includes them); appends made after it follow the snapshot
    this.open = null;
    const run = this.chain.then(() => this.replaceWith(Buffer.from(encodeRecords(snapshot), 'utf8')));
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    await this.chain;
    await this.file.close().catch(() => undefined);
  }

  private async commit(b: Batch): Promise<void> {
    if (this.open === b) this.open = null;
    const batch = b.items;
    let text = this.needsLineBreak ? '\n' : '';
    for (const p of batch) text += p.data;
    const data = Buffer.from(text, 'utf8');
    try {
      await this.ensureOpen();
      await this.file.write(data);
      if (!this.file.syncsOnWrite) await this.file.sync();
    } catch (e) {
      this.stats.failures++;
      await this.cutBack();
      const err = this.failure(e);
      for (const p of batch) p.reject(err);
      this.setHealthy(false, err);
      return;
    }
    this.needsLineBreak = false;
    this.stats.bytes += data.length;
    this.stats.commits++;
    this.stats.records += b.records;
    for (const p of batch) p.resolve();
    this.setHealthy(true, null);
    this.maybeCompact();
  }

  private maybeCompact(): void {
    const source = this.snapshotSource;
    if (!source || this.autoCompactPending || this.closed) return;
    if (this.stats.bytes < Math.max(this.autoCompactAt, 2 * this.compactedBytes)) return;
    this.autoCompactPending = true;
    this.chain = this.chain.then(async () => {
      this.autoCompactPending = false;
      try {
        await this.replaceWith(Buffer.from(encodeRecords(source()), 'utf8'));
        this.stats.compactions++;
      } catch {
        // try again once the file has grown by as much again
        this.compactedBytes = this.stats.bytes;
      }
    });
  }

  /** Atomically replaces the file with `data` and appends to the new one from now on. */
  private async replaceWith(data: Buffer): Promise<void> {
    try {
      await this.fs.replaceDurably(this.path, data);
    } catch (e) {
      throw this.failure(e, 'compacting');
    }
    // the old descriptor now points at the replaced file: never write through it again
    const old = this.file;
    this.reopen = true;
    await old.close().catch(() => undefined);
    this.stats.bytes = data.length;
    this.compactedBytes = data.length;
    this.needsLineBreak = false;
    try {
      await this.ensureOpen();
    } catch {
      // the next commit tries again, and fails its batch if it cannot
    }
  }

  private async ensureOpen(): Promise<void> {
    if (!this.reopen) return;
    this.file = await this.fs.openAppend(this.path);
    this.stats.bytes = await this.file.size();
    this.reopen = false;
  }

  /** After a failed write, remove whatever part of it reached the file. */
  private async cutBack(): Promise<void> {
    try {
      await this.file.truncate(this.stats.bytes);
      this.needsLineBreak = false;
    } catch {
      // the next write starts with a line break so a partial line stays a line of its own
      this.needsLineBreak = true;
    }
  }

  private failure(e: unknown, doing = 'writing'): LicutilError {
    return new LicutilError(
      'LICUTIL_E_JOURNAL',
      `${doing} the journal ${this.path} failed: ${errText(e)}`,
      'free space on the disk that holds the state directory; the server refuses new checkouts until the journal can be written',
    );
  }

  private setHealthy(healthy: boolean, error: Error | null): void {
    if (!healthy) this.scheduleProbe();
    if (healthy === this.isHealthy) return;
    this.isHealthy = healthy;
    for (const l of this.listeners) l(healthy, error);
  }

  private scheduleProbe(): void {
    if (this.retryMs <= 0 || this.closed || this.probeTimer) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      if (this.closed || this.isHealthy) return;
      // a failure reschedules through setHealthy(false)
      this.append([{ t: 'mark', at: this.now() }]).catch(() => undefined);
    }, this.retryMs);
    this.probeTimer.unref?.();
  }
}

function errText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: string }).code;
    return code && !e.message.includes(code) ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}
