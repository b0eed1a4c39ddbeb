// The three readers on fixtures written in the shapes the vendors document
// (test/fixtures/logs), with the figures worked out by hand in the comments.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { feature, reportOf } from './helpers.js';

const dir = path.resolve(import.meta.dirname, '../../fixtures/logs');
const fx = (name: string) => path.join(dir, name);

describe('FlexNet debug log', () => {
  it('pairs OUT and IN per vendor, dates lines from the banner and TIMESTAMP, rolls over at midnight', async () => {
    const r = await reportOf([fx('flexnet-debug.log')]);
    expect(r.window).toEqual({ start: '2025-03-04T09:00:00.000Z', end: '2025-03-05T02:00:00.000Z', hours: 17 });
    const solver = feature(r, 'solver');
    // alice 9:10-10:10, bob 9:20-10:20, alice 23:50-0:20 (next day), dave's IN at 9:05 with no OUT: from 9:00
    expect(solver).toMatchObject({ peak: 2, peak_at: '2025-03-04T09:20:00.000Z', hours_at_peak: 0.83, hours: 2.58, checkouts: 3, distinct_users: 2, open_at_start: 1, open_at_end: 0 });
    expect(solver.denials).toEqual({ total: 1, by_reason: { 'Licensed number of users already reached. (-4)': 1 }, while_seats_free: null, retried: 0 });
    expect(solver.vendors).toEqual(['acme']);
    // (2 licenses) from 9:40 to 1:00 the next day
    expect(feature(r, 'mesher')).toMatchObject({ peak: 2, hours: 30.67, checkouts: 1 });
    // erin's checkout of the second vendor is still open at the end (2:00): 15.5 h
    expect(feature(r, 'viewer')).toMatchObject({ peak: 1, hours: 15.5, open_at_end: 1, vendors: ['beta'] });
    expect(feature(r, 'nosuch').denials.by_reason).toEqual({ 'No such feature exists. (-5)': 1 });
    expect(r.unread.count).toBe(1);
    expect(r.unread.first[0]).toMatchObject({ file: fx('flexnet-debug.log'), line: 22 });
    expect(r.notes.join(' ')).toMatch(/already open when the log began/);
  });

  it("a line from before midnight written just after the new day's TIMESTAMP belongs to the day before", async () => {
    const log = [
      '23:00:00 (lmgrd) TIMESTAMP 3/4/2025',
      '23:50:00 (acme) OUT: "solver" alice@ws12',
      ' 0:00:05 (lmgrd) TIMESTAMP 3/5/2025',
      '23:59:58 (acme) IN: "solver" alice@ws12',
      ' 0:10:00 (acme) OUT: "solver" bob@ws07',
      ' 0:40:00 (acme) IN: "solver" bob@ws07',
      '',
    ].join('\n');
    const r = await reportOf(['-'], { stdin: log });
    expect(feature(r, 'solver')).toMatchObject({ hours: 0.67, checkouts: 2, open_at_end: 0 });
    expect(r.window.end).toBe('2025-03-05T00:40:00.000Z');
  });

  it('reads the wall-clock times in the zone it is given', async () => {
    const r = await reportOf([fx('flexnet-debug.log')], { timeZone: 'Europe/Paris' });
    expect(r.window.start).toBe('2025-03-04T08:00:00.000Z');
  });
});

