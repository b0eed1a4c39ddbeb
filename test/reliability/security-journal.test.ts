// Issue 14, "Files the server trusts": journal records with valid checksums but
// fields out of type or range (count "x", count -5) made a pool of 3 grant many
// more seats after a restart. They are skipped and counted as ignored. Against
// a real `licutil serve` on 127.0.0.1, with the journal written as the codec
// writes it (so every checksum is right).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GrantRecord, JournalRecord } from '../../src/server/core/pool/records.js';
import { hashSecret } from '../../src/server/core/pool/secret.js';
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
    // each named where it is, with what is wrong with it
    const journal = path.join(s1.stateDir, 'journal.ndjson');
    expect(s2.stderr()).toContain(`${journal}:1: record skipped: a grant of "x" seats (a count is an integer from 1 to 1000000)`);
    expect(s2.stderr()).toContain(`${journal}:2: record skipped: a grant of -5 seats`);
    expect(s2.stderr()).toContain(`${journal}:4: record skipped: a grant whose lease or start is not a number of milliseconds`);
    const granted: number[] = [];
    for (let i = 0; i < 6; i++) granted.push((await s2.api('POST', '/v1/checkout', { product: 'seat', user: `u${i}`, host: 'h', pid: i })).status);
    expect(granted).toEqual([200, 200, 200, 409, 409, 409]);
    await s2.stop();
  });
});

/** A grant record as the server writes it, on `pool`, for the handle `n` (64 hex digits, as the journal keeps them). */
function grantOf(pool: string, n: number, over: Partial<GrantRecord> = {}): GrantRecord {
  const handle = n.toString(16).padStart(64, '0');
  const at = Date.parse('2026-06-15T11:59:00Z');
  return { t: 'grant', at, handle, id: n, seat: handle, pool, isv: 'demo', product: 'seat', version: '1.0', reqVersion: '0', count: 1, user: `u${n}`, host: 'h', pid: n, isvString: null, tag: null, leaseMs: 600_000, since: at, ...over };
}

async function poolIdOf(product: string, lines: string[]): Promise<{ dir: string; stateDir: string; pool: string }> {
  const s = await startServer({ licenses: { 'demo.lic': demoLicense(lines) } });
  const pool = (await s.api<{ pools: Array<{ id: string; product: string }> }>('GET', '/v1/status')).json.pools.find((p) => p.product === product)?.id ?? '';
  await s.stop();
  return { dir: s.dir, stateDir: s.stateDir, pool };
}

interface PoolStatus {
  pools: Array<{ product: string; in_use: number; retired?: boolean; checkouts: Array<{ user: string }> }>;
}

describe('restored checkouts are checked against the pools they name', () => {
  it('a checkout of more seats than its pool has is left out, named by file:line, its holder told REMOVED; checkouts of a pool that shrank are all kept and nothing more is granted', async () => {
    const { dir, stateDir, pool } = await poolIdOf('seat', ['LICENSE demo seat 1.0 permanent 3']);
    const journal = path.join(stateDir, 'journal.ndjson');
    // five valid grants of one seat (a pool that had 5 seats when they were granted), then one of 50 seats (the previous build showed 55 in use)
    // the 6th holder's secret is known here: the journal keeps only its SHA-256
    const secret = 'ab'.repeat(16);
    const key = hashSecret(secret);
    const grants = [1, 2, 3, 4, 5].map((n) => grantOf(pool, n));
    writeFileSync(journal, encodeRecords([...grants, grantOf(pool, 6, { count: 50, handle: key, seat: key })]));
    const s = await startServer({ dir, files: ['demo.lic'] });
    const err = s.stderr();
    expect(err).toContain(`${journal}:6: checkout 6 of seat (50 seat(s) for u6@h) not restored: the pool ${pool} has only 3 seat(s)`);
    expect(err).toContain(`${journal}:4: the pool ${pool} of seat has 3 seat(s) but its restored checkouts hold more`);
    expect(err).toMatch(/journal restored 5 checkout\(s\) and 0 held seat\(s\); 1 left out: more seats than their pool has/);
    const st = (await s.api<PoolStatus>('GET', '/v1/status')).json.pools[0];
    expect(st?.in_use).toBe(5);
    expect(st?.checkouts.map((c) => c.user).sort()).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    expect((await s.api('POST', '/v1/checkout', { product: 'seat', user: 'x', host: 'h', pid: 9 })).status).toBe(409);
    // the holder of the checkout left out is told it was removed, not "no such handle"
    const hb = await s.api('POST', '/v1/heartbeat', { handle: secret });
    expect(hb.json.error?.code).toBe('LICUTIL_E_REMOVED');
    await s.stop();
  });

  it('a checkout on a pool the license files no longer have: kept on a retired pool, named by file:line; it adds no seat to what is served', async () => {
    const { dir, stateDir, pool } = await poolIdOf('seat', ['LICENSE demo seat 1.0 permanent 2']);
    const journal = path.join(stateDir, 'journal.ndjson');
    writeFileSync(journal, encodeRecords([grantOf(pool, 1), grantOf('no-such-pool', 2, { product: 'gone' }), grantOf('no-such-pool', 3, { product: 'gone', count: 40 })]));
    const s = await startServer({ dir, files: ['demo.lic'] });
    expect(s.stderr()).toContain(`${journal}:2: checkout 2 of gone is on the pool no-such-pool, which the license files no longer have: kept until it is checked in or lapses, and no new seat is granted from it`);
    const pools = (await s.api<PoolStatus>('GET', '/v1/status')).json.pools;
    expect(pools.find((p) => p.product === 'gone')?.retired).toBe(true);
    const granted: number[] = [];
    for (let i = 0; i < 3; i++) granted.push((await s.api('POST', '/v1/checkout', { product: 'seat', user: `n${i}`, host: 'h', pid: i })).status);
    expect(granted).toEqual([200, 409, 409]);
    expect((await s.api('POST', '/v1/checkout', { product: 'gone', user: 'n', host: 'h', pid: 1 })).status).not.toBe(200);
    await s.stop();
  });
});
