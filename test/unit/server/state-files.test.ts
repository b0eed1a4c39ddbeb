// The second line of defence under the state directory's checks (a link
// planted after start-up, by root or the server's own user): the journal, the
// report log and the log file of log_filename (at every rotation and cut)
// never open a symbolic link, and the journal's decoder reads a
// journal in chunks of any size exactly as it reads it whole.
import { linkSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReportLog } from '../../../src/server/adapters/report/report-log.js';
import { nodeLogFileIo } from '../../../src/server/adapters/logging/node-log-io.js';
import { JournalDecoder, MAX_RECORD_BYTES, decodeJournal, encodeRecords } from '../../../src/server/stores/file/codec.js';
import { FileJournal } from '../../../src/server/stores/file/file-journal.js';
import { defaultStateDir } from '../../../src/server/boot/state-dir.js';
import type { JournalRecord } from '../../../src/server/core/pool/records.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function plant(name: string): { dir: string; target: string } {
  const dir = mkdtempSync(join(tmpdir(), 'licutil-nofollow-'));
  dirs.push(dir);
  const target = join(dir, 'target.txt');
  writeFileSync(target, 'no line break here');
  symlinkSync(target, join(dir, name));
  return { dir, target };
}

describe.skipIf(process.platform === 'win32')('O_NOFOLLOW', () => {
  it('the journal refuses a link at its path and leaves the target alone', async () => {
    const { dir, target } = plant('journal.ndjson');
    await expect(FileJournal.open(dir)).rejects.toMatchObject({ code: 'LICUTIL_E_JOURNAL' });
    expect(readFileSync(target, 'utf8')).toBe('no line break here');
  });

  it('the report log refuses a link at its path', async () => {
    const { dir, target } = plant('report.ndjson');
    await expect(ReportLog.open(join(dir, 'report.ndjson'))).rejects.toMatchObject({ code: 'ELOOP' });
    expect(readFileSync(target, 'utf8')).toBe('no line break here');
  });

  it('the log file, opened again at a rotation or a cut, refuses a link or a hard link planted at its name, appending or emptying', () => {
    const { dir, target } = plant('license.log');
    for (const append of [true, false]) expect(() => nodeLogFileIo.open(join(dir, 'license.log'), append)).toThrow(/ELOOP|symbolic link/);
    linkSync(target, join(dir, 'hard.log'));
    for (const append of [true, false]) expect(() => nodeLogFileIo.open(join(dir, 'hard.log'), append)).toThrow(/has 2 hard links/);
    expect(readFileSync(target, 'utf8')).toBe('no line break here');
    // a file of its own is emptied when not appending
    writeFileSync(join(dir, 'own.log'), 'old lines\n');
    const fd = nodeLogFileIo.open(join(dir, 'own.log'), false);
    nodeLogFileIo.write(fd, 'new\n');
    nodeLogFileIo.close(fd);
    expect(readFileSync(join(dir, 'own.log'), 'utf8')).toBe('new\n');
  });

  it('compaction replaces a link left at the temporary name instead of writing through it', async () => {
    const { dir, target } = plant('journal.ndjson.tmp');
    const j = await FileJournal.open(dir);
    await j.compact([{ t: 'mark', at: 1 }]);
    await j.close();
    expect(readFileSync(target, 'utf8')).toBe('no line break here');
    expect(decodeJournal(readFileSync(join(dir, 'journal.ndjson'))).records).toEqual([{ t: 'mark', at: 1 }]);
  });
});

describe('the streamed decoder', () => {
  const records: JournalRecord[] = Array.from({ length: 50 }, (_, i) => ({ t: 'ids', at: i + 1, next: i + 2 }));
  const text = Buffer.from(`${encodeRecords(records)}garbage\n${encodeRecords([{ t: 'mark', at: 99 }])}{"c":"torn`);

  it.each([1, 7, 64, 4096])('chunks of %i bytes give what the whole buffer gives', (size) => {
    const got: Array<[JournalRecord, number]> = [];
    const d = new JournalDecoder((r, line) => got.push([r, line]));
    for (let i = 0; i < text.length; i += size) d.push(text.subarray(i, i + size));
    const whole = decodeJournal(text);
    expect(d.end()).toBe(true);
    expect(got.map(([r]) => r)).toEqual(whole.records);
    expect(got.at(-1)?.[1]).toBe(52);
    expect(d.problems).toEqual(whole.problems);
    expect(d.problems.map((p) => p.line)).toEqual([51, 53]);
    expect(d.completeBytes).toBe(whole.completeBytes);
  });

  it('a line longer than any record is skipped without being kept, and the next one is read', () => {
    const got: JournalRecord[] = [];
    const d = new JournalDecoder((r) => got.push(r));
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    for (let n = 0; n <= MAX_RECORD_BYTES; n += chunk.length) d.push(chunk);
    d.push(Buffer.from(`\n${encodeRecords([{ t: 'mark', at: 5 }])}`));
    expect(d.end()).toBe(false);
    expect(d.problems).toEqual([{ line: 1, reason: `longer than ${MAX_RECORD_BYTES} bytes: not a journal record` }]);
    expect(got).toEqual([{ t: 'mark', at: 5 }]);
  });
});

describe('the default state directory', () => {
  it('is XDG_STATE_HOME/licutil, else ~/.local/state/licutil, and /var/lib/licutil for root (whose HOME sudo may have kept)', () => {
    expect(defaultStateDir({ XDG_STATE_HOME: '/x/state' }, '/home/a', 1000)).toBe('/x/state/licutil');
    expect(defaultStateDir({}, '/home/a', 1000)).toBe('/home/a/.local/state/licutil');
    expect(defaultStateDir({}, '/home/a', 0)).toBe('/var/lib/licutil');
    expect(defaultStateDir({ XDG_STATE_HOME: 'relative' }, '/root', 0)).toBe('/var/lib/licutil');
  });
});
