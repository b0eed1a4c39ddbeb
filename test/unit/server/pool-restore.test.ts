// A server killed and restarted knows every live checkout: the manager's
// records, kept by a journal, rebuild the same state; each restored lease gets
// one lease period from the restart to be renewed (issue 4, "Nothing lost").
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileJournal } from '../../../src/server/stores/file/file-journal.js';
import { MemoryJournal } from '../../../src/server/stores/memory-journal.js';
import type { JournalStore } from '../../../src/server/core/store.js';
import type { PoolManager } from '../../../src/server/core/pool/manager.js';
import type { CheckoutRequest, CheckoutResult, Step } from '../../../src/server/core/pool/types.js';
import { FakeClock, handleOf, manager, pool } from './pool-fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'licutil-restore-'));
  dirs.push(d);
  return d;
}

/** What the transport does: make the records durable, then answer. */
async function durable<T>(j: JournalStore, step: Step<T>): Promise<T> {
  await j.append(step.records);
  return step.result;
}

async function checkedOut(j: JournalStore, step: Step<CheckoutResult>): Promise<string> {
  await j.append(step.records);
  return handleOf(step);
}

function co(product: string, user: string, host: string, pid: number): CheckoutRequest {
  return { product, version: '1', count: 1, user, host, pid };
}

function laterClock(before: FakeClock, ms: number): FakeClock {
  const c = new FakeClock();
  c.wall = before.wall + ms;
  c.mono = 42; // the new process's monotonic clock has nothing to do with the old one
  return c;
}

const defs = [
  pool({ id: 'cad', count: 3, hold: 30 }),
  pool({ id: 'sim', product: 'sim', count: 4, share: { user: true, host: false, isv: false, max: 2 } }),
];

async function scenario(j: JournalStore): Promise<{ m: PoolManager; clock: FakeClock; live: string[] }> {
  const { m, clock } = manager(defs);
  const a = await checkedOut(j, m.checkout(co('cad', 'alice', 'h1', 1)));
  const b = await checkedOut(j, m.checkout(co('cad', 'bob', 'h2', 2)));
  clock.tick(5_000);
  await durable(j, m.checkin(b)); // held 30 s
  const s1 = await checkedOut(j, m.checkout(co('sim', 'carol', 'h3', 3)));
  const s2 = await checkedOut(j, m.checkout(co('sim', 'carol', 'h4', 4)));
  const s3 = await checkedOut(j, m.checkout(co('sim', 'carol', 'h5', 5)));
  clock.tick(1_000);
  await durable(j, m.checkin(s1));
  return { m, clock, live: [a, s2, s3].sort() };
}

describe.each([
  ['MemoryJournal', async (): Promise<JournalStore> => new MemoryJournal()],
  ['FileJournal', async (): Promise<JournalStore> => FileJournal.open(await tempDir(), { retryMs: 0 })],
])('restore through %s', (_name, open) => {
  it('a restarted server knows every live checkout, held seat and shared seat', async () => {
    const j = await open();
    const { m, clock, live } = await scenario(j);
    const before = m.status();

    const restartClock = laterClock(clock, 2_000);
    const { m: m2 } = manager(defs, { clock: restartClock });
    const report = m2.restore((await j.load()).records);
    expect(report).toMatchObject({ leases: 3, heldSeats: 1, orphaned: 0, ignored: 0 });
    const after = m2.status();
    expect(after.pools.flatMap((p) => p.checkouts.map((c) => c.handle)).sort()).toEqual(live);
    for (const id of ['cad', 'sim']) {
      const p0 = before.pools.find((p) => p.id === id);
      const p1 = after.pools.find((p) => p.id === id);
      expect(p1?.inUse).toBe(p0?.inUse);
      expect(p1?.checkouts.map((c) => [c.handle, c.user, c.pid, c.sinceIso, c.seat]).sort()).toEqual(
        p0?.checkouts.map((c) => [c.handle, c.user, c.pid, c.sinceIso, c.seat]).sort(),
      );
    }
    // the hold began 1 s + 2 s ago: 27 s remain
    expect(after.pools.find((p) => p.id === 'cad')?.held[0]?.untilIso).toBe(new Date(restartClock.wall + 27_000).toISOString());
    // each restored lease gets one lease period from the restart
    for (const c of after.pools.flatMap((p) => p.checkouts)) {
      expect(c.leaseExpiresIso).toBe(new Date(restartClock.wall + 60_000).toISOString());
    }
    // the shared seat still takes carol's next process (max 2, one sharer left on the first seat)
    const more = m2.checkout({ product: 'sim', version: '1', count: 1, user: 'Carol', host: 'h9', pid: 9 }).result;
    expect(more).toMatchObject({ kind: 'grant', shared: true });
    expect(m2.status().pools.find((p) => p.id === 'sim')?.inUse).toBe(2);
    await j.close();
  });

  it('compaction keeps exactly the live state', async () => {
    const j = await open();
    const { m, clock } = await scenario(j);
    await j.compact(m.snapshotRecords());
    const loaded = (await j.load()).records;
    // 'ids': the counter of public ids, so none is given twice after the restart
    expect(loaded.map((r) => r.t).sort()).toEqual(['grant', 'grant', 'grant', 'held', 'ids']);
    const { m: m2 } = manager(defs, { clock: laterClock(clock, 0) });
    m2.restore(loaded);
    expect(m2.status().pools.map((p) => [p.id, p.inUse])).toEqual(m.status().pools.map((p) => [p.id, p.inUse]));
    await j.close();
  });
});

