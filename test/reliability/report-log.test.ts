// The report log must hold a line for everything a client was answered about,
// whatever kills the server right after the answer. The soak run of the chaos
// test found acknowledged checkouts (10 in 10^6 operations, 26 SIGKILLs) and a
// checkin with no line: the lines were queued for a background write that a
// busy thread pool (journal fsyncs) delayed past the answer. The service writes
// report lines before it answers, so a line must be in the operating system's
// hands when write() returns.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportEntry } from '../../src/server/adapters/report/report-entry.js';
import { ReportLog } from '../../src/server/adapters/report/report-log.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'licutil-report-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (i: number): ReportEntry => ({
  time: new Date(1_781_524_800_000 + i).toISOString(),
  event: 'checkout',
  user: `user${i}`,
  host: 'h',
  product: 'seat',
  version: '1.0',
  handle: `${i}`.padStart(32, '0'),
});

describe('report log lines are written before the caller goes on', () => {
  it('a line is in the file when write() returns', async () => {
    const file = path.join(dir, 'report.ndjson');
    const log = await ReportLog.open(file);
    for (let i = 0; i < 50; i++) {
      log.write([entry(i)]);
      // no await: a SIGKILL could come now
      expect(readFileSync(file, 'utf8').trim().split('\n').at(-1)).toBe(JSON.stringify(entry(i)));
    }
    await log.close();
  });

  it('across rotations too, in order, nothing lost', async () => {
    const sub = path.join(dir, 'rot');
    const file = path.join(sub, 'report.ndjson');
    const log = await ReportLog.open(file, { maxBytes: 2_000, keep: 50 });
    for (let i = 0; i < 200; i++) log.write([entry(i)]);
    const files = readdirSync(sub)
      .filter((f) => f.startsWith('report.ndjson'))
      .sort((a, b) => Number(b.split('.')[2] ?? 0) - Number(a.split('.')[2] ?? 0));
    expect(files.length).toBeGreaterThan(5);
    const lines = files.flatMap((f) => readFileSync(path.join(sub, f), 'utf8').split('\n').filter(Boolean));
    expect(lines.map((l) => (JSON.parse(l) as ReportEntry).user)).toEqual(Array.from({ length: 200 }, (_, i) => `user${i}`));
    await log.close();
  });
});
