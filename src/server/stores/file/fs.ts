// The few file operations the journal needs, as an interface so tests can put
// a failing or counting file system underneath (disk full, fsync counts).
export interface JournalFile {
  /** appends all of `data` or throws */
  write(data: Buffer): Promise<void>;
  /**
   * write() returns only once its data is durable (the file is open with
   * O_DSYNC), so the journal does not call sync() after it: one trip to the
   * thread pool per group commit instead of two.
   */
  readonly syncsOnWrite?: boolean;
  /** makes everything written so far durable (fdatasync) */
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  size(): Promise<number>;
  close(): Promise<void>;
}

export interface JournalFs {
  mkdirp(dir: string): Promise<void>;
  /**
   * The file's bytes in chunks, in order (a chunk may be reused after the
   * consumer's loop body returns); null when the file does not exist. Never
   * follows a symbolic link.
   */
  readChunks(path: string): Promise<AsyncIterable<Buffer> | null>;
  /** opens for appending, creating it (0600); never through a symbolic link */
  openAppend(path: string): Promise<JournalFile>;
  /** replaces `path` with `data` atomically and durably (temporary file, fsync, rename, fsync of the directory) */
  replaceDurably(path: string, data: Buffer): Promise<void>;
}
