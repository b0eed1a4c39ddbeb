// What keeps a web page from using the server. A browser on the license host (or
// on any machine that can reach the port) runs pages from anywhere, and those
// pages can send requests here: a no-cors POST, a form, or — after DNS
// rebinding makes evil.example resolve to this server — a same-"origin" read.
// Three checks close that:
//   - Host: every request must name the server by one of the names it answers
//     to (its host names, its addresses, `--allow-host`); a rebinding page's
//     requests carry the attacker's name and are refused, reads included.
//   - POST bodies must be `application/json`: a page can send JSON cross-site
//     only after a CORS preflight, which this server never answers.
//   - admin routes refuse a request whose Origin is not this server's own, or
//     whose Sec-Fetch-Site says another site sent it.
// Each refusal says what was seen and what to do.
import { isIP } from 'node:net';
import type { ErrorCode } from '../../../protocol/errors.js';

export interface BrowserPolicy {
  /** lower-case names and addresses the server answers to; null: any name (`--allow-host '*'`) */
  hosts: ReadonlySet<string> | null;
  /** https: the server's own origin is https://HOST */
  tls: boolean;
}

/** Names every server answers to whatever its configuration: this machine, by loopback. */
export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

/** The default policy of an app built without one (tests in-process): loopback names only. */
export const LOOPBACK_POLICY: BrowserPolicy = { hosts: new Set(LOOPBACK_NAMES), tls: false };

export interface Refusal {
  /** LICUTIL_E_FOREIGN_REQUEST (a name or page the server does not trust) or LICUTIL_E_BAD_REQUEST (not JSON) */
  code: ErrorCode;
  reason: string;
  hint: string;
}

/**
 * The name part of a Host header, lower case, without port, brackets or a
 * trailing dot; null when it is not a well-formed host (then it is refused).
 */
export function hostNameOf(header: string): string | null {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end < 0) return null;
    const rest = h.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    const inner = h.slice(1, end);
    return isIP(inner) === 6 ? inner : null;
  }
  const m = /^([a-z0-9._-]+?)\.?(?::(\d{1,5}))?$/.exec(h);
  return m?.[1] ?? null;
}

/** Host names as given to --allow-host (or found on this machine), in the form hostNameOf returns. */
export function normaliseHostName(name: string): string {
  const n = name.trim().toLowerCase().replace(/\.$/, '');
  return n.startsWith('[') && n.endsWith(']') ? n.slice(1, -1) : n;
}

/** A printable, bounded copy of a header for a message or a log line. */
export function shown(value: string): string {
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(value.slice(0, 120).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?'));
}

/**
 * Refuse a request whose Host header names this server by a name it does not
 * answer to. A request without Host (HTTP/1.0) names nothing and passes: no
 * browser sends one.
 */
export function checkHost(host: string | undefined, policy: BrowserPolicy): Refusal | null {
  if (policy.hosts === null || host === undefined) return null;
  const name = hostNameOf(host);
  if (name !== null && policy.hosts.has(name)) return null;
  return {
    code: 'LICUTIL_E_FOREIGN_REQUEST',
    reason: `this server does not answer to the name ${shown(host)} (Host header); a web page that made a name resolve to this server (DNS rebinding) would send that`,
    hint: 'use one of the server\'s own names or addresses, or start it with --allow-host NAME for an alias it should answer to',
  };
}

/** A POST must carry a JSON body (a page can send one cross-site only after a preflight that never succeeds). */
export function checkJsonPost(method: string, contentType: string | undefined): Refusal | null {
  if (method !== 'POST') return null;
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (media === 'application/json') return null;
  return {
    code: 'LICUTIL_E_BAD_REQUEST',
    reason: `a POST must have Content-Type: application/json (got ${contentType === undefined ? 'none' : shown(contentType)})`,
    hint: 'send the body as JSON with `Content-Type: application/json`; `{}` when the route takes no arguments',
  };
}

/**
 * checkHost and checkJsonPost for every request, remembering the Host headers
 * it accepted: a client sends the same one on every request of a connection,
 * so the name is parsed once, not per request. Only accepted values are kept,
 * and at most a few, so nobody can fill it.
 */
export class RequestGuard {
  private readonly accepted = new Set<string>();

  constructor(private readonly policy: BrowserPolicy) {}

  check(method: string, host: string | undefined, contentType: string | undefined): Refusal | null {
    if (host !== undefined && !this.accepted.has(host)) {
      const refused = checkHost(host, this.policy);
      if (refused !== null) return refused;
      if (this.accepted.size >= 64) this.accepted.clear();
      this.accepted.add(host);
    }
    // the exact form every client of ours sends, before the general reading
    if (method !== 'POST' || contentType === 'application/json') return null;
    return checkJsonPost(method, contentType);
  }
}

/** True when a browser sent the request (it adds Origin or Sec-Fetch-Site; other clients do not). */
export function fromBrowser(headers: { origin?: string | undefined; 'sec-fetch-site'?: string | string[] | undefined }): boolean {
  return headers.origin !== undefined || headers['sec-fetch-site'] !== undefined;
}

/**
 * Refuse an admin request that another site's page sent: Sec-Fetch-Site
 * cross-site or same-site, or an Origin other than this server's own
 * (scheme and Host of this request).
 */
export function checkSameOrigin(
  headers: { origin?: string | undefined; host?: string | undefined; 'sec-fetch-site'?: string | string[] | undefined },
  tls: boolean,
): Refusal | null {
  const site = headers['sec-fetch-site'];
  const siteValue = (Array.isArray(site) ? site.join(',') : site ?? '').toLowerCase();
  if (siteValue.includes('cross-site') || siteValue.includes('same-site')) {
    return {
      code: 'LICUTIL_E_FOREIGN_REQUEST',
      reason: `administration refused: the browser says another site sent this request (Sec-Fetch-Site: ${shown(siteValue)})`,
      hint: 'open the status page of this server itself to administer it, or use `licutil reread`/`licutil remove`',
    };
  }
  const origin = headers.origin;
  if (origin === undefined) return null;
  const own = headers.host === undefined ? null : `${tls ? 'https' : 'http'}://${headers.host.toLowerCase()}`;
  if (own !== null && origin.toLowerCase() === own) return null;
  return {
    code: 'LICUTIL_E_FOREIGN_REQUEST',
    reason: `administration refused: the request came from the page ${shown(origin)}, not from this server's own page`,
    hint: 'open the status page of this server itself to administer it, or use `licutil reread`/`licutil remove`',
  };
}

/** Origins a WebSocket client may send: `*` any, else the listed ones and the server's own names. */
export function checkWebSocketOrigin(origin: string, allowed: readonly string[], policy: BrowserPolicy): Refusal | null {
  if (allowed.includes('*')) return null;
  const o = origin.trim().toLowerCase().replace(/\/$/, '');
  if (allowed.some((a) => a.toLowerCase().replace(/\/$/, '') === o)) return null;
  let name: string | null = null;
  try {
    const u = new URL(o);
    if (u.protocol === 'http:' || u.protocol === 'https:') name = normaliseHostName(u.hostname);
  } catch {
    name = null;
  }
  if (name !== null && (policy.hosts === null || policy.hosts.has(name))) return null;
  return {
    code: 'LICUTIL_E_FOREIGN_REQUEST',
    reason: `Origin ${shown(origin)} is not this server's, so a web page may have opened this connection`,
    hint: 'send an Origin naming this server (e.g. http://127.0.0.1), or start the server with --remote-origin ORIGIN (`*` accepts any, as ltelicense does)',
  };
}
