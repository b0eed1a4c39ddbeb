// The tables of the shared store and the one road to create or upgrade them.
// A server never changes the schema by itself: `serve --store URL --init`
// creates or migrates it, and a server that finds a version it does not know
// (older: not migrated yet; newer: a newer licutil migrated it) refuses to
// start and says which command fixes it, rather than guessing at columns.
//
// Times are timestamptz written from the database's own clock
// (clock_timestamp()), so servers whose clocks disagree still agree on when a
// lease lapses.
import type pg from 'pg';
import { LicutilError } from '../../../protocol/errors.js';

export const SCHEMA_VERSION = 2;

/** Each entry upgrades from the version before it; index 0 creates version 1. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE licutil_meta (key text PRIMARY KEY, value text NOT NULL);
   -- the pools every server must agree on (one row per pool id, from license files)
   CREATE TABLE licutil_pools (
     id text PRIMARY KEY, product_key text NOT NULL, summary jsonb NOT NULL, digest text NOT NULL,
     installed_by text NOT NULL, installed_at timestamptz NOT NULL DEFAULT clock_timestamp());
   -- live leases: the grant record as the file journal writes it, and when it lapses
   CREATE TABLE licutil_leases (
     handle text PRIMARY KEY, product_key text NOT NULL, record jsonb NOT NULL,
     expires_at timestamptz NOT NULL, server text NOT NULL);
   CREATE INDEX licutil_leases_product ON licutil_leases (product_key);
   CREATE INDEX licutil_leases_expires ON licutil_leases (expires_at);
   -- seats kept in use after their last lease ended (hold=, min_checkout=)
   CREATE TABLE licutil_held (
     seat text PRIMARY KEY, product_key text NOT NULL, pool text NOT NULL, count integer NOT NULL,
     until_at timestamptz NOT NULL, hold_ms integer NOT NULL);
   CREATE INDEX licutil_held_product ON licutil_held (product_key);
   -- the global FIFO queue: id orders it; outcome is set when the wait ends on any server
   CREATE TABLE licutil_waiters (
     id bigserial PRIMARY KEY, product_key text NOT NULL, server text NOT NULL, request jsonb NOT NULL,
     since_at timestamptz NOT NULL, until_at timestamptz NOT NULL, outcome jsonb);
   CREATE INDEX licutil_waiters_product ON licutil_waiters (product_key, id);
   -- why a lease ended, for its holder's next heartbeat
   CREATE TABLE licutil_tombstones (handle text PRIMARY KEY, reason text NOT NULL, until_at timestamptz NOT NULL);
   -- the servers sharing the store, for stat and for purging the waiters of a dead one
   CREATE TABLE licutil_servers (
     id text PRIMARY KEY, host text NOT NULL, url text NOT NULL, version text NOT NULL,
     started_at timestamptz NOT NULL, seen_at timestamptz NOT NULL);`,
  // 2: public lease ids (issue 14) are global: one sequence for every server
  `CREATE SEQUENCE licutil_lease_ids;
   SELECT setval('licutil_lease_ids', greatest(1, (SELECT max((record->>'id')::bigint) FROM licutil_leases)));`,
];

export interface SchemaState {
  /** null: no licutil tables at all */
  version: number | null;
}

async function readSchemaVersion(c: pg.ClientBase): Promise<number | null> {
  const t = await c.query<{ present: boolean }>(`SELECT to_regclass('licutil_meta') IS NOT NULL AS present`);
  if (t.rows[0]?.present !== true) return null;
  const r = await c.query<{ value: string }>(`SELECT value FROM licutil_meta WHERE key = 'schema_version'`);
  const v = Number(r.rows[0]?.value);
  return Number.isInteger(v) ? v : null;
}

/** Creates or upgrades the schema to SCHEMA_VERSION; returns the version it found. */
export async function migrate(c: pg.ClientBase): Promise<number | null> {
  await c.query('BEGIN');
  try {
    // two servers started with --init at once: the second waits, then finds the work done
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('licutil:migrate'))`);
    const found = await readSchemaVersion(c);
    if (found !== null && found > SCHEMA_VERSION) throw newerSchema(found);
    for (let v = found ?? 0; v < SCHEMA_VERSION; v++) await c.query(MIGRATIONS[v] as string);
    await c.query(
      `INSERT INTO licutil_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [String(SCHEMA_VERSION)],
    );
    await c.query('COMMIT');
    return found;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Refuses, with the command that fixes it, any schema but the one this build knows. */
export async function checkSchema(c: pg.ClientBase, where: string): Promise<void> {
  const v = await readSchemaVersion(c);
  if (v === SCHEMA_VERSION) return;
  if (v === null) {
    throw new LicutilError(
      'LICUTIL_E_CONFIG',
      `the database ${where} has no licutil schema`,
      'create it once with `licutil serve --store URL --init` (the same licenses and options), then start the servers',
    );
  }
  if (v > SCHEMA_VERSION) throw newerSchema(v);
  throw new LicutilError(
    'LICUTIL_E_CONFIG',
    `the database ${where} has licutil schema version ${v}; this licutil needs version ${SCHEMA_VERSION}`,
    'upgrade it with `licutil serve --store URL --init` once every server runs this version',
  );
}

function newerSchema(v: number): LicutilError {
  return new LicutilError(
    'LICUTIL_E_CONFIG',
    `the store has licutil schema version ${v}, newer than this licutil knows (${SCHEMA_VERSION})`,
    'run the licutil version that migrated it on every server sharing the store',
  );
}
