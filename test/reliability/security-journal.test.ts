// Issue 14, "Files the server trusts": journal records with valid checksums but
// fields out of type or range (count "x", count -5) made a pool of 3 grant many
// more seats after a restart. They are skipped and counted as ignored. Against
// a real `licutil serve` on 127.0.0.1, with the journal written as the codec
// writes it (so every checksum is right).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GrantRecord, JournalRecord } from '../../src/server/core/pool/records.js';
import { encodeRecords } from '../../src/server/stores/file/codec.js';
import { demoLicense, killAll, startServer } from '../helpers/server.js';

afterAll(killAll);

describe('journal records are checked when restored', () => {
  it('count "x", count -5, count 1.5 and a NaN lease are skipped; the pool of 3 still grants 3', async () => {
    const s1 = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 3']) } });
    const pool = ((await s1.api<{ pools: Array<{ id: string }> }>('GET', '/v1/status')).json.pools[0]?.id) ?? '';
    await s1.stop();
    const at = Date.parse('2026-06-15T11:59:00Z');
    const g = (handle: string, over: Record<string, unknown>): JournalRecord =>
      ({ t: 'grant', at, handle, id: 0, seat: handle, pool, isv: 'demo', product: 'seat', version: '1.0', reqVersion: '0', count: 1, user: 'm', host: 'h', pid: 1, isvString: null, tag: null, leaseMs: 600_000, since: at, ...over }) as unknown as GrantRecord;
    const bad = [g('a'.repeat(64), { count: 'x', id: 1 }), g('b'.repeat(64), { count: -5, id: 2 }), g('c'.repeat(64), { count: 1.5, id: 3 }), g('d'.repeat(64), { leaseMs: 'soon', id: 4 })];
    writeFileSync(path.join(s1.stateDir, 'journal.ndjson'), encodeRecords(bad));
    const s2 = await startServer({ dir: s1.dir, files: ['demo.lic'] });
    expect(s2.stderr()).toMatch(/4 record\(s\) ignored/);
    const granted: number[] = [];
    for (let i = 0; i < 6; i++) granted.push((await s2.api('POST', '/v1/checkout', { product: 'seat', user: `u${i}`, host: 'h', pid: i })).status);
    expect(granted).toEqual([200, 200, 200, 409, 409, 409]);
    await s2.stop();
  });
});
