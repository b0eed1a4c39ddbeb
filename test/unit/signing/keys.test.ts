// Key pairs, reading keys with errors that name the file, and where an ISV's
// public key is found (--pub, LICUTIL_KEYS, beside the license file).
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LicutilError } from '../../../src/protocol/errors.js';
import { findPublicKey, generateKeyPair, isvFromKeyFile, parsePrivateKey, parsePublicKey, type KeyFs } from '../../../src/signing/keys.js';

function thrown(f: () => unknown): LicutilError {
  try {
    f();
  } catch (e) {
    if (e instanceof LicutilError) return e;
    throw e;
  }
  throw new Error('expected a LicutilError');
}

const memFs = (files: Record<string, string>): KeyFs & { reads: string[] } => {
  const reads: string[] = [];
  return {
    reads,
    readText(file) {
      reads.push(file);
      return files[path.normalize(file)];
    },
  };
};

describe('generateKeyPair', () => {
  it('makes an Ed25519 pair as PKCS#8 and SPKI PEM whose halves belong together', () => {
    const pair = generateKeyPair();
    expect(pair.privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(pair.publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const priv = parsePrivateKey(pair.privatePem, 'a.key');
    const pub = parsePublicKey(pair.publicPem, 'a.pub');
    expect(priv.asymmetricKeyType).toBe('ed25519');
    expect(parsePublicKey(pair.privatePem, 'a.key').export({ type: 'spki', format: 'pem' })).toBe(pub.export({ type: 'spki', format: 'pem' }));
    expect(generateKeyPair().publicPem).not.toBe(pair.publicPem);
  });
});

describe('reading keys', () => {
  it('says which file is not PEM', () => {
    const e = thrown(() => parsePrivateKey('hello', 'keys/acme.key'));
    expect(e.code).toBe('LICUTIL_E_KEY');
    expect(e.message).toBe('keys/acme.key: not a PEM private key (no "-----BEGIN ...-----" line)');
    expect(thrown(() => parsePublicKey('', 'acme.pub')).message).toMatch(/^acme\.pub: not a PEM public key/);
  });

  it('refuses keys that are not Ed25519, naming the file and the type', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const e = thrown(() => parsePrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'rsa.key'));
    expect(e.code).toBe('LICUTIL_E_KEY');
    expect(e.message).toBe('rsa.key: the private key is rsa, licutil signs with Ed25519 keys only');
    const pub = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(thrown(() => parsePublicKey(pub, 'rsa.pub')).message).toBe('rsa.pub: the public key is rsa, licutil signs with Ed25519 keys only');
  });

  it('tells someone who passes the public key to sign what to pass instead', () => {
    const e = thrown(() => parsePrivateKey(generateKeyPair().publicPem, 'acme.pub'));
    expect(e.code).toBe('LICUTIL_E_KEY');
    expect(e.message).toBe('acme.pub: this is a public key; signing needs the private key');
  });

  it('reports a damaged PEM body', () => {
    const e = thrown(() => parsePublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', 'bad.pub'));
    expect(e.code).toBe('LICUTIL_E_KEY');
    expect(e.message).toMatch(/^bad\.pub: the public key cannot be read/);
  });

  it('names the ISV after the key file', () => {
    expect(isvFromKeyFile('/x/keys/acme.key')).toBe('acme');
    expect(isvFromKeyFile('acme.pub')).toBe('acme');
    expect(isvFromKeyFile('vendor.pem')).toBe('vendor');
    expect(isvFromKeyFile('plain')).toBe('plain');
  });
});

describe('findPublicKey', () => {
  const a = generateKeyPair().publicPem;
  const b = generateKeyPair().publicPem;
  const c = generateKeyPair().publicPem;
  const files = {
    [path.normalize('/cli/acme.pub')]: a,
    [path.normalize('/keys/acme.pub')]: b,
    [path.normalize('/lic/acme.pub')]: c,
    [path.normalize('/keys/other.pub')]: b,
  };
  const pem = (f: { key: { export: (o: { type: 'spki'; format: 'pem' }) => string | Buffer } } | null) =>
    f?.key.export({ type: 'spki', format: 'pem' }).toString();

  it('looks at --pub first, then LICUTIL_KEYS, then beside the license file', () => {
    const fs = memFs(files);
    const all = { pubFile: '/cli/acme.pub', keysDir: '/keys', licenseFile: '/lic/site.lic' };
    expect(findPublicKey('acme', all, fs)).toMatchObject({ path: '/cli/acme.pub', source: 'pub' });
    expect(pem(findPublicKey('acme', all, fs))).toBe(a);
    expect(findPublicKey('acme', { keysDir: '/keys', licenseFile: '/lic/site.lic' }, fs)).toMatchObject({ path: path.join('/keys', 'acme.pub'), source: 'keys-dir' });
    expect(findPublicKey('acme', { licenseFile: '/lic/site.lic' }, fs)).toMatchObject({ path: path.join('/lic', 'acme.pub'), source: 'beside-license' });
    expect(pem(findPublicKey('acme', { licenseFile: '/lic/site.lic' }, fs))).toBe(c);
  });

  it('uses a --pub file only for the ISV its name says, unless told the ISV', () => {
    const fs = memFs(files);
    expect(findPublicKey('other', { pubFile: '/cli/acme.pub' }, fs)).toBeNull();
    expect(findPublicKey('other', { pubFile: '/cli/acme.pub', pubIsv: 'other' }, fs)).toMatchObject({ path: '/cli/acme.pub', source: 'pub' });
    expect(findPublicKey('other', { pubFile: ['/cli/acme.pub', '/keys/other.pub'] }, fs)).toMatchObject({ path: '/keys/other.pub' });
  });

  it('matches the ISV without case (ISV names are case-insensitive)', () => {
    expect(findPublicKey('ACME', { keysDir: '/keys' }, memFs(files))).toMatchObject({ source: 'keys-dir' });
  });

  it('returns null when there is no key anywhere', () => {
    expect(findPublicKey('nobody', { keysDir: '/keys', licenseFile: '/lic/x.lic' }, memFs(files))).toBeNull();
    expect(findPublicKey('acme', {}, memFs(files))).toBeNull();
  });

  it('treats a missing --pub file as an error: it was asked for', () => {
    const e = thrown(() => findPublicKey('acme', { pubFile: '/nowhere/acme.pub', keysDir: '/keys' }, memFs(files)));
    expect(e.code).toBe('LICUTIL_E_KEY');
    expect(e.message).toBe('/nowhere/acme.pub: no such public key file');
  });

  it('reports a key file in LICUTIL_KEYS that is not a key, rather than skipping it silently', () => {
    const fs = memFs({ [path.normalize('/keys/acme.pub')]: 'not a key' });
    expect(thrown(() => findPublicKey('acme', { keysDir: '/keys' }, fs)).message).toMatch(/^\/keys\/acme\.pub: not a PEM public key/);
  });
});
