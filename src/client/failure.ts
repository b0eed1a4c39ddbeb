// Why a server could not be talked to, in words an administrator can act on.
// Both HTTP stacks (node:http and undici) end up here, so the same failure gets
// the same code and sentence whichever one the caller used.
import type { Resolution } from '../licenv/types.js';
import { LicutilError, type ErrorCode } from '../protocol/errors.js';
import type { Endpoint, FailureKind, ServerFailure } from './types.js';

/** A server that could not be talked to: a LicutilError that also says which server and why. */
export class ServerUnavailableError extends LicutilError {
  readonly endpoint: Endpoint;
  readonly kind: FailureKind;

  constructor(endpoint: Endpoint, kind: FailureKind, code: ErrorCode, message: string, hint?: string) {
    super(code, message, hint);
    this.endpoint = endpoint;
    this.kind = kind;
  }

  toFailure(): ServerFailure {
    return { endpoint: this.endpoint, kind: this.kind, error: this };
  }
}

export function isServerUnavailable(e: unknown): e is ServerUnavailableError {
  return e instanceof ServerUnavailableError;
}

/** Error codes (own and causes') of a thrown value: system errors, undici's UND_ERR_*, llhttp's HPE_*. */
function codesOf(e: unknown): string[] {
  const out: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && typeof cur === 'object' && cur !== null; depth++) {
    const o = cur as { code?: unknown; name?: unknown; errors?: unknown; cause?: unknown };
    if (typeof o.code === 'string') out.push(o.code);
    if (typeof o.name === 'string') out.push(o.name);
    // AggregateError from happy-eyeballs connects: the first inner error is as good as any
    if (Array.isArray(o.errors) && o.errors.length > 0) out.push(...codesOf(o.errors[0]));
    cur = o.cause;
  }
  return out;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|EPROTO$|ERR_OSSL)/;

