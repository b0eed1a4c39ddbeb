// One product's rows in and out of the shared store. Every function takes a
// client already inside the caller's transaction; lockProduct must come first.
//
// Locking: a transaction-scoped advisory lock per product serializes every
// transaction that can change who holds a seat of that product (see
// docs/decisions.md, "shared store: one lock per product"). The lease rows are
// also read FOR UPDATE, because heartbeats renew a lease without taking the
// product lock: a renewal and a reclaim of the same lease then wait for each
// other instead of both succeeding.
import type pg from 'pg';
import type { CheckoutRequest, Grant } from '../../core/pool/types.js';
import type { GrantRecord } from '../../core/pool/records.js';
import { PROVISIONAL_ID, type EndedLease, type HeldRow, type LeaseRow, type Plan, type ProductState, type WaiterRow } from './plan.js';

export const NOTIFY_CHANNEL = 'licutil_changes';

/** What a transaction tells the other servers (pg_notify payload, JSON). */
export interface ChangeNotice {
  /** the server that committed */
  s: string;
  /** the product whose state changed */
  p: string;
  /** waits that ended, and the server each waiter is connected to */
  w?: Array<[id: string, server: string]>;
}

/** Takes the product's lock; returns the database's clock in wall ms. */
export async function lockProduct(c: pg.ClientBase, productKey: string): Promise<number> {
  const r = await c.query<{ now: number }>(
    `WITH l AS MATERIALIZED (SELECT pg_advisory_xact_lock(hashtextextended('licutil:product:' || $1, 0)) AS x)
     SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now FROM l`,
    [productKey],
  );
  return Number(r.rows[0]?.now);
}

interface StateRow {
  leases: Array<{ record: GrantRecord; exp: number }> | null;
  held: Array<{ seat: string; pool: string; count: number; until_ms: number; hold_ms: number }> | null;
  waiters: Array<{ id: string; server: string; request: CheckoutRequest; since_ms: number; until_ms: number }> | null;
}

function stateOf(r: StateRow | undefined): ProductState {
  return {
    leases: (r?.leases ?? []).map((l): LeaseRow => ({ record: l.record, expiresMs: Number(l.exp) })),
    held: (r?.held ?? []).map((h): HeldRow => ({ seat: h.seat, pool: h.pool, count: h.count, untilMs: Number(h.until_ms), holdMs: h.hold_ms })),
    waiters: (r?.waiters ?? []).map((w): WaiterRow => ({ id: String(w.id), server: w.server, request: w.request, sinceMs: Number(w.since_ms), untilMs: Number(w.until_ms) })),
  };
}

const HELD_AND_WAITERS = `
  (SELECT json_agg(json_build_object('seat', seat, 'pool', pool, 'count', count,
      'until_ms', extract(epoch FROM until_at) * 1000, 'hold_ms', hold_ms))
     FROM licutil_held h WHERE h.product_key = p.key) AS held,
  (SELECT json_agg(json_build_object('id', id::text, 'server', server, 'request', request,
      'since_ms', extract(epoch FROM since_at) * 1000, 'until_ms', extract(epoch FROM until_at) * 1000) ORDER BY id)
     FROM licutil_waiters w WHERE w.product_key = p.key AND w.outcome IS NULL) AS waiters`;

/** The product's state, its leases locked (inside a transaction holding the product lock); one round trip. */
export async function loadLocked(c: pg.ClientBase, productKey: string): Promise<ProductState> {
  const r = await c.query<StateRow>(
    `WITH l AS (SELECT handle, record, expires_at FROM licutil_leases WHERE product_key = $1 FOR UPDATE)
     SELECT (SELECT json_agg(json_build_object('record', record, 'exp', extract(epoch FROM expires_at) * 1000) ORDER BY record->>'since', handle) FROM l) AS leases,
       ${HELD_AND_WAITERS}
     FROM (SELECT $1::text AS key) p`,
    [productKey],
  );
  return stateOf(r.rows[0]);
}

