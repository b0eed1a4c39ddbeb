// Issue 16, text read in: the shapes real lmstat and rlmutil output takes that
// licutil misread (an outage read as up, rlmutil without server headers,
// token-based pools, the year of a checkout, vendor text in a user row). The
// fixtures in test/fixtures/{lmstat,rlmstat}/ are written in the shapes of
// public samples (monitoring projects' test fixtures, vendor guides); the
// numbers below were counted from the files by hand.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLmstat } from '../../../src/legacy/lmstat/parse.js';
import { splitRow } from '../../../src/legacy/lmstat/rows.js';
import { parseRlmstat } from '../../../src/legacy/rlmstat/parse.js';
import type { ParsedServer } from '../../../src/legacy/common/types.js';
import { ROOT } from '../../helpers/cli.js';

const read = (dir: string, name: string) => readFileSync(path.join(ROOT, 'test/fixtures', dir, name), 'utf8');
const NOW = new Date('2026-06-15T12:00:00Z');

function only(servers: ParsedServer[]): ParsedServer {
  expect(servers).toHaveLength(1);
  const s = servers[0];
  if (!s) throw new Error('no server');
  return s;
}

describe('an outage reads as down, with the vendor error decoded', () => {
  it('lmstat "Error getting status: ... (-15,570:111 "Connection refused")"', () => {
    const r = parseLmstat(read('lmstat', 'lmstat_error_getting_status.txt'));
    expect(r.unparsed).toEqual([]);
    expect(only(r.servers).outage).toEqual({
      line: 4,
      dialect: 'flexlm',
      code: '-15,570:111',
      name: 'LM_CANTCONNECT',
      title: 'Cannot connect to license server system.',
      message: 'Cannot connect to license server system.',
      system_text: 'Connection refused',
      kind: 'refused',
    });
  });

  it('lmstat with every node of a triad down (timed out, DOWN): down, decoded from the first node error', () => {
    const r = parseLmstat(read('lmstat', 'lmstat_triad_all_down_crlf.txt'));
    expect(r.unparsed).toEqual([]);
    const s = only(r.servers);
    expect(s.server.nodes?.map((n) => n.status)).toEqual(['down', 'down', 'down']);
    expect(s.outage).toMatchObject({ dialect: 'flexlm', code: '-15,10:110', name: 'LM_CANTCONNECT', kind: 'timeout', line: 7 });
  });

  it('lmstat with one node of three down stays up (the triad still serves)', () => {
    const text = read('lmstat', 'lmstat_triad_all_down_crlf.txt').replace('lic-c.campus.example: license server DOWN', 'lic-c.campus.example: license server UP (MASTER) v11.16');
    expect(only(parseLmstat(text).servers).outage).toBeUndefined();
  });

  it('rlmutil "Error connecting to "rlm" server": down at the host it tried, RLM_EH_CONN_REFUSED', () => {
    const r = parseRlmstat(read('rlmstat', 'rlmstat_down.txt'));
    expect(r.unparsed).toEqual([]);
    const s = only(r.servers);
    expect(s.server).toMatchObject({ host: 'lic9.example.org', port: 5053 });
    expect(s.outage).toMatchObject({ dialect: 'rlm', code: '-111', name: 'RLM_EH_CONN_REFUSED', kind: 'refused', system_text: 'Connection refused', line: 5 });
  });

  it('rlmutil tried no host ("" on port 5053, "No error"): down at the license path it was given, RLM_EH_NOSERVER', () => {
    const text = ['Setting license file path to 5053@lm-b.example.org', 'rlmutil v12.2', '', 'Error connecting to "rlm" server', '', 'Connection attempted to host: "" on port 5053', '', 'No error', ''].join('\n');
    const s = only(parseRlmstat(text).servers);
    expect(s.server).toMatchObject({ host: 'lm-b.example.org', port: 5053 });
    expect(s.outage).toMatchObject({ code: '-112', name: 'RLM_EH_NOSERVER', kind: 'unavailable', system_text: 'No error' });
  });
});

