// The one table of error codes (src/protocol/errors.ts) against the contract a
// script relies on: each code's exit status, classified here by what a script
// should do about it, and the README's exit-code table, which must list every
// status a code can have. A code added without a class fails here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, EXIT, type ErrorCode } from '../../../src/protocol/errors.js';

/** What a script does about each code, and so its status. */
const EXPECTED: Record<ErrorCode, number> = {
  // fix the command line
  LICUTIL_E_USAGE: 2,
  // the data, or a request these licenses can never meet: retrying cannot help
  LICUTIL_E_BAD_REQUEST: 65,
  LICUTIL_E_LICENSE_SYNTAX: 65,
  LICUTIL_E_LOG_FORMAT: 65,
  LICUTIL_E_NO_SUCH_PRODUCT: 65,
  LICUTIL_E_VERSION_TOO_HIGH: 65,
  LICUTIL_E_EXPIRED: 65,
  LICUTIL_E_NOT_STARTED: 65,
  LICUTIL_E_WRONG_HOST: 65,
  LICUTIL_E_BAD_SIGNATURE: 65,
  LICUTIL_E_COUNT_TOO_HIGH: 65,
  LICUTIL_E_TOO_LARGE: 65,
  // nothing there
  LICUTIL_E_NO_SOURCE: 66,
  LICUTIL_E_FILE: 66,
  // nothing matched / not usable here
  LICUTIL_E_NOT_USABLE: 1,
  LICUTIL_E_NO_SUCH_HANDLE: 1,
  LICUTIL_E_UNKNOWN_CODE: 1,
  // will not overwrite
  LICUTIL_E_EXISTS: 73,
  // try again later: the same request can succeed
  LICUTIL_E_ALL_IN_USE: 75,
  LICUTIL_E_TIMED_OUT: 75,
  LICUTIL_E_TOO_MANY_WAITS: 75,
  LICUTIL_E_SERVER_BUSY: 75,
  LICUTIL_E_REMOVE_REFUSED: 75,
  LICUTIL_E_JOURNAL: 75,
  LICUTIL_E_REMOVED: 75,
  LICUTIL_E_LEASE_LAPSED: 75,
  LICUTIL_E_TOO_MANY_FAILURES: 75,
  // not allowed, whatever the wait
  LICUTIL_E_BAD_PASSWORD: 77,
  LICUTIL_E_WRONG_TAG: 77,
  LICUTIL_E_REMOVE_DISABLED: 77,
  LICUTIL_E_NOT_ADMIN: 77,
  LICUTIL_E_NOT_HOLDER: 77,
  LICUTIL_E_FOREIGN_REQUEST: 77,
  // no server to talk to
  LICUTIL_E_UNAVAILABLE: 69,
  LICUTIL_E_HOST_UNKNOWN: 69,
  LICUTIL_E_REFUSED: 69,
  LICUTIL_E_CONNECT_TIMEOUT: 69,
  LICUTIL_E_UNREACHABLE: 69,
  LICUTIL_E_TLS: 69,
  LICUTIL_E_NOT_LICUTIL: 69,
  LICUTIL_E_CONNECTION_CLOSED: 69,
  LICUTIL_E_SHUTTING_DOWN: 69,
  LICUTIL_E_NOT_FOUND: 69,
  // configuration and keys
  LICUTIL_E_KEY: 78,
  LICUTIL_E_CONFIG: 78,
  LICUTIL_E_INTERNAL: 70,
};

const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');

/** The statuses of the README's "Exit codes" table. */
function readmeStatuses(): number[] {
  const section = readme.slice(readme.indexOf('### Exit codes'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| status |')));
  return [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
}

describe('the exit status of every error code', () => {
  it.each(Object.keys(ERROR_CODES) as ErrorCode[])('%s', (code) => {
    expect(EXPECTED[code], `${code} has no class in this test`).toBeDefined();
    expect(ERROR_CODES[code].exit).toBe(EXPECTED[code]);
  });

  it('the cases seen wrong (issue 15)', () => {
    expect(ERROR_CODES.LICUTIL_E_REMOVE_REFUSED.exit).toBe(75);
    expect(ERROR_CODES.LICUTIL_E_COUNT_TOO_HIGH.exit).not.toBe(75);
    expect(ERROR_CODES.LICUTIL_E_NO_SUCH_HANDLE.exit).not.toBe(65);
    expect(ERROR_CODES.LICUTIL_E_UNKNOWN_CODE.exit).not.toBe(65);
    expect(ERROR_CODES.LICUTIL_E_EXISTS.exit).not.toBe(1);
  });

  it('the README table lists exactly the statuses licutil uses', () => {
    const statuses = readmeStatuses();
    expect(statuses.length).toBeGreaterThan(5);
    for (const spec of Object.values(ERROR_CODES)) expect(statuses).toContain(spec.exit);
    expect([...statuses].sort((a, b) => a - b)).toEqual([...new Set(Object.values(EXIT))].sort((a, b) => a - b));
  });
});
