// rlmstat samples written from Reprise's documented layout (test/fixtures/rlmstat/),
// read into status documents. Expected numbers counted by hand from the files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRlmstat } from '../../../src/legacy/rlmstat/parse.js';
import type { ParsedServer } from '../../../src/legacy/common/types.js';
import { ROOT } from '../../helpers/cli.js';

function read(name: string): string {
  return readFileSync(path.join(ROOT, 'test/fixtures/rlmstat', name), 'utf8');
}

function only(servers: ParsedServer[]): ParsedServer {
  expect(servers).toHaveLength(1);
  const s = servers[0];
  if (!s) throw new Error('no server');
  return s;
}

describe('rlmstat_a_v9.txt (two ISV servers, v9 layout)', () => {
  const r = parseRlmstat(read('rlmstat_a_v9.txt'));
  const s = only(r.servers);

  it('reads the rlm status block and the ISV servers table', () => {
    expect(r.unparsed).toEqual([]);
    expect(r.tool).toEqual({ name: 'rlmstat', version: 'v9.1' });
    expect(s.server).toMatchObject({
      host: 'lic1',
      port: 5053,
      version: '9.1',
      started: '2011-07-02T09:17:35.000Z',
      uptime_seconds: 2 * 86_400 + 4 * 3_600 + 10 * 60 + 7,
      source: { format: 'rlmstat', tool_version: 'rlmstat v9.1' },
    });
    expect(s.server.daemons).toEqual([
      { name: 'acmecad', status: 'up', port: 40211, restarts: 0, host: 'lic1', version: '9.1' },
      { name: 'gridsim', status: 'up', port: 40212, restarts: 1, host: 'lic1', version: '9.0' },
    ]);
  });

  it('reads pool status: count, reservations, inuse, expiry, min_remove', () => {
    expect(s.pools.map((p) => [p.isv, p.product, p.version, p.count, p.reserved, p.in_use, p.expires, p.min_remove, p.total_checkouts])).toEqual([
      ['acmecad', 'draft', '4.2', 10, 2, 6, '2012-01-01T00:00:00.000Z', 120, 188],
      ['acmecad', 'render', '4.0', 3, 0, 0, null, 120, 17],
      ['acmecad', 'viewer', '1.0', 50, 0, 1, null, -1, 7],
      ['gridsim', 'solver', '2.1', 16, 0, 8, '2012-03-16T00:00:00.000Z', 120, 3],
    ]);
  });

  it('reads usage lines into the pool they name: user with a space, multi-seat, reserved seats', () => {
    const draft = s.pools[0];
    expect(draft?.checkouts.map((c) => [c.user, c.host, c.count, c.reserved, c.handle, c.since])).toEqual([
      ['ann', 'ws-ann', 1, 0, '41', '2011-07-04T08:12:00.000Z'],
      ['bob smith', 'ws-bob', 2, 0, '4c', '2011-07-03T17:55:00.000Z'],
      ['carol', 'build7', 3, 1, '5e', '2011-07-04T10:05:00.000Z'],
    ]);
    // seats on the usage lines add up to inuse: 1 + 2 + 3 = 6
    expect(draft?.checkouts.reduce((n, c) => n + c.count, 0)).toBe(draft?.in_use);
  });

  it('places a date after the statistics day in the year before', () => {
    expect(s.pools[3]?.checkouts[0]).toMatchObject({ user: 'hpc-batch', count: 8, since: '2010-12-30T23:02:00.000Z', since_text: '12/30 23:02' });
  });
});

describe('rlmstat_a_v15_crlf.txt (v15 layout, tabs, ", pool: N", CRLF)', () => {
  const r = parseRlmstat(read('rlmstat_a_v15_crlf.txt'), { timeZone: 'Asia/Tokyo' });
  const s = only(r.servers);

  it('reads every line', () => {
    expect(r.unparsed).toEqual([]);
    expect(s.pools.map((p) => [p.id, p.product, p.version, p.count, p.in_use, p.obsolete])).toEqual([
      ['vizco:1', 'studio', '2025.01', 4, 4, 0],
      ['vizco:2', 'studio_render', '2025.01', 20, 3, 0],
      ['vizco:3', 'studio', '2025.01', 2, 1, 0],
      ['vizco:4', 'studio', '2024.07', 6, 0, 2],
    ]);
  });

  it('fills two pools of the same product and version in order of their inuse', () => {
    expect(s.pools[0]?.checkouts.map((c) => c.handle)).toEqual(['3a1', '3b7', '2ff', '2c0']);
    expect(s.pools[2]?.checkouts.map((c) => c.handle)).toEqual(['3c2']);
    expect(s.pools[1]?.checkouts[0]).toMatchObject({ user: 'farm', host: 'render-01', count: 3 });
  });

  it('reads times in the zone it is told (Tokyo is UTC+9)', () => {
    expect(s.pools[0]?.checkouts[0]?.since).toBe('2025-01-25T23:58:00.000Z');
    expect(s.server.started).toBe('2025-01-13T22:59:19.000Z');
  });
});

describe('rlmstat_down.txt and damaged text', () => {
  it('keeps the connection error, where it went and the system words', () => {
    const r = parseRlmstat(read('rlmstat_down.txt'));
    // the server it names is down (test/unit/legacy/fidelity-read.test.ts)
    expect(r.servers.map((s) => [s.server.host, s.outage?.name])).toEqual([['lic9.example.org', 'RLM_EH_CONN_REFUSED']]);
    expect(r.unparsed).toEqual([]);
    expect(r.errors).toEqual([
      {
        line: 5,
        code: '',
        message: 'Error connecting to "rlm" server (host "lic9.example.org", port 5053)',
        subject: 'rlm',
        system_text: 'Connection refused',
      },
    ]);
  });

  it('reports lines it does not understand, and reads the rest', () => {
    const text = read('rlmstat_a_v9.txt').replace('    render v4.0\n', '    render v4.0\n    ??? something new ???\n');
    const r = parseRlmstat(text);
    expect(r.unparsed).toEqual([{ line: 48, text: '    ??? something new ???' }]);
    expect(only(r.servers).pools).toHaveLength(4);
  });

  it('reads pool status without the rlm block (rlmstat -l), under a server with no name', () => {
    const text = ['\tpowercase v1.0', '\t\tcount: 5, # reservations: 0, inuse: 3, exp: 31-dec-2023', '\t\tobsolete: 0, min_remove: 120, total checkouts: 19'].join('\n');
    const r = parseRlmstat(`\tx license pool status on h (port 1)\n${text}\n`);
    expect(r.unparsed).toEqual([]);
    expect(only(r.servers).pools[0]).toMatchObject({ isv: 'x', product: 'powercase', count: 5, in_use: 3 });
  });
});
