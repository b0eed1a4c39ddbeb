// The rule for the files the server writes where someone else might have been
// first, after OpenSSH's StrictModes: whoever can change a directory on the way
// to a file can swap the file or plant a link in its place, and whoever owns or
// can write the file itself can forge what the server writes there. So the
// directories on the way belong to root or the server's user and nobody else
// can write them (unless sticky, as /tmp: others cannot rename what is ours
// there), and the file is a plain file of the server's own, with one link,
// writable by nobody else. Mode bits, not access(): root passes every access
// check. The state directory (state-dir.ts) and the log file of log_filename
// are held to it; every refusal is a configuration error (exit 78) naming the
// path and what fixes it.
import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LicutilError } from '../../protocol/errors.js';

export function currentUid(): number | null {
  return typeof process.getuid === 'function' ? process.getuid() : null;
}

export function userName(uid: number): string {
  try {
    const me = os.userInfo();
    if (me.uid === uid) return me.username;
  } catch {
    // no passwd entry (a container's arbitrary uid): the number says it
  }
  return String(uid);
}

export function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

export function refuse(message: string, hint: string): LicutilError {
  return new LicutilError('LICUTIL_E_CONFIG', message, hint);
}

/** What a refusal calls the guarded path and how to choose another. */
export interface Guarded {
  /** "the state directory /var/lib/licutil" */
  label: string;
  /** "the state directory" */
  kind: string;
  /** the setting that chooses it: "--state-dir", "log_filename" */
  setting: string;
  /** a good choice, said in the hint: "for a system service: /var/lib/licutil" */
  example?: string;
}

/**
 * `first` and every directory above it: owned by root or `uid`, and not
 * writable by others unless sticky. Whoever can rename one of them can put a
 * directory of their own in its place.
 */
export function checkDirsUp(first: string, uid: number, g: Guarded): void {
  let cur = first;
  for (;;) {
    const st = statSync(cur);
    if (st.uid !== 0 && st.uid !== uid) {
      throw refuse(
        `${cur}, a directory above ${g.label}, is owned by uid ${st.uid}; its owner can replace ${g.kind}`,
        `choose a ${g.setting} whose parent directories belong to root or to uid ${uid}${g.example ? ` (${g.example})` : ''}`,
      );
    }
    if ((st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0) {
      throw refuse(
        `${cur}, a directory above ${g.label}, is writable by others and not sticky (mode ${octal(st.mode)}); they can replace ${g.kind}`,
        `chmod go-w ${cur}, or choose a ${g.setting} under a directory only root or uid ${uid} can write`,
      );
    }
    const up = path.dirname(cur);
    if (up === cur) return;
    cur = up;
  }
}

/** Why `st` (of lstat) is not a plain file of `uid`'s with one link, or '' when it is. */
export function notOwnFile(st: Stats, uid: number): string {
  if (st.isSymbolicLink()) return 'is a symbolic link';
  if (!st.isFile()) return 'is not a regular file';
  if (st.uid !== uid) return `is owned by uid ${st.uid}`;
  if (st.nlink > 1) return `has ${st.nlink} hard links`;
  return '';
}

/**
 * The log file of log_filename: the directories up to it, and the file when it
 * exists (a plain file of the server's own, writable by nobody else). Opened
 * afterwards with O_NOFOLLOW (node-log-io.ts), so a link planted later is not
 * written through either.
 */
export function secureLogFile(file: string, uid: number | null = currentUid()): void {
  // no owners or modes to check where the platform has no uids (Windows)
  if (uid === null) return;
  const g: Guarded = { label: `the log file ${file} (log_filename)`, kind: 'the log file', setting: 'log_filename', example: 'e.g. in a directory of its own that only root can change' };
  let st: Stats;
  try {
    checkDirsUp(path.dirname(file), uid, g);
    // through a symbolic link on the way, the directories that hold the file are
    // the link's target and those above it: whoever can change one of them swaps
    // the log as surely (a link itself is held by the checks above: its directory)
    const real = realpathSync(path.dirname(file));
    if (real !== path.dirname(file)) checkDirsUp(real, uid, g);
    st = lstatSync(file);
  } catch (e) {
    if (e instanceof LicutilError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' && existsDir(path.dirname(file))) return; // created at the first write
    throw refuse(`cannot use the log file ${file} (log_filename): ${(e as Error).message}`, 'create its directory, or correct log_filename');
  }
  const why = notOwnFile(st, uid);
  if (why !== '') {
    throw refuse(
      `the log file ${file} (log_filename) ${why}; the server writes its log only to a plain file of its own, and will not write through this one`,
      `remove it (rm ${file}) after checking who put it there, or point log_filename at a file of the server's own`,
    );
  }
  if ((st.mode & 0o022) !== 0) {
    throw refuse(`the log file ${file} (log_filename) is writable by ${st.mode & 0o002 ? 'every user' : 'its group'} (mode ${octal(st.mode)}); whoever can write it can forge the server's log`, `chmod go-w ${file}`);
  }
}

function existsDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