/** Every product's state, read without locks (for status); products with nothing live are left out. */
export async function loadAll(c: pg.ClientBase): Promise<{ nowMs: number; products: Map<string, ProductState> }> {
  const r = await c.query<StateRow & { key: string; now: number }>(
    `SELECT p.key, (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now,
       (SELECT json_agg(json_build_object('record', record, 'exp', extract(epoch FROM expires_at) * 1000) ORDER BY record->>'since', handle)
          FROM licutil_leases l WHERE l.product_key = p.key) AS leases,
       ${HELD_AND_WAITERS}
     FROM (SELECT product_key AS key FROM licutil_leases UNION SELECT product_key FROM licutil_held
           UNION SELECT product_key FROM licutil_waiters WHERE outcome IS NULL
           UNION SELECT NULL) p`,
  );
  const products = new Map<string, ProductState>();
  let nowMs = Date.now();
  for (const row of r.rows) {
    nowMs = Number(row.now);
    if (row.key !== null) products.set(row.key, stateOf(row));
  }
  return { nowMs, products };
}

/** One product's state, read without locks (for status, after another server changed it). */
export async function loadOne(c: pg.ClientBase, productKey: string): Promise<{ nowMs: number; state: ProductState }> {
  const r = await c.query<StateRow & { now: number }>(
    `SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now,
       (SELECT json_agg(json_build_object('record', record, 'exp', extract(epoch FROM expires_at) * 1000) ORDER BY record->>'since', handle)
          FROM licutil_leases l WHERE l.product_key = p.key) AS leases,
       ${HELD_AND_WAITERS}
     FROM (SELECT $1::text AS key) p`,
    [productKey],
  );
  return { nowMs: Number(r.rows[0]?.now ?? Date.now()), state: stateOf(r.rows[0]) };
}

/** The product of a lease named by handle or public id (as `remove` accepts), or null when none. */
export async function productOfLease(c: pg.ClientBase, ref: string): Promise<string | null> {
  const r = /^\d{1,15}$/.test(ref)
    ? await c.query<{ product_key: string }>(`SELECT product_key FROM licutil_leases WHERE record->>'id' = $1`, [ref])
    : await c.query<{ product_key: string }>(`SELECT product_key FROM licutil_leases WHERE handle = $1`, [ref]);
  return r.rows[0]?.product_key ?? null;
}

export interface WriteContext {
  productKey: string;
  server: string;
  nowMs: number;
  /** how long a removed or reclaimed handle is remembered for its holder */
  tombstoneMs: number;
  /** the waiters as loaded, to tell each outcome's server */
  waiters: readonly WaiterRow[];
}

/** Writes what planBatch() decided; returns the new waiters' ids, in the order of plan.queued. */
export async function writePlan(c: pg.ClientBase, plan: Plan, w: WriteContext): Promise<string[]> {
  await assignIds(c, plan);
  if (plan.ended.length > 0) await deleteLeases(c, plan.ended, w);
  if (plan.inserted.length > 0) {
    await c.query(
      `INSERT INTO licutil_leases (handle, product_key, record, expires_at, server)
       SELECT x.handle, $2, x.record, to_timestamp(x.exp / 1000.0), $3 FROM jsonb_to_recordset($1::jsonb) AS x(handle text, record jsonb, exp float8)`,
      [JSON.stringify(plan.inserted.map((l) => ({ handle: l.record.handle, record: l.record, exp: l.expiresMs }))), w.productKey, w.server],
    );
  }
  if (plan.heldChanged) {
    await c.query(`DELETE FROM licutil_held WHERE product_key = $1`, [w.productKey]);
    if (plan.held.length > 0) {
      await c.query(
        `INSERT INTO licutil_held (seat, product_key, pool, count, until_at, hold_ms)
         SELECT x.seat, $2, x.pool, x.count, to_timestamp(x.until_ms / 1000.0), x.hold_ms
           FROM jsonb_to_recordset($1::jsonb) AS x(seat text, pool text, count int, until_ms float8, hold_ms int)`,
        [JSON.stringify(plan.held.map((h) => ({ seat: h.seat, pool: h.pool, count: h.count, until_ms: h.untilMs, hold_ms: Math.round(h.holdMs) }))), w.productKey],
      );
    }
  }
  if (plan.outcomes.length > 0) {
    await c.query(
      `UPDATE licutil_waiters w SET outcome = x.outcome FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, outcome jsonb) WHERE w.id = x.id`,
      [JSON.stringify(plan.outcomes.map((o) => ({ id: o.id, outcome: o.outcome })))],
    );
  }
  if (plan.cancelled.length > 0) await c.query(`DELETE FROM licutil_waiters WHERE id = ANY($1::bigint[])`, [plan.cancelled]);
  const queuedIds: string[] = [];
  for (const q of plan.queued) {
    const r = await c.query<{ id: string }>(
      `INSERT INTO licutil_waiters (product_key, server, request, since_at, until_at)
       VALUES ($1, $2, $3, to_timestamp($4 / 1000.0), to_timestamp($5 / 1000.0)) RETURNING id::text`,
      [w.productKey, w.server, JSON.stringify(q.request), w.nowMs, q.untilMs],
    );
    queuedIds.push(r.rows[0]?.id as string);
  }
  const notice: ChangeNotice = { s: w.server, p: w.productKey };
  const owner = new Map(w.waiters.map((x) => [x.id, x.server]));
  const ended = plan.outcomes.map((o): [string, string] => [o.id, owner.get(o.id) ?? '']);
  if (ended.length > 0) notice.w = ended;
  await c.query(`SELECT pg_notify($1, $2)`, [NOTIFY_CHANNEL, JSON.stringify(notice)]);
  return queuedIds;
}

