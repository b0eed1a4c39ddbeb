// Shared by the signing tests: one key pair per test file, and parse → sign →
// verify in a line.
import type { KeyObject } from 'node:crypto';
import { grants, parseLicense } from '../../../src/licfile/index.js';
import type { GrantStatement, LicenseDocument } from '../../../src/licfile/types.js';
import { generateKeyPair, parsePrivateKey, parsePublicKey } from '../../../src/signing/keys.js';
import { signDocument } from '../../../src/signing/sign.js';
import { verifyDocument, type VerifiedGrant } from '../../../src/signing/verify.js';

export interface Keys {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function makeKeys(): Keys {
  const pair = generateKeyPair();
  return { privateKey: parsePrivateKey(pair.privatePem, 'test.key'), publicKey: parsePublicKey(pair.publicPem, 'test.pub') };
}

export function parse(text: string, file = 'test.lic'): LicenseDocument {
  return parseLicense(text, file);
}

export function grant(doc: LicenseDocument, i = 0): GrantStatement {
  const g = grants(doc)[i];
  if (g === undefined) throw new Error(`no grant ${i} in:\n${doc.text}`);
  return g;
}

/** Signs `text` for `isv` and returns the signed text; the file must read without errors. */
export function signText(text: string, keys: Keys, isv?: string): string {
  const doc = parse(text);
  const errors = doc.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`test license has errors: ${JSON.stringify(errors, null, 2)}`);
  return signDocument(doc, keys.privateKey, isv === undefined ? {} : { isv }).text;
}

/** Every grant of `text` verified with `keys` (whatever its ISV). */
export function verifyText(text: string, keys: Keys | null): VerifiedGrant[] {
  const doc = parse(text);
  return verifyDocument(doc, () => (keys ? { key: keys.publicKey, path: 'test.pub', source: 'pub' } : null));
}

export function statuses(text: string, keys: Keys | null): string[] {
  return verifyText(text, keys).map((v) => `${v.product}:${v.status}`);
}

/** Replaces exactly one occurrence of `from` (the test fails loudly if it is not there once). */
export function edit(text: string, from: string | RegExp, to: string): string {
  const count = typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from.source, `${from.flags.replace('g', '')}g`)) ?? []).length;
  if (count !== 1) throw new Error(`expected one ${String(from)} in the text, found ${count}:\n${text}`);
  return text.replace(from, to);
}
