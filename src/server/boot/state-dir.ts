// The state directory: where the journal and the report log live, and a lock
// so two servers never write one journal. Default: $XDG_STATE_HOME/licutil, or
// ~/.local/state/licutil (the XDG base directory rule for state data).
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LicutilError } from '../../protocol/errors.js';

export function defaultStateDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const xdg = env.XDG_STATE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'licutil');
  return path.join(home, '.local', 'state', 'licutil');
}

const LOCK_FILE = 'server.lock';

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
 * Creates the directory (mode 0700: the journal names users and hosts) and takes
 * the lock. A lock left by a server that died (SIGKILL, power loss) is taken over.
 * Returns the function that releases it.
 */
export function lockStateDir(dir: string, pid: number = process.pid): () => void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new LicutilError('LICUTIL_E_CONFIG', `cannot create the state directory ${dir}: ${(e as Error).message}`, 'choose another with --state-dir, or fix its permissions');
  }
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') {
        throw new LicutilError('LICUTIL_E_CONFIG', `cannot write ${file}: ${(e as Error).message}`, 'choose another --state-dir, or fix its permissions');
      }
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(file, 'utf8').trim());
    } catch {
      // unreadable: treat as stale
    }
    if (holder !== pid && alive(holder)) {
      throw new LicutilError(
        'LICUTIL_E_CONFIG',
        `another licutil server (pid ${holder}) is using the state directory ${dir}`,
        'stop it first (`licutil down`), or give this server its own --state-dir',
      );
    }
    try {
      unlinkSync(file);
    } catch {
      // raced with another starter; the next attempt decides
    }
  }
  throw new LicutilError('LICUTIL_E_CONFIG', `cannot lock the state directory ${dir}`, 'another server may be starting with the same --state-dir');
}
