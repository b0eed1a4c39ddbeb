// The views of reread, remove and down: rows from sweep results, exit statuses,
// and reread's diff in words.
import { describe, expect, it } from 'vitest';
import { endpoint } from '../../../src/client/address.js';
import type { ServerGroup, SweepResult } from '../../../src/client/types.js';
import { adminExit, adminRow, rereadForIsv, rereadText } from '../../../src/cli/output/admin-view.js';
import { makeRenderer } from '../../../src/cli/output/renderer.js';
import { LicutilError } from '../../../src/protocol/errors.js';
import type { PoolSummary, RereadResponse } from '../../../src/protocol/messages.js';

const ep = endpoint('licsrv', 5053);
const group: ServerGroup = { spec: '5053@licsrv', origin: '-c', endpoints: [ep] };

function summary(isv: string, product: string, count: number, expires: string | null = null): PoolSummary {
  return { id: `${isv}:${product}:1.0:0`, isv, product, version: '1.0', count, soft_limit: count, expires };
}

const diff: RereadResponse = {
  added: [summary('demo', 'fresh', 3), summary('acme', 'solver', 2, '2031-01-01T00:00:00.000Z')],
  removed: [summary('demo', 'gone', 1)],
  changed: [{ id: 'demo:seat:1.0:0', before: summary('demo', 'seat', 2), after: { ...summary('demo', 'seat', 5), soft_limit: 4 } }],
  messages: ['demo.lic:5: LICENSE demo old 1.0 not served: expired'],
  orphaned_checkouts: 1,
};

describe('admin rows and exit statuses', () => {
  it('0 when every server did it; else the status of the first failure (69 unreachable, 77 not admin)', () => {
    const ok: SweepResult<RereadResponse> = { ok: true, group, endpoint: ep, value: diff };
    const notAdmin: SweepResult<RereadResponse> = { ok: false, group, endpoint: ep, kind: null, error: new LicutilError('LICUTIL_E_NOT_ADMIN', 'no token') };
    const gone: SweepResult<RereadResponse> = { ok: false, group, endpoint: ep, kind: 'refused', error: new LicutilError('LICUTIL_E_REFUSED', 'refused') };
    const id = (d: RereadResponse) => d;
    expect(adminExit([adminRow(ok, id)])).toBe(0);
    expect(adminExit([adminRow(ok, id), adminRow(gone, id), adminRow(notAdmin, id)])).toBe(69);
    expect(adminExit([adminRow(notAdmin, id), adminRow(gone, id)])).toBe(77);
    expect(adminRow(notAdmin, id, (e) => new LicutilError(e.code, e.message, 'pass --admin-token-file')).error).toEqual({
      kind: null,
      code: 'LICUTIL_E_NOT_ADMIN',
      message: 'no token',
      hint: 'pass --admin-token-file',
    });
  });
});

describe('reread', () => {
  it('--isv keeps only that ISV\'s pools in the diff', () => {
    const acme = rereadForIsv(diff, 'ACME');
    expect(acme.added.map((p) => p.product)).toEqual(['solver']);
    expect(acme.removed).toEqual([]);
    expect(acme.changed).toEqual([]);
    expect(rereadForIsv(diff, undefined)).toBe(diff);
  });

  it('the diff in words: added, removed, changed field by field, orphans, and the server\'s notes unless left out', () => {
    const r = makeRenderer(false);
    const row = adminRow({ ok: true, group, endpoint: ep, value: diff }, (d) => d);
    const text = rereadText(r, [row]);
    expect(text.split('\n')).toEqual([
      '5053@licsrv: reread',
      '  + added   demo fresh 1.0: 3 seats, soft limit 3, permanent',
      '  + added   acme solver 1.0: 2 seats, soft limit 2, until 2030-12-31',
      '  - removed demo gone 1.0: 1 seat, soft limit 1, permanent',
      '  ~ changed demo seat 1.0: count 2 → 5, soft limit 2 → 4',
      '  1 checkout stays on pools no longer served, until checked in',
      '  note: demo.lic:5: LICENSE demo old 1.0 not served: expired',
    ]);
    expect(rereadText(r, [row], false)).not.toContain('note:');
    const nothing = adminRow({ ok: true, group, endpoint: ep, value: { ...diff, added: [], removed: [], changed: [], messages: [], orphaned_checkouts: 0 } }, (d) => d);
    expect(rereadText(r, [nothing])).toBe('5053@licsrv: reread\n  no pool changed');
  });
});
