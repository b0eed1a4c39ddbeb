// Lines that must be in a file before a client is answered (the report log's)
// are written with write(2) at once — unless the caller has many to write in
// a row. The service acts on the events of one group commit inside
// writeBatch(): a log asked to write meanwhile keeps its lines and writes them
// all with one write(2) when the batch ends, which is before the service
// resolves anything, so no client is answered before its line is written.
// Outside a batch nothing changes: write() returns with the line written.

export interface BatchedWriter {
  /** write what was kept during the batch; must not throw */
  flushBatch(): void;
}

let depth = 0;
const deferred = new Set<BatchedWriter>();

/** True while a batch is open: writers may keep their lines until it ends. */
export function inWriteBatch(): boolean {
  return depth > 0;
}

/** `w` has lines kept for the end of the open batch. */
export function deferToBatchEnd(w: BatchedWriter): void {
  deferred.add(w);
}

/** Runs `fn`; every writer that kept lines while it ran writes them before this returns. */
export function writeBatch(fn: () => void): void {
  depth++;
  try {
    fn();
  } finally {
    depth--;
    if (depth === 0 && deferred.size > 0) {
      for (const w of deferred) {
        deferred.delete(w);
        w.flushBatch();
      }
    }
  }
}
