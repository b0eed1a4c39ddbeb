// Typed calls on one server: every route of the protocol, its answer checked to
// be ours, its refusals turned back into the LicutilError the server meant, and
// network failures classified (failure.ts).
import { ERROR_CODES, LicutilError, type ErrorCode } from '../protocol/errors.js';
import type * as W from '../protocol/messages.js';
import { classifyNetworkError, isServerUnavailable, notLicutil, type ClassifyContext } from './failure.js';
import type { Transport } from './transport.js';
import type { Endpoint, ServerApi, StatusOptions } from './types.js';

/** header carrying a license password for status (the server's PASSWORD_HEADER) */
const PASSWORD_HEADER = 'x-licutil-password';

interface CallOptions {
  signal?: AbortSignal | undefined;
  /** extra seconds the answer may take (a queue wait) */
  extraSeconds?: number | undefined;
  admin?: boolean | undefined;
  headers?: Record<string, string> | undefined;
  /**
   * Safe to send twice: when a kept-alive connection turns out to have been
   * closed by the server just as we reused it, send once more on a new one.
   */
  repeatable?: boolean | undefined;
}

interface ServerSettings extends ClassifyContext {
  adminToken: string | undefined;
  /**
   * Why the token is not sent to this server although there is one (it was
   * found in a license file, not named by the user); null when it may be.
   */
  tokenWithheld?: string | null | undefined;
  /** send the token over plain HTTP to a host other than this machine */
  allowPlainToken?: boolean | undefined;
}

/** Addresses of this machine written literally: a token sent to them never crosses a network. */
function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '::1' || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && Object.hasOwn(ERROR_CODES, v);
}

/** A grant, or a wait that goes on (202, after the server's poll time-out) with a ticket to resume. */
function isGrantOrQueued(v: Record<string, unknown>): boolean {
  return (typeof v.handle === 'string' && typeof v.lease_seconds === 'number') || (v.queued === true && typeof v.ticket === 'string');
}

function isQueued(v: W.CheckoutResponse | W.CheckoutQueued): v is W.CheckoutQueued {
  return (v as Partial<W.CheckoutQueued>).queued === true;
}

/** A server's public id of a checkout (decimal): what status shows, and what only an administrator may act on. */
const PUBLIC_ID = /^[1-9][0-9]{0,15}$/;

/** The fields each answer must have for it to be believed (a cheap check that it is ours). */
const SHAPE: Record<string, (v: Record<string, unknown>) => boolean> = {
  '/v1/hello': (v) => v.server === 'licutil' && typeof v.protocol === 'number',
  '/v1/status': (v) => isObject(v.server) && Array.isArray(v.pools) && Array.isArray(v.queues),
  '/v1/checkout': (v) => isGrantOrQueued(v),
  '/v1/resume': (v) => isGrantOrQueued(v),
  '/v1/heartbeat': (v) => typeof v.handle === 'string' && typeof v.lease_seconds === 'number',
  '/v1/checkin': (v) => typeof v.handle === 'string',
  '/v1/reread': (v) => Array.isArray(v.added) && Array.isArray(v.removed),
  '/v1/remove': (v) => typeof v.handle === 'string',
  '/v1/down': (v) => v.stopping === true,
};

export class ServerConnection implements ServerApi {
  readonly endpoint: Endpoint;
  private readonly transport: Transport;
  private readonly settings: ServerSettings;

  constructor(endpoint: Endpoint, transport: Transport, settings: ServerSettings) {
    this.endpoint = endpoint;
    this.transport = transport;
    this.settings = settings;
  }

  /** One request; resolves with the answer, throws the server's refusal or a classified network failure. */
  async call<T>(method: 'GET' | 'POST', path: string, body: unknown, opts: CallOptions = {}): Promise<T> {
    try {
      return await this.callOnce<T>(method, path, body, opts);
    } catch (e) {
      if (opts.repeatable && isServerUnavailable(e) && e.kind === 'closed') return this.callOnce<T>(method, path, body, opts);
      throw e;
    }
  }

