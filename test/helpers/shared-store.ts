// Servers sharing one PostgreSQL store, for the tests of issue 18: one cluster
// per test file (started by the tests, see postgres.ts), a fresh database per
// test, and servers started with --store on it. `pgOrSkip` is read at module
// level so a suite can `describe.skipIf(!pgOrSkip.ok)` with a one-line notice.
import { afterAll } from 'vitest';
import { startPostgres, type PostgresOrSkip } from './postgres.js';
import { startServer, type ServerHandle, type StartOptions } from './server.js';

export async function postgresForSuite(): Promise<PostgresOrSkip> {
  const r = await startPostgres();
  if (!r.ok) {
    process.stderr.write(`skipping the shared-store tests: ${r.reason}\n`);
    return r;
  }
  afterAll(() => r.pg.destroy());
  return r;
}

let dbSeq = 0;

/** A fresh database on the cluster: each test starts from an empty store. */
export async function freshStore(pg: PostgresOrSkip): Promise<string> {
  if (!pg.ok) throw new Error('no PostgreSQL');
  return pg.pg.newDatabase(`licutil_t${process.pid}_${++dbSeq}`);
}

/** A server on the shared store; `init` creates the schema first. */
export function startShared(store: string, opts: StartOptions & { init?: boolean } = {}): Promise<ServerHandle> {
  const { init, ...rest } = opts;
  return startServer({ ...rest, args: ['--store', store, ...(init ? ['--init'] : []), ...(rest.args ?? [])] });
}
