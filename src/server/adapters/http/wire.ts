// Conversions between the wire (snake_case JSON, seconds, ISO strings) and the
// pool manager's types (camelCase, milliseconds). Kept apart from the routes so
// the WebSocket API and the tests can reuse them.
import type * as W from '../../../protocol/messages.js';
import type { CheckoutRequest, Grant, PoolStatus, ShareSpec, StatusSnapshot, WaiterStatus } from '../../core/pool/types.js';

/** `peer`: the address the request came from, for the report log's denial limiter. */
export function checkoutFromWire(body: W.CheckoutRequest, peer?: string): CheckoutRequest {
  const req: CheckoutRequest = {
    product: body.product,
    version: body.version ?? '0',
    count: body.count ?? 1,
    user: body.user,
    host: body.host,
    pid: body.pid,
  };
  if (body.isv !== undefined) req.isv = body.isv;
  if (body.tag !== undefined) req.tag = body.tag;
  if (body.password !== undefined) req.password = body.password;
  if (body.isv_data !== undefined) req.isvString = body.isv_data;
  if (body.wait !== undefined && body.wait > 0) req.waitMs = Math.round(body.wait * 1000);
  if (body.lease !== undefined) req.leaseMs = body.lease * 1000;
  if (peer !== undefined) req.peer = peer;
  return req;
}

export function grantToWire(g: Grant, waitedMs: number): W.CheckoutResponse {
  const out: W.CheckoutResponse = {
    // the holder's secret: the server keeps only its hash (g.handle)
    handle: g.secret,
    id: g.id,
    isv: g.isv,
    product: g.product,
    version: g.version,
    count: g.count,
    lease_seconds: Math.round(g.leaseMs / 1000),
    lease_expires: g.leaseExpiresIso,
    over_soft_limit: g.warning !== null,
    shared: g.shared,
    waited_seconds: Math.round(waitedMs / 100) / 10,
    pool: g.poolId,
  };
  if (g.warning !== null) out.warning = g.warning;
  return out;
}

export function shareToText(s: ShareSpec | null): string | null {
  if (!s) return null;
  const letters = `${s.user ? 'u' : ''}${s.host ? 'h' : ''}${s.isv ? 'i' : ''}`;
  return s.max === null ? letters : `${letters}:${s.max}`;
}

export function expiresToWire(iso: string): string | null {
  return iso === 'permanent' ? null : iso;
}

function poolToWire(p: PoolStatus): W.PoolInfo {
  const out: W.PoolInfo = {
    id: p.id,
    isv: p.isv,
    product: p.product,
    version: p.version,
    count: p.count,
    in_use: p.inUse,
    queued: p.queued,
    soft_limit: p.softLimit,
    expires: expiresToWire(p.expiresIso),
    share: shareToText(p.share),
    hold: p.hold,
    min_checkout: p.minCheckout,
    min_remove: p.minRemove,
    password_protected: p.hasPassword,
    retired: p.retired,
    checkouts: p.checkouts.map((c) => {
      const co: W.CheckoutInfo = {
        // the public id: the lease's key would tell nothing, but it is no one's business either
        handle: String(c.id),
        id: c.id,
        user: c.user,
        host: c.host,
        pid: c.pid,
        isv: p.isv,
        product: p.product,
        version: c.version,
        requested_version: versionAsked(c.requestedVersion),
        count: c.count,
        since: c.sinceIso,
        lease_expires: c.leaseExpiresIso,
        seat: c.seat,
      };
      if (c.tag !== null) co.tag = c.tag;
      return co;
    }),
    held: p.held.map((h) => ({ count: h.count, until: h.untilIso })),
  };
  if (p.tag !== null) out.tag = p.tag;
  return out;
}

/**
 * The version a request asked for, null when it named none: the core keeps
 * "none" as the lowest version, 0, which status must not show as if asked.
 */
function versionAsked(v: string): string | null {
  return /^0+(\.0+)*$/.test(v) ? null : v;
}

function waiterToWire(w: WaiterStatus): W.WaiterInfo {
  const out: W.WaiterInfo = {
    id: w.id,
    position: w.position,
    isv: w.isv,
    product: w.product,
    requested_version: versionAsked(w.version),
    count: w.count,
    user: w.user,
    host: w.host,
    pid: w.pid,
    since: w.sinceIso,
    wait_until: w.untilIso,
  };
  if (w.tag !== null) out.tag = w.tag;
  return out;
}

export function statusToWire(snap: StatusSnapshot, server: W.ServerInfo): W.StatusResponse {
  return {
    server,
    pools: snap.pools.map(poolToWire),
    queues: snap.queues.map((q) => ({ product: q.product, waiters: q.waiters.map(waiterToWire) })),
  };
}
