// Random licutil status documents for the round-trip properties, and one fixed
// document with live checkouts, multi-seat checkouts and queued waiters.
import fc from 'fast-check';
import type { CheckoutInfo, PoolInfo, QueueInfo, StatusResponse, WaiterInfo } from '../../../src/protocol/messages.js';
import { MONTHS, fromWallTime, parseExpiryDate, wallTime } from '../../../src/legacy/common/time.js';

export const NOW = new Date('2026-06-15T12:00:00Z');
export const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'];

const word = fc.stringMatching(/^[a-z][a-z0-9._-]{0,7}$/);
const host = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
// Windows user names carry spaces; lmstat prints them unquoted.
const user = fc.oneof({ weight: 4, arbitrary: word }, { weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `${a} ${b}`) });
const version = fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 9 })).map(([a, b]) => `${a}.${b}`);
const handle = fc.stringMatching(/^[0-9a-f]{1,8}$/);
const minutesAgo = fc.integer({ min: 0, max: 300 * 24 * 60 });
const seconds = fc.integer({ min: 0, max: 59 });

function since(ago: number, sec: number): string {
  return new Date(NOW.getTime() - ago * 60_000 - sec * 1000).toISOString();
}

const checkout = fc.record({ user, host, count: fc.integer({ min: 1, max: 4 }), requested: fc.option(version, { nil: null }), handle, ago: minutesAgo, sec: seconds });
const waiter = fc.record({ user, host, count: fc.integer({ min: 1, max: 3 }), requested: fc.option(version, { nil: null }), ago: minutesAgo, named: fc.boolean() });

const poolArb = fc.record({
  isv: fc.constantFrom('acme', 'zeta', 'gridco'),
  version,
  count: fc.integer({ min: 1, max: 200 }),
  extra: fc.integer({ min: 0, max: 3 }),
  expiry: fc.option(fc.record({ y: fc.integer({ min: 2026, max: 2031 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 })})),
  checkouts: fc.array(checkout, { maxLength: 5 }),
  waiters: fc.array(waiter, { maxLength: 3 }),
});

export interface Generated {
  status: StatusResponse;
  timeZone: string;
}

export const statusArb: fc.Arbitrary<Generated> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    products: fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/), { maxLength: 5, selector: (p) => p.toLowerCase() }),
    pools: fc.array(poolArb, { minLength: 5, maxLength: 5 }),
    port: fc.integer({ min: 1024, max: 65535 }),
    serverHost: host,
  })
  .map(({ timeZone, products, pools, port, serverHost }) => {
    const poolInfos: PoolInfo[] = [];
    const queues: QueueInfo[] = [];
    products.forEach((product, i) => {
      const g = pools[i];
      if (!g) return;
      const checkouts: CheckoutInfo[] = g.checkouts.map((c) => ({
        handle: c.handle,
        user: c.user,
        host: c.host,
        pid: 4242,
        isv: g.isv,
        product,
        version: g.version,
        requested_version: c.requested,
        count: c.count,
        since: since(c.ago, c.sec),
        lease_expires: NOW.toISOString(),
        seat: `s-${c.handle}`,
      }));
      const inUse = checkouts.reduce((n, c) => n + c.count, 0) + g.extra;
      const expires = g.expiry ? (parseExpiryDate(`${g.expiry.d}-${MONTHS[g.expiry.m - 1]}-${g.expiry.y}`, timeZone) ?? null) : null;
      const waiters: WaiterInfo[] = g.waiters.map((w, k) => ({
        position: k + 1,
        isv: w.named ? g.isv : null,
        product,
        requested_version: w.requested,
        count: w.count,
        user: w.user,
        host: w.host,
        pid: 77,
        since: since(w.ago, 0),
        wait_until: NOW.toISOString(),
      }));
      poolInfos.push({
        id: `${g.isv}/${product}/${i}`,
        isv: g.isv,
        product,
        version: g.version,
        count: Math.max(g.count, inUse),
        in_use: inUse,
        queued: waiters.length,
        soft_limit: g.count,
        expires,
        share: null,
        hold: 0,
        min_checkout: 0,
        min_remove: 120,
        password_protected: false,
        retired: false,
        checkouts,
        held: [],
      });
      if (waiters.length > 0) queues.push({ product, waiters });
    });
    const status: StatusResponse = {
      server: {
        server: 'licutil',
        version: '0.1.0',
        protocol: 1,
        host: serverHost,
        port,
        started: new Date(NOW.getTime() - 400 * 86_400_000).toISOString(),
        uptime_seconds: 400 * 86_400,
        journal: 'ok',
        license_files: ['/etc/licutil/site.lic'],
      },
      pools: poolInfos,
      queues,
    };
    return { status, timeZone };
  });

