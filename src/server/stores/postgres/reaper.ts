// Housekeeping of the shared store, done once per tick by whichever server
// holds the reaper lock (pg_try_advisory_xact_lock: the others skip the
// tick), so however many servers run, each lapse is reclaimed once:
// - leases not renewed in time and held seats whose hold ended are handed to
//   the product's transaction (the pure manager reclaims and serves the queue);
// - waiters of servers that went silent (killed) leave the queue, whose
//   clients are gone with their server;
// - after an outage in which no server could reach the store, every lease
//   gets one lease period to be renewed (as a restarted single server gives
//   its restored leases), since nobody could renew one meanwhile.
// Every server also says it is alive at each tick (the servers table).
import type pg from 'pg';
import type { DebugLog } from '../../core/debug-log.js';
import { SERVER_DEAD_MS } from './membership.js';

export const TICK_MS = 500;
/** no reaper tick for this long: nobody could reach the store */
const OUTAGE_MS = 5_000;

/**
 * When no tick ran for OUTAGE_MS, extends every lease to at least one lease
 * period from now. Must run inside a transaction holding the reaper lock.
 */
export async function graceAfterOutage(c: pg.ClientBase, log: DebugLog): Promise<void> {
  const r = await c.query<{ gap: number | null }>(
    `SELECT (extract(epoch FROM clock_timestamp() - value::timestamptz) * 1000)::float8 AS gap FROM licutil_meta WHERE key = 'reaper_at'`,
  );
  const gap = r.rows[0]?.gap;
  if (gap !== undefined && gap !== null && Number(gap) > OUTAGE_MS) {
    const u = await c.query(
      `UPDATE licutil_leases SET expires_at = greatest(expires_at, clock_timestamp() + (record->>'leaseMs')::float8 * interval '1 millisecond')`,
    );
    if ((u.rowCount ?? 0) > 0) {
      log.info(`no server reached the shared store for ${Math.round(Number(gap) / 1000)} s: each of its ${u.rowCount} checkout(s) has one lease period to be renewed`);
    }
  }
  await c.query(
    `INSERT INTO licutil_meta (key, value) VALUES ('reaper_at', clock_timestamp()::text) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
  );
}

/** Takes the reaper lock and waits for it (start-up and recovery must not race a tick). */
export async function lockReaper(c: pg.ClientBase, wait: boolean): Promise<boolean> {
  if (wait) {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('licutil:reaper'))`);
    return true;
  }
  const r = await c.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtext('licutil:reaper')) AS ok`);
  return r.rows[0]?.ok === true;
}

/** One tick's work under the lock; returns the products whose deadlines are due. */
export async function reap(c: pg.ClientBase, log: DebugLog): Promise<string[]> {
  await graceAfterOutage(c, log);
  const purged = await c.query<{ product_key: string }>(
    `DELETE FROM licutil_waiters w WHERE outcome IS NULL AND NOT EXISTS (
       SELECT 1 FROM licutil_servers s WHERE s.id = w.server AND s.seen_at > clock_timestamp() - $1 * interval '1 millisecond')
     RETURNING product_key`,
    [SERVER_DEAD_MS],
  );
  if (purged.rows.length > 0) log.info(`${purged.rows.length} waiter(s) of servers that went silent left the queue`);
  // outcomes nobody took (their server died between the hand-over and the answer): the lease lapses by itself
  await c.query(`DELETE FROM licutil_waiters WHERE outcome IS NOT NULL AND until_at < clock_timestamp() - interval '1 minute'`);
  await c.query(`DELETE FROM licutil_tombstones WHERE until_at < clock_timestamp()`);
  await c.query(`DELETE FROM licutil_servers WHERE seen_at < clock_timestamp() - interval '1 hour'`);
  const due = await c.query<{ product_key: string }>(
    `SELECT product_key FROM licutil_leases WHERE expires_at <= clock_timestamp()
     UNION SELECT product_key FROM licutil_held WHERE until_at <= clock_timestamp()`,
  );
  return [...new Set([...purged.rows, ...due.rows].map((r) => r.product_key))];
}

export async function touchServer(c: pg.ClientBase, id: string, url: string): Promise<void> {
  await c.query(`UPDATE licutil_servers SET seen_at = clock_timestamp(), url = $2 WHERE id = $1`, [id, url]);
}
