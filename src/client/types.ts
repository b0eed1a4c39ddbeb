// The public shapes of the licutil client: what `connect()` takes and what its
// calls return. The CLI commands (checkout, checkin, heartbeat, stat, reread,
// remove, down, lmdiag) and library users share these, so they are the contract
// between them; wire bodies themselves are the types of src/protocol/messages.ts.
import type { LicutilError } from '../protocol/errors.js';
import type {
  CheckinResponse,
  CheckoutResponse,
  DownResponse,
  HeartbeatResponse,
  HelloResponse,
  RemoveResponse,
  RereadResponse,
  StatusResponse,
} from '../protocol/messages.js';

/** One server to talk to: a resolved `port@host`. */
export interface Endpoint {
  host: string;
  port: number;
  /** https instead of http */
  tls: boolean;
  /** `port@host`, the license-environment spelling (what `-c` and LICUTIL_SERVER take) */
  spec: string;
  /** `http://host:port` (brackets around an IPv6 host) */
  origin: string;
}

/**
 * One server entry of the license environment: a single `port@host`, or a
 * redundant list `p@h1,p@h2,p@h3` whose endpoints are tried in order (the first
 * that answers is the one used). `@host` without a port expands to the default
 * ports, tried in order too.
 */
export interface ServerGroup {
  endpoints: Endpoint[];
  /** the element as written, e.g. `5053@a,5053@b` */
  spec: string;
  /** where it came from: '-c', 'RLM_LICENSE', 'HOST line of /etc/x.lic', ... */
  origin: string;
  /**
   * false for a server found in a license file's HOST/SERVER line rather than
   * named by the user (-c, a license variable, HANDLE@PORT@HOST): it is never
   * sent the admin token. Absent means named.
   */
  named?: boolean | undefined;
}

/** Why a server could not be talked to. Every kind is exit status 69 for the CLI. */
export type FailureKind =
  /** the host name does not resolve (ENOTFOUND / EAI_AGAIN) */
  | 'dns'
  /** nothing listens on that port (ECONNREFUSED) */
  | 'refused'
  /** no connection or no answer within the timeout */
  | 'timeout'
  /** the host or network cannot be reached (EHOSTUNREACH / ENETUNREACH) */
  | 'unreachable'
  /** TLS handshake or certificate failure */
  | 'tls'
  /** something answered, but not a licutil server (a FlexNet or RLM daemon?) */
  | 'not-licutil'
  /** the connection was closed or reset before an answer came */
  | 'closed'
  /** a licutil server that is shutting down or cannot serve right now (503) */
  | 'unavailable';

/**
 * A server that did not answer. `error` is the LicutilError to report (code
 * LICUTIL_E_HOST_UNKNOWN, _REFUSED, _CONNECT_TIMEOUT, _NOT_LICUTIL, ... all exit 69).
 */
export interface ServerFailure {
  endpoint: Endpoint;
  kind: FailureKind;
  error: LicutilError;
}

export interface TlsOptions {
  /** PEM CA certificate(s) to trust in addition to the system's */
  ca?: string | Buffer | undefined;
  /** false accepts any certificate (self-signed test servers); default true */
  rejectUnauthorized?: boolean | undefined;
}

export interface ClientOptions {
  /**
   * Connect timeout in milliseconds (default 10 000). The CLI fills it from
   * `--timeout` or RLM_CONNECT_TIMEOUT (seconds), as RLM clients do.
   */
  connectTimeoutMs?: number | undefined;
  /** How long one request may take once connected, queue waits excluded (default 30 000 ms). */
  requestTimeoutMs?: number | undefined;
  /**
   * bearer token for the admin calls (reread, remove, down) from another
   * machine; sent only to servers the user named (never to one found in a
   * license file's HOST line) and, unless allowPlainToken, only over TLS or
   * to this machine
   */
  adminToken?: string | undefined;
  /** send the admin token over plain HTTP to another host (it can be read on the way) */
  allowPlainToken?: boolean | undefined;
  /** speak https to every server; an object gives CA and verification options */
  tls?: boolean | TlsOptions | undefined;
  /** who checks out (default: the login name, this host name, this process id) */
  user?: string | undefined;
  host?: string | undefined;
  pid?: number | undefined;
  /** the ISV to name in checkouts and status (optional: servers find it from the product) */
  isv?: string | undefined;
  /**
   * The HTTP stack: 'undici' (default; a keep-alive undici Pool per server, the
   * fastest for long-running programs) or 'node' (node:http with a keep-alive
   * Agent per server: no WebAssembly HTTP parser to compile, so a short-lived
   * process such as `licutil checkout -- CMD` starts sooner).
   */
  transport?: 'undici' | 'node' | undefined;
}