  private async callOnce<T>(method: 'GET' | 'POST', path: string, body: unknown, opts: CallOptions): Promise<T> {
    const ep = this.endpoint;
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.admin ? this.tokenFor() : undefined;
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let res;
    try {
      res = await this.transport.request(ep, {
        method,
        path,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers,
        signal: opts.signal,
        timeoutMs: this.settings.requestTimeoutMs + (opts.extraSeconds ?? 0) * 1000,
      });
    } catch (e) {
      if (opts.signal?.aborted) throw opts.signal.reason ?? e;
      const failure = classifyNetworkError(e, ep, this.settings);
      if (failure) throw failure;
      // a bug of ours, not the network: let it be reported as one
      if (e instanceof TypeError || e instanceof ReferenceError) throw e;
      throw new LicutilError('LICUTIL_E_UNAVAILABLE', `${method} ${path} on ${ep.spec} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      throw notLicutil(ep, `HTTP ${res.status}, ${res.contentType || 'no content type'}, not JSON`);
    }
    if (!isObject(json)) throw notLicutil(ep, `HTTP ${res.status} with JSON that is not an object`);
    const err = json.error;
    if (isObject(err) && isErrorCode(err.code) && typeof err.message === 'string') {
      const withheld = this.settings.adminToken !== undefined ? this.settings.tokenWithheld : null;
      if (err.code === 'LICUTIL_E_NOT_ADMIN' && withheld) {
        throw new LicutilError(err.code, `${err.message}; the admin token was not sent: ${withheld}`, `name the server with -c ${ep.spec} to send it the token`);
      }
      throw new LicutilError(err.code, err.message, typeof err.hint === 'string' ? err.hint : undefined);
    }
    const route = path.split('?')[0] ?? path;
    const ok = res.status >= 200 && res.status < 300 && (SHAPE[route]?.(json) ?? true);
    if (!ok) throw notLicutil(ep, `HTTP ${res.status} from ${route} is not a licutil answer`);
    return json as T;
  }

  /**
   * The token for an admin call, if this server may have it: named by the user,
   * and over TLS or to this machine unless plain HTTP was allowed. Refuses
   * before anything is sent rather than let a token cross a network in clear.
   */
  private tokenFor(): string | undefined {
    const { adminToken, tokenWithheld, allowPlainToken } = this.settings;
    if (adminToken === undefined || tokenWithheld) return undefined;
    const ep = this.endpoint;
    if (!ep.tls && !allowPlainToken && !isLoopbackHost(ep.host)) {
      throw new LicutilError(
        'LICUTIL_E_USAGE',
        `not sending the admin token to ${ep.spec} over plain HTTP: anyone on the network between here and ${ep.host} could read it`,
        'serve with --tls-cert/--tls-key and set LICUTIL_TLS=1 (LICUTIL_TLS_CA=FILE for a private CA), run the command on the server host, or pass --allow-plain-token to send it anyway',
      );
    }
    return adminToken;
  }

  hello(): Promise<W.HelloResponse> {
    return this.call('GET', '/v1/hello', undefined, { repeatable: true });
  }

  status(opts: StatusOptions = {}): Promise<W.StatusResponse> {
    const q = new URLSearchParams();
    if (opts.isv !== undefined) q.set('isv', opts.isv);
    if (opts.product !== undefined) q.set('product', opts.product);
    const qs = q.toString();
    const headers: Record<string, string> = {};
    if (opts.password !== undefined) headers[PASSWORD_HEADER] = opts.password;
    // no admin token: status is not an admin call, and the token goes only where it is needed
    return this.call('GET', `/v1/status${qs ? `?${qs}` : ''}`, undefined, { headers, repeatable: true });
  }

  /**
   * POST /v1/checkout; `wait` seconds are added to the answer timeout. A server
   * answers a long wait now and then with a ticket (its poll time-out); the wait
   * goes on with the ticket, in the same place in the queue and within the same
   * wait, until the seat or the refusal comes.
   */
  async checkout(req: W.CheckoutRequest, signal?: AbortSignal): Promise<W.CheckoutResponse> {
    const opts = { signal, extraSeconds: req.wait ?? 0 };
    let answer = await this.call<W.CheckoutResponse | W.CheckoutQueued>('POST', '/v1/checkout', req, opts);
    while (isQueued(answer)) {
      const ticket: W.ResumeRequest = { ticket: answer.ticket };
      try {
        answer = await this.call<W.CheckoutResponse | W.CheckoutQueued>('POST', '/v1/resume', ticket, opts);
      } catch (e) {
        // restarted between two polls: like a lost connection, a retry queues again for what is left of the wait
        if (e instanceof LicutilError && e.code === 'LICUTIL_E_NO_SUCH_HANDLE') {
          throw new LicutilError('LICUTIL_E_UNAVAILABLE', `${this.endpoint.spec} no longer knows the waiting checkout (${e.message})`, e.hint);
        }
        throw e;
      }
    }
    return answer;
  }

  /**
   * `handle` is the holder's (what the checkout answered), or a public id,
   * which only an administrator may use: the admin token goes along then, and
   * only then.
   */
  heartbeat(handle: string): Promise<W.HeartbeatResponse> {
    return this.call('POST', '/v1/heartbeat', { handle } satisfies W.HandleRequest, { repeatable: true, admin: PUBLIC_ID.test(handle) });
  }

  checkin(handle: string): Promise<W.CheckinResponse> {
    // a repeat of a checkin that did arrive is answered "no such handle", which a lease takes as done
    return this.call('POST', '/v1/checkin', { handle } satisfies W.HandleRequest, { repeatable: true, admin: PUBLIC_ID.test(handle) });
  }

  reread(): Promise<W.RereadResponse> {
    return this.call('POST', '/v1/reread', {}, { admin: true });
  }

  remove(handle: string): Promise<W.RemoveResponse> {
    return this.call('POST', '/v1/remove', { handle } satisfies W.HandleRequest, { admin: true });
  }

  down(): Promise<W.DownResponse> {
    return this.call('POST', '/v1/down', {}, { admin: true });
  }
}
