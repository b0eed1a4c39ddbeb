// Administrator sessions of the status page. The admin token is typed once into
// the page and exchanged for a session: a cookie of 256 random bits (HttpOnly,
// SameSite=Strict, Secure under TLS) that lives 30 minutes, and a CSRF token the
// page sends back in a header with every action. Unlike RLM's web admin
// (CVE-2021-44151: 4–8 hex digits), an id cannot be guessed, and one the server
// did not issue is ignored, so a planted cookie (fixation) gives nothing: each
// sign-in makes a new id. The server keeps only SHA-256 digests of the ids.
// Failed sign-ins count toward the server's one guessing limit per address
// (adapters/guesses.ts, applied by the sign-in route).
import { createHash, timingSafeEqual } from 'node:crypto';

const SESSION_BYTES = 32;
export const SESSION_TTL_MS = 30 * 60_000;
/** sessions kept at once; signing in past that ends the oldest */
export const MAX_SESSIONS = 64;

interface SessionDeps {
  /** monotonic milliseconds */
  nowMs: () => number;
  randomBytes: (n: number) => Buffer;
  /** https: the cookie is Secure and __Host- prefixed */
  tls: boolean;
}

interface Session {
  csrf: string;
  expiresMs: number;
  /** who, for the report log: "web session 3 (admin token) from 10.0.0.7" */
  by: string;
}

interface SignedIn {
  /** the Set-Cookie header value */
  cookie: string;
  csrf: string;
  by: string;
}

interface Viewer {
  csrf: string;
  by: string;
}

function digest(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('base64url');
}

/** constant time on equal lengths; a wrong length is not a secret */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export class AdminSessions {
  readonly cookieName: string;
  private readonly sessions = new Map<string, Session>();
  private serial = 0;

  constructor(private readonly d: SessionDeps) {
    // __Host-: the browser refuses the cookie unless Secure, Path=/ and no Domain, so no
    // sibling host can set it
    this.cookieName = d.tls ? '__Host-licutil_session' : 'licutil_session';
  }

  signIn(address: string): SignedIn {
    this.sweep();
    while (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    const id = this.d.randomBytes(SESSION_BYTES).toString('base64url');
    const csrf = this.d.randomBytes(SESSION_BYTES).toString('base64url');
    this.serial += 1;
    const by = `web session ${this.serial} (admin token) from ${address}`;
    this.sessions.set(digest(id), { csrf, expiresMs: this.d.nowMs() + SESSION_TTL_MS, by });
    return { cookie: this.cookie(id, SESSION_TTL_MS / 1000), csrf, by };
  }

  /** The Set-Cookie value that makes the browser forget the session. */
  clearCookie(): string {
    return this.cookie('', 0);
  }

  /** Ends the session the cookie names; returns who it was. */
  signOut(cookieHeader: string | undefined): string | undefined {
    for (const id of this.idsIn(cookieHeader)) {
      const key = digest(id);
      const s = this.sessions.get(key);
      if (s) {
        this.sessions.delete(key);
        return s.by;
      }
    }
    return undefined;
  }

  /** The live session the cookie names, for rendering the page. */
  viewerOf(cookieHeader: string | undefined): Viewer | undefined {
    const now = this.d.nowMs();
    for (const id of this.idsIn(cookieHeader)) {
      const key = digest(id);
      const s = this.sessions.get(key);
      if (!s) continue;
      if (s.expiresMs <= now) {
        this.sessions.delete(key);
        continue;
      }
      return { csrf: s.csrf, by: s.by };
    }
    return undefined;
  }

  /** Who is acting, when the cookie names a live session and the CSRF header is its token. */
  adminOf(cookieHeader: string | undefined, csrfHeader: string | string[] | undefined): string | undefined {
    if (typeof csrfHeader !== 'string') return undefined;
    const v = this.viewerOf(cookieHeader);
    return v && sameText(v.csrf, csrfHeader) ? v.by : undefined;
  }

  get size(): number {
    return this.sessions.size;
  }

  private cookie(value: string, maxAgeS: number): string {
    return `${this.cookieName}=${value}; Path=/; Max-Age=${maxAgeS}; HttpOnly; SameSite=Strict${this.d.tls ? '; Secure' : ''}`;
  }

  /** every value of our cookie in a Cookie header (a sibling site may have added another) */
  private idsIn(header: string | undefined): string[] {
    if (!header) return [];
    const out: string[] = [];
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== this.cookieName) continue;
      const v = part.slice(eq + 1).trim();
      if (/^[A-Za-z0-9_-]{43}$/.test(v)) out.push(v);
    }
    return out;
  }

  private sweep(): void {
    const now = this.d.nowMs();
    for (const [k, s] of this.sessions) if (s.expiresMs <= now) this.sessions.delete(k);
  }
}