describe('an ISV server that could not be reached while rlm answered', () => {
  it('is a daemon down on a server that is up', () => {
    const text = `${read('rlmstat', 'rlmstat_a_v9.txt')}\nError connecting to "gridsim" server\n\nConnection attempted to host: "lic1" on port 40212\n\nConnection refused\n`;
    const s = only(parseRlmstat(text).servers);
    expect(s.outage).toBeUndefined();
    expect(s.server.daemons?.find((d) => d.name === 'gridsim')).toMatchObject({ status: 'down', error: '-111', message: 'Connection refused at server.' });
  });
});

describe('rlmutil output without server headers', () => {
  it('reads every pool of `Setting license file path` + `rlmutil vX` + pool blocks, the server from the path', () => {
    const r = parseRlmstat(read('rlmstat', 'rlmstat_no_headers_v12.txt'), { now: NOW });
    expect(r.unparsed).toEqual([]);
    const s = only(r.servers);
    expect(s.server).toMatchObject({ host: 'rlm-cfd.example.net', port: 2764 });
    expect(s.pools.map((p) => [p.isv, p.product, p.count, p.in_use])).toEqual([
      // the pools before any header take the ISV of the usage lines that name them
      ['flowco', 'aero3d', 8, 3],
      ['', 'aero3d-mesh', 2000, 0],
      ['flowco', 'aero3d-post', 4, 1],
      ['thermx', 'thermx-solver', 2, 0],
    ]);
    expect(s.pools[0]?.checkouts.map((c) => c.user)).toEqual(['jlin', 'mpark', 'okoro']);
    expect(s.pools[2]?.checkouts.map((c) => c.handle)).toEqual(['a2']);
  });

  it('the rlmstat -i ISV form (no rlm block): the server is the one of the license path, not the input file', () => {
    const r = parseRlmstat(read('rlmstat', 'rlmstat_isv_only_v14.txt'), { now: NOW });
    expect(r.unparsed).toEqual([]);
    expect(only(r.servers).server).toMatchObject({ host: 'lm-render.example.com', port: 5053 });
  });
});

describe('token-based pools', () => {
  it('a pool followed by "Token-based license" says so, and never has a capacity of 0 or a free seat', () => {
    const s = only(parseRlmstat(read('rlmstat', 'rlmstat_isv_only_v14.txt'), { now: NOW }).servers);
    const [render, gpu, preview] = s.pools;
    expect(render).toMatchObject({ product: 'pixlab_render', count: 12, in_use: 2 });
    expect(render?.token_based).toBeUndefined();
    // count is the seats in use, a lower bound: the token license behind it is not in the text
    expect(gpu).toMatchObject({ product: 'pixlab_gpu', token_based: true, count: 4, in_use: 4 });
    expect(preview).toMatchObject({ product: 'pixlab_preview', token_based: true, in_use: 0 });
  });
});

