// Who may administer the server (reread, remove, down). Loopback callers may;
// anyone else needs the bearer token the administrator configured. There are no
// default credentials: without --admin-token-file only loopback is admin.
//
// "Where does this request come from" is one small seam (RemoteAddressOf) so it
// can be tested on its own and replaced in tests with a fake address. It reads
// the socket's peer address and nothing else — never X-Forwarded-For or any
// other header a client controls.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** The part of a request the seam looks at: the TCP peer, as the kernel reported it. */
interface PeerSource {
  socket?: { remoteAddress?: string | undefined } | null | undefined;
}

export type RemoteAddressOf = (req: PeerSource) => string | undefined;

/** The default seam: the socket's peer address. */
export const socketRemoteAddress: RemoteAddressOf = (req) => req.socket?.remoteAddress ?? undefined;

/** 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. Anything unparsable is not loopback. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  let a = address.trim().toLowerCase();
  // a zone id (fe80::1%eth0) is never loopback, but strip it before isIP
  const pct = a.indexOf('%');
  if (pct >= 0) a = a.slice(0, pct);
  if (a.startsWith('::ffff:') && isIP(a.slice(7)) === 4) a = a.slice(7);
  const kind = isIP(a);
  if (kind === 4) return a.split('.')[0] === '127';
  if (kind === 6) return a === '::1' || a === '0:0:0:0:0:0:0:1';
  return false;
}

type AdminDecision =
  | { allowed: true; via: 'loopback' | 'token' }
  | { allowed: false; reason: string; hint: string; retryAfterSeconds?: number };

/** The part of the guessing limit (adapters/guesses.ts) the token check uses. */
interface TokenGuesses {
  lockedFor(address: string | undefined): number | null;
  failed(address: string | undefined, what: string, who: string): number | null;
}

export interface AdminPolicy {
  /** SHA-256 of the configured token, or null when no token is configured */
  tokenDigest: Buffer | null;
  /** allow loopback callers without a token (default true; off behind a local reverse proxy) */
  loopbackIsAdmin: boolean;
}

export function digestToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

const BEARER = /^Bearer[ \t]+([\x21-\x7e]+)[ \t]*$/i;

/** Compares digests (always 32 bytes), so neither length nor content leaks through timing. */
function tokenMatches(presented: string, expected: Buffer): boolean {
  return timingSafeEqual(digestToken(presented), expected);
}

/**
 * Decide whether a request may administer the server. `authorization` is the
 * raw header value (Node gives the first of duplicated Authorization headers).
 */
export function decideAdmin(
  remoteAddress: string | undefined,
  authorization: string | string[] | undefined,
  policy: AdminPolicy,
): AdminDecision {
  if (policy.loopbackIsAdmin && isLoopbackAddress(remoteAddress)) return { allowed: true, via: 'loopback' };
  const where = remoteAddress ? `from ${remoteAddress}` : 'from an unknown address';
  if (policy.tokenDigest === null) {
    return {
      allowed: false,
      reason: policy.loopbackIsAdmin
        ? `administration is allowed only from this machine (loopback); this request came ${where} and the server has no admin token configured`
        : `this server has no admin token configured, so nobody can administer it over the network (request came ${where})`,
      hint: 'run the command on the server host, or start the server with --admin-token-file FILE and send `Authorization: Bearer <token>`',
    };
  }
  if (authorization === undefined) {
    return {
      allowed: false,
      reason: `administration ${where} needs the admin token, and the request carried no Authorization header`,
      hint: 'send `Authorization: Bearer <token>` with the token from the server\'s --admin-token-file',
    };
  }
  const value = Array.isArray(authorization) ? authorization[0] ?? '' : authorization;
  const m = BEARER.exec(value);
  if (!m || m[1] === undefined) {
    return {
      allowed: false,
      reason: `administration ${where}: the Authorization header is not of the form \`Bearer <token>\``,
      hint: 'send `Authorization: Bearer <token>` (one token of printable characters, no spaces)',
    };
  }
  if (!tokenMatches(m[1], policy.tokenDigest)) {
    return {
      allowed: false,
      reason: `administration ${where}: the admin token does not match`,
      hint: 'use the token in the server\'s --admin-token-file',
    };
  }
  return { allowed: true, via: 'token' };
}

/**
 * decideAdmin for a request that carries a token, with wrong tokens counted as
 * guesses per address like license passwords: every route that checks the token
 * (admin routes, heartbeat/checkin by id, status's protected pools) is an oracle
 * for it. A locked address is refused before its token is looked at (the right
 * one too, or the lock would not slow guessing); `retryAfterSeconds` says so.
 */
export function decideAdminCounted(
  remoteAddress: string | undefined,
  authorization: string | string[] | undefined,
  policy: AdminPolicy,
  guesses: TokenGuesses | undefined,
): AdminDecision {
  const byToken = authorization !== undefined && policy.tokenDigest !== null && !(policy.loopbackIsAdmin && isLoopbackAddress(remoteAddress));
  if (byToken) {
    const wait = guesses?.lockedFor(remoteAddress) ?? null;
    if (wait !== null) {
      return {
        allowed: false,
        reason: `too many wrong admin tokens from ${remoteAddress ?? 'an unknown address'}: try again in ${wait} s`,
        hint: "use the token in the server's --admin-token-file; the lock ends by itself, and each further wrong one doubles it",
        retryAfterSeconds: wait,
      };
    }
  }
  const d = decideAdmin(remoteAddress, authorization, policy);
  if (byToken && !d.allowed) guesses?.failed(remoteAddress, 'admin token', remoteAddress ?? 'unknown address');
  return d;
}