describe('RLM report log', () => {
  it('std format: PRODUCT gives the issued count, INUSE at the start opens a seat, retried denials apart', async () => {
    const r = await reportOf([fx('rlm-std.rl')]);
    const solver = feature(r, 'solver');
    // dave (INUSE at 9:00, in at 11:00) + alice + bob = 3 at 9:20
    expect(solver).toMatchObject({ issued: 3, issued_from: 'log', peak: 3, peak_at: '2025-03-04T09:20:00.000Z', checkouts: 4, distinct_users: 3, open_at_start: 1, open_at_end: 1 });
    // 2 + 1 + 1 + 0.5 + erin 0:40-2:00
    expect(solver.hours).toBe(5.83);
    expect(solver.denials).toEqual({ total: 1, by_reason: { 'RLM_EL_ALLINUSE (-22)': 1 }, while_seats_free: 0, retried: 1 });
    expect(solver.queued).toBe(1);
    expect(solver.utilisation_pct).toBe(11.4);
    expect(feature(r, 'mesher')).toMatchObject({ issued: 4, peak: 2, hours: 30.67 });
    expect(r.unread.first[0]).toMatchObject({ line: 25, why: expect.stringContaining('XYZZY') });
  });

  it('a SHUTDOWN ends the checkouts the server still held; a checkin after the restart finds none', async () => {
    const log = [
      'RLM Report Log Format 0, version 15.1, authenticated',
      'ISV: acme, RLM version 15.1 BL2',
      'START srv2 03/04/2025 09:00',
      'OUT solver 2.0 1 alice ws12 "" 1 1 0 b2 0 4a1 "" "solver" "2.0" 03/04 09:10:00',
      'OUT solver 2.0 1 bob ws07 "" 1 2 0 b3 0 4a2 "" "solver" "2.0" 03/04 09:20:00',
      'IN 1 solver 2.0 bob ws07 "" 1 1 0 b3 03/04 09:40:00',
      'SHUTDOWN admin srv2 03/04 10:10:00',
      'START srv2 03/04/2025 10:30',
      'OUT solver 2.0 1 carol ws03 "" 1 1 0 b2 0 4a3 "" "solver" "2.0" 03/04 10:40:00',
      'IN 1 solver 2.0 carol ws03 "" 1 0 0 b2 03/04 11:40:00',
      '',
    ].join('\n');
    const r = await reportOf(['-'], { stdin: log });
    // alice 9:10-10:10 (ended by the shutdown), bob 20 min, carol 1 h
    expect(feature(r, 'solver')).toMatchObject({ hours: 2.33, checkouts: 3, ended_by_server: 1, open_at_start: 0, open_at_end: 0, peak: 2 });
  });

  it('small format: times without dates roll over midnight, checkins found by handle', async () => {
    const r = await reportOf([fx('rlm-small.rl')]);
    expect(feature(r, 'solver')).toMatchObject({ issued: 2, peak: 2, hours: 2.5, checkouts: 3 });
    expect(r.notes.join(' ')).toMatch(/1 checkin named only a handle/);
  });
});

