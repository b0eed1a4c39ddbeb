import { constants, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isLicutilError } from '../../../src/protocol/errors.js';
import { decodeJournal, encodeRecord } from '../../../src/server/stores/file/codec.js';
import { FileJournal } from '../../../src/server/stores/file/file-journal.js';
import type { JournalFile, JournalFs } from '../../../src/server/stores/file/fs.js';
import { MemoryJournal } from '../../../src/server/stores/memory-journal.js';
import { nodeJournalFs } from '../../../src/server/stores/file/node-fs.js';
import type { GrantRecord, JournalRecord } from '../../../src/server/core/pool/records.js';
import { handleOf, manager, pool } from './pool-fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'licutil-journal-'));
  dirs.push(d);
  return d;
}

function grantRec(i: number): GrantRecord {
  return {
    t: 'grant',
    at: 1_700_000_000_000 + i,
    handle: `h${i}`,
    id: i + 1,
    seat: `h${i}`,
    pool: 'p',
    isv: 'acme',
    product: 'cad',
    version: '1.0',
    reqVersion: '1.0',
    count: 1,
    user: `user ${i} «ü»`,
    host: 'ws',
    pid: i,
    isvString: null,
    tag: null,
    leaseMs: 60_000,
    since: 1_700_000_000_000 + i,
  };
}

/** A file system that counts syncs, can hold a sync open, and can fail writes like a full disk. */
class TestFs implements JournalFs {
  syncs = 0;
  writes = 0;
  full = false;
  /** bytes of a failing write that still reach the file (a partial write) */
  partialOnFailure = 0;
  private gate: Promise<void> | null = null;
  private release: (() => void) | null = null;

  holdSyncs(): void {
    this.gate = new Promise((r) => (this.release = r));
  }
  releaseSyncs(): void {
    this.release?.();
    this.gate = null;
  }

  mkdirp = nodeJournalFs.mkdirp;
  readChunks = nodeJournalFs.readChunks;
  replaceDurably = nodeJournalFs.replaceDurably;

  async openAppend(path: string): Promise<JournalFile> {
    const real = await nodeJournalFs.openAppend(path);
    return {
      write: async (data) => {
        this.writes++;
        if (this.full) {
          if (this.partialOnFailure > 0) await real.write(data.subarray(0, this.partialOnFailure));
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        }
        await real.write(data);
      },
      sync: async () => {
        this.syncs++;
        if (this.gate) await this.gate;
        await real.sync();
      },
      truncate: (n) => real.truncate(n),
      size: () => real.size(),
      close: () => real.close(),
    };
  }
}

describe('journal line format', () => {
  it('round-trips records, including non-ASCII text', () => {
    const recs: JournalRecord[] = [grantRec(1), { t: 'checkin', at: 5, handle: 'h1', holdMs: 30_000 }];
    const d = decodeJournal(Buffer.from(recs.map(encodeRecord).join('')));
    expect(d.records).toEqual(recs);
    expect(d.problems).toEqual([]);
    expect(encodeRecord(grantRec(1))).toMatch(/^\{"c":"[0-9a-f]{8}","r":\{"t":"grant".*\}\}\n$/);
  });

  it('reads back every record as written, whatever the strings hold', () => {
    const odd = ['plain', 'with "quotes"', 'back\\slash', 'new\nline', 'tab\tand\u0001', '«ü» 日本', 'emoji 😀', 'ls \u2028 ps \u2029', '', '\u007f del'];
    const records: JournalRecord[] = [];
    for (const [i, u] of odd.entries()) {
      records.push({ ...grantRec(i), user: u, host: odd[(i + 3) % odd.length] as string, isvString: i % 2 ? u : null, tag: i % 3 ? null : u });
      records.push({ t: 'checkin', at: i, handle: u, holdMs: i * 1000 });
      records.push({ t: 'reclaim', at: 1.5, handle: `h${i}`, holdMs: 0 });
    }
    records.push({ t: 'remove', at: 1, handle: 'h', by: null }, { t: 'mark', at: 2 }, { t: 'held', at: 3, seat: 's', pool: 'p', count: 2, until: 9, holdMs: 6 });
    // and what the pool manager makes
    const { m } = manager([pool({ id: 'p', count: 5 })]);
    const co = m.checkout({ product: 'cad', version: '1', count: 1, user: 'a "b"', host: 'h', pid: 1, tag: 't', isvString: 'x' });
    const ci = m.checkin(handleOf(co));
    expect([co.records.length, ci.records.length]).toEqual([1, 1]);
    records.push(...co.records, ...ci.records, ...m.snapshotRecords());
    const text = records.map(encodeRecord).join('');
    expect(text.split('\n')).toHaveLength(records.length + 1);
    const d = decodeJournal(Buffer.from(text));
    expect(d.problems).toEqual([]);
    expect(d.records).toEqual(records);
  });

  it('a damaged line is skipped and reported; the lines after it still load', () => {
    const lines = [1, 2, 3].map((i) => encodeRecord(grantRec(i)));
    lines[1] = (lines[1] as string).replace('"pid":2', '"pid":9');
    const d = decodeJournal(Buffer.from(lines.join('')));
    expect(d.records.map((r) => (r as GrantRecord).pid)).toEqual([1, 3]);
    expect(d.problems).toEqual([{ line: 2, reason: expect.stringContaining('checksum mismatch') }]);
  });
});

