// A journal kept in memory: for tests, for `--no-journal` and for benchmarks
// that measure the server without the disk. Records are copied through JSON so
// a test sees exactly what a file journal would have kept. Like the file
// journal it compacts itself from the live state (autoCompact), so a
// --no-journal server under steady traffic keeps memory for its live leases,
// not for every checkout it ever made.
import { LicutilError } from '../../protocol/errors.js';
import type { JournalRecord } from '../core/pool/records.js';
import type { JournalLoad, JournalStore } from '../core/store.js';

export class MemoryJournal implements JournalStore {
  /** set to make appends fail (as a full disk would) until cleared */
  failWith: Error | null = null;
  appends = 0;

  private records: JournalRecord[] = [];
  private snapshotSource: (() => readonly JournalRecord[]) | null = null;
  private autoCompactAt = Number.POSITIVE_INFINITY;
  /** records right after the last compaction: the next one waits until there are twice as many */
  private compactedRecords = 0;
  private isHealthy = true;
  private readonly listeners: ((healthy: boolean, error: Error | null) => void)[] = [];

  get healthy(): boolean {
    return this.isHealthy;
  }

  onHealthChange(listener: (healthy: boolean, error: Error | null) => void): void {
    this.listeners.push(listener);
  }

  async append(records: readonly JournalRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (this.failWith) {
      const err = new LicutilError(
        'LICUTIL_E_JOURNAL',
        `writing the journal failed: ${this.failWith.message}`,
        'the server refuses new checkouts until the journal can be written',
      );
      this.setHealthy(false, err);
      throw err;
    }
    this.appends++;
    for (const r of records) this.records.push(JSON.parse(JSON.stringify(r)) as JournalRecord);
    this.setHealthy(true, null);
    // the source already includes the records just appended (the manager made them)
    if (this.snapshotSource && this.records.length >= Math.max(this.autoCompactAt, 2 * this.compactedRecords)) {
      await this.compact(this.snapshotSource());
      this.compactedRecords = this.records.length;
    }
  }

  /** Replace the records with `source()` whenever they pass `atRecords` and have doubled since the last time. */
  autoCompact(source: () => readonly JournalRecord[], atRecords = 100_000): void {
    this.snapshotSource = source;
    this.autoCompactAt = atRecords;
  }

  /** records kept now */
  get size(): number {
    return this.records.length;
  }

  async load(): Promise<JournalLoad> {
    return { records: this.records.map((r) => ({ ...r })), problems: [] };
  }

  async compact(snapshot: readonly JournalRecord[]): Promise<void> {
    this.records = snapshot.map((r) => JSON.parse(JSON.stringify(r)) as JournalRecord);
  }

  async close(): Promise<void> {}

  private setHealthy(healthy: boolean, error: Error | null): void {
    if (healthy === this.isHealthy) return;
    this.isHealthy = healthy;
    for (const l of this.listeners) l(healthy, error);
  }
}
