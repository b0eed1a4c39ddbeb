// Every real lmstat sample of ../shared/fixtures/lmstat/ read into status
// documents (skipped when the corpus is absent; roundtrip.test.ts has our own). The expected numbers were counted by hand from the files (and
// checked with grep/awk over "Users of", "Total of", ", start " and
// "RESERVATION" lines), not taken from the parser's output.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLmstat } from '../../../src/legacy/lmstat/parse.js';
import type { LegacyParseResult, ParsedServer } from '../../../src/legacy/common/types.js';
import { corpusPath, describeCorpus } from '../../helpers/corpus.js';

function read(name: string): string {
  return readFileSync(corpusPath('lmstat', name), 'utf8');
}

interface Totals {
  pools: number;
  issued: number;
  inUse: number;
  rows: number;
  seats: number;
  reserved: number;
  queued: number;
  uncounted: number;
}

function totals(s: ParsedServer): Totals {
  const sum = (f: (p: ParsedServer['pools'][number]) => number) => s.pools.reduce((n, p) => n + f(p), 0);
  return {
    pools: s.pools.length,
    issued: sum((p) => p.count),
    inUse: sum((p) => p.in_use),
    rows: sum((p) => p.checkouts.length),
    seats: sum((p) => p.checkouts.reduce((n, c) => n + c.count, 0)),
    reserved: sum((p) => p.reserved ?? 0),
    queued: s.queues.reduce((n, q) => n + q.waiters.length, 0),
    uncounted: s.pools.filter((p) => p.uncounted).length,
  };
}

function only(r: LegacyParseResult): ParsedServer {
  expect(r.servers).toHaveLength(1);
  const s = r.servers[0];
  if (!s) throw new Error('no server');
  return s;
}

function pool(s: ParsedServer, id: string) {
  const p = s.pools.find((x) => x.id === id);
  if (!p) throw new Error(`no pool ${id}`);
  return p;
}

// Hand counts per file: "Users of" sections, sum of "Total of N licenses issued",
// sum of "Total of M licenses in use", user lines with ", start", seats on them
// (", N licenses" or 1), seats in RESERVATION lines, "queued for" lines, "(Uncounted".
const HAND_COUNTS: Record<string, Totals> = {
  'lmstat_app1.txt': { pools: 54, issued: 67312, inUse: 6559, rows: 127, seats: 2294, reserved: 4309, queued: 2, uncounted: 0 },
  'lmstat_app2.txt': { pools: 10, issued: 1297, inUse: 38, rows: 38, seats: 38, reserved: 0, queued: 0, uncounted: 0 },
  'lmstat_app3.txt': { pools: 46, issued: 1254, inUse: 206, rows: 168, seats: 206, reserved: 0, queued: 0, uncounted: 0 },
  // the two "(Error: 1 licenses, unsupported by licensed server)" features issue nothing
  'lmstat_app4.txt': { pools: 60, issued: 110, inUse: 4, rows: 5, seats: 5, reserved: 0, queued: 0, uncounted: 1 },
  'lmstat_app5.txt': { pools: 122, issued: 1560001, inUse: 116, rows: 85, seats: 85, reserved: 0, queued: 0, uncounted: 4 },
  'lmstat_app6.txt': { pools: 53, issued: 1303, inUse: 112, rows: 106, seats: 106, reserved: 6, queued: 0, uncounted: 1 },
  'lmstat_server_down.txt': { pools: 2, issued: 288, inUse: 39, rows: 0, seats: 0, reserved: 0, queued: 0, uncounted: 0 },
  'lmstat_server_up_win.txt': { pools: 0, issued: 0, inUse: 0, rows: 0, seats: 0, reserved: 0, queued: 0, uncounted: 0 },
  'lmstat_i_app1.txt': { pools: 17, issued: 1015, inUse: 0, rows: 0, seats: 0, reserved: 0, queued: 0, uncounted: 0 },
  'lmstat_i_app2.txt': { pools: 9, issued: 11, inUse: 0, rows: 0, seats: 0, reserved: 0, queued: 0, uncounted: 0 },
};