/** What to ask for in `checkout`. Durations are seconds, as on the wire. */
export interface CheckoutOptions {
  /** lowest acceptable version, "N.M" (default "0") */
  version?: string | undefined;
  /** seats (default 1) */
  count?: number | undefined;
  /** seconds to queue for a seat when none is free; 0 = answer now (default) */
  wait?: number | undefined;
  /** lease length to ask for, seconds (the server bounds it) */
  lease?: number | undefined;
  tag?: string | undefined;
  password?: string | undefined;
  isv?: string | undefined;
  /** the ISV-defined string `share=i` compares */
  isvData?: string | undefined;
  /** cancels a queue wait (the place in the queue is withdrawn) or a pending request */
  signal?: AbortSignal | undefined;
  /**
   * Called while queued with the place in the queue (1 = next), looked up from
   * the server's status every `positionIntervalMs` (default 2 000). Without it
   * no status requests are made.
   */
  onQueued?: ((q: QueuePosition) => void) | undefined;
  positionIntervalMs?: number | undefined;
  /**
   * With `wait`: called when no server could be asked (the server restarts,
   * the network drops) and the checkout will try again after `delayMs`, for
   * what is left of the wait.
   */
  onRetry?: ((r: CheckoutRetry) => void) | undefined;
  /** renew the lease in the background (default true) */
  heartbeat?: boolean | undefined;
  /**
   * renew at least this often, in milliseconds (default: every third of the
   * lease); a removal by an administrator is heard at the next renewal
   */
  renewEveryMs?: number | undefined;
}

export interface CheckoutRetry {
  /** why the last attempt failed (a network failure, or a server going down) */
  error: LicutilError;
  /** 1 for the first retry */
  attempt: number;
  delayMs: number;
  /** seconds of the wait left */
  remainingSeconds: number;
}

export interface QueuePosition {
  endpoint: Endpoint;
  /** 1 = next to be served; null when the server does not list us (yet) */
  position: number | null;
  /** waiters in the queue of that product */
  waiting: number;
  /** seconds since queueing began */
  elapsedSeconds: number;
}

/** Why a lease ended without being checked in. */
export type LostReason =
  /** an administrator removed it (`licutil remove`) */
  | 'removed'
  /** the server reclaimed it: a renewal came too late */
  | 'lapsed'
  /** the server no longer knows the handle (restarted without its journal?) */
  | 'unknown'
  /** no renewal succeeded before the lease ran out (server unreachable) */
  | 'unreachable';

export interface LeaseLost {
  reason: LostReason;
  error: LicutilError;
}

/** A renewal that failed but may still succeed within the lease. */
export interface HeartbeatTrouble {
  error: LicutilError;
  /** milliseconds left before the lease runs out unless a renewal gets through */
  remainingMs: number;
}

export interface LeaseEvents {
  /** a renewal succeeded */
  renewed: [HeartbeatResponse];
  /** a renewal failed; retries continue while the lease lasts */
  trouble: [HeartbeatTrouble];
  /** the seat is gone; no more heartbeats are sent */
  lost: [LeaseLost];
  /** a message from the license administrator, delivered with a renewal */
  message: [string];
  /** a checkin the server did not answer; retried while the lease lasts */
  checkinTrouble: [HeartbeatTrouble];
}

/**
 * What one server entry (group) gave in a sweep over every server: the value,
 * or why not. `kind` is set when the server could not be talked to (every
 * endpoint of the group failed; the last failure is reported) and null when a
 * server answered with a refusal (e.g. LICUTIL_E_NOT_ADMIN).
 */
