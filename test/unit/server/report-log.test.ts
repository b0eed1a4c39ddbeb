import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reportEntryOf } from '../../../src/server/adapters/report/report-entry.js';
import type { ReportEntry } from '../../../src/server/adapters/report/report-entry.js';
import { ReportLog } from '../../../src/server/adapters/report/report-log.js';
import { writeBatch } from '../../../src/server/core/write-batch.js';
import type { PoolEvent } from '../../../src/server/core/pool/types.js';
import { handleOf, manager, pool, req } from './pool-fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function entries(evs: PoolEvent[]): ReportEntry[] {
  return evs.map(reportEntryOf).filter((e): e is ReportEntry => e !== null);
}

describe('report entries', () => {
  it('record checkout, checkin, denial, queue, removal and reclaim with time, user, host, product, version, handle', () => {
    const { m, clock } = manager([pool({ id: 'a', count: 1, minRemove: 0 }), pool({ id: 's', product: 'secret', password: 'pw' })]);
    const log: ReportEntry[] = [];
    const co = m.checkout(req({ user: 'alice', host: 'ws1' }));
    log.push(...entries(co.events));
    const h = handleOf(co);
    log.push(...entries(m.checkout(req({ user: 'bob', waitMs: 1_000 })).events));
    log.push(...entries(m.checkout(req({ user: 'eve', product: 'secret' })).events));
    clock.tick(1_000);
    log.push(...entries(m.advance().events));
    log.push(...entries(m.checkin(h).events));
    const co2 = m.checkout(req({ user: 'carol' }));
    const h2 = handleOf(co2);
    log.push(...entries(m.remove(h2, { by: 'admin' }).events));
    handleOf(m.checkout(req({ user: 'dave' })));
    clock.tick(60_000);
    log.push(...entries(m.advance().events));

    expect(log.map((e) => [e.event, e.user])).toEqual([
      ['checkout', 'alice'],
      ['queue', 'bob'],
      ['denial', 'eve'],
      ['dequeue', 'bob'],
      ['checkin', 'alice'],
      ['removal', 'carol'],
      ['reclaim', 'dave'],
    ]);
    expect(log[0]).toMatchObject({
      time: '2026-06-15T12:00:00.000Z',
      host: 'ws1',
      product: 'cad',
      version: '1.0',
      // the public id, never the lease key or the holder's handle
      handle: String((co.result as { id: number }).id),
      pool: 'a',
    });
    // the report is the server's own: it keeps the true reason of a password refusal
    expect(log[2]).toMatchObject({ code: 'LICUTIL_E_BAD_PASSWORD', handle: null, product: 'secret' });
    expect(log[3]).toMatchObject({ reason: 'timeout', code: 'LICUTIL_E_TIMED_OUT' });
    expect(log[5]).toMatchObject({ by: 'admin', handle: String((co2.result as { id: number }).id) });
  });
});

describe('ReportLog', () => {
  it('writes NDJSON and rotates by size, keeping N files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'licutil-report-'));
    dirs.push(dir);
    const path = join(dir, 'report.ndjson');
    const log = await ReportLog.open(path, { maxBytes: 1_000, keep: 2 });
    const entry = (i: number): ReportEntry => ({
      time: new Date(1_700_000_000_000 + i).toISOString(),
      event: 'checkout',
      user: `user${i}`,
      host: 'h',
      product: 'cad',
      version: '1.0',
      handle: `${i}`.padStart(32, '0'),
    });
    for (let i = 0; i < 100; i++) log.write([entry(i)]);
    await log.flush();
    await log.close();

    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['report.ndjson', 'report.ndjson.1', 'report.ndjson.2']);
    const byFile = await Promise.all(files.map(async (f) => (await readFile(join(dir, f), 'utf8')).split('\n').filter(Boolean)));
    for (const [i, lines] of byFile.entries()) {
      expect(Buffer.byteLength(lines.join('\n') + '\n')).toBeLessThanOrEqual(1_000);
      expect(lines.length, files[i]).toBeGreaterThan(0);
      for (const l of lines) expect(JSON.parse(l)).toMatchObject({ event: 'checkout' });
    }
    // the newest entry is in the live file, older ones in .1 then .2, oldest dropped
    const users = (lines: string[]): number[] => lines.map((l) => Number((JSON.parse(l) as ReportEntry).user?.slice(4)));
    expect(users(byFile[0] as string[]).at(-1)).toBe(99);
    expect(Math.max(...users(byFile[1] as string[]))).toBeLessThan(Math.min(...users(byFile[0] as string[])));
    expect(Math.max(...users(byFile[2] as string[]))).toBeLessThan(Math.min(...users(byFile[1] as string[])));
    expect(Math.min(...users(byFile[2] as string[]))).toBeGreaterThan(0);
  });

  it('inside a write batch keeps its lines and writes them, in order, when the batch ends', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'licutil-report-'));
    dirs.push(dir);
    const path = join(dir, 'report.ndjson');
    const log = await ReportLog.open(path);
    const entry = (i: number): ReportEntry => ({ time: new Date(1_700_000_000_000 + i).toISOString(), event: 'checkout', user: `u${i}`, host: 'h', product: 'cad', version: '1.0', handle: null });
    const lines = async () => (await readFile(path, 'utf8')).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as ReportEntry).user);
    log.write([entry(0)]);
    writeBatch(() => {
      log.write([entry(1)]);
      // a nested batch (an event acted on while acting on another) ends with the outer one
      writeBatch(() => log.write([entry(2), entry(3)]));
      expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    });
    expect(await lines()).toEqual(['u0', 'u1', 'u2', 'u3']);
    // and outside a batch the line is in the file when write() returns, as before
    log.write([entry(4)]);
    expect((await lines()).at(-1)).toBe('u4');
    await log.close();
  });
});
