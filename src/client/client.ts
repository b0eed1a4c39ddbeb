// The client over every server of a license environment: failover within a
// redundant list, checkout across servers (queueing on one when all are full),
// sweeps for status and the admin calls. One transport, so one keep-alive pool
// per server, whatever the number of calls.
import { LicutilError } from '../protocol/errors.js';
import type * as W from '../protocol/messages.js';
import { endpoint, parseEndpoint } from './address.js';
import { isServerUnavailable, unavailable } from './failure.js';
import type { Identity } from './identity.js';
import { Lease } from './lease.js';
import { retryWhileUnreachable } from './retry.js';
import { FailoverLeaseServer, failsOver } from './lease-failover.js';
import { watchQueuePosition } from './queue-position.js';
import { ServerConnection } from './server.js';
import type { Transport } from './transport.js';
import type {
  CheckoutOptions,
  ClientOptions,
  Endpoint,
  LicenseClientApi,
  ServerApi,
  ServerGroup,
  StatusOptions,
  SweepResult,
} from './types.js';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface ClientParts {
  groups: ServerGroup[];
  transport: Transport;
  identity: Identity;
  options: ClientOptions;
}


/** Refusals where the seat may be free elsewhere or later: keep trying other servers. */
const BUSY = new Set(['LICUTIL_E_ALL_IN_USE', 'LICUTIL_E_TIMED_OUT']);

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('the checkout was cancelled', 'AbortError');
}

export class LicenseClient implements LicenseClientApi {
  readonly groups: readonly ServerGroup[];
  private readonly transport: Transport;
  private readonly identity: Identity;
  private readonly options: ClientOptions;
  private readonly connections = new Map<string, ServerConnection>();
  private closed = false;

  constructor(parts: ClientParts) {
    this.groups = parts.groups;
    this.transport = parts.transport;
    this.identity = parts.identity;
    this.options = parts.options;
  }

  private get tls(): boolean {
    return Boolean(this.options.tls);
  }

  /** Why this server is not given the admin token: it is known only from a license file. */
  private tokenWithheld(e: Endpoint): string | null {
    const key = (x: Endpoint) => `${x.host.toLowerCase()}:${x.port}`;
    const groups = this.groups.filter((g) => g.endpoints.some((x) => key(x) === key(e)));
    const found = groups.find((g) => g.named === false);
    if (!found || groups.some((g) => g.named !== false)) return null;
    return `${e.spec} was found in a ${found.origin}, not named with -c or a license variable`;
  }

  server(ep: Endpoint | string): ServerConnection {
    if (this.closed) throw new LicutilError('LICUTIL_E_USAGE', 'the client is closed');
    const e = typeof ep === 'string' ? parseEndpoint(ep, this.tls) : ep.tls === this.tls ? ep : endpoint(ep.host, ep.port, this.tls);
    // a string is a server the caller names itself
    const withheld = typeof ep === 'string' ? null : this.tokenWithheld(e);
    const key = `${e.origin}${withheld ? ' unnamed' : ''}`;
    let c = this.connections.get(key);
    if (!c) {
      c = new ServerConnection(e, this.transport, {
        adminToken: this.options.adminToken,
        tokenWithheld: withheld,
        allowPlainToken: this.options.allowPlainToken,
        connectTimeoutMs: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        requestTimeoutMs: this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      });
      this.connections.set(key, c);
    }
    return c;
  }

  /** The first endpoint of a group that answers `call`; failures of the others are passed over. */
  private async inGroup<T>(group: ServerGroup, call: (api: ServerConnection) => Promise<T>): Promise<{ endpoint: Endpoint; value: T }> {
    let last: LicutilError | undefined;
    for (const ep of group.endpoints) {
      const api = this.server(ep);
      try {
        return { endpoint: api.endpoint, value: await call(api) };
      } catch (e) {
        if (!failsOver(e)) throw e;
        last = e as LicutilError;
      }
    }
    throw last ?? new LicutilError('LICUTIL_E_UNAVAILABLE', `the server entry ${group.spec} names no address`);
  }

  async sweep<T>(call: (api: ServerApi) => Promise<T>): Promise<Array<SweepResult<T>>> {
    return Promise.all(
      this.groups.map(async (group): Promise<SweepResult<T>> => {
        try {
          const { endpoint: ep, value } = await this.inGroup(group, call);
          return { ok: true, group, endpoint: ep, value };
        } catch (e) {
          const err = e instanceof LicutilError ? e : new LicutilError('LICUTIL_E_INTERNAL', String(e));
          const ep = isServerUnavailable(e) ? e.endpoint : (group.endpoints[0] ?? endpoint('unknown', 0));
          return { ok: false, group, endpoint: ep, kind: isServerUnavailable(e) ? e.kind : null, error: err };
        }
      }),
    );
  }

  status(opts: StatusOptions = {}): Promise<Array<SweepResult<W.StatusResponse>>> {
    return this.sweep((api) => api.status(opts));
  }

  hello(): Promise<Array<SweepResult<W.HelloResponse>>> {
    return this.sweep((api) => api.hello());
  }

  reread(): Promise<Array<SweepResult<W.RereadResponse>>> {
    return this.sweep((api) => api.reread());
  }

  down(): Promise<Array<SweepResult<W.DownResponse>>> {
    return this.sweep((api) => api.down());
  }

