// The part of a status document lmstat and rlmstat text can carry: per pool the
// counts, the in-use number and the per-user rows; per product the queue. Two
// documents with equal digests tell a script the same thing, which is what the
// round trip `--format lmstat` → `--from lmstat` promises (lease times, pids and
// pool ids are not in the text and are left out here).
import type { StatusResponse } from '../protocol/messages.js';
import { handleColumn } from './common/render-common.js';
import { formatExpiryDate } from './common/time.js';

interface StatusDigest {
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
      requested_version: string | null;
      handle: string;
      /** to the minute, UTC: the tools print no seconds */
      since: string;
    }>;
  }>;
  queues: Array<{ product: string; waiters: Array<{ user: string; host: string; count: number; requested_version: string | null }> }>;
}

interface DigestOptions {
  /** zone to print expiry days in (default "UTC") */
  timeZone?: string;
  /**
   * Keep the version each checkout asked for (default true). rlmstat prints only
   * the license's version on a usage line, so an rlmstat round trip leaves it out.
   */
  requestedVersions?: boolean;
}

export function statusDigest(status: StatusResponse, opts: DigestOptions = {}): StatusDigest {
  const timeZone = opts.timeZone ?? 'UTC';
  const requested = opts.requestedVersions ?? true;
  // rlmstat groups pools by ISV, so only the order within an ISV is kept (a stable sort).
  const poolVersion = (product: string) => status.pools.find((p) => p.product === product)?.version ?? null;
  const pools = [...status.pools].sort((a, b) => (a.isv < b.isv ? -1 : a.isv > b.isv ? 1 : 0));
  return {
    pools: pools.map((p) => ({
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
        // the text shows the version got when none was asked
        requested_version: requested ? (c.requested_version ?? c.version) : '',
        handle: handleColumn(c),
        since: c.since === '' ? '' : new Date(Math.floor(Date.parse(c.since) / 60_000) * 60_000).toISOString(),
      })),
    })),
    // The text groups waiters under their feature (or ISV), so the order of products is not kept.
    queues: [...status.queues]
      .filter((q) => q.waiters.length > 0)
      .sort((a, b) => (a.product < b.product ? -1 : a.product > b.product ? 1 : 0))
      .map((q) => ({
        product: q.product,
        // the text shows the version of the licenses waited for when none was asked
        waiters: q.waiters.map((w) => ({ user: w.user, host: w.host, count: w.count, requested_version: w.requested_version ?? poolVersion(q.product) })),
      })),
  };
}
