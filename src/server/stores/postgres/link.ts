// The connection to the shared store: a small pool for transactions, one
// client that LISTENs for the other servers' changes, and the store's health.
// A failure that means "the database cannot be reached" (refused, reset,
// shut down, timed out) marks the store unhealthy: the service then refuses
// grants until a probe gets through, and this link reconnects by itself.
// Any other error (a bug, a constraint) is the caller's to report.
import pg from 'pg';
import { LicutilError } from '../../../protocol/errors.js';
import type { DebugLog } from '../../core/debug-log.js';
import { NOTIFY_CHANNEL } from './rows.js';

const PROBE_MS = 500;

/** Connection failures: the store is down or unreachable, not the transaction wrong. */
export function isConnectionError(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  if (/^(08|57P)/.test(code)) return true; // connection exception, operator intervention (shutdown)
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND'].includes(code)) return true;
  const msg = typeof err.message === 'string' ? err.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(msg);
}

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable store URL)';
  }
}

interface LinkEvents {
  /** a change notice from any server (our own included) */
  notice: (payload: string) => void;
  /** the store became reachable again (after `down`): reload what may have been missed */
  up: () => Promise<void>;
  down: (why: string) => void;
}

export class StoreLink {
  readonly pool: pg.Pool;
  private listener: pg.Client | null = null;
  private healthy = true;
  private probing: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    readonly url: string,
    private readonly log: DebugLog,
    private readonly on: LinkEvents,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 3_000, idleTimeoutMillis: 30_000 });
    // an idle client whose server went away: the next query notices; nothing to do here
    this.pool.on('error', (e) => this.failed(e));
  }

  get isHealthy(): boolean {
    return this.healthy;
  }

  /** Starts listening; throws a LicutilError naming the store when it cannot be reached. */
  async start(): Promise<void> {
    try {
      await this.listen();
    } catch (e) {
      throw unreachable(this.url, e);
    }
  }

  /** Runs `fn` in a transaction on one pooled client (withClient's connection handling). */
  async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.withClient(async (c) => {
      await c.query('BEGIN');
      try {
        const r = await fn(c);
        await c.query('COMMIT');
        return r;
      } catch (e) {
        // a dead connection has nothing to roll back; withClient discards it
        if (!isConnectionError(e)) await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
  }

  /** `fn` with one pooled client, outside any transaction (it may run its own). */
  async withClient<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    let c: pg.PoolClient;
    try {
      c = await this.pool.connect();
    } catch (e) {
      this.failed(e);
      throw e;
    }
    let broken = false;
    // pg-pool listens for errors only on idle clients: a connection that dies between two
    // queries of ours would emit an 'error' nobody handles, which ends the process
    const onError = (e: Error) => {
      broken = true;
      this.failed(e);
    };
    c.on('error', onError);
    try {
      return await fn(c);
    } catch (e) {
      broken ||= isConnectionError(e);
      if (broken) this.failed(e);
      throw e;
    } finally {
      c.off('error', onError);
      c.release(broken);
    }
  }

  /** One statement outside a transaction. */
  async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (e) {
      if (isConnectionError(e)) this.failed(e);
      throw e;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probing) clearTimeout(this.probing);
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const c = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 3_000 });
    c.on('error', (e) => this.failed(e));
    c.on('end', () => {
      if (this.listener === c) this.failed(new Error('the listening connection to the store ended'));
    });
    c.on('notification', (n) => {
      if (n.channel === NOTIFY_CHANNEL && n.payload !== undefined) this.on.notice(n.payload);
    });
    await c.connect();
    await c.query(`LISTEN ${NOTIFY_CHANNEL}`);
    this.listener = c;
  }

  private failed(e: unknown): void {
    if (this.closed || !isConnectionError(e) && !(e instanceof Error && /listening connection/.test(e.message))) return;
    if (!this.healthy) return;
    this.healthy = false;
    const why = e instanceof Error ? e.message : String(e);
    this.log.error(`the shared store ${redactUrl(this.url)} cannot be reached (${why}); refusing new grants until it can`);
    this.on.down(why);
    const l = this.listener;
    this.listener = null;
    void l?.end().catch(() => undefined);
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.closed || this.probing) return;
    this.probing = setTimeout(() => {
      this.probing = null;
      void this.probe();
    }, PROBE_MS);
    this.probing.unref();
  }

  private async probe(): Promise<void> {
    if (this.closed) return;
    try {
      await this.pool.query('SELECT 1');
      await this.listen();
      await this.on.up();
      this.healthy = true;
      this.log.info(`the shared store ${redactUrl(this.url)} is reachable again; grants resume`);
    } catch {
      const l = this.listener;
      this.listener = null;
      await l?.end().catch(() => undefined);
      this.scheduleProbe();
    }
  }
}

export function unreachable(url: string, e: unknown): LicutilError {
  const why = e instanceof Error ? e.message : String(e);
  return new LicutilError(
    'LICUTIL_E_CONFIG',
    `cannot reach the shared store ${redactUrl(url)}: ${why}`,
    'check the --store URL (host, port, user, password, database) and that PostgreSQL is running and accepts connections from this host',
  );
}
