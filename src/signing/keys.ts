// Ed25519 key pairs in PEM, and where an ISV's public key is found. File access
// goes through the small KeyFs interface (src/signing/node-io.ts is the real
// one), so discovery is tested without a disk.
import { nodeCrypto, type KeyObject } from './crypto.js';
import path from 'node:path';
import { LicutilError } from '../protocol/errors.js';

interface KeyPairPem {
  /** PKCS#8 PEM */
  privatePem: string;
  /** SPKI PEM */
  publicPem: string;
}

export function generateKeyPair(): KeyPairPem {
  const { privateKey, publicKey } = nodeCrypto().generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----/;

function notPem(file: string, what: string): LicutilError {
  return new LicutilError(
    'LICUTIL_E_KEY',
    `${file}: not a PEM ${what} (no "-----BEGIN ...-----" line)`,
    'use the files written by `licutil sign keygen`',
  );
}

function checkEd25519(key: KeyObject, file: string, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new LicutilError(
      'LICUTIL_E_KEY',
      `${file}: the ${what} is ${key.asymmetricKeyType ?? 'of an unknown type'}, licutil signs with Ed25519 keys only`,
      'make a key pair with `licutil sign keygen --isv NAME`',
    );
  }
  return key;
}

/** A private key from PEM text; `file` names it in errors. */
export function parsePrivateKey(pem: string, file: string): KeyObject {
  const m = PEM.exec(pem);
  if (!m) throw notPem(file, 'private key');
  if (m[1] === 'PUBLIC KEY') {
    throw new LicutilError('LICUTIL_E_KEY', `${file}: this is a public key; signing needs the private key`, 'pass the NAME.key file written by `licutil sign keygen`, not NAME.pub');
  }
  let key: KeyObject;
  try {
    key = nodeCrypto().createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    throw new LicutilError('LICUTIL_E_KEY', `${file}: the private key cannot be read (${e instanceof Error ? e.message : String(e)})`, 'use the NAME.key file written by `licutil sign keygen`; encrypted keys are not supported');
  }
  return checkEd25519(key, file, 'private key');
}

/** A public key from PEM text (a private key is accepted too: its public half is used). */
export function parsePublicKey(pem: string, file: string): KeyObject {
  if (!PEM.test(pem)) throw notPem(file, 'public key');
  let key: KeyObject;
  try {
    key = nodeCrypto().createPublicKey({ key: pem, format: 'pem' });
  } catch (e) {
    throw new LicutilError('LICUTIL_E_KEY', `${file}: the public key cannot be read (${e instanceof Error ? e.message : String(e)})`, 'use the NAME.pub file written by `licutil sign keygen`');
  }
  return checkEd25519(key, file, 'public key');
}

/** The ISV a key file is for, from its name: `keys/acme.key` → `acme`. */
export function isvFromKeyFile(file: string): string {
  return path.basename(file).replace(/\.(key|pub|pem)$/i, '');
}

/** Reads a text file; undefined when it does not exist. Other failures throw. */
export interface KeyFs {
  readText(file: string): string | undefined;
}

export interface KeySearch {
  /**
   * Public key files given on the command line (`--pub`). Each one is the key of
   * the ISV its file name says (`acme.pub` → acme), or of `pubIsv` when that is given.
   */
  pubFile?: string | readonly string[] | undefined;
  /** the ISV the --pub file belongs to, when its file name does not say */
  pubIsv?: string | undefined;
  /** directory of `<isv>.pub` files (LICUTIL_KEYS) */
  keysDir?: string | undefined;
  /** the license file being checked: `<isv>.pub` beside it is the last place looked */
  licenseFile?: string | undefined;
}

export interface FoundKey {
  key: KeyObject;
  path: string;
  /** how it was found */
  source: 'pub' | 'keys-dir' | 'beside-license';
}

function loadPublic(fs: KeyFs, file: string, required: boolean): KeyObject | null {
  const text = fs.readText(file);
  if (text === undefined) {
    if (!required) return null;
    throw new LicutilError('LICUTIL_E_KEY', `${file}: no such public key file`, 'check the --pub path, or make the key pair with `licutil sign keygen`');
  }
  return parsePublicKey(text, file);
}

const asList = (v: string | readonly string[] | undefined): readonly string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : v);

/**
 * The public key of `isv`: a --pub file for that ISV, else `<isv>.pub` in the
 * LICUTIL_KEYS directory, else `<isv>.pub` beside the license file; null when
 * none exists. A --pub file that is missing or not an Ed25519 key is an error
 * (it was asked for); elsewhere a missing file just means "look further".
 */
export function findPublicKey(isv: string, search: KeySearch, fs: KeyFs): FoundKey | null {
  const want = isv.toLowerCase();
  const pubs = asList(search.pubFile);
  for (const file of pubs) {
    const owner = (search.pubIsv ?? isvFromKeyFile(file)).toLowerCase();
    if (owner === want) {
      const key = loadPublic(fs, file, true);
      if (key) return { key, path: file, source: 'pub' };
    }
  }
  const names = [...new Set([`${isv}.pub`, `${want}.pub`])];
  const dirs: Array<[string, FoundKey['source']]> = [];
  if (search.keysDir) dirs.push([search.keysDir, 'keys-dir']);
  if (search.licenseFile) dirs.push([path.dirname(search.licenseFile), 'beside-license']);
  for (const [dir, source] of dirs) {
    for (const name of names) {
      const file = path.join(dir, name);
      const key = loadPublic(fs, file, false);
      if (key) return { key, path: file, source };
    }
  }
  return null;
}
