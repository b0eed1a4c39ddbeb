// The chaos test's checkers must be able to fail: each violation they look for,
// fed to them on purpose, is caught; the report-log tailer follows rotations
// and skips a torn last line, and puts the queue lines of denials.ndjson back
// among the grants of report.ndjson.
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GrantRecord } from '../../src/server/core/pool/records.js';
import { ReportReplay, type ReportLine } from './chaos/report-replay.js';
import { ReportTailer, SplitLogTailer } from './chaos/report-tail.js';

const POOLS = [
  { id: 'p:alpha', product: 'alpha', count: 2, sharePer: null },
  { id: 'p:beta', product: 'beta', count: 1, sharePer: 2 },
];
const T0 = Date.parse('2026-06-15T12:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const co = (h: string, ms: number, extra: Partial<ReportLine> = {}): ReportLine => ({ time: at(ms), event: 'checkout', handle: h, product: 'alpha', pool: 'p:alpha', count: 1, pid: 1, fromQueue: false, ...extra });
const ci = (h: string, ms: number): ReportLine => ({ time: at(ms), event: 'checkin', handle: h, product: 'alpha' });
const queue = (pid: number, ms: number): ReportLine => ({ time: at(ms), event: 'queue', product: 'alpha', pid, ticket: `t${pid}` });

function run(lines: ReportLine[]): ReportReplay {
  const r = new ReportReplay(POOLS);
  for (const l of lines) r.feed(l);
  return r;
}

describe('ReportReplay catches what it looks for', () => {
  it('a clean history passes, and finish() is satisfied when everything came back', () => {
    const r = run([co('a', 0), co('b', 1), ci('a', 2), queue(7, 3), ci('b', 4), co('c', 5, { fromQueue: true, pid: 7 }), ci('c', 6)]);
    r.finish();
    expect(r.violations).toEqual([]);
    expect(r.figures.fromQueue).toBe(1);
  });

  it('more seats out than the pool has', () => {
    expect(run([co('a', 0), co('b', 1), co('c', 2)]).violations.join()).toMatch(/3 seats out of 2/);
    // shared: count × share checkouts
    const beta = (h: string) => co(h, 0, { product: 'beta', pool: 'p:beta' });
    expect(run([beta('x'), beta('y')]).violations).toEqual([]);
    expect(run([beta('x'), beta('y'), beta('z')]).violations.join()).toMatch(/3 checkouts out of 1 × 2/);
  });

  it('a handle granted twice, ended twice, or ended without a grant', () => {
    expect(run([co('a', 0), co('a', 1)]).violations.join()).toMatch(/granted twice/);
    expect(run([co('a', 0), ci('a', 1), ci('a', 2)]).violations.join()).toMatch(/ended twice/);
    expect(run([ci('zz', 1)]).violations.join()).toMatch(/never granted/);
  });

  it('FIFO: a later waiter served before an earlier one', () => {
    const r = run([co('a', 0), co('b', 0), queue(7, 1), queue(8, 2), ci('a', 3), co('c', 3, { fromQueue: true, pid: 8 })]);
    expect(r.violations.join()).toMatch(/FIFO: pid 8 .* before 1 earlier waiter/);
  });

  it('FIFO compares the steps\' times: a queue line logged late (its step carried records) is no violation', () => {
    // pid 8 joined at 2 but its line came first; pid 7 joined at 1 and is served first: right
    const ok = run([co('a', 0), co('b', 0), queue(8, 2), queue(7, 1), ci('a', 3), co('c', 3, { fromQueue: true, pid: 7 })]);
    expect(ok.violations).toEqual([]);
    // a dequeue logged before its own queue line is matched when the line comes
    const early = run([{ time: at(5), event: 'dequeue', product: 'alpha', ticket: 't9' }, queue(9, 4)]);
    early.finish();
    expect(early.violations).toEqual([]);
  });

  it('a direct grant while an earlier waiter still waits (strictly earlier step time)', () => {
    expect(run([co('a', 0), co('b', 0), queue(7, 10), ci('a', 20), co('c', 21)]).violations.join()).toMatch(/queue jump/);
    // same millisecond: the order of the steps is unknown, so it is not called a jump
    expect(run([co('a', 0), co('b', 0), queue(7, 10), ci('a', 10), co('c', 10)]).violations).toEqual([]);
  });

  it('finish() names what never came back', () => {
    const r = run([co('a', 0)]);
    r.finish();
    expect(r.violations.join()).toMatch(/never returned/);
  });

  it('boundary(): lines lost with a killed server are reconciled with the journal and counted, not flagged', () => {
    const r = run([co('a', 0), co('b', 1)]);
    // the journal restores b and c: a's end line and c's start line were lost
    const g = (handle: string): GrantRecord =>
      ({ t: 'grant', at: T0, handle, seat: handle, pool: 'p:alpha', isv: 'demo', product: 'alpha', version: '1.0', reqVersion: '0', count: 1, user: 'u', host: 'h', pid: 1, isvString: null, tag: null, leaseMs: 1000, since: T0 }) as GrantRecord;
    r.boundary([g('b'), g('c')]);
    expect(r.figures.lostEndLines).toBe(1);
    expect(r.figures.lostStartLines).toBe(1);
    r.feed(ci('b', 5));
    r.feed(ci('c', 6));
    r.finish();
    expect(r.violations).toEqual([]);
  });
});

describe('ReportTailer', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'licutil-tail-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const line = (n: number) => `${JSON.stringify({ time: at(n), event: 'checkin', handle: `h${n}` })}\n`;

  it('reads complete lines as they come, across rotations, and skips a torn last line at a boundary', () => {
    const p = path.join(dir, 'report.ndjson');
    writeFileSync(p, line(1) + line(2));
    const t = new ReportTailer(p);
    expect(t.readNew().map((l) => l.handle)).toEqual(['h1', 'h2']);
    appendFileSync(p, line(3) + line(4).slice(0, 10));
    expect(t.readNew().map((l) => l.handle)).toEqual(['h3']);
    appendFileSync(p, line(4).slice(10) + line(5));
    // rotated twice before the next read
    renameSync(p, `${p}.1`);
    writeFileSync(p, line(6));
    renameSync(`${p}.1`, `${p}.2`);
    renameSync(p, `${p}.1`);
    writeFileSync(p, line(7) + line(8).slice(0, 5));
    expect(t.readNew().map((l) => l.handle)).toEqual(['h4', 'h5', 'h6', 'h7']);
    t.dropTorn();
    expect(t.torn).toBe(1);
    appendFileSync(p, line(9));
    expect(t.readNew().map((l) => l.handle)).toEqual(['h9']);
    expect(t.unparsable).toBe(0);
  });
});

