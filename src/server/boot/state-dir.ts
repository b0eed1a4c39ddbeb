// The state directory: where the journal and the report log live, and a lock
// so two servers never write one journal. Default: $XDG_STATE_HOME/licutil, or
// ~/.local/state/licutil (the XDG base directory rule for state data); for
// root, /var/lib/licutil (a system service's state, as systemd's StateDirectory=).
//
// Whoever can write the directory can plant a symlink where the journal goes
// (its torn-tail repair then truncates the file it points at, as root if the
// server runs as root) or forge the records the server restores, so the server
// refuses a directory that anyone but its own user (or root) could change, and
// any entry in it that is not a plain file of its own (issue 14), by the rule
// of trusted-paths.ts.
import { constants, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, closeSync, realpathSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { checkDirsUp, currentUid, notOwnFile, octal, refuse, userName } from './trusted-paths.js';

export function defaultStateDir(env: Readonly<Record<string, string | undefined>>, home: string, uid: number | null = currentUid()): string {
  const xdg = env.XDG_STATE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'licutil');
  // `sudo` may keep the caller's HOME: root's state must not go into a user's home
  if (uid === 0) return '/var/lib/licutil';
  return path.join(home, '.local', 'state', 'licutil');
}

const LOCK_FILE = 'server.lock';
/** 0 where the platform has no O_NOFOLLOW (Windows, which has no such symlink attack on a file open) */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** The directory itself: a directory, owned by this user, writable by nobody else. */
function checkOwnDir(dir: string, st: Stats, uid: number): void {
  if (!st.isDirectory()) throw refuse(`the state directory ${dir} is not a directory`, 'give --state-dir a directory of its own');
  if (st.uid !== uid) {
    throw refuse(
      `the state directory ${dir} is owned by uid ${st.uid}, not by the user this server runs as (${userName(uid)}, uid ${uid}); whoever owns it can forge the journal the server restores`,
      `chown ${uid} ${dir} (or run the server as uid ${st.uid}, or give it its own --state-dir)`,
    );
  }
  if ((st.mode & 0o022) !== 0) {
    throw refuse(
      `the state directory ${dir} is writable by ${st.mode & 0o002 ? 'every user' : 'its group'} (mode ${octal(st.mode)}); whoever can write it can plant links and forge the journal the server restores`,
      `chmod 700 ${dir}`,
    );
  }
}

/**
 * The names the server writes there (journal.ndjson and its .tmp, report.ndjson
 * and denials.ndjson and their rotations, server.lock). Other entries are left
 * alone: a --state-dir that also holds someone's links is not for us to judge.
 */
const SERVER_FILE = /^[a-z]+\.(?:ndjson(?:\.(?:\d+|tmp))?|lock)$/;

/** What the server writes in it: plain files of its own, one link each. */
function checkEntries(dir: string, uid: number): void {
  for (const name of readdirSync(dir)) {
    if (!SERVER_FILE.test(name)) continue;
    const file = path.join(dir, name);
    let st: Stats;
    try {
      st = lstatSync(file);
    } catch {
      continue; // gone meanwhile
    }
    if (st.isDirectory()) continue;
    const why = notOwnFile(st, uid);
    if (why !== '') {
      throw refuse(
        `${file} ${why}; the server writes only plain files of its own in its state directory, and will not write through this one`,
        `remove it (rm ${file}) after checking who put it there, or give the server a --state-dir of its own`,
      );
    }
  }
}

/**
 * Creates the directory (mode 0700: the journal names users and hosts) when
 * missing, checks that nobody else can change it or what is in it, and returns
 * its real path (the one to open files under).
 */
export function secureStateDir(dir: string, uid: number | null = currentUid()): string {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw refuse(`cannot create the state directory ${dir}: ${(e as Error).message}`, 'choose another with --state-dir, or fix its permissions');
  }
  const real = realpathSync(dir);
  // no owners or modes to check where the platform has no uids (Windows)
  if (uid === null) return real;
  checkOwnDir(real === dir ? dir : `${dir} (${real})`, statSync(real), uid);
  checkDirsUp(path.dirname(real), uid, { label: `the state directory ${real}`, kind: 'the state directory', setting: '--state-dir', example: 'for a system service: /var/lib/licutil' });
  checkEntries(real, uid);
  return real;
}

function readLock(file: string): string {
  const fd = openSync(file, constants.O_RDONLY | NOFOLLOW);
  try {
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else
    return (e as { code?: string }).code === 'EPERM';
  }
}

/**
 * Checks the directory (secureStateDir) and takes the lock. A lock left by a
 * server that died (SIGKILL, power loss) is taken over. Returns the real path
 * of the directory and the function that releases the lock.
 */
export function lockStateDir(dir: string, pid: number = process.pid): { dir: string; unlock: () => void } {
  const real = secureStateDir(dir);
  const file = path.join(real, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // O_EXCL never follows a link, and fails on one: a planted link is not written through
      writeFileSync(file, `${pid}\n`, { flag: 'wx', mode: 0o600 });
      const unlock = () => {
        try {
          if (readLock(file).trim() === String(pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
      return { dir: real, unlock };
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') {
        throw refuse(`cannot write ${file}: ${(e as Error).message}`, 'choose another --state-dir, or fix its permissions');
      }
    }
    let holder = NaN;
    try {
      holder = Number(readLock(file).trim());
    } catch {
      // unreadable: treat as stale
    }
    if (holder !== pid && alive(holder)) {
      throw refuse(`another licutil server (pid ${holder}) is using the state directory ${dir}`, 'stop it first (`licutil down`), or give this server its own --state-dir');
    }
    try {
      unlinkSync(file);
    } catch {
      // raced with another starter; the next attempt decides
    }
  }
  throw refuse(`cannot lock the state directory ${dir}`, 'another server may be starting with the same --state-dir');
}
