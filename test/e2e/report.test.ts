// `licutil report` run as users run it: the built binary (npm run build first)
// on the fixtures of test/fixtures/logs.
import { mkdtempSync, readFileSync } from 'node:fs';
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

  it('--json prints nothing but the document on stdout (no progress)', () => {
    const r = runCli(['report', fx('licutil-report.ndjson'), '--json']);
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
  });
});