/** Times a clock change makes ambiguous cannot come back from wall-clock text; the property skips them. */
export function wallClockExact(status: StatusResponse, timeZone: string): boolean {
  const times = [...status.pools.flatMap((p) => p.checkouts.map((c) => c.since)), ...status.queues.flatMap((q) => q.waiters.map((w) => w.since))];
  return times.every((iso) => {
    const minute = Math.floor(Date.parse(iso) / 60_000) * 60_000;
    const w = wallTime(new Date(minute), timeZone);
    return fromWallTime(w, timeZone).getTime() === minute;
  });
}

/** A licutil server with live checkouts, a multi-seat checkout, two pools of one product and a queue. */
export function sampleStatus(): StatusResponse {
  const co = (handle: string, user: string, hostName: string, count: number, sinceIso: string, version = '2.0', requested = '1.0'): CheckoutInfo => ({
    handle,
    user,
    host: hostName,
    pid: 100,
    isv: 'acme',
    product: 'cad',
    version,
    requested_version: requested,
    count,
    since: sinceIso,
    lease_expires: '2026-06-15T12:05:00.000Z',
    seat: `seat-${handle}`,
  });
  const pool = (id: string, version: string, count: number, checkouts: CheckoutInfo[], extra: Partial<PoolInfo> = {}): PoolInfo => ({
    id,
    isv: 'acme',
    product: 'cad',
    version,
    count,
    in_use: checkouts.reduce((n, c) => n + c.count, 0),
    queued: 0,
    soft_limit: count,
    expires: '2027-01-01T00:00:00.000Z',
    share: null,
    hold: 0,
    min_checkout: 0,
    min_remove: 120,
    password_protected: false,
    retired: false,
    checkouts,
    held: [],
    ...extra,
  });
  return {
    server: {
      server: 'licutil',
      version: '0.1.0',
      protocol: 1,
      host: 'lic1',
      port: 5053,
      started: '2026-06-01T08:00:00.000Z',
      uptime_seconds: 1_224_000,
      journal: 'ok',
      license_files: ['/etc/licutil/acme.lic'],
    },
    pools: [
      pool('acme/cad/2.0', '2.0', 4, [
        co('a1', 'alice', 'ws1', 1, '2026-06-15T09:30:00.000Z'),
        co('b7', 'bob', 'ws2', 3, '2026-06-14T17:05:00.000Z'),
      ], { queued: 1 }),
      pool('acme/cad/3.0', '3.0', 2, [co('c3', 'carol smith', 'lap7', 1, '2026-01-02T07:45:00.000Z', '3.0', '3.0')], {
        expires: null,
      }),
      {
        ...pool('gridco/solver/1.5', '1.5', 8, []),
        isv: 'gridco',
        product: 'solver',
        expires: '2026-12-01T00:00:00.000Z',
      },
    ],
    queues: [
      {
        product: 'cad',
        waiters: [
          {
            position: 1,
            isv: 'acme',
            product: 'cad',
            requested_version: '2.0',
            count: 2,
            user: 'dave',
            host: 'ws9',
            pid: 55,
            since: '2026-06-15T11:58:00.000Z',
            wait_until: '2026-06-15T12:08:00.000Z',
          },
        ],
      },
    ],
  };
}
