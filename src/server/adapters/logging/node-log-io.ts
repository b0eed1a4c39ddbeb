// The real file system for the log file (log-file.ts). The file is checked at
// start-up (boot/trusted-paths.ts); every later open (rotation, cut) still
// refuses a link planted at its name since (O_NOFOLLOW), and a file someone
// else created there meanwhile (not ours, or a hard link to another file).
import { closeSync, constants, existsSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, renameSync, writeSync } from 'node:fs';
import type { LogFileIo } from './log-file.js';

/** 0 where the platform has no O_NOFOLLOW (Windows); O_NONBLOCK: a FIFO planted there fails to open instead of hanging the server */
const NOFOLLOW = (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const APPEND = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | NOFOLLOW;
const WRITE = constants.O_WRONLY | constants.O_CREAT | NOFOLLOW;

function openOwn(file: string, append: boolean): number {
  // no O_TRUNC: a file of someone else's is refused before it is emptied
  const fd = openSync(file, append ? APPEND : WRITE, 0o640);
  const st = fstatSync(fd);
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  const why = !st.isFile() ? 'is not a regular file' : uid !== null && st.uid !== uid ? `is owned by uid ${st.uid}` : st.nlink > 1 ? `has ${st.nlink} hard links` : '';
  if (why !== '') {
    closeSync(fd);
    throw new Error(`${why}: not written (remove it after checking who put it there)`);
  }
  if (!append) ftruncateSync(fd, 0);
  return fd;
}

export const nodeLogFileIo: LogFileIo = {
  open: openOwn,
  write: (fd, text) => {
    writeSync(fd, text);
  },
  sync: (fd) => fdatasyncSync(fd),
  close: (fd) => closeSync(fd),
  rename: (from, to) => renameSync(from, to),
  exists: (file) => existsSync(file),
  size: (fd) => fstatSync(fd).size,
};