export type SweepResult<T> =
  | { ok: true; group: ServerGroup; endpoint: Endpoint; value: T }
  | { ok: false; group: ServerGroup; endpoint: Endpoint; kind: FailureKind | null; error: LicutilError };

export interface StatusOptions {
  isv?: string | undefined;
  product?: string | undefined;
  /** shows a password-protected pool */
  password?: string | undefined;
}

/**
 * Typed calls on one server. Network failures throw a LicutilError whose code
 * says which (see FailureKind); server refusals throw the server's code.
 */
export interface ServerApi {
  readonly endpoint: Endpoint;
  hello(): Promise<HelloResponse>;
  status(opts?: StatusOptions): Promise<StatusResponse>;
  heartbeat(handle: string): Promise<HeartbeatResponse>;
  checkin(handle: string): Promise<CheckinResponse>;
  reread(): Promise<RereadResponse>;
  remove(handle: string): Promise<RemoveResponse>;
  down(): Promise<DownResponse>;
}


/** A checkout held by this process. Heartbeats run by themselves until `checkin()` or loss. */
export interface LeaseApi {
  readonly handle: string;
  readonly endpoint: Endpoint;
  /** the server's answer to the checkout */
  readonly grant: CheckoutResponse;
  /** `handle@port@host`: what `licutil checkin` and `licutil heartbeat` accept on their own */
  readonly ref: string;
  /** 'held' until checked in or lost */
  readonly state: 'held' | 'checked-in' | 'lost';
  /** renew now (the background heartbeat does this by itself) */
  heartbeat(): Promise<HeartbeatResponse>;
  /** stop the heartbeats and return the seat; a lease already lost resolves without asking the server */
  checkin(): Promise<CheckinResponse | null>;
  on<E extends keyof LeaseEvents>(event: E, listener: (...args: LeaseEvents[E]) => void): this;
  off<E extends keyof LeaseEvents>(event: E, listener: (...args: LeaseEvents[E]) => void): this;
  /** resolves when the lease is lost; never rejects (pending forever while held) */
  readonly lost: Promise<LeaseLost>;
}

/** The client `connect()` returns: the license environment's servers, one keep-alive pool per server. */
export interface LicenseClientApi {
  /** the server entries, in the order they are tried */
  readonly groups: readonly ServerGroup[];
  /** typed calls on one server (an Endpoint, or a `port@host` string) */
  server(endpoint: Endpoint | string): ServerApi;
  /**
   * Check out `product` from the first server that grants it, trying every
   * server in order; with `wait`, queue on the first server that has the
   * product but no free seat. Throws a LicutilError: LICUTIL_E_ALL_IN_USE or
   * _TIMED_OUT (75), LICUTIL_E_UNAVAILABLE and the network codes (69), or the
   * refusal of a server (no such product, expired, password, tag: 65/77).
   */
  checkout(product: string, opts?: CheckoutOptions): Promise<LeaseApi>;
  /** status of every server entry; one that does not answer is a result saying why */
  status(opts?: StatusOptions): Promise<Array<SweepResult<StatusResponse>>>;
  /** the hello of every server entry */
  hello(): Promise<Array<SweepResult<HelloResponse>>>;
  /** renew / return a handle held elsewhere (e.g. by `checkout --detach`); tries each server until one knows it */
  heartbeat(handle: string): Promise<{ endpoint: Endpoint; value: HeartbeatResponse }>;
  checkin(handle: string): Promise<{ endpoint: Endpoint; value: CheckinResponse }>;
  /** admin calls on every server entry */
  reread(): Promise<Array<SweepResult<RereadResponse>>>;
  down(): Promise<Array<SweepResult<DownResponse>>>;
  /** remove a checkout: asks each server until one knows the handle */
  remove(handle: string): Promise<{ endpoint: Endpoint; value: RemoveResponse }>;
  /** apply any call to every server entry (first endpoint of a group that answers) */
  sweep<T>(call: (api: ServerApi) => Promise<T>): Promise<Array<SweepResult<T>>>;
  /** close every connection; leases still held are not checked in */
  close(): Promise<void>;
}
