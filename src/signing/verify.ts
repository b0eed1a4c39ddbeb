// Whether a license line carries a licutil signature and whether it still matches
// the line (and, for counted licenses, the server it is in). Signatures of other
// tools are recognised and reported as such: never valid, never invalid.
import { nodeCrypto, type KeyObject } from './crypto.js';
import type { Attribute, GrantStatement, LicenseDocument } from '../licfile/types.js';
import { canonicalPayload, isCounted } from './canonical.js';
import { decodeSignature, isLicutilSignature } from './encoding.js';
import type { FoundKey, KeyFs, KeySearch } from './keys.js';
import { findPublicKey } from './keys.js';

export type SignatureStatus = 'valid' | 'invalid' | 'unsigned' | 'foreign' | 'unchecked';

export interface GrantVerification {
  status: SignatureStatus;
  detail: string;
}

export const DETAIL_INVALID = 'signature does not match — the line was edited or belongs to another server';

type SignatureKind =
  | { kind: 'licutil'; attr: Attribute }
  | { kind: 'foreign'; what: 'FlexLM SIGN=' | 'RLM signature' | 'license key' }
  | { kind: 'none' };

/** Which signature a line carries. A licutil `sig=` wins over anything else on the line. */
export function signatureOf(stmt: GrantStatement): SignatureKind {
  const ours = stmt.attrs.find((a) => a.name === 'sig' && a.value !== null && isLicutilSignature(a.value));
  if (ours) return { kind: 'licutil', attr: ours };
  if (stmt.attrs.some((a) => a.name === 'sign' || a.name === 'sign2' || a.name === 'auth')) return { kind: 'foreign', what: 'FlexLM SIGN=' };
  if (stmt.attrs.some((a) => a.name === 'sig')) return { kind: 'foreign', what: 'RLM signature' };
  if (stmt.key !== null || stmt.attrs.some((a) => a.name === 'key')) return { kind: 'foreign', what: 'license key' };
  return { kind: 'none' };
}

/** A PACKAGE line (or a line outside any read file) is never checked: licutil signs LICENSE/UPGRADE lines only, and a vendor's SIGN= on a PACKAGE is foreign. */
export const PACKAGE_VERDICT: GrantVerification = { status: 'unchecked', detail: 'not checked (PACKAGE lines are not signed by licutil)' };

/** Checks one LICENSE/UPGRADE line against `publicKey` (null: the ISV's key is not known). */
export function verifyGrant(doc: LicenseDocument, stmt: GrantStatement, publicKey: KeyObject | null): GrantVerification {
  const sig = signatureOf(stmt);
  if (sig.kind === 'none') return { status: 'unsigned', detail: 'not signed' };
  if (sig.kind === 'foreign') return { status: 'foreign', detail: `not verifiable here (${sig.what})` };
  const decoded = decodeSignature(sig.attr.value ?? '');
  if (decoded.kind === 'damaged') return { status: 'invalid', detail: `signature is damaged: ${decoded.reason}` };
  if (decoded.kind === 'foreign') return { status: 'foreign', detail: 'not verifiable here (RLM signature)' };
  if (!publicKey) return { status: 'unchecked', detail: `not checked (no public key for ISV ${stmt.isv})` };
  const payload = Buffer.from(canonicalPayload(doc, stmt), 'utf8');
  let ok: boolean;
  try {
    ok = nodeCrypto().verify(null, payload, publicKey, decoded.bytes);
  } catch {
    ok = false;
  }
  if (ok) return { status: 'valid', detail: 'signature matches' };
  const noServer = isCounted(stmt.count) && !doc.statements.some((s) => s.kind === 'host');
  return { status: 'invalid', detail: noServer ? `${DETAIL_INVALID} (this counted license has no HOST line here)` : DETAIL_INVALID };
}

export interface VerifiedGrant extends GrantVerification {
  file: string;
  /** 1-based first and last physical line of the statement */
  line: number;
  endLine: number;
  kind: GrantStatement['kind'];
  isv: string;
  product: string;
  version: string;
  /** the public key file used, when there was one */
  keyPath: string | null;
}

/** Finds the public key for an ISV of a license file; null when there is none. */
export type KeyLookup = (isv: string, licenseFile: string) => FoundKey | null;

/** A KeyLookup over findPublicKey that reads each key file once. */
export function keyLookup(search: Omit<KeySearch, 'licenseFile'>, fs: KeyFs): KeyLookup {
  const cache = new Map<string, FoundKey | null>();
  return (isv, licenseFile) => {
    const id = `${isv.toLowerCase()}\u0000${licenseFile}`;
    if (!cache.has(id)) cache.set(id, findPublicKey(isv, { ...search, licenseFile }, fs));
    return cache.get(id) ?? null;
  };
}

/** Every LICENSE/UPGRADE line of the document, in file order, with its verdict. */
export function verifyDocument(doc: LicenseDocument, lookup: KeyLookup): VerifiedGrant[] {
  const out: VerifiedGrant[] = [];
  for (const stmt of doc.statements) {
    if (stmt.kind !== 'license' && stmt.kind !== 'upgrade') continue;
    // look a key up only for lines that need one, so foreign files never touch the disk
    const found = signatureOf(stmt).kind === 'licutil' ? lookup(stmt.isv, doc.file) : null;
    const v = verifyGrant(doc, stmt, found?.key ?? null);
    out.push({
      ...v,
      file: doc.file,
      line: stmt.line,
      endLine: stmt.endLine,
      kind: stmt.kind,
      isv: stmt.isv,
      product: stmt.product,
      version: stmt.version,
      keyPath: found?.path ?? null,
    });
  }
  return out;
}