describe('FileJournal', () => {
  it('appends durably and loads what it wrote', async () => {
    const dir = await tempDir();
    const j = await FileJournal.open(dir, { retryMs: 0 });
    await j.append([grantRec(1)]);
    await j.append([grantRec(2), { t: 'remove', at: 9, handle: 'h1', by: null }]);
    await j.close();
    const j2 = await FileJournal.open(dir, { retryMs: 0 });
    expect((await j2.load()).records).toEqual([grantRec(1), grantRec(2), { t: 'remove', at: 9, handle: 'h1', by: null }]);
    await j2.close();
  });

  it('a torn last record (crash mid-write) is skipped, cut off, and never corrupts the rest', async () => {
    const dir = await tempDir();
    const j = await FileJournal.open(dir, { retryMs: 0 });
    await j.append([grantRec(1), grantRec(2), grantRec(3)]);
    await j.close();
    const path = join(dir, 'journal.ndjson');
    const line = encodeRecord(grantRec(4));
    await appendFile(path, line.slice(0, Math.floor(line.length / 2)));

    const j2 = await FileJournal.open(dir, { retryMs: 0 });
    const loaded = await j2.load();
    expect(loaded.records.map((r) => (r as GrantRecord).pid)).toEqual([1, 2, 3]);
    expect(loaded.problems).toEqual([{ line: 4, reason: expect.stringContaining('incomplete last record') }]);
    // the next record starts on a clean line
    await j2.append([grantRec(5)]);
    const again = await j2.load();
    expect(again.records.map((r) => (r as GrantRecord).pid)).toEqual([1, 2, 3, 5]);
    expect(again.problems).toEqual([]);
    await j2.close();
  });

  it('a complete but garbled last line is skipped too', async () => {
    const dir = await tempDir();
    const path = join(dir, 'journal.ndjson');
    await writeFile(path, `${encodeRecord(grantRec(1))}{"c":"00000000","r":{"t":"grant"}}\n`);
    const j = await FileJournal.open(dir, { retryMs: 0 });
    const loaded = await j.load();
    expect(loaded.records).toHaveLength(1);
    expect(loaded.problems[0]?.line).toBe(2);
    await j.close();
  });

  it('group commit: appends arriving while an fsync runs share the next one', async () => {
    const fs = new TestFs();
    const j = await FileJournal.open(await tempDir(), { fs, retryMs: 0 });
    fs.holdSyncs();
    const first = j.append([grantRec(0)]);
    await new Promise((r) => setTimeout(r, 10)); // the first commit is now inside fsync
    expect(fs.syncs).toBe(1);
    const rest = Array.from({ length: 50 }, (_, i) => j.append([grantRec(i + 1)]));
    await new Promise((r) => setTimeout(r, 10));
    expect(fs.syncs).toBe(1); // nobody else got their own fsync
    fs.releaseSyncs();
    await Promise.all([first, ...rest]);
    expect(fs.syncs).toBe(2);
    expect(j.stats).toMatchObject({ commits: 2, records: 51 });
    expect((await j.load()).records).toHaveLength(51);
    await j.close();
  });

  it('appends made in one tick go out in one write and one fsync', async () => {
    const fs = new TestFs();
    const j = await FileJournal.open(await tempDir(), { fs, retryMs: 0 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => j.append([grantRec(i)])));
    expect(fs.syncs).toBe(1);
    expect(fs.writes).toBe(1);
    await j.close();
  });

  it('a write failure (disk full) rejects with a clear error, turns unhealthy, and recovers when space returns', async () => {
    const fs = new TestFs();
    const dir = await tempDir();
    const j = await FileJournal.open(dir, { fs, retryMs: 5 });
    const changes: [boolean, string | null][] = [];
    j.onHealthChange((h, e) => changes.push([h, e ? e.message : null]));
    await j.append([grantRec(1)]);

    fs.full = true;
    fs.partialOnFailure = 17; // half a line reaches the disk before the error
    const err = await j.append([grantRec(2)]).catch((e: unknown) => e);
    expect(isLicutilError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'LICUTIL_E_JOURNAL' });
    expect((err as Error).message).toContain('ENOSPC');
    expect((err as Error).message).toContain(join(dir, 'journal.ndjson'));
    expect(j.healthy).toBe(false);
    expect(changes).toEqual([[false, expect.stringContaining('no space left')]]);

    fs.full = false;
    // the journal probes by itself; on a loaded machine the probe can come late
    await vi.waitFor(() => expect(j.healthy).toBe(true), { timeout: 5000, interval: 10 });
    expect(changes[1]).toEqual([true, null]);
    await j.append([grantRec(3)]);
    const loaded = await j.load();
    expect(loaded.problems).toEqual([]); // the partial write was cut off
    expect(loaded.records.filter((r) => r.t === 'grant').map((r) => (r as GrantRecord).pid)).toEqual([1, 3]);
    await j.close();
  });

  it('compaction replaces the file with the snapshot; later appends follow it', async () => {
    const dir = await tempDir();
    const j = await FileJournal.open(dir, { retryMs: 0 });
    await j.append([grantRec(1), grantRec(2), { t: 'checkin', at: 3, handle: 'h1', holdMs: 0 }]);
    const before = j.append([grantRec(3)]); // made before the snapshot: lands in the old file
    const compacted = j.compact([grantRec(2), grantRec(3)]);
    const after = j.append([grantRec(4)]);
    await Promise.all([before, compacted, after]);
    const text = await readFile(join(dir, 'journal.ndjson'), 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(3);
    expect((await j.load()).records.map((r) => (r as GrantRecord).pid)).toEqual([2, 3, 4]);
    await j.close();
  });

  it.runIf(process.platform === 'linux')('opens the file with O_DSYNC, so a write returns once it is on disk and needs no fdatasync after it', async () => {
    const dir = await tempDir();
    const path = join(dir, 'journal.ndjson');
    const file = await nodeJournalFs.openAppend(path);
    try {
      expect(file.syncsOnWrite).toBe(true);
      const fd = readdirSync('/proc/self/fd').find((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === path;
        } catch {
          return false;
        }
      });
      const flags = Number.parseInt(/^flags:\s+([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1] ?? '0', 8);
      expect(flags & constants.O_DSYNC).toBe(constants.O_DSYNC);
      expect(flags & constants.O_APPEND).toBe(constants.O_APPEND);
    } finally {
      await file.close();
    }
  });

  it('says which directory it cannot use', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), 'x');
    await expect(FileJournal.open(join(dir, 'file', 'sub'))).rejects.toMatchObject({
      code: 'LICUTIL_E_JOURNAL',
      message: expect.stringContaining(join(dir, 'file', 'sub')),
    });
  });
});