describeCorpus('the real lmstat samples', () => {
  describe('every real lmstat sample parses to its hand count', () => {
    for (const [file, expected] of Object.entries(HAND_COUNTS)) {
      it(`${file}: pools, issued, in use, user rows, seats, reservations, queue`, () => {
        const r = parseLmstat(read(file));
        expect(r.unparsed).toEqual([]);
        expect(totals(only(r))).toEqual(expected);
      });
    }

    it('the banner-only samples (old and new lmutil) give no server and nothing unparsed', () => {
      const old = parseLmstat(read('lmstat_old.txt'));
      expect(old).toMatchObject({ servers: [], unparsed: [], tool: { name: 'lmutil' } });
      const fresh = parseLmstat(read('lmstat_new.txt'));
      expect(fresh).toMatchObject({ servers: [], unparsed: [], tool: { version: 'lmstat v11.14.0.1 build 188735 x64_lsb' } });
    });
  });

  describe('lmstat_app1.txt (triad, reservations, odd users, linger, queue)', () => {
    const s = only(parseLmstat(read('lmstat_app1.txt')));

    it('reads the triad, the master and the vendor daemon', () => {
      expect(s.server).toMatchObject({ host: 'host2.domain.net', port: 27002, version: '11.7', license_files: ['/usr/local/flexlm/licenses/license.dat.app1'] });
      expect(s.server.nodes?.map((n) => [n.host, n.status, n.master ?? false])).toEqual([
        ['host-1.domain.net', 'up', false],
        ['host2.domain.net', 'up', true],
        ['host3.domain.net', 'up', false],
      ]);
      expect(s.server.daemons).toEqual([{ name: 'VENDOR1', status: 'up', host: 'host2.domain.net', version: '11.6' }]);
      expect(s.server.source).toEqual({ format: 'lmstat', generated_text: 'Fri 10/20/2017 17:02' });
    });

    it('counts RESERVATION lines as reservations, even between user lines', () => {
      const f1 = pool(s, 'feature1');
      expect([f1.count, f1.in_use, f1.checkouts.length]).toEqual([1814, 1206, 55]);
      // 1 + 10 + 48 + 8 + 8 + 7 + 8 + 10 + 8 + 8 + 16
      expect(f1.reservations).toHaveLength(11);
      expect(f1.reserved).toBe(132);
      expect(f1.reservations?.[0]).toEqual({ count: 1, type: 'HOST', name: 'HOSTPC11', served_by: 'host3.domain.net/27002' });
      expect(f1.checkouts[0]).toMatchObject({ user: 'USER9', host: 'SERVER45823008', display: 'SERVER45823008', count: 5 });
    });

    it('splits user names with spaces from hosts and garbage displays', () => {
      const rows = pool(s, 'feature100').checkouts.map((c) => [c.user, c.host, c.display, c.requested_version, c.handle]);
      expect(rows).toEqual([
        ['user13', 'server0356', '/dev/tty', '61.4', '5621'],
        ['Administrator', 'ServerS1', '|)8<fZ)=Y[<7L$lY-p\\<6nn^Y', '61.4', '3201'],
        ['John Doe', 'John_D', '"U,K$`Ct`0\'"C iQwgGsne<&!', '61.4', '4611'],
        ['Jane Doe Jr.', 'jane', 'icc&f3rU7|<7R/oW/r`?Fj_K5', '10.1', '3404'],
      ]);
    });

    it('puts each start in the year of the "status on" line, in the given zone', () => {
      const [first, second] = pool(s, 'feature100').checkouts;
      expect(first?.since).toBe('2017-10-20T10:53:00.000Z');
      expect(first?.since_text).toBe('Fri 10/20 10:53');
      expect(second?.since).toBe('2017-06-11T11:01:00.000Z');
      const paris = only(parseLmstat(read('lmstat_app1.txt'), { timeZone: 'Europe/Paris' }));
      expect(pool(paris, 'feature100').checkouts[0]?.since).toBe('2017-10-20T08:53:00.000Z');
    });

    it('keeps linger and multi-seat suffixes', () => {
      const rows = pool(s, 'feature31').checkouts.filter((c) => c.linger);
      expect(rows.map((c) => [c.user, c.count, c.linger])).toEqual([
        ['cmfy211', 1, { seconds: 885098, text: '885098 / 1340160' }],
        ['cmfy212', 16, { seconds: 885098, text: '885098 / 1340160' }],
      ]);
    });

    it('reads queued lines into the product queue, dropping the repeated version', () => {
      expect(s.queues).toHaveLength(1);
      expect(s.queues[0]?.product).toBe('feature5');
      expect(s.queues[0]?.waiters.map((w) => [w.position, w.user, w.host, w.display, w.requested_version, w.count, w.handle])).toEqual([
        [1, 'user3', 'server6u065', 'fj209fj0', '2017.06', 1, '15480'],
        [2, 'user3', 'server6u065', 'f2jf4_f2_', '2017.06', 1, '15480'],
      ]);
      expect(pool(s, 'feature5').queued).toBe(2);
    });

    it('keeps a user line without a display, and a repeated feature as a second pool', () => {
      const noDisplay = pool(s, 'feature34').checkouts.find((c) => c.user === 'user11');
      expect(noDisplay).toMatchObject({ host: 'server19', requested_version: '61.3', count: 13 });
      expect(noDisplay?.display).toBeUndefined();
      expect(s.pools.filter((p) => p.product === 'feature42').map((p) => p.id)).toEqual(['feature42', 'feature42#2']);
    });
  });

  describe('the other -a samples', () => {
    it('lmstat_server_down.txt: a node down keeps its FlexNet code, the others stay up', () => {
      const r = parseLmstat(read('lmstat_server_down.txt'));
      const s = only(r);
      expect(s.server.nodes?.[2]).toEqual({
        host: 'host3',
        port: 28000,
        status: 'down',
        error: '-15,570:115',
        message: 'Cannot connect to license server system.',
      });
      expect(r.errors).toEqual([
        { line: 9, code: '-15,570:115', message: 'Cannot connect to license server system.', system_text: 'Operation now in progress', subject: 'host3' },
      ]);
      expect(pool(s, 'feature2').licenses?.[0]).toEqual({
        version: '31.0',
        isv: 'feature2',
        expiry_text: '1-jan-0',
        expires: null,
        license_type: 'floating license',
      });
    });

    it('lmstat_server_up_win.txt: Windows path, the same host listed twice', () => {
      const s = only(parseLmstat(read('lmstat_server_up_win.txt')));
      expect(s.server).toMatchObject({ host: 'BVS15004', port: 7788, version: '11.12', license_files: ['licensing\\license.dat'] });
      expect(s.server.nodes?.map((n) => n.host)).toEqual(['BVS15004', 'bvs15004']);
      expect(s.server.daemons?.[0]).toMatchObject({ name: 'ptc_d', version: '11.14.0' });
    });

    it('lmstat_app3.txt: two vendor daemons; a 39-seat checkout', () => {
      const s = only(parseLmstat(read('lmstat_app3.txt')));
      expect(s.server.daemons?.map((d) => d.name)).toEqual(['daemon1', 'DAEMON2']);
      expect(pool(s, 'feature7').checkouts).toHaveLength(163);
      expect(pool(s, 'feature9').checkouts[0]).toMatchObject({ user: 'user48', count: 39, isv: 'vendor1', version: '2017.12' });
      // no header and two daemons: lmstat does not say which vendor serves an unused feature
      expect(pool(s, 'feature1').isv).toBe('');
    });

    it('lmstat_app4.txt: uncounted, unsupported features, permanent expiry, vendor_string, a "port@host" spec', () => {
      const r = parseLmstat(read('lmstat_app4.txt'));
      const s = only(r);
      expect(s.server.port).toBe(0);
      expect(s.server.nodes?.[0]?.port).toBeNull();
      expect(s.server.license_files).toEqual(['C:\\_Licensesoftware\\Comsol\\COMSOL63\\Multiphysics\\license\\license.dat']);
      const serial = pool(s, 'SERIAL');
      expect(serial).toMatchObject({ uncounted: true, count: 0, vendor_string: 'REDACTED', expires: null, isv: 'LMCOMSOL' });
      expect(serial.license_type).toBe('uncounted nodelocked license locked to NOTHING (hostid=ANY)');
      expect(serial.checkouts[0]).toMatchObject({ user: 'matlab', host: 'CLN-5CG3471WVY', display: '/dev/pts/0', served_by: 'licensevm.domain.example/port' });
      expect(pool(s, 'ACDC').licenses?.[0]?.expiry_text).toBe('permanent(no expiration date)');
      expect(pool(s, 'SUBSURFACEFLOW')).toMatchObject({ count: 0, error: 'Error: 1 licenses, unsupported by licensed server' });
      expect(r.errors.map((e) => e.subject)).toEqual(['SUBSURFACEFLOW', 'SUBSURFACEFLOWBATCH']);
    });

    it('lmstat_app5.txt: MATLAB "PID:" suffixes, a trailing space, dates before the status day', () => {
      const s = only(parseLmstat(read('lmstat_app5.txt')));
      const matlab = pool(s, 'MATLAB');
      expect([matlab.count, matlab.in_use, matlab.checkouts.length]).toEqual([10000, 61, 37]);
      expect(matlab.checkouts[0]).toMatchObject({ user: 'user1', pid: 2924522, requested_version: '50', since: '2025-02-10T00:10:00.000Z' });
      expect(matlab.checkouts[2]?.pid).toBe(10088);
      expect(matlab).toMatchObject({ vendor_string: 'vendor string', expires: '2025-12-31T00:00:00.000Z', license_type: 'floating license' });
    });

    it('lmstat_app6.txt: several license headers in one section; checkouts take the version of theirs', () => {
      const s = only(parseLmstat(read('lmstat_app6.txt')));
      const m = pool(s, 'MATLAB');
      expect([m.count, m.in_use, m.checkouts.length]).toEqual([420, 60, 59]);
      expect(m.licenses?.map((l) => [l.version, l.expiry_text, l.expires, l.license_type])).toEqual([
        ['12', '01-jan-0000', null, 'nodelocked license, locked to "ID=XXXXXX"'],
        ['53', '01-jan-2099', '2099-01-02T00:00:00.000Z', 'nodelocked license, locked to "ID=XXXXXX"'],
        ['52', '01-jan-2099', '2099-01-02T00:00:00.000Z', 'floating license'],
      ]);
      expect(m.reservations).toEqual([{ count: 1, type: 'GROUP', name: 'DED', served_by: 'SERVER1/1713', version: '12' }]);
      expect(m.checkouts.filter((c) => c.version === '53')).toHaveLength(49);
      expect(m.checkouts.filter((c) => c.version === '52').map((c) => c.user)).toEqual(
        Array.from({ length: 10 }, (_, i) => `USER${50 + i}`),
      );
    });
  });

  describe('lmstat -i', () => {
    it('lmstat_i_app1.txt: Expires before Vendor; year-0 dates are permanent', () => {
      const s = only(parseLmstat(read('lmstat_i_app1.txt')));
      expect(s.server.source.format).toBe('lmstat-i');
      expect(s.pools[0]).toMatchObject({ product: 'feature1', version: '2018.12', count: 2, isv: 'vendor1', expires: '2019-01-01T00:00:00.000Z' });
      expect(s.pools.filter((p) => p.product === 'feature12').map((p) => [p.id, p.count])).toEqual([
        ['feature12', 50],
        ['feature12#2', 2],
      ]);
      expect(s.pools.slice(-2).map((p) => [p.product, p.expires])).toEqual([
        ['feature15', null],
        ['feature16', null],
      ]);
    });

    it('lmstat_i_app2.txt: Vendor before Expires; "permanent(no expiration date)" holds spaces', () => {
      const s = only(parseLmstat(read('lmstat_i_app2.txt')));
      const nine = s.pools.find((p) => p.product === 'feature_name_9');
      expect(nine).toMatchObject({ isv: 'vendor', count: 2, version: '15.0', expires: null });
      expect(nine?.licenses?.[0]?.expiry_text).toBe('permanent(no expiration date)');
      expect(s.pools[0]).toMatchObject({ product: 'FEATURE_NAME_2_38_05', isv: 'VENDOR', version: '1.1' });
    });
  });

  describe('robustness', () => {
    it('Windows line endings read the same as Unix ones', () => {
      for (const file of ['lmstat_app1.txt', 'lmstat_server_down.txt', 'lmstat_i_app2.txt']) {
        const unix = read(file);
        expect(parseLmstat(unix.replace(/\n/g, '\r\n'))).toEqual(parseLmstat(unix));
      }
    });

    it('reports lines it does not understand with their line numbers, and still reads the rest', () => {
      const lines = read('lmstat_app2.txt').split('\n');
      lines.splice(20, 0, 'this line is not lmstat');
      lines.splice(2, 0, '%%% garbage %%%');
      const r = parseLmstat(lines.join('\n'));
      expect(r.unparsed).toEqual([
        { line: 3, text: '%%% garbage %%%' },
        { line: 22, text: 'this line is not lmstat' },
      ]);
      expect(totals(only(r))).toEqual(HAND_COUNTS['lmstat_app2.txt']);
    });

    it('reads the server-down messages of lmgrd and a down vendor daemon', () => {
      const text = [
        'License server status: 27000@lic7',
        '    License file(s) on lic7: /opt/lic/a.lic:',
        '',
        'lmgrd is not running: License server machine is down or not responding. (-96,7:11001 "WinSock: Host not found (HOST_NOT_FOUND)")',
        '',
        'Vendor daemon status (on lic7):',
        '',
        '    adskflex: The desired vendor daemon is down. (-97,121)',
      ].join('\n');
      const r = parseLmstat(text);
      const s = only(r);
      expect(r.unparsed).toEqual([]);
      expect(s.server.nodes).toEqual([
        { host: 'lic7', port: 27000, status: 'down', error: '-96,7:11001', message: 'License server machine is down or not responding.' },
      ]);
      expect(s.server.daemons).toEqual([
        { name: 'adskflex', status: 'down', host: 'lic7', error: '-97,121', message: 'The desired vendor daemon is down.' },
      ]);
      expect(r.errors.map((e) => [e.code, e.system_text])).toEqual([
        ['-96,7:11001', 'WinSock: Host not found (HOST_NOT_FOUND)'],
        ['-97,121', undefined],
      ]);
    });

    it('without a "status on" line or a reference date the start time stays text only', () => {
      const text = 'Users of f:  (Total of 2 licenses issued;  Total of 1 license in use)\n  "f" v1.0, vendor: v\n  floating license\n    u h d (v1.0) (s/1 2), start Mon 3/2 9:05\n';
      const bare = only(parseLmstat(text)).pools[0]?.checkouts[0];
      expect(bare).toMatchObject({ since: '', since_text: 'Mon 3/2 9:05' });
      // with no date header the weekday picks the year: 2 March was a Monday in 2020, a Sunday in 2025
      const dated = only(parseLmstat(text, { now: new Date('2026-01-10T00:00:00Z') })).pools[0]?.checkouts[0];
      expect(dated?.since).toBe('2020-03-02T09:05:00.000Z');
      const sunday = only(parseLmstat(text.replace('Mon 3/2', 'Sun 3/2'), { now: new Date('2026-01-10T00:00:00Z') })).pools[0]?.checkouts[0];
      expect(sunday?.since).toBe('2025-03-02T09:05:00.000Z');
    });
  });
});
