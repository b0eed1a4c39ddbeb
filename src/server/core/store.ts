// Where pool state is kept, behind one small interface: the file journal here,
// an in-memory one for tests and --no-journal, and later a shared database
// (PostgreSQL) for sites that run several servers. The pool manager never sees
// the store; the transport appends each operation's records and waits for them
// to be durable before answering the client.
import type { DebugLog } from './debug-log.js';
import type { Clock, PoolDef, PoolEvent } from './pool/types.js';
import type { JournalRecord } from './pool/records.js';

export interface JournalProblem {
  /** 1-based line (file journals) or record index */
  line: number;
  reason: string;
}

export interface JournalLoad {
  records: JournalRecord[];
  /** records skipped: a torn last write, a checksum mismatch, unreadable JSON */
  problems: JournalProblem[];
}

export interface JournalStore {
  /** the file it keeps, for messages that name a record by its line */
  readonly path?: string;
  /**
   * Resolves once the records are durable. Rejects with a LicutilError
   * (LICUTIL_E_JOURNAL) when they could not be written; the caller must then
   * refuse new grants until `healthy` is true again.
   */
  append(records: readonly JournalRecord[]): Promise<void>;
  /** every intact record, oldest first */
  load(): Promise<JournalLoad>;
  /**
   * The same records handed over one at a time with their 1-based line, so a
   * store too large to hold in memory twice is restored anyway (the file
   * journal streams its file); the problems come back at the end.
   */
  scan?(onRecord: (r: JournalRecord, line: number) => void): Promise<JournalProblem[]>;
  /** replace everything with `snapshot` (the live state), atomically */
  compact(snapshot: readonly JournalRecord[]): Promise<void>;
  /**
   * Compact by itself from `source` (the live state) whenever the store has
   * grown well past it, so it stays the size of the live state however long
   * the server runs.
   */
  autoCompact?(source: () => readonly JournalRecord[]): void;
  /** false after a failed write, true again after the next successful one */
  readonly healthy: boolean;
  /** called when `healthy` changes; `error` explains a failure */
  onHealthChange(listener: (healthy: boolean, error: Error | null) => void): void;
  close(): Promise<void>;
}

/**
 * What a shared store (several servers, one state in a database) is given to
 * build the service that takes the place of the journal's: the store keeps
 * the pool state itself, so it answers the operations, not just appends.
 */
export interface SharedServiceDeps {
  defs: PoolDef[];
  clock: Clock;
  log: DebugLog;
  /** every event, after it is durable (report log, metrics, debug log) */
  onEvent: (e: PoolEvent) => void;
  leaseMaxMs: number;
  leaseDefaultMs: number;
  /** the store became reachable (true) or not (false) */
  onHealth: (healthy: boolean) => void;
}