describe('MemoryJournal', () => {
  it('keeps records and can fail like a full disk', async () => {
    const j = new MemoryJournal();
    const seen: boolean[] = [];
    j.onHealthChange((h) => seen.push(h));
    await j.append([grantRec(1)]);
    j.failWith = new Error('ENOSPC');
    await expect(j.append([grantRec(2)])).rejects.toMatchObject({ code: 'LICUTIL_E_JOURNAL' });
    expect(j.healthy).toBe(false);
    j.failWith = null;
    await j.append([grantRec(3)]);
    expect(j.healthy).toBe(true);
    expect(seen).toEqual([false, true]);
    expect((await j.load()).records.map((r) => (r as GrantRecord).pid)).toEqual([1, 3]);
  });

  it('compacts itself from the live state, so steady traffic keeps it the size of that state', async () => {
    const j = new MemoryJournal();
    const live = new Map<number, GrantRecord>();
    j.autoCompact(() => [...live.values()], 100);
    for (let i = 0; i < 10_000; i++) {
      live.set(i, grantRec(i));
      await j.append([grantRec(i)]);
      live.delete(i);
      await j.append([{ t: 'checkin', at: 1_700_000_000_000 + i, handle: `h${i}`, holdMs: 0 }]);
      expect(j.size).toBeLessThanOrEqual(100);
    }
    live.set(-1, grantRec(-1));
    for (let i = 0; i < 200; i++) await j.append([{ t: 'mark', at: i }]);
    // what is left replays to the live state: the one grant still held
    const grants = (await j.load()).records.filter((r) => r.t === 'grant');
    expect(grants.map((r) => (r as GrantRecord).pid)).toEqual([-1]);
  });
});
