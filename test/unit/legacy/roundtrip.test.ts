// licutil status written as lmstat / rlmstat text and read back gives the same
// counts, in-use numbers, per-user rows and queues (issue 7: "Our --format
// lmstat and --format rlmstat outputs, fed back through --from, give the same
// JSON as --json, for a server with live checkouts, reservations-free pools,
// multi-seat checkouts and queued waiters").
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { statusDigest } from '../../../src/legacy/digest.js';
import { parseLmstat } from '../../../src/legacy/lmstat/parse.js';
import { renderLmstat } from '../../../src/legacy/lmstat/render.js';
import { parseRlmstat } from '../../../src/legacy/rlmstat/parse.js';
import { renderRlmstat } from '../../../src/legacy/rlmstat/render.js';
import { ROOT } from '../../helpers/cli.js';
import { corpusPath, describeCorpus } from '../../helpers/corpus.js';
import { NOW, sampleStatus, statusArb, wallClockExact } from './status-arbitrary.js';

describe('renderLmstat', () => {
  it('writes the lmutil lmstat -a layout', () => {
    const text = renderLmstat(sampleStatus(), { now: NOW, timeZone: 'UTC' });
    expect(text.split('\n')).toEqual([
      'lmutil - licutil status in the layout of lmstat -a',
      'Flexible License Manager status on Mon 6/15/2026 12:00',
      '',
      'License server status: 5053@lic1',
      '    License file(s) on lic1: /etc/licutil/acme.lic:',
      '',
      'lic1: license server UP (MASTER) v0.1.0',
      '',
      'Vendor daemon status (on lic1):',
      '',
      '  acme: UP v0.1.0',
      '  gridco: UP v0.1.0',
      '',
      'Feature usage info:',
      '',
      'Users of cad:  (Total of 4 licenses issued;  Total of 4 licenses in use)',
      '',
      '  "cad" v2.0, vendor: acme, expiry: 31-dec-2026',
      '  floating license',
      '',
      '    alice ws1 ws1 (v1.0) (lic1/5053 a1), start Mon 6/15 9:30',
      '    bob ws2 ws2 (v1.0) (lic1/5053 b7), start Sun 6/14 17:05, 3 licenses',
      '    dave ws9 ws9 2.0 (v2.0) (lic1/5053 1) queued for 2 licenses',
      '',
      'Users of cad:  (Total of 2 licenses issued;  Total of 1 license in use)',
      '',
      '  "cad" v3.0, vendor: acme, expiry: permanent(no expiration date)',
      '  floating license',
      '',
      '    carol smith lap7 lap7 (v3.0) (lic1/5053 c3), start Fri 1/2 7:45',
      '',
      'Users of solver:  (Total of 8 licenses issued;  Total of 0 licenses in use)',
      '',
      '  "solver" v1.5, vendor: gridco, expiry: 30-nov-2026',
      '  floating license',
      '',
    ]);
  });

  it('prints start times in the zone it is given', () => {
    const text = renderLmstat(sampleStatus(), { now: NOW, timeZone: 'America/New_York' });
    expect(text).toContain('Flexible License Manager status on Mon 6/15/2026 8:00');
    expect(text).toContain('(lic1/5053 a1), start Mon 6/15 5:30');
  });
});

describe('renderRlmstat', () => {
  const lines = renderRlmstat(sampleStatus(), { now: NOW, timeZone: 'UTC' }).split('\n');

  it('writes the rlm status block and the ISV servers table', () => {
    expect(lines.slice(0, 12)).toEqual([
      'rlmutil - licutil status in the layout of rlmstat -a',
      '',
      '\trlm status on lic1 (port 5053), up 14d 04:00:00',
      '\trlm software version v0.1.0',
      '\trlm comm version: v1.2',
      '\tStartup time: Mon Jun  1 08:00:00 2026',
      '\tTodays Statistics (12:00:00), init time: Mon Jun 15 00:00:00 2026',
      '',
      '\t--------- ISV servers ----------',
      '\t   Name           Port Running Restarts',
      '\tacme              5053   Yes      0',
      '\tgridco            5053   Yes      0',
    ]);
  });

  it('writes pool status and usage lines as rlmstat does', () => {
    expect(lines).toContain('\tacme license pool status on lic1 (port 5053)');
    expect(lines).toContain('\t\tcount: 4, # reservations: 0, inuse: 4, exp: 31-dec-2026');
    expect(lines).toContain('\t\tcount: 2, # reservations: 0, inuse: 1, exp: permanent');
    expect(lines).toContain('\tcad v2.0: bob@ws2 3/0 at 06/14 17:05  (handle: b7)');
    expect(lines).toContain('\tcad v3.0: carol smith@lap7 1/0 at 01/02 07:45  (handle: c3)');
    expect(lines).toContain('\tcad v2.0: dave@ws9 2 queued since 06/15 11:58  (position: 1)');
  });

  it("counts today from the zone's own midnight on a daylight-saving day", () => {
    // 8 March 2026, 23:59:59 in New York: clocks went forward at 02:00, so that day had 23 hours
    // and its midnight is 22:59:59 earlier; the reader takes the year of MM/DD from this date
    const now = new Date('2026-03-09T03:59:59Z');
    const status = sampleStatus();
    const checkout = status.pools.flatMap((p) => p.checkouts)[0];
    if (!checkout) throw new Error('the sample has no checkout');
    checkout.since = '2026-03-08T20:00:00.000Z'; // 16:00 that day
    const text = renderRlmstat(status, { now, timeZone: 'America/New_York' });
    expect(text).toContain('\tTodays Statistics (22:59:59), init time: Sun Mar  8 00:00:00 2026');
    const back = parseRlmstat(text, { timeZone: 'America/New_York' });
    const read = back.servers[0]?.pools.flatMap((p) => p.checkouts).find((c) => c.handle === checkout.handle);
    expect(read?.since).toBe('2026-03-08T20:00:00.000Z');
  });
});