describe('automatic compaction', () => {
  it('keeps the journal near the size of the live state while the server runs', async () => {
    const dir = await tempDir();
    const j = await FileJournal.open(dir, { retryMs: 0 });
    const { m, clock } = manager([pool({ id: 'cad', count: 1_000, hold: 1 })]);
    j.autoCompact(() => m.snapshotRecords(), 8_000);
    const keep: string[] = [];
    for (let i = 0; i < 3; i++) keep.push(await checkedOut(j, m.checkout(co('cad', `keeper${i}`, 'h', i))));
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 400; i++) {
      // churn without awaiting each step, as a busy server would
      const step = m.checkout(co('cad', `u${i}`, 'h', 100 + i));
      pending.push(j.append(step.records));
      clock.tick(10);
      if (i % 50 !== 0) pending.push(j.append(m.checkin(handleOf(step)).records));
      // bursts: after each commit a compaction is queued, and the next burst's
      // records are made (and are in its snapshot) before it runs
      if (i % 40 === 0) await pending[pending.length - 1];
    }
    await Promise.all(pending);
    const loaded = await j.load(); // queued behind any compaction
    expect(loaded.problems).toEqual([]);
    expect(j.stats.compactions).toBeGreaterThan(1);
    expect(j.stats.bytes).toBeLessThan(40_000); // 400 grants and their check-ins alone are ~200 kB
    const { m: m2 } = manager([pool({ id: 'cad', count: 1_000, hold: 1 })], { clock: laterClock(clock, 0) });
    m2.restore(loaded.records);
    const live = (x: PoolManager): unknown =>
      x.status().pools.map((p) => [p.inUse, p.checkouts.map((c) => c.handle).sort(), p.held.map((h) => h.seat).sort()]);
    expect(live(m2)).toEqual(live(m));
    await j.close();
  });
});

describe('restore edge cases', () => {
  it('a restored lease not renewed within one lease period is reclaimed', () => {
    const { m, clock } = manager(defs);
    const step = m.checkout({ product: 'cad', version: '1', count: 1, user: 'u', host: 'h', pid: 1, leaseMs: 20_000 });
    const h = handleOf(step);
    const c2 = laterClock(clock, 600_000); // down for ten minutes
    const { m: m2 } = manager(defs, { clock: c2 });
    m2.restore(step.records);
    c2.tick(19_999);
    expect(m2.advance().result).toBe(0);
    c2.tick(1);
    expect(m2.advance().records).toEqual([{ t: 'reclaim', at: c2.wall, handle: h, holdMs: 30_000 }]);
  });

  it('checkouts of a pool no longer licensed survive on a retired pool', () => {
    const { m, clock } = manager(defs);
    const step = m.checkout({ product: 'sim', version: '1', count: 1, user: 'u', host: 'h', pid: 1 });
    const { m: m2 } = manager([defs[0]!], { clock: laterClock(clock, 1_000) });
    expect(m2.restore(step.records)).toMatchObject({ leases: 1, orphaned: 1 });
    expect(m2.status().pools.find((p) => p.id === 'sim')).toMatchObject({ retired: true, inUse: 1 });
    expect(m2.checkout({ product: 'sim', version: '1', count: 1, user: 'v', host: 'h', pid: 2 }).result).toMatchObject({
      kind: 'denial',
      code: 'LICUTIL_E_NO_SUCH_PRODUCT',
    });
    expect(m2.checkin(handleOf(step)).result).toEqual({ kind: 'ok', heldForMs: 0 });
    expect(m2.status().pools.map((p) => p.id)).toEqual(['cad']);
  });

  it('a hold whose end passed while the server was down is not restored; a wall clock set back cannot stretch one', () => {
    const { m, clock } = manager(defs);
    const g = m.checkout({ product: 'cad', version: '1', count: 1, user: 'u', host: 'h', pid: 1 });
    const ci = m.checkin(handleOf(g));
    const records = [...g.records, ...ci.records];
    const { m: late } = manager(defs, { clock: laterClock(clock, 31_000) });
    expect(late.restore(records).heldSeats).toBe(0);
    const { m: early } = manager(defs, { clock: laterClock(clock, -3_600_000) });
    early.restore(records);
    expect(early.status().pools[0]?.held[0]?.untilIso).toBe(new Date(clock.wall - 3_600_000 + 30_000).toISOString());
  });

  it('ignores records that make no sense instead of failing', () => {
    const { m } = manager(defs);
    const report = m.restore([
      { t: 'checkin', at: 1, handle: 'nope', holdMs: 0 },
      { t: 'release', at: 1, seat: 'nope' },
      { t: 'mark', at: 1 },
    ]);
    expect(report).toEqual({ leases: 0, heldSeats: 0, orphaned: 0, overCount: 0, ignored: 2, problems: [] });
  });
});
