// The disk side of signing: reading key files and writing license and key files
// so that a crash leaves either the old file or the new one, never half of one.
import { nodeCrypto } from './crypto.js';
import { closeSync, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { LicutilError } from '../protocol/errors.js';
import type { KeyFs } from './keys.js';

function errno(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

export const nodeKeyFs: KeyFs = {
  readText(file) {
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      const code = errno(e);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new LicutilError('LICUTIL_E_FILE', `${file}: cannot read (${code ?? String(e)})`, 'check the path and its permissions');
    }
  },
};

export function fileExists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `text` to `file` through a temporary file in the same directory that is
 * flushed and then renamed over the target. The file keeps the mode it had
 * (a new one gets `mode`, default 0644).
 */
export function writeFileAtomic(file: string, text: string, mode?: number): void {
  let finalMode = mode ?? 0o644;
  if (mode === undefined) {
    try {
      finalMode = statSync(file).mode & 0o7777;
    } catch {
      // a new file
    }
  }
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', finalMode);
    // the umask may have narrowed the mode; an edited license keeps exactly its old one
    fchmodSync(fd, finalMode);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
    const code = errno(e);
    throw new LicutilError(
      'LICUTIL_E_FILE',
      `${file}: cannot write (${code ?? (e instanceof Error ? e.message : String(e))}); the file was left as it was`,
      'check that the directory exists and is writable',
    );
  }
}
