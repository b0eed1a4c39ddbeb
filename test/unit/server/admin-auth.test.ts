import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideAdmin, digestToken, isLoopbackAddress, socketRemoteAddress, type AdminPolicy } from '../../../src/server/adapters/http/admin-auth.js';

const TOKEN = 'correct-horse-battery-staple-0123';
const withToken: AdminPolicy = { tokenDigest: digestToken(TOKEN), loopbackIsAdmin: true };
const noToken: AdminPolicy = { tokenDigest: null, loopbackIsAdmin: true };

describe('remote address seam', () => {
  it('reads the socket peer and nothing else', () => {
    expect(socketRemoteAddress({ socket: { remoteAddress: '10.0.0.7' } })).toBe('10.0.0.7');
    expect(socketRemoteAddress({ socket: null })).toBeUndefined();
    // a header object on the request is invisible to the seam: X-Forwarded-For cannot lie its way in
    const req = { socket: { remoteAddress: '10.0.0.7' }, headers: { 'x-forwarded-for': '127.0.0.1' } };
    expect(socketRemoteAddress(req)).toBe('10.0.0.7');
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['::FFFF:127.0.0.1', true],
    ['10.0.0.1', false],
    ['192.0.2.2', false],
    ['::ffff:10.0.0.1', false],
    ['fe80::1%lo', false],
    ['128.0.0.1', false],
    ['localhost', false],
    ['127.0.0.1.evil.example', false],
    ['', false],
    [undefined, false],
  ])('isLoopbackAddress(%s) = %s', (addr, want) => {
    expect(isLoopbackAddress(addr)).toBe(want);
  });
});

describe('admin decision (issue 4: loopback allowed; elsewhere only with the bearer token; no default credentials)', () => {
  it('allows loopback without a token', () => {
    expect(decideAdmin('127.0.0.1', undefined, noToken)).toEqual({ allowed: true, via: 'loopback' });
    expect(decideAdmin('::1', undefined, withToken)).toEqual({ allowed: true, via: 'loopback' });
  });

  it('refuses a non-loopback caller when no token is configured, even if it sends one', () => {
    const d = decideAdmin('10.1.2.3', `Bearer ${TOKEN}`, noToken);
    expect(d.allowed).toBe(false);
    if (!d.allowed) {
      expect(d.reason).toMatch(/10\.1\.2\.3/);
      expect(d.reason).toMatch(/no admin token configured/);
      expect(d.hint).toMatch(/--admin-token-file/);
    }
  });

  it('refuses without a header, with a malformed header, and with a wrong token of the right length', () => {
    const wrongSameLength = TOKEN.replace(/.$/, 'X');
    expect(wrongSameLength.length).toBe(TOKEN.length);
    for (const [auth, why] of [
      [undefined, /no Authorization header/],
      ['Basic abc', /not of the form/],
      [`Bearer ${TOKEN}\r\nX-Admin: 1`, /not of the form/],
      [`Bearer  `, /not of the form/],
      [`Bearer ${wrongSameLength}`, /does not match/],
      [`Bearer ${TOKEN}x`, /does not match/],
    ] as const) {
      const d = decideAdmin('192.0.2.2', auth, withToken);
      expect(d.allowed, String(auth)).toBe(false);
      if (!d.allowed) expect(d.reason).toMatch(why);
    }
  });

  it('accepts the right token from anywhere, scheme case-insensitive', () => {
    expect(decideAdmin('192.0.2.2', `Bearer ${TOKEN}`, withToken)).toEqual({ allowed: true, via: 'token' });
    expect(decideAdmin('192.0.2.2', `bearer ${TOKEN}`, withToken)).toEqual({ allowed: true, via: 'token' });
    expect(decideAdmin('192.0.2.2', [`Bearer ${TOKEN}`, 'Bearer nope'], withToken)).toEqual({ allowed: true, via: 'token' });
  });

  it('with loopbackIsAdmin off, loopback needs the token too', () => {
    const strict = { ...withToken, loopbackIsAdmin: false };
    expect(decideAdmin('127.0.0.1', undefined, strict).allowed).toBe(false);
    expect(decideAdmin('127.0.0.1', `Bearer ${TOKEN}`, strict).allowed).toBe(true);
  });

  it('property: no header value other than the exact token admits a non-loopback caller', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.ipV4().filter((a) => !a.startsWith('127.')), (auth, ip) => {
        const d = decideAdmin(ip, auth, withToken);
        const exact = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(auth)?.[1] === TOKEN;
        expect(d.allowed).toBe(exact);
      }),
      { numRuns: 2000 },
    );
  });
});
