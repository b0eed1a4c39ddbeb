// Editing one attribute of one statement. The result is the whole new file text
// in which only that attribute's bytes changed: the rest of the line, the other
// statements, comments, spacing and line endings stay as they were.
import { formatAttribute } from './format.js';
import type { LicenseDocument, LicenseStatement, UpgradeStatement } from './types.js';

type Grant = LicenseStatement | UpgradeStatement;

/**
 * Replace the attribute named `key` (matched case-insensitively, written with
 * its existing spelling) in place, or append it after the statement's last
 * field. `value` null writes a bare flag (`replace`, `TS_OK`).
 */
export function setAttribute(
  doc: LicenseDocument,
  stmt: Grant,
  key: string,
  value: string | null,
  opts: { quote?: boolean } = {},
): string {
  const text = doc.text;
  const name = key.toLowerCase();
  const existing = stmt.attrs.find((a) => a.name === name);
  if (existing !== undefined) {
    const written = formatAttribute(existing.key, value, opts.quote);
    return text.slice(0, existing.token.start) + written + text.slice(existing.token.end);
  }
  const written = formatAttribute(key, value, opts.quote);
  const at = lastFieldEnd(doc, stmt);
  return `${text.slice(0, at)} ${written}${text.slice(at)}`;
}

/** Remove every attribute named `name` (case-insensitive); lines left empty go too. */
export function removeAttribute(doc: LicenseDocument, stmt: Grant, name: string): string {
  const lower = name.toLowerCase();
  const targets = stmt.attrs.filter((a) => a.name === lower).sort((a, b) => b.token.start - a.token.start);
  let text = doc.text;
  let stmtEnd = stmt.end;
  for (const a of targets) {
    const before = text.length;
    text = removeSpan(text, a.token.start, a.token.end, stmtEnd);
    stmtEnd -= before - text.length;
  }
  return text;
}

function lastFieldEnd(doc: LicenseDocument, stmt: Grant): number {
  let end = -1;
  for (const t of stmt.tokens) if (t.end > end) end = t.end;
  for (const a of stmt.attrs) if (a.token.end > end) end = a.token.end;
  if (end >= 0) return end;
  const kw = doc.text.indexOf(stmt.keyword, stmt.start);
  return kw >= 0 ? kw + stmt.keyword.length : stmt.end;
}

const isBlank = (c: number): boolean => c === 32 || c === 9;

function onlyBlanks(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isBlank(text.charCodeAt(i)) && text.charCodeAt(i) !== 13) return false;
  return true;
}

function cut(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(to);
}

/** Remove text[s, e) and the blanks that separated it; a line it leaves empty is removed whole. */
function removeSpan(text: string, s: number, e: number, stmtEnd: number): string {
  const ls = text.lastIndexOf('\n', s - 1) + 1;
  let le = text.indexOf('\n', e);
  if (le < 0) le = text.length;
  let ce = le;
  if (ce > e && text.charCodeAt(ce - 1) === 13) ce--;

  if (!onlyBlanks(text, ls, s)) {
    let j = s;
    while (j > ls && isBlank(text.charCodeAt(j - 1))) j--;
    return cut(text, j, e);
  }
  const rest = text.slice(e, ce).trim();
  if (rest !== '' && rest !== '\\') {
    let k = e;
    while (k < ce && isBlank(text.charCodeAt(k))) k++;
    return cut(text, s, k);
  }
  // the token's lines hold nothing else: drop them with their line break
  let from = ls;
  const to = le < text.length ? le + 1 : le;
  if (le === text.length && ls > 0) {
    from = ls - 1;
    if (from > 0 && text.charCodeAt(from - 1) === 13) from--;
  }
  const lastOfStatement = ce >= stmtEnd && rest === '';
  let out = cut(text, from, to);
  if (lastOfStatement && ls > 0) {
    // the line before is now the statement's last: it must not promise a continuation
    let pce = from < ls ? from : ls - 1;
    if (pce > 0 && out.charCodeAt(pce - 1) === 13) pce--;
    let k = pce;
    while (k > 0 && isBlank(out.charCodeAt(k - 1))) k--;
    if (k > 0 && out.charCodeAt(k - 1) === 92) {
      let j = k - 1;
      while (j > 0 && isBlank(out.charCodeAt(j - 1))) j--;
      out = cut(out, j, pce);
    }
  }
  return out;
}
