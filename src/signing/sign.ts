// Signing a license file: every LICENSE/UPGRADE line of one ISV gets
// `sig="LU1:..."` over its canonical payload. Only the signature's own bytes
// change (plus the line break and indentation that put a long signature on a
// continuation line, as real RLM files do); comments, order, spacing and the
// administrator's fields stay as written.
import { nodeCrypto, type KeyObject } from './crypto.js';
import { grants, hasErrors, parseLicense, setAttribute } from '../licfile/index.js';
import type { GrantStatement, LicenseDocument, Token } from '../licfile/types.js';
import { LicutilError } from '../protocol/errors.js';
import { canonicalPayload, isCounted } from './canonical.js';
import { encodeSignature, wrapSignature } from './encoding.js';
import { signatureOf, verifyGrant } from './verify.js';

export interface SignedLine {
  /** 1-based first line of the statement in the signed text */
  line: number;
  kind: GrantStatement['kind'];
  product: string;
  version: string;
  /** false when the line already carried this very signature */
  changed: boolean;
}

export interface SkippedLine {
  /** 1-based first line of the statement in the signed text */
  line: number;
  isv: string;
  product: string;
  reason: string;
}

interface SignResult {
  text: string;
  /** the signed text, parsed */
  doc: LicenseDocument;
  isv: string;
  signed: SignedLine[];
  skipped: SkippedLine[];
}

interface SignOptions {
  /** the ISV whose lines are signed; default: the one ISV of the file's licenses */
  isv?: string | undefined;
  /** longest physical line a wrapped signature makes (default 76) */
  width?: number | undefined;
}

/** The Ed25519 signature of a line's canonical payload, as a sig= value. */
function signatureFor(doc: LicenseDocument, stmt: GrantStatement, privateKey: KeyObject): string {
  return encodeSignature(nodeCrypto().sign(null, Buffer.from(canonicalPayload(doc, stmt), 'utf8'), privateKey));
}

function refuseErrors(doc: LicenseDocument): void {
  if (!hasErrors(doc)) return;
  const errors = doc.diagnostics.filter((d) => d.severity === 'error');
  const shown = errors.slice(0, 5).map((d) => `  ${d.file}:${d.line}:${d.column}: ${d.message}`);
  if (errors.length > shown.length) shown.push(`  ... and ${errors.length - shown.length} more`);
  throw new LicutilError(
    'LICUTIL_E_LICENSE_SYNTAX',
    `${doc.file}: not signed, the file has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${shown.join('\n')}`,
    'fix the file first (`licutil lmdiag -c FILE` explains each error), then sign it',
  );
}

function chooseIsv(doc: LicenseDocument, isv: string | undefined): string {
  if (isv !== undefined && isv !== '') return isv;
  const names = [...new Set(grants(doc).map((g) => g.isv.toLowerCase()))];
  if (names.length === 1 && names[0] !== undefined) return names[0];
  throw new LicutilError(
    'LICUTIL_E_USAGE',
    names.length === 0 ? `${doc.file}: no license lines to sign` : `${doc.file}: licenses of several ISVs (${names.join(', ')}); which one is this key for?`,
    'name the ISV with --isv NAME (or name the key file NAME.key)',
  );
}

/** Why a line of the right ISV is not signed, or null when it can be. */
function cannotSign(doc: LicenseDocument, stmt: GrantStatement): string | null {
  if (doc.dialect.dialect === 'flexlm') return 'FlexLM-dialect file: licutil signs RLM-dialect license files only';
  const sig = signatureOf(stmt);
  if (sig.kind === 'foreign' && sig.what === 'FlexLM SIGN=') return 'carries a FlexLM SIGN=, kept as it is';
  if (isCounted(stmt.count) && !doc.statements.some((s) => s.kind === 'host')) {
    // seed 002: "If a license has a non-zero count, it always requires a HOST line."
    return 'counted license without a HOST line: add the HOST line of its server first (the signature covers its hostid)';
  }
  return null;
}