describe('SplitLogTailer', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'licutil-split-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const put = (file: string, ls: ReportLine[]) => appendFileSync(path.join(dir, file), ls.map((l) => `${JSON.stringify(l)}\n`).join(''));

  it('feeds each wait line before the first grant of the same or a later time, and holds later ones until they are due or flushed', () => {
    writeFileSync(path.join(dir, 'report.ndjson'), '');
    writeFileSync(path.join(dir, 'denials.ndjson'), '');
    const t = new SplitLogTailer(new ReportTailer(path.join(dir, 'report.ndjson')), new ReportTailer(path.join(dir, 'denials.ndjson'), 2));
    // pid 2's queue line reached its file after pid 3's (a queue step with journal records is logged after its commit)
    put('denials.ndjson', [queue(3, 30), queue(2, 20), queue(4, 90)]);
    put('report.ndjson', [co('a', 10), co('b', 40, { pid: 2, fromQueue: true })]);
    const name = (l: ReportLine) => `${l.event}:${l.handle ?? l.pid}`;
    expect(t.readNew().map(name)).toEqual(['checkout:a', 'queue:2', 'queue:3', 'checkout:b']);
    put('report.ndjson', [ci('a', 95)]);
    expect(t.readNew().map(name)).toEqual(['queue:4', 'checkin:a']);
    put('denials.ndjson', [queue(5, 99)]);
    expect(t.readNew()).toEqual([]);
    expect(t.flush().map(name)).toEqual(['queue:5']);
    // the replay over the merged lines finds pid 2 waiting when it is served
    const r = new ReportReplay(POOLS);
    for (const l of [queue(3, 30), queue(2, 20)]) r.feed(l);
    r.feed(co('b', 40, { pid: 2, fromQueue: true }));
    expect(r.violations).toEqual([]);
  });
});
