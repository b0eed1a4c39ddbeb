// The part of a status document lmstat and rlmstat text can carry: per pool the
// counts, the in-use number and the per-user rows; per product the queue. Two
// documents with equal digests tell a script the same thing, which is what the
// round trip `--format lmstat` → `--from lmstat` promises (lease times, pids and
// pool ids are not in the text and are left out here).
import type { StatusResponse } from '../protocol/messages.js';
import { formatExpiryDate } from './time.js';

export interface StatusDigest {
  pools: Array<{
    product: string;
    isv: string;
    version: string;
    count: number;
    in_use: number;
    /** the expiry day as the tools print it ("31-dec-2026", "permanent") */
    expires: string;
    checkouts: Array<{
      user: string;
      host: string;
      count: number;
      version: string;
      requested_version: string;
      handle: string;
      /** to the minute, UTC: the tools print no seconds */
      since: string;
    }>;
  }>;
  queues: Array<{ product: string; waiters: Array<{ user: string; host: string; count: number; requested_version: string }> }>;
}

export function statusDigest(status: StatusResponse, opts: { timeZone?: string } = {}): StatusDigest {
  const timeZone = opts.timeZone ?? 'UTC';
  return {
    pools: status.pools.map((p) => ({
      product: p.product,
      isv: p.isv,
      version: p.version,
      count: p.count,
      in_use: p.in_use,
      expires: formatExpiryDate(p.expires, timeZone),
      checkouts: p.checkouts.map((c) => ({
        user: c.user,
        host: c.host,
        count: c.count,
        version: c.version,
        requested_version: c.requested_version,
        handle: c.handle,
        since: c.since === '' ? '' : new Date(Math.floor(Date.parse(c.since) / 60_000) * 60_000).toISOString(),
      })),
    })),
    queues: status.queues
      .filter((q) => q.waiters.length > 0)
      .map((q) => ({
        product: q.product,
        waiters: q.waiters.map((w) => ({ user: w.user, host: w.host, count: w.count, requested_version: w.requested_version })),
      })),
  };
}
