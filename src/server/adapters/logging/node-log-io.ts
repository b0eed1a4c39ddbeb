// The real file system for the log file (log-file.ts).
import { closeSync, existsSync, fdatasyncSync, fstatSync, openSync, renameSync, writeSync } from 'node:fs';
import type { LogFileIo } from './log-file.js';

export const nodeLogFileIo: LogFileIo = {
  open: (file, append) => openSync(file, append ? 'a' : 'w', 0o640),
  write: (fd, text) => {
    writeSync(fd, text);
  },
  sync: (fd) => fdatasyncSync(fd),
  close: (fd) => closeSync(fd),
  rename: (from, to) => renameSync(from, to),
  exists: (file) => existsSync(file),
  size: (fd) => fstatSync(fd).size,
};
