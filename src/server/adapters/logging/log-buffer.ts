// The logs kept in memory for `log_get` (seed 000 §5.2 com_log_count, §6.5):
// a ring of the last `capacity` entries, each with an index that only grows.
// Readers (one per WebSocket connection) hold a cursor — the index of the next
// entry they have not been given — so "logs that have been provided in a
// response won't be part of subsequent request". When the ring overflows past
// a reader's cursor, its next read reports how many it lost (`discontinuity`).
// `log_reset` empties the ring and moves every reader past what it held, so a
// reset is not reported as a loss. Pure: time comes in with each entry.

export type EntryLevel = 'error' | 'warn' | 'info' | 'debug';
export type FilterLevel = 'none' | EntryLevel;

const RANK: Record<FilterLevel, number> = { none: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** Does an entry of `level` pass a layer set to `max` ("none" lets nothing through)? */
export function levelPasses(level: EntryLevel, max: FilterLevel): boolean {
  return RANK[level] <= RANK[max];
}

export function isFilterLevel(v: unknown): v is FilterLevel {
  return typeof v === 'string' && Object.hasOwn(RANK, v);
}

export interface LogEntry {
  idx: number;
  /** wall-clock microseconds since 1970 */
  timestampUs: number;
  layer: string;
  level: EntryLevel;
  /** the lines of the log */
  data: string[];
  dir?: 'UL' | 'DL' | 'FROM' | 'TO';
  ueId?: number;
}

export type NewEntry = Omit<LogEntry, 'idx'>;

export interface LogFilter {
  /** layer → most verbose level wanted; absent: every layer at debug */
  layers?: Record<string, FilterLevel>;
  ueId?: number;
  rnti?: number;
  /** ms since 1970, inclusive */
  startMs?: number;
  endMs?: number;
}

export function matches(e: LogEntry, f: LogFilter): boolean {
  if (f.layers) {
    // "If layers is not set, all layers level will be set to debug, else it will be set to none."
    const max = f.layers[e.layer] ?? 'none';
    if (!levelPasses(e.level, max)) return false;
  }
  if (f.ueId !== undefined && e.ueId !== f.ueId) return false;
  // no log of this server carries an RNTI (a radio identifier): asking for one selects nothing
  if (f.rnti !== undefined) return false;
  const ms = e.timestampUs / 1000;
  if (f.startMs !== undefined && ms < f.startMs) return false;
  if (f.endMs !== undefined && ms > f.endMs) return false;
  return true;
}

export class LogReader {
  /** index of the next entry this reader has not been given */
  cursor: number;
  constructor(cursor: number) {
    this.cursor = cursor;
  }
}

export interface ReadResult {
  entries: LogEntry[];
  /** entries lost to overflow between the reader's cursor and the oldest kept */
  discontinuity: number;
}

export class LogBuffer {
  private ring: Array<LogEntry | undefined>;
  /** position in `ring` of the oldest entry */
  private head = 0;
  private size = 0;
  private next = 0;
  private readonly readers = new Set<LogReader>();
  private readonly listeners = new Set<() => void>();

  constructor(private cap: number) {
    if (!(Number.isInteger(cap) && cap > 0)) throw new RangeError(`log buffer capacity must be a positive integer, not ${cap}`);
    this.ring = new Array<LogEntry | undefined>(cap);
  }

  get capacity(): number {
    return this.cap;
  }

  /** index of the oldest entry kept (== nextIdx when empty) */
  get firstIdx(): number {
    return this.next - this.size;
  }

  get nextIdx(): number {
    return this.next;
  }

  get length(): number {
    return this.size;
  }

  push(e: NewEntry): LogEntry {
    const entry: LogEntry = { idx: this.next++, ...e };
    if (this.size === this.cap) {
      this.ring[this.head] = entry;
      this.head = (this.head + 1) % this.cap;
    } else {
      this.ring[(this.head + this.size) % this.cap] = entry;
      this.size++;
    }
    for (const l of [...this.listeners]) l();
    return entry;
  }

  /** The entry of index `idx`, when still kept. */
  at(idx: number): LogEntry | undefined {
    const first = this.firstIdx;
    if (idx < first || idx >= this.next) return undefined;
    return this.ring[(this.head + (idx - first)) % this.cap];
  }

  /** A reader starting at the oldest entry kept ("unless connection is reestablished"). */
  openReader(): LogReader {
    const r = new LogReader(this.firstIdx);
    this.readers.add(r);
    return r;
  }

  closeReader(r: LogReader): void {
    this.readers.delete(r);
  }

  /** Called after every push; returns the removal. */
  onPush(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Gives the reader the entries after its cursor that match, at most `max`
   * of them and, once at least one is taken, no more than `maxBytes` of JSON
   * as `size` measures it. Entries that do not match are passed over for good.
   */
  read(r: LogReader, filter: LogFilter, max: number, maxBytes = Infinity, size: (e: LogEntry) => number = () => 0): ReadResult {
    const first = this.firstIdx;
    let discontinuity = 0;
    if (r.cursor < first) {
      discontinuity = first - r.cursor;
      r.cursor = first;
    }
    const entries: LogEntry[] = [];
    let bytes = 0;
    while (r.cursor < this.next && entries.length < max) {
      const e = this.at(r.cursor) as LogEntry;
      if (matches(e, filter)) {
        const s = size(e);
        if (entries.length > 0 && bytes + s > maxBytes) break;
        bytes += s;
        entries.push(e);
      }
      r.cursor++;
    }
    return { entries, discontinuity };
  }

  /** How many entries after `from` match, counting no further than `limit`. */
  countMatching(from: number, filter: LogFilter, limit: number): number {
    let n = 0;
    for (let i = Math.max(from, this.firstIdx); i < this.next && n < limit; i++) {
      if (matches(this.at(i) as LogEntry, filter)) n++;
    }
    return n;
  }

  /** log_reset: forget every entry; readers are moved past them, so it is not a loss. */
  reset(): void {
    this.ring = new Array<LogEntry | undefined>(this.cap);
    this.head = 0;
    this.size = 0;
    for (const r of this.readers) r.cursor = Math.max(r.cursor, this.next);
  }

  /** com_log_count changed (reload): keep the newest entries that fit. */
  resize(cap: number): void {
    if (!(Number.isInteger(cap) && cap > 0)) throw new RangeError(`log buffer capacity must be a positive integer, not ${cap}`);
    const keep: LogEntry[] = [];
    for (let i = Math.max(this.firstIdx, this.next - cap); i < this.next; i++) keep.push(this.at(i) as LogEntry);
    this.cap = cap;
    this.ring = new Array<LogEntry | undefined>(cap);
    keep.forEach((e, i) => (this.ring[i] = e));
    this.head = 0;
    this.size = keep.length;
  }
}
