// Who shares the store, and whether they serve the same pools. Servers in front
// of one store must serve the same pools, or a seat counted on one would be
// judged by different rules on another. The first server (or the first after
// every server stopped) installs its pools; a later one whose license files
// give different pools refuses to start and says, pool by pool, how they
// differ. A reread installs the reread pools: the administrator rereads every
// server, and until then the others say in their log that they differ.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { LicutilError } from '../../../protocol/errors.js';
import type { PoolDef } from '../../core/pool/types.js';

/** A server not seen for this long is taken for dead: its waiters are dropped, it no longer pins the pools. */
export const SERVER_DEAD_MS = 10_000;

/** What of a pool the store keeps for comparing (no password: only whether there is one, in the digest). */
interface PoolSummary {
  isv: string;
  product: string;
  version: string;
  count: number;
  softLimit: number;
  share: string | null;
  hold: number;
  minCheckout: number;
  minRemove: number;
  tag: string | null;
  expires: string;
  password: boolean;
}

function summaryOf(d: PoolDef): PoolSummary {
  const s = d.share;
  return {
    isv: d.isv,
    product: d.product,
    version: d.version,
    count: d.count,
    softLimit: d.softLimit,
    share: s === null ? null : `${s.user ? 'U' : ''}${s.host ? 'H' : ''}${s.isv ? 'I' : ''}${s.max === null ? '' : `:${s.max}`}`,
    hold: d.hold,
    minCheckout: d.minCheckout,
    minRemove: d.minRemove,
    tag: d.tag,
    expires: d.expiresIso,
    password: d.password !== null,
  };
}

/** Changes with any rule that decides a grant, the password included (hashed, never stored). */
export function digestOf(d: PoolDef): string {
  return createHash('sha256').update(JSON.stringify([summaryOf(d), d.password, d.order])).digest('hex').slice(0, 32);
}

interface StoredPool {
  id: string;
  summary: PoolSummary;
  digest: string;
  installed_by: string;
}

/** How `mine` and the store's pools differ, one line per pool; empty when they agree. */
function poolDifferences(mine: readonly PoolDef[], stored: readonly StoredPool[]): string[] {
  const out: string[] = [];
  const theirs = new Map(stored.map((p) => [p.id, p]));
  for (const d of mine) {
    const t = theirs.get(d.id);
    theirs.delete(d.id);
    if (!t) {
      out.push(`pool ${d.id} (${d.product} ${d.version}) is served here but not by the store's servers`);
      continue;
    }
    if (t.digest === digestOf(d)) continue;
    const s = summaryOf(d);
    const fields = (Object.keys(s) as (keyof PoolSummary)[])
      .filter((k) => JSON.stringify(s[k]) !== JSON.stringify(t.summary[k]))
      .map((k) => `${k} ${JSON.stringify(s[k])} here, ${JSON.stringify(t.summary[k])} in the store`);
    out.push(`pool ${d.id} (${d.product}): ${fields.length > 0 ? fields.join(', ') : 'the password or the license order differs'} (installed by ${t.installed_by})`);
  }
  for (const t of theirs.values()) out.push(`pool ${t.id} (${t.summary.product} ${t.summary.version}) is served by the store's servers but not here`);
  return out;
}

async function installPools(c: pg.ClientBase, defs: readonly PoolDef[], by: string): Promise<void> {
  await c.query('DELETE FROM licutil_pools');
  await c.query(
    `INSERT INTO licutil_pools (id, product_key, summary, digest, installed_by)
     SELECT x.id, x.product_key, x.summary, x.digest, $2 FROM jsonb_to_recordset($1::jsonb) AS x(id text, product_key text, summary jsonb, digest text)`,
    [JSON.stringify(defs.map((d) => ({ id: d.id, product_key: d.product.toLowerCase(), summary: summaryOf(d), digest: digestOf(d) }))), by],
  );
}

/**
 * At start-up: install our pools when no other server is alive, else insist
 * they are the same. With `force` (a reread) ours replace the store's.
 */
export async function agreePools(c: pg.ClientBase, serverId: string, defs: readonly PoolDef[], force: boolean): Promise<void> {
  await c.query('BEGIN');
  try {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('licutil:pools'))`);
    const live = await c.query<{ n: string }>(
      `SELECT count(*) AS n FROM licutil_servers WHERE id <> $1 AND seen_at > clock_timestamp() - $2 * interval '1 millisecond'`,
      [serverId, SERVER_DEAD_MS],
    );
    const stored = await c.query<StoredPool>(`SELECT id, summary, digest, installed_by FROM licutil_pools ORDER BY id`);
    if (force || Number(live.rows[0]?.n ?? 0) === 0 || stored.rows.length === 0) {
      await installPools(c, defs, serverId);
    } else {
      const diff = poolDifferences(defs, stored.rows);
      if (diff.length > 0) {
        throw new LicutilError(
          'LICUTIL_E_CONFIG',
          `this server's licenses differ from those of the servers already sharing the store:\n  ${diff.join('\n  ')}`,
          'give every server the same license files (or the same --config), or stop the others first; a reread on one server installs its licenses for all',
        );
      }
    }
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** A digest of the store's pools, to notice that another server reread different licenses. */
export async function storedPoolsDigest(c: pg.ClientBase): Promise<string> {
  const r = await c.query<{ d: string | null }>(`SELECT string_agg(digest, ',' ORDER BY id) AS d FROM licutil_pools`);
  return r.rows[0]?.d ?? '';
}

export function poolsDigest(defs: readonly PoolDef[]): string {
  return [...defs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(digestOf).join(',');
}

export interface ServerRow {
  id: string;
  host: string;
  url: string;
  version: string;
  startedIso: string;
  /** ms since it last said it was alive (database clock) */
  silentMs: number;
}

export async function registerServer(c: pg.ClientBase, s: { id: string; host: string; url: string; version: string }): Promise<void> {
  await c.query(
    `INSERT INTO licutil_servers (id, host, url, version, started_at, seen_at) VALUES ($1, $2, $3, $4, clock_timestamp(), clock_timestamp())
     ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, seen_at = EXCLUDED.seen_at`,
    [s.id, s.host, s.url, s.version],
  );
}

export async function listServers(c: pg.ClientBase): Promise<ServerRow[]> {
  const r = await c.query<{ id: string; host: string; url: string; version: string; started: Date; silent: number }>(
    `SELECT id, host, url, version, started_at AS started, (extract(epoch FROM clock_timestamp() - seen_at) * 1000)::float8 AS silent
       FROM licutil_servers WHERE seen_at > clock_timestamp() - $1 * interval '1 millisecond' ORDER BY started_at`,
    [6 * SERVER_DEAD_MS],
  );
  return r.rows.map((x) => ({ id: x.id, host: x.host, url: x.url, version: x.version, startedIso: x.started.toISOString(), silentMs: Math.round(Number(x.silent)) }));
}