describe("licutil's report log", () => {
  it('reads checkouts, checkins, reclaims, removals and denials; a broken line is counted', async () => {
    const r = await reportOf([fx('licutil-report.ndjson')]);
    expect(feature(r, 'solver')).toMatchObject({ peak: 2, checkouts: 3, open_at_start: 1, hours: 2.58 });
    expect(feature(r, 'solver').denials.by_reason).toEqual({ LICUTIL_E_ALL_IN_USE: 1 });
    expect(feature(r, 'mesher')).toMatchObject({ peak: 2, hours: 30.67 });
    expect(r.unread).toMatchObject({ count: 1, first: [{ line: 12 }] });
  });

  it('a denials.ndjson beside it: a summary line of N denials counts N, per user and reason; a bad times is unread', async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'licutil-report-'));
    const at = (m: number) => `2025-03-04T09:${String(m).padStart(2, '0')}:00.000Z`;
    const base = { user: 'eve', host: 'h', product: 'solver', version: '1.0', handle: null, isv: 'acme', count: 1, code: 'LICUTIL_E_ALL_IN_USE', from: '10.0.0.9' };
    const lines = [
      { ...base, time: at(1), event: 'denial' },
      { ...base, time: at(2), event: 'denials', times: 41, since: at(1) },
      { ...base, time: at(3), event: 'denials', times: 7, code: 'LICUTIL_E_NO_SUCH_PRODUCT', since: at(2) },
      { ...base, time: at(4), event: 'denials', times: 0, since: at(3) },
    ];
    writeFileSync(path.join(tmp, 'denials.ndjson'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const alone = await reportOf([fx('licutil-report.ndjson')]);
    const r = await reportOf([fx('licutil-report.ndjson'), path.join(tmp, 'denials.ndjson')]);
    expect(feature(r, 'solver').denials.total).toBe(feature(alone, 'solver').denials.total + 49);
    expect(feature(r, 'solver').denials.by_reason).toEqual({ LICUTIL_E_ALL_IN_USE: 43, LICUTIL_E_NO_SUCH_PRODUCT: 7 });
    expect(r.users.find((u) => u.name === 'eve')?.denials).toBe(49);
    expect(feature(r, 'solver').checkouts).toBe(feature(alone, 'solver').checkouts);
    expect(r.unread.count).toBe(alone.unread.count + 1);
  });

  it('queue lines in denials.ndjson: one by one and summaries of N (queues, dequeues) count N queued; read alike in place and by JSON.parse', async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'licutil-report-'));
    const at = (m: number) => `2025-03-04T09:${String(m).padStart(2, '0')}:00.000Z`;
    const base = { host: 'h', product: 'solver', version: '1.0', handle: null, isv: 'acme', count: 1, from: '10.0.0.9' };
    const lines = [
      { ...base, user: 'eve', time: at(1), event: 'queue', ticket: 't1', position: 1 },
      { ...base, user: 'eve', time: at(1), event: 'dequeue', ticket: 't1', reason: 'timeout', code: 'LICUTIL_E_TIMED_OUT' },
      { ...base, user: 'eve', time: at(2), event: 'queues', times: 30, since: at(1) },
      { ...base, user: 'eve', time: at(2), event: 'dequeues', times: 30, reason: 'timeout', code: 'LICUTIL_E_TIMED_OUT', since: at(1) },
      // an escaped quote: the in-place scanner leaves the line to JSON.parse
      { ...base, user: 'e"ve', time: at(3), event: 'queues', times: 5, since: at(2) },
      { ...base, user: 'eve', time: at(4), event: 'queues', times: 1.5, since: at(3) },
    ];
    writeFileSync(path.join(tmp, 'denials.ndjson'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const alone = await reportOf([fx('licutil-report.ndjson')]);
    const r = await reportOf([fx('licutil-report.ndjson'), path.join(tmp, 'denials.ndjson')]);
    expect(feature(r, 'solver').queued).toBe(feature(alone, 'solver').queued + 36);
    expect(feature(r, 'solver').denials.total).toBe(feature(alone, 'solver').denials.total);
    expect(r.unread.count).toBe(alone.unread.count + 1);
  });
});

describe('inputs', () => {
  it('reads .gz and standard input alike, and merges rotated pieces in time order', async () => {
    const text = readFileSync(fx('licutil-report.ndjson'), 'utf8');
    const lines = text.trimEnd().split('\n');
    const tmp = mkdtempSync(path.join(tmpdir(), 'licutil-report-'));
    // the rotated piece holds the older half
    writeFileSync(path.join(tmp, 'report.ndjson.1.gz'), gzipSync(`${lines.slice(0, 8).join('\n')}\n`));
    writeFileSync(path.join(tmp, 'report.ndjson'), `${lines.slice(8).join('\n')}\n`);
    const whole = await reportOf([fx('licutil-report.ndjson')]);
    const split = await reportOf([path.join(tmp, 'report.ndjson'), path.join(tmp, 'report.ndjson.1.gz')]);
    expect(split.features).toEqual(whole.features);
    const stdin = await reportOf(['-'], { stdin: gzipSync(text) });
    expect(stdin.features).toEqual(whole.features);
  });

  it('--since/--until clip the figures; -f keeps one feature', async () => {
    const r = await reportOf([fx('flexnet-debug.log')], { since: Date.parse('2025-03-04T09:30:00Z'), until: Date.parse('2025-03-04T10:00:00Z'), features: ['solver'] });
    expect(r.features.map((f) => f.feature)).toEqual(['solver']);
    // alice and bob were both out the whole half hour
    expect(feature(r, 'solver')).toMatchObject({ peak: 2, peak_at: '2025-03-04T09:30:00.000Z', hours: 1, checkouts: 0, average: 2 });
    expect(feature(r, 'solver').denials.total).toBe(1);
  });
});
