// The license file reader and printer: the one entry other layers import.
import type { GrantStatement, LicenseDocument } from './types.js';

export { parseLicense } from './parse.js';
export { decodeLicenseBytes, notTextReason } from './decode.js';
export { printDocument } from './printer.js';
export { setAttribute, removeAttribute } from './edit.js';
export { formatGrant, type GrantFields } from './format.js';
export { DIAGNOSTIC_CODES } from './diagnostics.js';
export type * from './types.js';

/** LICENSE/FEATURE/INCREMENT and UPGRADE statements, in file order. */
export function grants(doc: LicenseDocument): GrantStatement[] {
  const out: GrantStatement[] = [];
  for (const s of doc.statements) if (s.kind === 'license' || s.kind === 'upgrade') out.push(s);
  return out;
}

/** Whether the document has any error (a command exits 65 on it). */
export function hasErrors(doc: LicenseDocument): boolean {
  return doc.diagnostics.some((d) => d.severity === 'error');
}