describe('round trip of the sample server', () => {
  for (const timeZone of ['UTC', 'Europe/Paris', 'Asia/Kolkata']) {
    it(`lmstat, in ${timeZone}`, () => {
      const status = sampleStatus();
      const back = parseLmstat(renderLmstat(status, { now: NOW, timeZone }), { timeZone });
      expect(back.unparsed).toEqual([]);
      expect(back.servers.map((s) => statusDigest(s, { timeZone }))).toEqual([statusDigest(status, { timeZone })]);
    });

    it(`rlmstat, in ${timeZone}`, () => {
      const status = sampleStatus();
      const back = parseRlmstat(renderRlmstat(status, { now: NOW, timeZone }), { timeZone });
      expect(back.unparsed).toEqual([]);
      const opts = { timeZone, requestedVersions: false };
      expect(back.servers.map((s) => statusDigest(s, opts))).toEqual([statusDigest(status, opts)]);
    });
  }
});

describe('round trip of random servers (property)', () => {
  it('parseLmstat(renderLmstat(s)) keeps counts, in-use numbers, rows and queues', () => {
    fc.assert(
      fc.property(statusArb, fc.boolean(), ({ status, timeZone }, giveNow) => {
        fc.pre(wallClockExact(status, timeZone));
        const text = renderLmstat(status, giveNow ? { now: NOW, timeZone } : { timeZone });
        const back = parseLmstat(text, { timeZone });
        expect(back.unparsed).toEqual([]);
        expect(back.servers.map((s) => statusDigest(s, { timeZone }))).toEqual([statusDigest(status, { timeZone })]);
      }),
      { numRuns: 200 },
    );
  });

  it('parseRlmstat(renderRlmstat(s)) keeps counts, in-use numbers, rows and queues', () => {
    fc.assert(
      fc.property(statusArb, fc.boolean(), ({ status, timeZone }, giveNow) => {
        fc.pre(wallClockExact(status, timeZone));
        const text = renderRlmstat(status, giveNow ? { now: NOW, timeZone } : { timeZone });
        const back = parseRlmstat(text, { timeZone });
        expect(back.unparsed).toEqual([]);
        const opts = { timeZone, requestedVersions: false };
        expect(back.servers.map((s) => statusDigest(s, opts))).toEqual([statusDigest(status, opts)]);
      }),
      { numRuns: 200 },
    );
  });
});

/** Read, write and read again: the same status, and what only lmstat carries survives too. */
function lmstatRoundTrip(file: string): void {
  const first = parseLmstat(readFileSync(file, 'utf8'));
  expect(first.servers.length).toBeGreaterThan(0);
  const again = parseLmstat(renderLmstat(first.servers));
  expect(again.unparsed).toEqual([]);
  expect(again.servers.map((s) => statusDigest(s))).toEqual(first.servers.map((s) => statusDigest(s)));
  expect(again.servers.map((s) => s.pools.map((p) => [p.reservations, p.licenses, p.error, p.uncounted]))).toEqual(
    first.servers.map((s) => s.pools.map((p) => [p.reservations, p.licenses, p.error, p.uncounted])),
  );
  expect(again.servers.map((s) => s.server.nodes)).toEqual(first.servers.map((s) => s.server.nodes));
}

describeCorpus('round trip of the real lmstat samples', () => {
  const lmstat = ['lmstat_app1.txt', 'lmstat_app4.txt', 'lmstat_app6.txt', 'lmstat_server_down.txt', 'lmstat_i_app2.txt'];
  for (const file of lmstat) {
    it(`${file} read, written and read again`, () => {
      lmstatRoundTrip(corpusPath('lmstat', file));
    });
  }
});

describe('round trip of our own samples', () => {
  it('lmstat_a_triad.txt read, written and read again', () => {
    lmstatRoundTrip(path.join(ROOT, 'test/fixtures/lmstat/lmstat_a_triad.txt'));
  });

  for (const file of ['rlmstat_a_v9.txt', 'rlmstat_a_v15_crlf.txt']) {
    it(`${file} read, written and read again`, () => {
      const first = parseRlmstat(readFileSync(path.join(ROOT, 'test/fixtures/rlmstat', file), 'utf8'));
      const again = parseRlmstat(renderRlmstat(first.servers));
      expect(again.unparsed).toEqual([]);
      expect(again.servers.map((s) => statusDigest(s))).toEqual(first.servers.map((s) => statusDigest(s)));
    });
  }
});
