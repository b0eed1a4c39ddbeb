// Authentication of the remote API (seed 000 §6.2, "Startup"):
//
//   res = HMAC-SHA256( "<type>:<password>:<name>", "<challenge>" )
//
// HMAC(K, m) in the standard notation: the key is "<type>:<password>:<name>",
// the message is the challenge, and `res` is the digest written as lower-case
// hexadecimal (upper case is accepted too). A challenge is used once: a wrong
// answer gets a new one.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** 32 random bytes as 64 hex digits: unguessable and never reused. */
export function newChallenge(random: (n: number) => Uint8Array): string {
  return Buffer.from(random(32)).toString('hex');
}

export function authResponse(type: string, password: string, name: string, challenge: string): string {
  return createHmac('sha256', `${type}:${password}:${name}`).update(challenge).digest('hex');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  // compare in constant time; a length difference says nothing about the password
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface AuthSecret {
  password: string;
  /** com_auth.unsecure: the client may send `password` in plain text instead of `res` */
  unsecure: boolean;
}

type AuthCheck = { ok: true } | { ok: false; error: string };

/** Checks an `authenticate` request against the challenge it answers. */
export function checkAuthenticate(body: Record<string, unknown>, secret: AuthSecret, type: string, name: string, challenge: string): AuthCheck {
  if (typeof body.res === 'string') {
    const want = authResponse(type, secret.password, name, challenge);
    return sameText(body.res.toLowerCase(), want) ? { ok: true } : { ok: false, error: 'Authentication failed' };
  }
  if (typeof body.password === 'string') {
    if (!secret.unsecure) return { ok: false, error: 'Plain-text password refused (com_auth.unsecure is not set); answer the challenge with res' };
    return sameText(body.password, secret.password) ? { ok: true } : { ok: false, error: 'Authentication failed' };
  }
  return { ok: false, error: 'authenticate needs res = HMAC-SHA256("<type>:<password>:<name>", "<challenge>") in hexadecimal' };
}
