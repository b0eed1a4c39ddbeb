// Which pool serves a checkout, or why none does. Seed 002: "LICENSE/FEATURE
// lines are processed in the order they appear in the license file ... if the
// 2.0 license appears first in the license file, and it is available, your
// application will receive a v2.0 license" — so the first pool in license order
// whose version is at least the one asked for and that has room wins.
//
// A refusal names the furthest check the request got through: no such product,
// then password (hidden as no such product), tag, expiry, version, room.
import type { ErrorCode } from '../../../protocol/errors.js';
import type { NormalizedRequest, PoolRt, Seat } from './runtime.js';
import { openSharedSeat, shareKeyOf } from './runtime.js';
import type { VersionCompare } from './types.js';

export type Selection =
  | { kind: 'place'; pool: PoolRt; seat: Seat | null; shareKey: string | null }
  | { kind: 'full'; pools: PoolRt[] }
  | { kind: 'deny'; code: ErrorCode; logCode: ErrorCode; message: string; hint: string };

/** Can `pool` serve this request at all (ignoring room and expiry)? Also decides which pools a waiter waits on. */
export function servesRequest(
  pool: PoolRt,
  want: { isvKey: string | null; version: string; tag: string | null; password: string | null },
  compare: VersionCompare,
): boolean {
  if (pool.retired) return false;
  if (want.isvKey !== null && pool.isvKey !== want.isvKey) return false;
  if (pool.def.password !== null && pool.def.password !== want.password) return false;
  if (pool.def.tag !== null && pool.def.tag !== want.tag) return false;
  return compare(pool.def.version, want.version) >= 0;
}

/**
 * Where this request fits in `pool` now: an open shared seat of its share key
 * (which takes no license from anyone, so waiters do not block it), else a new
 * seat when enough licenses are free and no earlier waiter is owed them.
 */
export function placeIn(
  pool: PoolRt,
  req: NormalizedRequest,
  nowWall: number,
  waitersFirst: boolean,
): { seat: Seat | null; shareKey: string | null } | null {
  if (pool.retired || nowWall >= pool.expiresWallMs) return null;
  const shareKey = shareKeyOf(pool.def, req.user, req.host, req.isvString, req.count);
  if (shareKey !== null) {
    const seat = openSharedSeat(pool, shareKey);
    if (seat) return { seat, shareKey };
  }
  if (waitersFirst && pool.queuedEligible > 0) return null;
  if (pool.inUse + req.count > pool.def.count) return null;
  return { seat: null, shareKey };
}

function describe(req: NormalizedRequest): string {
  return req.isv === null ? `"${req.product}"` : `"${req.product}" of ISV "${req.isv}"`;
}

export function selectPool(
  candidates: readonly PoolRt[],
  req: NormalizedRequest,
  nowWall: number,
  compare: VersionCompare,
): Selection {
  const noProduct = (logCode: ErrorCode): Selection => ({
    kind: 'deny',
    code: 'LICUTIL_E_NO_SUCH_PRODUCT',
    logCode,
    message: `this server has no license for ${describe(req)}`,
    hint: 'check the product name, or list what this server serves with `licutil stat`',
  });

  const ofIsv = req.isvKey === null ? candidates : candidates.filter((p) => p.isvKey === req.isvKey);
  if (ofIsv.length === 0) return noProduct('LICUTIL_E_NO_SUCH_PRODUCT');
  // seed 002: a request without the matching password gets the same answer as
  // for a product the server does not have, so passwords cannot be probed.
  const visible = ofIsv.filter((p) => p.def.password === null || p.def.password === req.password);
  if (visible.length === 0) return noProduct('LICUTIL_E_BAD_PASSWORD');

  const tagged = visible.filter((p) => p.def.tag === null || p.def.tag === req.tag);
  if (tagged.length === 0) {
    return {
      kind: 'deny',
      code: 'LICUTIL_E_WRONG_TAG',
      logCode: 'LICUTIL_E_WRONG_TAG',
      message: `every license for ${describe(req)} serves only requests with another tag (${
        req.tag === null ? 'this request has no tag' : `this request has tag "${req.tag}"`
      })`,
      hint: 'configure the tag the license administrator gave this setup',
    };
  }

  const live = tagged.filter((p) => nowWall < p.expiresWallMs);
  if (live.length === 0) {
    const last = tagged.reduce((m, p) => Math.max(m, p.expiresWallMs), Number.NEGATIVE_INFINITY);
    return {
      kind: 'deny',
      code: 'LICUTIL_E_EXPIRED',
      logCode: 'LICUTIL_E_EXPIRED',
      message: `every license for ${describe(req)} has expired (the last on ${new Date(last).toISOString()})`,
      hint: 'renew the license or ask your vendor for one that ends later',
    };
  }

  const fit = live.filter((p) => compare(p.def.version, req.version) >= 0);
  if (fit.length === 0) {
    let highest = (live[0] as PoolRt).def.version;
    for (const p of live) if (compare(p.def.version, highest) > 0) highest = p.def.version;
    return {
      kind: 'deny',
      code: 'LICUTIL_E_VERSION_TOO_HIGH',
      logCode: 'LICUTIL_E_VERSION_TOO_HIGH',
      message: `version ${req.version} of ${describe(req)} was asked for; the highest licensed version is ${highest}`,
      hint: `ask for version ${highest} or lower, or get a license for the newer version`,
    };
  }

  for (const pool of fit) {
    const at = placeIn(pool, req, nowWall, true);
    if (at) return { kind: 'place', pool, seat: at.seat, shareKey: at.shareKey };
  }

  const possible = fit.filter((p) => p.def.count >= req.count);
  if (possible.length === 0) {
    const largest = fit.reduce((m, p) => Math.max(m, p.def.count), 0);
    // never "all in use" (75): no wait can make more seats than the licenses have
    return {
      kind: 'deny',
      code: 'LICUTIL_E_COUNT_TOO_HIGH',
      logCode: 'LICUTIL_E_COUNT_TOO_HIGH',
      message: `${req.count} licenses of ${describe(req)} were asked for at once; the largest pool has ${largest}`,
      hint: `ask for ${largest} or fewer`,
    };
  }
  return { kind: 'full', pools: possible };
}

export function allInUse(req: NormalizedRequest, pools: readonly PoolRt[]): Selection & { kind: 'deny' } {
  const total = pools.reduce((n, p) => n + p.def.count, 0);
  const queued = pools.reduce((n, p) => Math.max(n, p.queuedEligible), 0);
  return {
    kind: 'deny',
    code: 'LICUTIL_E_ALL_IN_USE',
    logCode: 'LICUTIL_E_ALL_IN_USE',
    message: `all ${total} licenses of ${describe(req)}${/^0+(\.0+)*$/.test(req.version) ? '' : ` (version ${req.version} or later)`} are in use${
      queued > 0 ? `, ${queued} request(s) waiting` : ''
    }`,
    hint: 'try again later, or ask to wait for a seat (the queue is first-in first-out)',
  };
}