/** The token a new signature takes the place of: an old sig=, RLM's key=, or a positional key. */
function signatureSlot(stmt: GrantStatement): Token | null {
  const sigAttr = stmt.attrs.find((a) => a.name === 'sig') ?? stmt.attrs.find((a) => a.name === 'key');
  if (sigAttr) return sigAttr.token;
  if (stmt.key === null) return null;
  return stmt.tokens[stmt.kind === 'upgrade' ? 6 : 5] ?? null;
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** Leading blanks of the statement's second physical line (its continuation indent), or two spaces. */
function continuationIndent(doc: LicenseDocument, stmt: GrantStatement): string {
  const nl = doc.text.indexOf('\n', stmt.start);
  if (stmt.endLine > stmt.line && nl >= 0 && nl < stmt.end) return /^[ \t]*/.exec(doc.text.slice(nl + 1, stmt.end))?.[0] ?? '';
  return '  ';
}

/**
 * Puts the sig= of `stmt` (just written on one line) at the start of its own
 * continuation line, unless it already starts one, and wraps its value inside
 * the quotes so no line is longer than `width`.
 */
function layOut(doc: LicenseDocument, stmt: GrantStatement, value: string, width: number): string {
  const sig = stmt.attrs.find((a) => a.name === 'sig' && a.value !== null && a.value.replace(/\s+/g, '') === value);
  if (!sig) return doc.text;
  const text = doc.text;
  const eol = doc.lineEnding;
  const lineStart = text.lastIndexOf('\n', sig.token.start - 1) + 1;
  let from = sig.token.start;
  while (from > lineStart && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  const indent = continuationIndent(doc, stmt);
  // already first on its line: keep where it is; otherwise move it to a new line
  const [lead, column] = from === lineStart ? [text.slice(lineStart, sig.token.start), sig.token.start - lineStart] : [`${eol}${indent}`, indent.length];
  const prefix = `${sig.key}="`;
  const pieces = wrapSignature(value, width - column - prefix.length, width - indent.length);
  return splice(text, from, sig.token.end, `${lead}${prefix}${pieces.join(`${eol}${indent}`)}"`);
}

/**
 * Signs every LICENSE/UPGRADE line of the ISV with `privateKey` (Ed25519).
 * Lines of other ISVs, FlexLM-signed lines and counted lines without a HOST line
 * are left as they are and listed in `skipped`. Throws LICUTIL_E_LICENSE_SYNTAX
 * when the file has errors: a file that is not read right must not be signed.
 */
export function signDocument(doc: LicenseDocument, privateKey: KeyObject, opts: SignOptions = {}): SignResult {
  refuseErrors(doc);
  const isv = chooseIsv(doc, opts.isv);
  const width = opts.width ?? 76;
  const want = isv.toLowerCase();
  let cur = doc;
  const parse = (text: string): LicenseDocument => parseLicense(text, doc.file, { dialect: doc.dialect.dialect });
  const plan: Array<{ index: number; sign: boolean; reason: string }> = [];
  doc.statements.forEach((s, index) => {
    if (s.kind !== 'license' && s.kind !== 'upgrade') return;
    if (s.isv.toLowerCase() !== want) plan.push({ index, sign: false, reason: `another ISV (${s.isv})` });
    else {
      const why = cannotSign(doc, s);
      plan.push({ index, sign: why === null, reason: why ?? '' });
    }
  });

  const changedAt = new Set<number>();
  for (const p of plan) {
    if (!p.sign) continue;
    const stmt = cur.statements[p.index] as GrantStatement;
    const value = signatureFor(cur, stmt, privateKey);
    const before = cur.text;
    const slot = signatureSlot(stmt);
    const oneLine =
      slot === null || stmt.attrs.some((a) => a.name === 'sig')
        ? setAttribute(cur, stmt, 'sig', value, { quote: true })
        : splice(cur.text, slot.start, slot.end, `sig="${value}"`);
    let next = parse(oneLine);
    next = parse(layOut(next, next.statements[p.index] as GrantStatement, value, width));
    // re-signing an unchanged line must give back the file as it was
    const old = doc.statements[p.index] as GrantStatement;
    const oldSig = old.attrs.find((a) => a.name === 'sig');
    if (oldSig?.value != null && oldSig.value.replace(/\s+/g, '') === value) continue;
    if (next.text !== before) changedAt.add(p.index);
    cur = next;
  }

  refuseErrors(cur);
  selfCheck(cur, plan, privateKey);
  const lineOf = (i: number): number => cur.statements[i]?.line ?? 0;
  const signed: SignedLine[] = [];
  const skipped: SkippedLine[] = [];
  for (const p of plan) {
    const s = cur.statements[p.index] as GrantStatement;
    if (p.sign) signed.push({ line: lineOf(p.index), kind: s.kind, product: s.product, version: s.version, changed: changedAt.has(p.index) });
    else skipped.push({ line: lineOf(p.index), isv: s.isv, product: s.product, reason: p.reason });
  }
  return { text: cur.text, doc: cur, isv, signed, skipped };
}

/** Every line just signed must verify with the matching public key; anything else is a licutil bug. */
function selfCheck(doc: LicenseDocument, plan: Array<{ index: number; sign: boolean }>, privateKey: KeyObject): void {
  const pub = nodeCrypto().createPublicKey(privateKey);
  for (const p of plan) {
    if (!p.sign) continue;
    const stmt = doc.statements[p.index];
    if (stmt?.kind !== 'license' && stmt?.kind !== 'upgrade') {
      throw new LicutilError('LICUTIL_E_INTERNAL', `${doc.file}: signing moved statement ${p.index + 1}`, 'this is a bug in licutil; the file was not written');
    }
    const v = verifyGrant(doc, stmt, pub);
    if (v.status !== 'valid') {
      throw new LicutilError('LICUTIL_E_INTERNAL', `${doc.file}:${stmt.line}: the new signature does not verify (${v.detail})`, 'this is a bug in licutil; the file was not written');
    }
  }
}