describe('the year of a checkout time', () => {
  it('rlmstat: the report is printed at "Todays" init time + its duration, so a checkout after midnight stays in this year', () => {
    // init time Sun Jan 4 23:00:06 2026 + 13:48:32 = Mon Jan 5 12:48:38 2026
    const s = only(parseRlmstat(read('rlmstat', 'rlmstat_todays_yesterday.txt'), { timeZone: 'UTC' }).servers);
    expect(s.pools[0]?.checkouts.map((c) => c.since)).toEqual(['2026-01-05T09:01:00.000Z', '2026-01-05T10:38:00.000Z', '2025-12-31T09:01:00.000Z']);
    expect(s.server.source.generated_text).toBe('5-jan-2026');
  });

  it('lmstat without a date header: the weekday picks the year (Mon 3/11 and Fri 3/8 were in 2024)', () => {
    const s = only(parseLmstat(read('lmstat', 'lmstat_vendor_rows_no_date.txt'), { now: NOW, timeZone: 'UTC' }).servers);
    expect(s.pools[0]?.checkouts.map((c) => c.since)).toEqual(['2024-03-11T13:16:00.000Z', '2024-03-11T13:16:00.000Z', '2024-03-08T22:05:00.000Z']);
    expect(s.pools[1]?.checkouts.map((c) => c.since.slice(0, 10))).toEqual(['2024-03-08', '2024-03-08', '2024-03-11']);
  });

  it('lmstat with a date header keeps the header year (the weekday is not asked)', () => {
    const text = `Flexible License Manager status on Wed 7/3/2024 14:36\n${read('lmstat', 'lmstat_vendor_rows_no_date.txt')}`;
    const s = only(parseLmstat(text, { now: NOW, timeZone: 'UTC' }).servers);
    expect(s.pools[0]?.checkouts[0]?.since).toBe('2024-03-11T13:16:00.000Z');
  });

  it('29 February with no weekday lands in a leap year', () => {
    const text = ['rlmutil v12.2', '\tx license pool status on h (port 1)', '\tp v1.0', '\t\tcount: 2, # reservations: 0, inuse: 1, exp: permanent', '\tx license usage status on h (port 1)', '\tp v1.0: u@h 1/0 at 02/29 08:00  (handle: 1)'].join('\n');
    const s = only(parseRlmstat(text, { now: NOW, timeZone: 'UTC' }).servers);
    expect(s.pools[0]?.checkouts[0]?.since).toBe('2024-02-29T08:00:00.000Z');
  });
});

describe('vendor-defined text in a user row', () => {
  it('"feature=..." and "PRODUCT:feature" after the display are kept apart from the display', () => {
    const s = only(parseLmstat(read('lmstat', 'lmstat_vendor_rows_no_date.txt'), { now: NOW }).servers);
    const rows = s.pools.flatMap((p) => p.checkouts.map((c) => [c.user, c.host, c.display, c.vendor_data, c.count, c.handle]));
    expect(rows).toEqual([
      ['kqm41', 'node-117.hpc.example.org', '/dev/tty', 'feature=solver_core', 100, '10223'],
      ['kqm41', 'node-117.hpc.example.org', '/dev/tty', 'feature=solver_gpu', 1400, '626'],
      ['rtv7', 'node-042.hpc.example.org', '/dev/pts/3', 'feature=solver_core', 100, '10110'],
      ['PLOWE', 'WS0037', 'DESK045', 'MBDYN:Kinematics_View', 5, '2639'],
      ['PLOWE', 'WS0037', 'DESK045', 'MBDYN:Tyre_Plugin', 1, '8195'],
      ['PLOWE', 'WS0037', 'DESK100', 'MBDYN:Kinematics_View', 5, '11260'],
    ]);
  });

  it('an X display with a colon is a display, and names with spaces still split as before', () => {
    expect(splitRow(['John', 'Doe', 'ws1', 'ws1:0.0'])).toMatchObject({ display: 'ws1 ws1:0.0', vendor_data: '' });
    expect(splitRow(['u', 'h', ':1'])).toEqual({ user: 'u', host: 'h', display: ':1', vendor_data: '' });
    expect(splitRow(['John', 'Smith', 'SERVER1', 'SERVER1'])).toEqual({ user: 'John Smith', host: 'SERVER1', display: 'SERVER1', vendor_data: '' });
  });
});

describe('token-based pools written back', () => {
  it('--format rlmstat keeps the "Token-based license" line, so the pool reads back as one', async () => {
    const { renderRlmstat } = await import('../../../src/legacy/rlmstat/render.js');
    const s = only(parseRlmstat(read('rlmstat', 'rlmstat_isv_only_v14.txt'), { now: NOW }).servers);
    const text = renderRlmstat(s, { now: NOW, timeZone: 'UTC' });
    expect(text).toContain('\t\tToken-based license');
    const back = only(parseRlmstat(text, { now: NOW }).servers);
    expect(back.pools.map((p) => [p.product, p.token_based ?? false, p.count])).toEqual([
      ['pixlab_render', false, 12],
      ['pixlab_gpu', true, 4],
      ['pixlab_preview', true, 0],
    ]);
  });
});
