// A signed license counts once (issue 14). The same signed line twice in a
// file, in copies of a file (one with another HOST name), or again with only
// an administrator-editable `_` attribute changed carries the same signature:
// serving each copy would multiply the seats the ISV sold. The first
// occurrence in license order is served; each copy is left out with a warning
// naming it.
import type { GrantStatement } from '../../licfile/types.js';
import type { License } from '../../licmodel/license.js';

/** Attributes that carry a license's signature or key, in any dialect. */
const SIGNATURE_ATTRS = new Set(['sig', 'sign', 'sign2', 'auth', 'key']);

/**
 * What identifies a signed license: its signatures, with the white space and
 * quotes a file may wrap them in removed. Null for an unsigned line (those are
 * not deduplicated: nothing says two of them are one license).
 */
export function signatureKey(l: License): string | null {
  if (l.statement.kind === 'package') return null;
  const stmt = l.statement as GrantStatement;
  const parts: string[] = [];
  if (stmt.key !== null) parts.push(`key=${stmt.key.replace(/[\s"]/g, '').toUpperCase()}`);
  for (const a of stmt.attrs) {
    if (!SIGNATURE_ATTRS.has(a.name) || a.value === null) continue;
    const v = a.value.replace(/[\s"]/g, '');
    // FlexLM's hex signatures are case-insensitive; licutil's and RLM's base64 are not
    parts.push(`${a.name}=${a.name === 'sig' ? v : v.toUpperCase()}`);
  }
  return parts.length === 0 ? null : `${l.isv.toLowerCase()}\u0000${parts.sort().join('\u0000')}`;
}

export interface Copy {
  copy: License;
  first: License;
}

/** The licenses to serve, each signature once (the first in order), and the copies left out. */
export function leaveOutCopies(served: readonly License[]): { kept: License[]; copies: Copy[] } {
  const firstOf = new Map<string, License>();
  const copies: Copy[] = [];
  const left = new Set<License>();
  // "first" is in license order (files in the order given, lines in file order), whatever order `served` has
  for (const l of [...served].sort((a, b) => a.id - b.id)) {
    const key = signatureKey(l);
    if (key === null) continue;
    const first = firstOf.get(key);
    if (first) {
      copies.push({ copy: l, first });
      left.add(l);
    } else {
      firstOf.set(key, l);
    }
  }
  return { kept: served.filter((l) => !left.has(l)), copies };
}
