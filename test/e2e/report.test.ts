// `licutil report` run as users run it: the built binary (npm run build first)
// on the fixtures of test/fixtures/logs.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, runJson } from '../helpers/cli.js';
import type { UsageReport } from '../../src/report/figures.js';

const fx = (name: string) => path.join(ROOT, 'test/fixtures/logs', name);

describe('licutil report (e2e)', () => {
  it('--json: the documented document, with schema and version', () => {
    const { code, json } = runJson<UsageReport>(['report', fx('rlm-std.rl'), '--tz', 'UTC']);
    expect(code).toBe(0);
    expect(json).toMatchObject({ schema: 'licutil.usage-report', schema_version: 1, time_zone: 'UTC' });
    const solver = json.features.find((f) => f.feature === 'solver');
    expect(solver).toMatchObject({ issued: 3, peak: 3, checkouts: 4, open_at_start: 1, open_at_end: 1 });
    expect(Object.keys(solver ?? {})).toContain('utilisation_pct');
  });

  it('reads several formats at once and tells which line it could not read, by file:line', () => {
    const r = runCli(['report', fx('flexnet-debug.log'), fx('licutil-report.ndjson'), '--tz', 'UTC']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/FEATURE\s+ISSUED\s+PEAK/);
    expect(r.stdout).toMatch(/solver/);
    expect(r.stderr).toContain(`${fx('flexnet-debug.log')}:22: not a FlexNet debug log line`);
    expect(r.stderr).toContain(`${fx('licutil-report.ndjson')}:12: not a JSON object`);
  });

  it('--csv --by user, and - reads gzip from standard input', () => {
    const r = runCli(['report', '-', '--by', 'user', '--csv', '--tz', 'UTC'], { input: gzipSync(readFileSync(fx('licutil-report.ndjson'))) as unknown as string });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('user,feature,hours,checkouts,denials');
    expect(lines).toContain('bob,mesher,30.67,1,0');
  });

  it('--by day: the time series', () => {
    const r = runCli(['report', fx('flexnet-debug.log'), '--by', 'day', '--tz', 'UTC', '-f', 'solver']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2025-03-04\s+solver\s+2/);
    expect(r.stdout).toMatch(/2025-03-05\s+solver\s+1/);
  });

  it('--html writes one page with inline SVG and nothing fetched from elsewhere', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'licutil-report-e2e-')), 'usage.html');
    const r = runCli(['report', fx('rlm-std.rl'), '--html', out, '--tz', 'UTC']);
    expect(r.code).toBe(0);
    const page = readFileSync(out, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(page).not.toContain('<script');
  });

  it('--format that fits no line of a file: its lines are counted as not read, by file:line, and the file is named with the way out', () => {
    const r = runJson<UsageReport>(['report', '--format', 'rlm', fx('flexnet-debug.log'), '--tz', 'UTC']);
    expect(r.code).toBe(0);
    expect(r.json.unread.count).toBe(29);
    expect(r.json.unread.first[0]).toMatchObject({ file: fx('flexnet-debug.log'), line: 1 });
    expect(r.stderr).toContain(`licutil: warning: ${fx('flexnet-debug.log')}:1: not an RLM report log record`);
    const named = `${fx('flexnet-debug.log')}: no line reads as an RLM report log (29 lines not read): drop --format rlm`;
    expect(r.stderr).toContain(`licutil: warning: ${named}`);
    expect(r.json.notes.some((n) => n.startsWith(named))).toBe(true);
    // a real RLM log: its free header text before START is no line left unread
    const rlm = runJson<UsageReport>(['report', '--format', 'rlm', fx('rlm-std.rl'), '--tz', 'UTC']);
    expect(rlm.json.unread.first.map((u) => u.line)).toEqual([25]); // its one unknown record
    expect(rlm.stderr).not.toContain('no line reads as');
  });

  it('a missing file, an unknown format and a bad date are clear errors with their exit codes', () => {
    const missing = runCli(['report', 'no-such.log']);
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain('no-such.log: cannot read the log (ENOENT)');
    const unknown = runCli(['report', path.join(ROOT, 'package.json')]);
    expect(unknown.code).toBe(65);
    expect(unknown.stderr).toMatch(/package\.json: not a licutil report log, a FlexNet debug log or an RLM report log/);
    expect(unknown.stderr).toContain('--format');
    const since = runCli(['report', fx('rlm-std.rl'), '--since', 'last tuesday']);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since "last tuesday": not a date');
    expect(runCli(['report']).code).toBe(2);
  });

  it("report.ndjson alone: says the server's denials.ndjson beside it was not read, and counts its denials and queue entries once it is given", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'licutil-report-state-'));
    const lines = readFileSync(fx('licutil-report.ndjson'), 'utf8').split('\n').filter((l) => l.startsWith('{') && !l.includes('"event":"denial"'));
    writeFileSync(path.join(dir, 'report.ndjson'), `${lines.join('\n')}\n`);
    writeFileSync(
      path.join(dir, 'denials.ndjson'),
      [
        '{"time":"2025-03-04T09:30:00.000Z","event":"denial","user":"eve","host":"ws99","product":"solver","version":"2.0","handle":null,"isv":"acme","count":1,"pid":7,"code":"LICUTIL_E_ALL_IN_USE"}',
        '{"time":"2025-03-04T09:31:00.000Z","event":"queue","user":"eve","host":"ws99","product":"solver","version":"2.0","handle":null,"isv":"acme","count":1,"pid":7,"ticket":"t1","position":1,"from":"10.0.0.9"}',
        // the server's summary of one client's queue entries and exits past its rate: 40 of each
        '{"time":"2025-03-04T09:32:00.000Z","event":"queues","user":"eve","host":"ws99","product":"solver","version":"2.0","handle":null,"isv":"acme","count":1,"times":40,"since":"2025-03-04T09:31:01.000Z","from":"10.0.0.9"}',
        '{"time":"2025-03-04T09:32:00.000Z","event":"dequeues","user":"eve","host":"ws99","product":"solver","version":"2.0","handle":null,"isv":"acme","count":1,"code":"LICUTIL_E_TIMED_OUT","reason":"timeout","times":40,"since":"2025-03-04T09:31:01.000Z","from":"10.0.0.9"}',
        '',
      ].join('\n'),
    );
    const alone = runCli(['report', path.join(dir, 'report.ndjson'), '--tz', 'UTC', '--json']);
    expect(alone.code).toBe(0);
    expect(alone.stderr).toContain(`${path.join(dir, 'denials.ndjson')}, which was not read: add it to count them`);
    const aloneJson = JSON.parse(alone.stdout) as UsageReport;
    expect(aloneJson.notes.some((n) => n.includes(`${path.join(dir, 'denials.ndjson')}, which was not read`))).toBe(true);
    const queuedAlone = aloneJson.features.find((f) => f.feature === 'solver')?.queued ?? 0;
    const both = runJson<UsageReport>(['report', path.join(dir, 'report.ndjson'), path.join(dir, 'denials.ndjson'), '--tz', 'UTC']);
    expect(both.stderr).not.toContain('was not read');
    expect(both.json.notes.join('\n')).not.toContain('was not read');
    expect(both.json.features.find((f) => f.feature === 'solver')?.denials.total).toBe(1);
    // the summary lines read as lines: nothing more is left unread than in report.ndjson alone
    expect(both.json.unread.count).toBe(aloneJson.unread.count);
    expect(both.json.features.find((f) => f.feature === 'solver')?.queued).toBe(queuedAlone + 41);
    // the help's example names both files
    expect(runCli(['report', '--help']).stdout).toContain('licutil report STATE/{report,denials}.ndjson*');
    // a log copied elsewhere, with no denials file beside it, is not a reason to talk
    const other = mkdtempSync(path.join(tmpdir(), 'licutil-report-copy-'));
    copyFileSync(path.join(dir, 'report.ndjson'), path.join(other, 'report.ndjson'));
    expect(runCli(['report', path.join(other, 'report.ndjson'), '--tz', 'UTC']).stderr).not.toContain('denials');
  });

  // the logs are read in a worker thread (src/report/in-worker.ts): its errors, and standard input piped to it
  it('read in its own thread: a damaged .gz is a clear error, and standard input left early (--until) ends the run', () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'licutil-report-'));
    const gz = gzipSync(readFileSync(fx('licutil-report.ndjson')));
    writeFileSync(path.join(tmp, 'cut.ndjson.gz'), gz.subarray(0, gz.length - 20));
    const cut = runCli(['report', path.join(tmp, 'cut.ndjson.gz')]);
    expect(cut.code).toBe(65);
    expect(cut.stderr).toMatch(new RegExp(`^licutil: ${path.join(tmp, 'cut.ndjson.gz').replace(/[.]/g, '[.]')}: the gzip data is damaged or cut short \\(Z_`));
    expect(cut.stderr).toContain(`gzip -t ${path.join(tmp, 'cut.ndjson.gz')}`);
    // among several inputs, the damaged one is named; from standard input, that is what is named
    writeFileSync(path.join(tmp, 'ok.ndjson'), readFileSync(fx('licutil-report.ndjson')));
    const two = runCli(['report', path.join(tmp, 'ok.ndjson'), path.join(tmp, 'cut.ndjson.gz')]);
    expect(two.code).toBe(65);
    expect(two.stderr).toContain(`licutil: ${path.join(tmp, 'cut.ndjson.gz')}: the gzip data is damaged`);
    const piped = runCli(['report', '-'], { input: gz.subarray(0, gz.length - 20) });
    expect(piped.code).toBe(65);
    expect(piped.stderr).toContain('licutil: standard input: the gzip data is damaged');
    const t0 = Date.UTC(2025, 2, 4, 9);
    const lines = Array.from(
      { length: 40_000 },
      (_, i) => `{"time":"${new Date(t0 + i * 1000).toISOString()}","event":"${i % 2 === 0 ? 'checkout' : 'checkin'}","user":"ann","host":"ws1","product":"solver","version":"1.0","handle":"h${i >> 1}","isv":"acme","count":1}`,
    );
    const r = runJson<UsageReport>(['report', '-', '--until', '2025-03-04T09:00:59Z', '--tz', 'UTC'], { input: `${lines.join('\n')}\n` });
    expect(r.code).toBe(0);
    expect(r.json.features[0]).toMatchObject({ feature: 'solver', checkouts: 30 });
    expect(r.json.inputs[0]?.lines).toBeLessThan(40_000);
  });

  it('--json prints nothing but the document on stdout (no progress)', () => {
    const r = runCli(['report', fx('licutil-report.ndjson'), '--json']);
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
  });
});
