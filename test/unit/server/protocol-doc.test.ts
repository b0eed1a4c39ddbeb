// docs/protocol.md is the prose of the wire contract: it must name every route
// the app serves and every error code the server answers, with the HTTP status
// and RLM/FlexLM equivalents of the one table.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../../src/protocol/errors.js';
import { harness, poolDef, type Harness } from './http/fixtures.js';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/protocol.md', import.meta.url)), 'utf8');

/** Codes the server itself answers (the others belong to the CLI and the client). */
const SERVER_CODES: ErrorCode[] = [
  'LICUTIL_E_BAD_REQUEST',
  'LICUTIL_E_TOO_LARGE',
  'LICUTIL_E_NOT_FOUND',
  'LICUTIL_E_NO_SUCH_PRODUCT',
  'LICUTIL_E_VERSION_TOO_HIGH',
  'LICUTIL_E_EXPIRED',
  'LICUTIL_E_ALL_IN_USE',
  'LICUTIL_E_COUNT_TOO_HIGH',
  'LICUTIL_E_TIMED_OUT',
  'LICUTIL_E_TOO_MANY_WAITS',
  'LICUTIL_E_SERVER_BUSY',
  'LICUTIL_E_BAD_PASSWORD',
  'LICUTIL_E_WRONG_TAG',
  'LICUTIL_E_JOURNAL',
  'LICUTIL_E_SHUTTING_DOWN',
  'LICUTIL_E_NO_SUCH_HANDLE',
  'LICUTIL_E_NOT_HOLDER',
  'LICUTIL_E_REMOVED',
  'LICUTIL_E_LEASE_LAPSED',
  'LICUTIL_E_TOO_MANY_FAILURES',
  'LICUTIL_E_REMOVE_REFUSED',
  'LICUTIL_E_REMOVE_DISABLED',
  'LICUTIL_E_NOT_ADMIN',
  'LICUTIL_E_FOREIGN_REQUEST',
  'LICUTIL_E_KEY',
  'LICUTIL_E_INTERNAL',
];

let h: Harness | undefined;
afterAll(async () => h?.close());

describe('docs/protocol.md', () => {
  it.each(SERVER_CODES)('documents %s with its HTTP status and RLM/FlexLM equivalents', (code) => {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${code}\` |`));
    expect(row, `no table row for ${code}`).toBeDefined();
    const cells = (row ?? '').split('|').map((c) => c.trim());
    const spec = ERROR_CODES[code] as { http: number; exit: number; rlm?: string; flexlm?: string };
    expect(cells[2]).toBe(String(spec.http));
    expect(cells[3]).toBe(String(spec.exit));
    if (spec.rlm) expect(cells[4]).toContain(spec.rlm.split(' ')[0] ?? '');
    if (spec.flexlm) expect(cells[5]).toContain(spec.flexlm.split(' ')[0] ?? '');
  });

  it('documents every route the app serves', async () => {
    h = await harness([poolDef({ product: 'seat' })]);
    const routes = h.app
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .map((l) => /([/\w.-]+) \(([A-Z, ]+)\)/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null);
    expect(routes.length).toBeGreaterThanOrEqual(9);
    for (const m of routes) {
      const url = m[1] ?? '';
      for (const method of (m[2] ?? '').split(', ')) expect(doc, `${method} ${url}`).toContain(`${method} ${url}`);
    }
  });
});