export interface ClassifyContext {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

/** The sentence for a server that answers but does not speak our protocol. */
export function notLicutil(ep: Endpoint, detail: string): ServerUnavailableError {
  return new ServerUnavailableError(
    ep,
    'not-licutil',
    'LICUTIL_E_NOT_LICUTIL',
    `something is listening on ${ep.spec} but it is not a licutil server — a FlexNet or RLM daemon? (${detail})`,
    'check the port: licutil servers answer GET /v1/hello; a FlexNet lmgrd or RLM server needs its own tools',
  );
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** Map anything a request threw to a ServerUnavailableError, or null when it is not a network failure. */
export function classifyNetworkError(e: unknown, ep: Endpoint, ctx: ClassifyContext): ServerUnavailableError | null {
  if (isServerUnavailable(e)) return e;
  const codes = codesOf(e);
  const has = (...c: string[]) => codes.some((x) => c.includes(x));
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA')) {
    const temporary = has('EAI_AGAIN');
    return new ServerUnavailableError(
      ep,
      'dns',
      'LICUTIL_E_HOST_UNKNOWN',
      `cannot resolve the server host name ${ep.host}${temporary ? ' (name service did not answer)' : ''}`,
      temporary
        ? 'the DNS server did not answer; check the network, then try again'
        : `check the spelling of ${ep.host} in the license environment (\`licutil env\` shows where it comes from), or use its IP address`,
    );
  }
  if (has('ECONNREFUSED')) {
    return new ServerUnavailableError(
      ep,
      'refused',
      'LICUTIL_E_REFUSED',
      `nothing listens on ${ep.spec} (connection refused)`,
      `the license server on ${ep.host} is not running, or listens on another port; start it, or fix the port`,
    );
  }
  if (has('LICUTIL_CONNECT_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'ConnectTimeoutError')) {
    return new ServerUnavailableError(
      ep,
      'timeout',
      'LICUTIL_E_CONNECT_TIMEOUT',
      `no connection to ${ep.spec} within ${seconds(ctx.connectTimeoutMs)}`,
      `a firewall may be dropping connections to port ${ep.port}, or ${ep.host} is down; --timeout or RLM_CONNECT_TIMEOUT (seconds) waits longer`,
    );
  }
  if (has('LICUTIL_REQUEST_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'HeadersTimeoutError', 'BodyTimeoutError')) {
    return new ServerUnavailableError(
      ep,
      'timeout',
      'LICUTIL_E_CONNECT_TIMEOUT',
      `${ep.spec} accepted the connection but did not answer within ${seconds(ctx.requestTimeoutMs)}`,
      'the server is overloaded or hung; --timeout waits longer',
    );
  }
  if (has('EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL')) {
    return new ServerUnavailableError(
      ep,
      'unreachable',
      'LICUTIL_E_UNREACHABLE',
      `${ep.host} cannot be reached (${codes.find((c) => c.startsWith('E')) ?? 'no route'})`,
      'check the network route to the server (VPN, routing, the address in the license environment)',
    );
  }
  if (codes.some((c) => TLS_CODE.test(c))) {
    return new ServerUnavailableError(
      ep,
      'tls',
      'LICUTIL_E_TLS',
      `TLS with ${ep.spec} failed: ${messageOf(e)}`,
      ep.tls
        ? 'check the server certificate; LICUTIL_TLS_CA=FILE (the tls.ca option) trusts a private CA'
        : 'the server speaks TLS: set LICUTIL_TLS=1 (the tls option of connect())',
    );
  }
  if (codes.some((c) => c.startsWith('HPE_')) || has('UND_ERR_INFO', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH')) {
    return notLicutil(ep, 'its answer is not HTTP');
  }
  if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'SocketError', 'UND_ERR_CLOSED')) {
    return new ServerUnavailableError(
      ep,
      'closed',
      'LICUTIL_E_CONNECTION_CLOSED',
      `${ep.spec} closed the connection without answering`,
      ep.tls
        ? 'the server may be restarting; try again'
        : 'the server may be restarting, may serve TLS only (then set LICUTIL_TLS=1), or is not a licutil server; `licutil lmdiag -n` checks',
    );
  }
  return null;
}

/**
 * "The license environment names no server": the one sentence for it, on every
 * road (`what`: "ask for status", "check out from", ...). With the resolution,
 * it says where it looked and whether license files lacked HOST lines.
 */
export function noServerError(what: string, resolution?: Resolution): LicutilError {
  const looked = resolution ? resolution.searched.join(', ') || 'nothing' : null;
  const files = resolution ? resolution.sources.filter((s) => s.kind !== 'server').length : 0;
  const problems = resolution ? resolution.sources.flatMap((s) => s.problems.map((p) => `${s.spec}: ${p}`)) : [];
  const detail = [looked !== null ? `looked at ${looked}` : null, files > 0 ? 'its license files have no HOST or SERVER line' : null, ...problems].filter((x) => x !== null);
  return new LicutilError(
    'LICUTIL_E_NO_SOURCE',
    `no license server to ${what}: the license environment names none${detail.length > 0 ? ` (${detail.join('; ')})` : ''}`,
    'pass -c PORT@HOST (e.g. -c 5053@licserver) or set RLM_LICENSE=PORT@HOST; `licutil env` shows what is found; to read license files without a server, use `licutil stat -i`',
  );
}

/** One error for "no server answered": the server's own when there was one, else a summary. */
export function unavailable(failures: LicutilError[], what: string): LicutilError {
  const [only] = failures;
  if (failures.length === 1 && only) return only;
  if (failures.length === 0) return noServerError(what);
  // every server answered, each too busy to hold another wait: temporary (75), not "no server answered" (69)
  if (only && failures.every((f) => f.code === 'LICUTIL_E_SERVER_BUSY')) return only;
  const list = failures.map((f) => (isServerUnavailable(f) ? `${f.endpoint.spec}: ${f.message}` : f.message)).join('; ');
  return new LicutilError('LICUTIL_E_UNAVAILABLE', `no license server answered (${list})`, 'start the server or fix the addresses in the license environment; `licutil lmdiag -n` tests each step');
}
