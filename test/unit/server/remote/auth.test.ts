// Seed 000 §6.2: res = HMAC-SHA256( "<type>:<password>:<name>", "<challenge>" ).
import { describe, expect, it } from 'vitest';
import { authResponse, checkAuthenticate, newChallenge } from '../../../../src/server/adapters/remote/auth.js';

// computed apart from licutil: echo -n c0ffee | openssl dgst -sha256 -hmac "LICENSE:s3cret:LICENSE"
const KNOWN = '8bcb4ed4e599df8b927b1f428bb8bc897bc5fb83ecc406610b3321af6249c113';

describe('remote API authentication', () => {
  it('keys the HMAC with "<type>:<password>:<name>" over the challenge, in hexadecimal', () => {
    expect(authResponse('LICENSE', 's3cret', 'LICENSE', 'c0ffee')).toBe(KNOWN);
  });

  it('accepts the right res (either case) and refuses another', () => {
    const secret = { password: 's3cret', unsecure: false };
    expect(checkAuthenticate({ res: KNOWN }, secret, 'LICENSE', 'LICENSE', 'c0ffee')).toEqual({ ok: true });
    expect(checkAuthenticate({ res: KNOWN.toUpperCase() }, secret, 'LICENSE', 'LICENSE', 'c0ffee')).toEqual({ ok: true });
    expect(checkAuthenticate({ res: KNOWN }, secret, 'LICENSE', 'LICENSE', 'c0ffef')).toMatchObject({ ok: false });
    expect(checkAuthenticate({ res: KNOWN }, secret, 'LICENSE', 'OTHER', 'c0ffee')).toMatchObject({ ok: false });
    expect(checkAuthenticate({ res: KNOWN.slice(1) }, secret, 'LICENSE', 'LICENSE', 'c0ffee')).toMatchObject({ ok: false });
    expect(checkAuthenticate({}, secret, 'LICENSE', 'LICENSE', 'c0ffee')).toMatchObject({ ok: false, error: expect.stringMatching(/res = HMAC-SHA256/) });
  });

  it('"unsecure: If set, allow password to be sent plaintext" — and only then', () => {
    expect(checkAuthenticate({ password: 's3cret' }, { password: 's3cret', unsecure: false }, 'LICENSE', 'LICENSE', 'x')).toMatchObject({ ok: false, error: expect.stringMatching(/unsecure/) });
    expect(checkAuthenticate({ password: 's3cret' }, { password: 's3cret', unsecure: true }, 'LICENSE', 'LICENSE', 'x')).toEqual({ ok: true });
    expect(checkAuthenticate({ password: 'wrong' }, { password: 's3cret', unsecure: true }, 'LICENSE', 'LICENSE', 'x')).toMatchObject({ ok: false });
  });

  it('makes challenges from the random source: 32 bytes as hex', () => {
    expect(newChallenge((n) => new Uint8Array(n).fill(0xab))).toBe('ab'.repeat(32));
  });
});
