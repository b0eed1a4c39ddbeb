import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dedupeGroups, endpoint, formatHandleRef, groupOfHostLines, parseEndpoint, parseHandleRef, serverGroupsOf } from '../../../src/client/address.js';
import type { LicenseSource, Resolution } from '../../../src/licenv/types.js';
import { LicutilError } from '../../../src/protocol/errors.js';

const src = (spec: string, servers: LicenseSource['servers'], extra: Partial<LicenseSource> = {}): LicenseSource => ({
  kind: 'server',
  origin: '-c',
  spec,
  servers,
  style: 'rlm',
  problems: [],
  ...extra,
});

const resolution = (sources: LicenseSource[]): Resolution => ({ sources, setAside: [], notes: [], searched: [] });

describe('endpoints', () => {
  it('spells the server as port@host and the origin as a URL (brackets for IPv6)', () => {
    expect(endpoint('licserver', 5053)).toEqual({ host: 'licserver', port: 5053, tls: false, spec: '5053@licserver', origin: 'http://licserver:5053' });
    expect(endpoint('::1', 5053, true).origin).toBe('https://[::1]:5053');
  });

  it('parses port@host and host:port; rejects anything else with a usage error', () => {
    expect(parseEndpoint('5053@a.example').spec).toBe('5053@a.example');
    expect(parseEndpoint('a.example:27000').spec).toBe('27000@a.example');
    expect(parseEndpoint('[::1]:5053').host).toBe('::1');
    for (const bad of ['', 'host', '@host', '70000@h', '0@h', 'a@b@c', '5053@']) {
      expect(() => parseEndpoint(bad)).toThrow(LicutilError);
    }
  });
});

describe('handle references (what checkout --detach prints)', () => {
  it('HANDLE@PORT@HOST names handle and server; a bare handle names no server', () => {
    expect(parseHandleRef('abc123@5053@licserver')).toEqual({ handle: 'abc123', endpoint: endpoint('licserver', 5053) });
    expect(parseHandleRef('abc123')).toEqual({ handle: 'abc123', endpoint: null });
  });

  it('rejects what is not a handle (the wire pattern [A-Za-z0-9_-]{1,64})', () => {
    for (const bad of ['', 'a b', 'x'.repeat(65), '@5053@h', 'abc@nonsense', 'a/b']) {
      expect(() => parseHandleRef(bad), bad).toThrow(/not a (checkout handle|server address)/);
    }
  });

  it('round trip: parse(format(handle, server)) gives them back', () => {
    const handle = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const host = fc.stringMatching(/^[a-z0-9]([a-z0-9.-]{0,30}[a-z0-9])?$/);
    fc.assert(
      fc.property(handle, host, fc.integer({ min: 1, max: 65535 }), (h, hostName, port) => {
        const ep = endpoint(hostName, port);
        expect(parseHandleRef(formatHandleRef(h, ep))).toEqual({ handle: h, endpoint: ep });
      }),
    );
  });
});

describe('server groups of a resolution', () => {
  it('keeps source order; a redundant list is one group tried in order; @host expands to its default ports', () => {
    const r = resolution([
      src('5053@a,5053@b', [
        { host: 'a', port: 5053, defaultPorts: [] },
        { host: 'b', port: 5053, defaultPorts: [] },
      ]),
      src('@c', [{ host: 'c', port: null, defaultPorts: [27000, 27001] }], { origin: 'LM_LICENSE_FILE', style: 'flexlm' }),
    ]);
    const groups = serverGroupsOf(r, null);
    expect(groups.map((g) => g.endpoints.map((e) => e.spec))).toEqual([['5053@a', '5053@b'], ['27000@c', '27001@c']]);
    expect(groups[1]?.origin).toBe('LM_LICENSE_FILE');
  });

  it('skips server sources with problems, and file sources unless HOST lines are read', () => {
    const r = resolution([
      src('99999@x', [{ host: 'x', port: 99999, defaultPorts: [] }], { problems: ['port 99999 of 99999@x is not between 1 and 65535'] }),
      { kind: 'file', origin: '-c', spec: 'a.lic', files: ['/a.lic'], style: 'rlm', problems: [] },
    ]);
    expect(serverGroupsOf(r, null)).toEqual([]);
    const withHosts = serverGroupsOf(r, (s) => [groupOfHostLines(s.spec, [{ hostname: 'lic', port: 5053 }], [5053])!]);
    expect(withHosts.map((g) => g.spec)).toEqual(['5053@lic']);
    expect(withHosts[0]?.origin).toBe('HOST line of a.lic');
  });

  it('asks the same server once when two sources name it', () => {
    const a = { spec: '5053@h', origin: '-c', endpoints: [endpoint('h', 5053)] };
    const b = { spec: '5053@H,5054@h', origin: 'RLM_LICENSE', endpoints: [endpoint('H', 5053), endpoint('h', 5054)] };
    expect(dedupeGroups([a, b]).map((g) => g.endpoints.map((e) => e.spec))).toEqual([['5053@h'], ['5054@h']]);
  });

  it('HOST lines without a port use the dialect default ports; no HOST line means no group', () => {
    expect(groupOfHostLines('f.lic', [{ hostname: 'h', port: null }], [27000, 27001])?.endpoints.map((e) => e.port)).toEqual([27000, 27001]);
    expect(groupOfHostLines('f.lic', [], [5053])).toBeNull();
  });
});
