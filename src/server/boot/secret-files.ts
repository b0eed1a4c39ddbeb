// The files of secrets `serve` is pointed at (the admin token, the TLS
// certificate and key): read once at start-up, and every failure a
// configuration error (exit 78) that names the file and the option.
import { readFileSync, statSync } from 'node:fs';
import { LicutilError } from '../../protocol/errors.js';
import { digestToken } from '../adapters/http/admin-auth.js';
import type { DebugLog } from '../core/debug-log.js';

/** The admin token of --admin-token-file, as the digest the HTTP layer compares (the token itself is not kept). */
export function readAdminToken(file: string, log: DebugLog): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new LicutilError('LICUTIL_E_CONFIG', `cannot read the admin token file ${file}: ${(e as Error).message}`, 'check --admin-token-file and its permissions');
  }
  const token = text.trim();
  if (!/^[\x21-\x7e]{16,}$/.test(token)) {
    throw new LicutilError(
      'LICUTIL_E_CONFIG',
      `the admin token in ${file} must be at least 16 printable characters without spaces`,
      'make one with: openssl rand -hex 32 > FILE && chmod 600 FILE',
    );
  }
  try {
    if ((statSync(file).mode & 0o077) !== 0) log.warn(`the admin token file ${file} can be read by other users; chmod 600 it`);
  } catch {
    // stat after a successful read: nothing useful to add
  }
  return digestToken(token);
}

export function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new LicutilError('LICUTIL_E_CONFIG', `cannot read the TLS ${what} ${file}: ${(e as Error).message}`, `check --tls-${what}`);
  }
}