/** Gives the new leases ids from the global sequence, everywhere the plan names them. */
async function assignIds(c: pg.ClientBase, plan: Plan): Promise<void> {
  const provisional = plan.inserted.filter((l) => l.record.id >= PROVISIONAL_ID);
  if (provisional.length === 0) return;
  const r = await c.query<{ id: string }>(`SELECT nextval('licutil_lease_ids')::text AS id FROM generate_series(1, $1)`, [provisional.length]);
  const real = new Map(provisional.map((l, i) => [l.record.id, Number(r.rows[i]?.id)]));
  const fix = (g: { id: number }) => {
    const id = real.get(g.id);
    if (id !== undefined) g.id = id;
  };
  for (const l of provisional) fix(l.record);
  for (const x of plan.results) if (x !== null && typeof x === 'object' && (x as { kind?: string }).kind === 'grant') fix(x as Grant);
  for (const o of plan.outcomes) if (o.outcome.kind === 'grant') fix(o.outcome.grant);
  for (const e of plan.events) if (e.type === 'wait-granted') fix(e.grant);
}

async function deleteLeases(c: pg.ClientBase, ended: readonly EndedLease[], w: WriteContext): Promise<void> {
  await c.query(`DELETE FROM licutil_leases WHERE handle = ANY($1::text[])`, [ended.map((e) => e.handle)]);
  const tombs = ended.filter((e) => e.tomb !== null);
  if (tombs.length === 0) return;
  await c.query(
    `INSERT INTO licutil_tombstones (handle, reason, until_at)
     SELECT h, r, to_timestamp($3 / 1000.0) FROM unnest($1::text[], $2::text[]) AS t(h, r)
     ON CONFLICT (handle) DO UPDATE SET reason = EXCLUDED.reason, until_at = EXCLUDED.until_at`,
    [tombs.map((t) => t.handle), tombs.map((t) => t.tomb), w.nowMs + w.tombstoneMs],
  );
}

/** Renews a lease that has not lapsed, on the database clock; null when there is none. */
export async function renewLease(c: pg.ClientBase, handle: string): Promise<{ leaseMs: number; expiresMs: number } | null> {
  const r = await c.query<{ lease_ms: number; exp: number }>(
    `UPDATE licutil_leases SET expires_at = clock_timestamp() + (record->>'leaseMs')::float8 * interval '1 millisecond'
      WHERE handle = $1 AND expires_at > clock_timestamp()
      RETURNING (record->>'leaseMs')::float8 AS lease_ms, (extract(epoch FROM expires_at) * 1000)::float8 AS exp`,
    [handle],
  );
  const row = r.rows[0];
  return row ? { leaseMs: Number(row.lease_ms), expiresMs: Number(row.exp) } : null;
}

/** Why a handle cannot be renewed: lapsed (reclaimed any moment now), removed, reclaimed, or never known. */
export async function whyGone(c: pg.ClientBase, handle: string): Promise<'removed' | 'reclaimed' | 'unknown'> {
  const g = await c.query<{ reason: string | null; lapsed: boolean }>(
    `SELECT (SELECT reason FROM licutil_tombstones WHERE handle = $1) AS reason, EXISTS (SELECT 1 FROM licutil_leases WHERE handle = $1) AS lapsed`,
    [handle],
  );
  const reason = g.rows[0]?.lapsed ? 'reclaimed' : g.rows[0]?.reason;
  return reason === 'removed' || reason === 'reclaimed' ? reason : 'unknown';
}