  /** Ask each server entry in turn until one knows the handle. */
  private async onHandle<T>(handle: string, what: string, call: (api: ServerConnection) => Promise<T>): Promise<{ endpoint: Endpoint; value: T }> {
    const failures: LicutilError[] = [];
    let unknown: LicutilError | undefined;
    for (const group of this.groups) {
      try {
        return await this.inGroup(group, call);
      } catch (e) {
        if (e instanceof LicutilError && e.code === 'LICUTIL_E_NO_SUCH_HANDLE') unknown ??= e;
        else if (failsOver(e)) failures.push(e as LicutilError);
        else throw e;
      }
    }
    if (unknown && failures.length === 0) throw unknown;
    if (unknown) {
      throw new LicutilError(
        'LICUTIL_E_UNAVAILABLE',
        `no server that answered knows checkout ${handle}, and ${failures.length} could not be asked (${failures.map((f) => f.message).join('; ')})`,
        `pass HANDLE@PORT@HOST to ${what} on the server that granted it`,
      );
    }
    throw unavailable(failures, what);
  }

  heartbeat(handle: string): Promise<{ endpoint: Endpoint; value: W.HeartbeatResponse }> {
    return this.onHandle(handle, 'renew it', (api) => api.heartbeat(handle));
  }

  checkin(handle: string): Promise<{ endpoint: Endpoint; value: W.CheckinResponse }> {
    return this.onHandle(handle, 'check it in', (api) => api.checkin(handle));
  }

  remove(handle: string): Promise<{ endpoint: Endpoint; value: W.RemoveResponse }> {
    return this.onHandle(handle, 'remove it', (api) => api.remove(handle));
  }

  private request(product: string, opts: CheckoutOptions, wait: number): W.CheckoutRequest {
    const r: W.CheckoutRequest = { product, user: this.identity.user, host: this.identity.host, pid: this.identity.pid };
    const isv = opts.isv ?? this.options.isv;
    if (isv !== undefined) r.isv = isv;
    if (opts.version !== undefined) r.version = opts.version;
    if (opts.count !== undefined) r.count = opts.count;
    if (opts.tag !== undefined) r.tag = opts.tag;
    if (opts.password !== undefined) r.password = opts.password;
    if (opts.isvData !== undefined) r.isv_data = opts.isvData;
    if (opts.lease !== undefined) r.lease = opts.lease;
    if (wait > 0) r.wait = wait;
    return r;
  }

  private async checkoutAt(api: ServerConnection, req: W.CheckoutRequest, opts: CheckoutOptions): Promise<Lease> {
    const sentAt = performance.now();
    const stopWatch = req.wait && opts.onQueued ? watchQueuePosition(api, req, opts.onQueued, opts.positionIntervalMs ?? 2_000, opts.signal) : null;
    try {
      const grant = await api.checkout(req, opts.signal);
      // the rest of its redundant set may renew it when this server is gone (a shared store)
      const key = (e: Endpoint) => `${e.host.toLowerCase()}:${e.port}`;
      const group = this.groups.find((g) => g.endpoints.some((e) => key(e) === key(api.endpoint)));
      const others = (group?.endpoints ?? []).filter((e) => key(e) !== key(api.endpoint)).map((e) => this.server(e));
      // the server's lease runs from the grant, which a wait in the queue puts well after sentAt
      const grantedAt = sentAt + Math.max(0, grant.waited_seconds * 1000 - 100);
      return new Lease(others.length > 0 ? new FailoverLeaseServer(api, others) : api, grant, { heartbeat: opts.heartbeat, maxIntervalMs: opts.renewEveryMs }, grantedAt);
    } finally {
      stopWatch?.();
    }
  }

  /**
   * Check out; with `wait`, a server lost while waiting (restarted, briefly
   * unreachable) is asked again with back-off for what is left of the wait, so
   * the request queues again instead of failing. Only when the wait runs out
   * is the last failure thrown.
   */
  async checkout(product: string, opts: CheckoutOptions = {}): Promise<Lease> {
    const signal = opts.signal;
    if (signal?.aborted) throw abortError(signal);
    const wait = opts.wait ?? 0;
    if (wait <= 0) return this.checkoutRound(product, opts, 0);
    const deadline = performance.now() + wait * 1000;
    // whole seconds on the wire; a retry asks for what is left (at least 1 s: it was checked to be worth a try)
    return retryWhileUnreachable(
      (attempt) => this.checkoutRound(product, opts, attempt === 0 ? wait : Math.max(1, Math.floor((deadline - performance.now()) / 1000))),
      { deadline, signal, onRetry: opts.onRetry },
    );
  }

  private async checkoutRound(product: string, opts: CheckoutOptions, wait: number): Promise<Lease> {
    const signal = opts.signal;
    const groups = this.groups;
    if (groups.length === 0) throw unavailable([], 'check out from');
    const failures: LicutilError[] = [];
    const refusals: LicutilError[] = [];
    const busy: Endpoint[] = [];
    let busyError: LicutilError | undefined;
    // One server entry: queue at once. Several: ask each now, then queue on the first that was full.
    const firstWait = groups.length === 1 ? wait : 0;
    const req = this.request(product, opts, firstWait);
    groups: for (const group of groups) {
      for (const ep of group.endpoints) {
        const api = this.server(ep);
        try {
          return await this.checkoutAt(api, req, opts);
        } catch (e) {
          if (signal?.aborted) throw abortError(signal);
          if (!(e instanceof LicutilError)) throw e;
          // this endpoint cannot serve: the next of its redundant list may
          if (failsOver(e)) {
            failures.push(e as LicutilError);
            continue;
          }
          if (BUSY.has(e.code)) {
            busyError ??= e;
            busy.push(api.endpoint);
          } else {
            refusals.push(e);
          }
          continue groups;
        }
      }
    }
    const [queueAt] = busy;
    if (wait > 0 && firstWait === 0 && queueAt) {
      return this.checkoutAt(this.server(queueAt), this.request(product, opts, wait), opts);
    }
    if (busyError) throw busyError;
    const [refusal] = refusals;
    if (refusal) throw refusal;
    throw unavailable(failures, 'check out from');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.connections.clear();
    await this.transport.close();
  }
}
