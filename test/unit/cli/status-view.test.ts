// The status view of `stat`: filters, the JSON shape, and the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckoutInfo, PoolInfo, StatusResponse, WaiterInfo } from '../../../src/protocol/messages.js';
import { makeRenderer } from '../../../src/cli/output/renderer.js';
import {
  availableSeats,
  formatExpiry,
  formatUptime,
  renderStatus,
  statusJson,
  type ServerStatusRow,
} from '../../../src/cli/output/status-view.js';

function checkout(product: string, user: string, handle: string, extra: Partial<CheckoutInfo> = {}): CheckoutInfo {
  return {
    handle,
    user,
    host: `${user}-ws`,
    pid: 100,
    isv: 'demo',
    product,
    version: '1.0',
    requested_version: '1.0',
    count: 1,
    since: '2026-06-15T11:59:00.000Z',
    lease_expires: '2026-06-15T12:01:00.000Z',
    seat: handle,
    ...extra,
  };
}

function pool(product: string, count: number, checkouts: CheckoutInfo[], extra: Partial<PoolInfo> = {}): PoolInfo {
  return {
    id: `demo:${product}:1.0:0`,
    isv: 'demo',
    product,
    version: '1.0',
    count,
    in_use: checkouts.reduce((n, c) => n + c.count, 0),
    queued: 0,
    soft_limit: count,
    expires: null,
    share: null,
    hold: 0,
    min_checkout: 0,
    min_remove: 120,
    password_protected: false,
    retired: false,
    checkouts,
    held: [],
    ...extra,
  };
}

function waiter(product: string, user: string, position: number): WaiterInfo {
  return {
    position,
    isv: null,
    product,
    requested_version: '1.0',
    count: 1,
    user,
    host: 'wh',
    pid: 9,
    since: '2026-06-15T12:00:00.000Z',
    wait_until: '2026-06-15T12:05:00.000Z',
  };
}

function status(pools: PoolInfo[], queues: StatusResponse['queues'] = []): StatusResponse {
  return {
    server: {
      server: 'licutil',
      version: '0.1.0',
      protocol: 1,
      host: 'licsrv',
      port: 5053,
      started: '2026-06-15T10:00:00.000Z',
      uptime_seconds: 7260,
      journal: 'ok',
      license_files: ['/l/demo.lic'],
    },
    pools,
    queues,
  };
}

const up = (s: StatusResponse, address = '5053@licsrv'): ServerStatusRow => ({ spec: address, origin: '-c', address, status: s, failure: null });
const down: ServerStatusRow = {
  spec: '5053@a,5053@b',
  origin: 'RLM_LICENSE',
  address: '5053@b',
  status: null,
  failure: { kind: 'refused', code: 'LICUTIL_E_REFUSED', message: 'nothing listens on 5053@b (connection refused)', hint: 'start it' },
};

const site = status(
  [
    pool('seat', 3, [checkout('seat', 'alice', 'h1'), checkout('seat', 'bob', 'h2')]),
    pool('cad', 2, [checkout('cad', 'Alice', 'h3', { count: 2 })]),
    pool('free', 4, []),
  ],
  [{ product: 'cad', waiters: [waiter('cad', 'carol', 1), waiter('cad', 'alice', 2)] }],
);

describe('statusJson', () => {
  it('a server that answered is up with its pools (each with available), one that did not is down with why', () => {
    const j = statusJson([up(site), down]);
    expect(j).toMatchObject({ answered: 1, total: 2 });
    expect(j.servers[0]).toMatchObject({ status: 'up', error: null, address: '5053@licsrv' });
    expect(j.servers[0]?.pools.map((p) => [p.product, p.available])).toEqual([
      ['seat', 1],
      ['cad', 0],
      ['free', 4],
    ]);
    expect(j.servers[1]).toEqual({
      spec: '5053@a,5053@b',
      origin: 'RLM_LICENSE',
      address: '5053@b',
      status: 'down',
      error: down.failure,
      server: null,
      pools: [],
      queues: [],
    });
  });

  it('-f keeps the product (any case); -u keeps the user\'s checkouts and waits and the pools they touch; --avail keeps free seats', () => {
    expect(statusJson([up(site)], { feature: 'SEAT' }).servers[0]?.pools.map((p) => p.product)).toEqual(['seat']);
    const alice = statusJson([up(site)], { user: 'alice' }).servers[0];
    expect(alice?.pools.map((p) => [p.product, p.checkouts.map((c) => c.handle)])).toEqual([
      ['seat', ['h1']],
      ['cad', ['h3']],
    ]);
    expect(alice?.queues).toEqual([{ product: 'cad', waiters: [expect.objectContaining({ user: 'alice', position: 2 })] }]);
    // carol holds nothing but waits for cad: the cad pool stays, without checkouts
    const carol = statusJson([up(site)], { user: 'carol' }).servers[0];
    expect(carol?.pools.map((p) => [p.product, p.checkouts.length])).toEqual([['cad', 0]]);
    expect(statusJson([up(site)], { avail: true }).servers[0]?.pools.map((p) => p.product)).toEqual(['seat', 'free']);
  });

  it('property: -u never shows another user\'s checkout, and never loses one of that user', () => {
    const arb = fc.array(fc.record({ product: fc.constantFrom('a', 'b', 'c'), user: fc.constantFrom('u1', 'u2', 'U1', 'u3') }), { maxLength: 12 });
    fc.assert(
      fc.property(arb, fc.constantFrom('u1', 'u2', 'u3'), (cs, who) => {
        const checkouts = cs.map((c, i) => checkout(c.product, c.user, `h${i}`));
        const pools = ['a', 'b', 'c'].map((p) => pool(p, 20, checkouts.filter((c) => c.product === p)));
        const shown = (statusJson([up(status(pools))], { user: who }).servers[0]?.pools ?? []).flatMap((p) => p.checkouts.map((c) => c.handle));
        const expected = checkouts.filter((c) => c.user.toLowerCase() === who).map((c) => c.handle);
        expect(shown.sort()).toEqual(expected.sort());
      }),
    );
  });

  it('property: available is count − in_use, never negative, 0 for a retired pool', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(60), fc.boolean(), (count, used, retired) => {
        const p = { ...pool('x', count, []), in_use: used, retired };
        expect(availableSeats(p)).toBe(retired ? 0 : Math.max(0, count - used));
      }),
    );
  });
});

