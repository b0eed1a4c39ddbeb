// Turning a client's checkout request into the manager's normalized form, and
// the small views of requests and leases that events carry.
import type { Lease, NormalizedRequest } from './runtime.js';
import type { CheckoutRequest, LeaseInfo, RequestInfo } from './types.js';

const MAX_COUNT = 1_000_000;

export interface RequestBounds {
  defaultLeaseMs: number;
  minLeaseMs: number;
  maxLeaseMs: number;
  maxWaitMs: number;
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

const MAX_4_DIGIT_YEAR_MS = 253_402_300_799_999;
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/**
 * ISO 8601 in UTC with milliseconds, as Date#toISOString writes it. Every
 * grant and heartbeat reports a time; formatting the seconds once per second
 * instead of once per call keeps that off the profile.
 */
export function iso(ms: number): string {
  const t = Math.floor(ms);
  if (!(t >= 0 && t <= MAX_4_DIGIT_YEAR_MS)) return new Date(ms).toISOString();
  const sec = Math.floor(t / 1000);
  if (sec !== cachedSecond) {
    cachedSecond = sec;
    cachedPrefix = new Date(sec * 1000).toISOString().slice(0, 19);
  }
  const frac = t - sec * 1000;
  return `${cachedPrefix}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
}

/** The normalized request, or a sentence saying what is wrong with it. */
export function normalizeRequest(req: CheckoutRequest, b: RequestBounds): NormalizedRequest | string {
  if (typeof req.product !== 'string' || req.product.trim() === '') return 'the request names no product';
  const count = req.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    return `count must be a whole number from 1 to ${MAX_COUNT}, not ${String(count)}`;
  }
  const version = typeof req.version === 'string' && req.version.trim() !== '' ? req.version.trim() : '0';
  const isv = typeof req.isv === 'string' && req.isv !== '' ? req.isv : null;
  const waitMs = clamp(Number.isFinite(req.waitMs) ? (req.waitMs as number) : 0, 0, b.maxWaitMs);
  const leaseMs = clamp(
    Number.isFinite(req.leaseMs) ? (req.leaseMs as number) : b.defaultLeaseMs,
    b.minLeaseMs,
    b.maxLeaseMs,
  );
  return {
    isv,
    isvKey: isv === null ? null : isv.toLowerCase(),
    product: req.product,
    productKey: req.product.toLowerCase(),
    version,
    count,
    user: req.user ?? '',
    host: req.host ?? '',
    pid: req.pid ?? 0,
    isvString: req.isvString ?? null,
    tag: req.tag ?? null,
    password: req.password ?? null,
    waitMs,
    leaseMs,
    peer: req.peer ?? null,
  };
}

export function infoOf(r: NormalizedRequest): RequestInfo {
  const i: RequestInfo = { isv: r.isv, product: r.product, version: r.version, count: r.count, user: r.user, host: r.host, pid: r.pid };
  if (r.peer !== null) i.peer = r.peer;
  return i;
}

/** For a request too malformed to normalize: whatever can be said about it. */
export function rawInfoOf(req: CheckoutRequest): RequestInfo {
  return {
    isv: req.isv ?? null,
    product: String(req.product),
    version: String(req.version ?? '0'),
    count: Number(req.count ?? 1),
    user: String(req.user ?? ''),
    host: String(req.host ?? ''),
    pid: Number(req.pid ?? 0),
    ...(typeof req.peer === 'string' ? { peer: req.peer } : {}),
  };
}

export function leaseInfo(l: Lease): LeaseInfo {
  const d = l.seat.pool.def;
  return {
    handle: l.handle,
    id: l.id,
    poolId: d.id,
    isv: d.isv,
    product: d.product,
    version: d.version,
    count: l.seat.count,
    user: l.user,
    host: l.host,
    pid: l.pid,
  };
}
