// The status page's admin sessions: unguessable, never fixed by a cookie the
// server did not issue, short-lived and CSRF-bound (failed sign-ins: guesses.test.ts).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AdminSessions, MAX_SESSIONS, SESSION_TTL_MS } from '../../../../src/server/adapters/web/sessions.js';

function make(tls = false) {
  let now = 1_000;
  const s = new AdminSessions({ nowMs: () => now, randomBytes: (n) => randomBytes(n), tls });
  return { s, tick: (ms: number) => (now += ms) };
}
const idOf = (cookie: string) => /=([^;]*)/.exec(cookie)?.[1] ?? '';

describe('admin sessions', () => {
  it('a cookie of 256 random bits, HttpOnly, SameSite=Strict; Secure and __Host- under TLS', () => {
    const { s } = make();
    const a = s.signIn('127.0.0.1');
    expect(a.cookie).toMatch(/^licutil_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=1800; HttpOnly; SameSite=Strict$/);
    expect(Buffer.from(idOf(a.cookie), 'base64url')).toHaveLength(32);
    expect(make(true).s.signIn('x').cookie).toMatch(/^__Host-licutil_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=1800; HttpOnly; SameSite=Strict; Secure$/);
    const ids = new Set(Array.from({ length: 200 }, () => idOf(s.signIn('127.0.0.1').cookie)));
    expect(ids.size).toBe(200);
  });

  it('admin needs the issued cookie and its own CSRF token; a planted or guessed id is nobody', () => {
    const { s } = make();
    const a = s.signIn('10.0.0.7');
    const b = s.signIn('10.0.0.8');
    const cookie = `other=1; licutil_session=${idOf(a.cookie)}`;
    expect(s.adminOf(cookie, a.csrf)).toBe(a.by);
    expect(a.by).toMatch(/^web session \d+ \(admin token\) from 10\.0\.0\.7$/);
    expect(s.adminOf(cookie, undefined)).toBeUndefined();
    expect(s.adminOf(cookie, b.csrf)).toBeUndefined();
    expect(s.adminOf(cookie, [a.csrf])).toBeUndefined();
    const planted = `licutil_session=${'A'.repeat(43)}`;
    expect(s.viewerOf(planted)).toBeUndefined();
    expect(s.adminOf(`licutil_session=${a.csrf}`, a.csrf)).toBeUndefined();
    // a second sign-in with a planted cookie still gets a fresh id
    expect(idOf(s.signIn('10.0.0.7').cookie)).not.toBe('A'.repeat(43));
  });

  it('ends after 30 minutes, on sign-out, and the oldest past the cap', () => {
    const { s, tick } = make();
    const a = s.signIn('x');
    const c = `licutil_session=${idOf(a.cookie)}`;
    tick(SESSION_TTL_MS - 1);
    expect(s.viewerOf(c)).toBeDefined();
    tick(1);
    expect(s.viewerOf(c)).toBeUndefined();
    const b = s.signIn('x');
    const cb = `licutil_session=${idOf(b.cookie)}`;
    expect(s.signOut(cb)).toBe(b.by);
    expect(s.adminOf(cb, b.csrf)).toBeUndefined();
    const first = s.signIn('x');
    for (let i = 0; i < MAX_SESSIONS; i++) s.signIn('x');
    expect(s.size).toBe(MAX_SESSIONS);
    expect(s.viewerOf(`licutil_session=${idOf(first.cookie)}`)).toBeUndefined();
  });
});