describe('formatting', () => {
  it('uptime in the two largest units', () => {
    expect(formatUptime(42)).toBe('42s');
    expect(formatUptime(125)).toBe('2m 5s');
    expect(formatUptime(7260)).toBe('2h 1m');
    expect(formatUptime(3 * 86_400 + 5 * 3600 + 7)).toBe('3d 5h');
  });

  it('an expiry at midnight UTC is shown as the last day it serves', () => {
    expect(formatExpiry(null)).toBe('permanent');
    expect(formatExpiry('2031-01-01T00:00:00.000Z')).toBe('2030-12-31');
    expect(formatExpiry('2030-06-01T13:30:00.000Z')).toBe('2030-06-01 13:30');
  });
});

describe('renderStatus', () => {
  const r = makeRenderer(false);

  it('the server rows (down with its reason and fix), then the pools; -a adds checkouts and waiters', () => {
    const view = statusJson([up(site), down]);
    const text = renderStatus(r, view, {}, { details: false, avail: false });
    expect(text).toMatch(/^\s*5053@licsrv\s+up\s+0\.1\.0\s+2h 1m\s+licutil on licsrv, from -c$/m);
    // an entry none of whose addresses answered is named as written
    expect(text).toMatch(/^\s*5053@a,5053@b\s+down\s+nothing listens on 5053@b \(connection refused\)$/m);
    expect(text).toMatch(/^\s+5053@a,5053@b: fix: start it$/m);
    expect(text).toMatch(/^\s*seat\s+1\.0\s+demo\s+3\s+2\s+1\s+0\s+3\s+permanent$/m);
    expect(text).not.toMatch(/Checkouts:/);
    const all = renderStatus(r, view, {}, { details: true, avail: false });
    expect(all).toMatch(/Checkouts:\n\s*PRODUCT\s+VERSION\s+USER\s+HOST\s+PID\s+COUNT\s+SINCE \(UTC\)\s+LEASE ENDS \(UTC\)\s+HANDLE\n\s*seat\s+1\.0\s+alice\s+alice-ws\s+100\s+1\s+2026-06-15 11:59:00\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+)?h1/);
    expect(all).toMatch(/Waiting:\n\s*POSITION.*\n\s*1\s+cad\s+1\.0\s+carol/);
  });

  it('a server started less than a second ago is up 0s; a status read from vendor text without an uptime shows none', () => {
    const fresh = status([pool('seat', 1, [])]);
    fresh.server.uptime_seconds = 0;
    expect(renderStatus(r, statusJson([up(fresh)]), {}, { details: false, avail: false })).toMatch(/^\s*5053@licsrv\s+up\s+0\.1\.0\s+0s\s+/m);
    const parsed = status([pool('seat', 1, [])]);
    parsed.server.uptime_seconds = 0;
    parsed.server.started = '';
    expect(renderStatus(r, statusJson([up(parsed)]), {}, { details: false, avail: false })).not.toMatch(/\s0s\s/);
  });

  it('a SERVER column only when several servers answered; --avail shows "N of M"', () => {
    const two = statusJson([up(site, '5053@one'), up(status([pool('other', 1, [])]), '5053@two')]);
    expect(renderStatus(r, two, {}, { details: false, avail: false })).toMatch(/^\s*other\s+.*\s+5053@two$/m);
    const avail = renderStatus(r, statusJson([up(site)], { avail: true }), { avail: true }, { details: false, avail: true });
    expect(avail).toMatch(/^\s*free\s+1\.0\s+demo\s+4 of 4\s+permanent$/m);
    expect(avail).not.toMatch(/^\s*cad\s/m);
  });

  it('nothing to show is said in words', () => {
    expect(renderStatus(r, statusJson([up(site)], { feature: 'none' }), { feature: 'none' }, { details: true, avail: false })).toMatch(/No license pools of none on this server\./);
    expect(renderStatus(r, statusJson([down]), {}, { details: false, avail: false })).not.toMatch(/PRODUCT/);
  });
});
