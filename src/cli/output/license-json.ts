// The JSON and table views of an evaluated license, shared by `stat -i` and
// `lmdiag` so both speak the same documented shape (licutil-stat(1)).
import path from 'node:path';
import type { Diagnostic } from '../../licfile/types.js';
import type { LicenseEvaluation, Reason, SignatureVerdict } from '../../licmodel/index.js';
import { expiryInstant, serverNames } from '../../licmodel/index.js';
import type { Renderer } from './renderer.js';

export interface LicenseJson {
  kind: 'license' | 'upgrade' | 'package';
  isv: string;
  product: string;
  version: string;
  /** the version an UPGRADE line upgrades from; null for other lines */
  from_version: string | null;
  /** the instant it stops being valid here (its expiry day's end, or exptime, in this machine's zone); null when it does not expire or the date cannot be read */
  expires: string | null;
  /** the last day of use as the file writes it; null as for `expires` */
  expiry_date: string | null;
  /** true only when the license says it never expires */
  permanent: boolean;
  /** seats; null when no seat count applies (`type` says why: uncounted, single, token, metered) */
  count: number | null;
  type: string;
  status: string;
  file: string;
  line: number;
  dialect: string;
  hostid: string | null;
  servers: string[];
  id: number;
  signature: SignatureVerdict;
  problems: Reason[];
  notes: Reason[];
}

/** `tzOffsetMinutes`: this machine's zone (Date#getTimezoneOffset's sign), which the evaluation judged expiry in. */
export function licenseJson(e: LicenseEvaluation, signature: SignatureVerdict | undefined, tzOffsetMinutes: number): LicenseJson {
  const l = e.license;
  const dated = /^\d{4}-\d{2}-\d{2}$/.test(l.expiresIso);
  const end = dated ? expiryInstant(l.expires, l.attrs.get('exptime') ?? null, tzOffsetMinutes) : null;
  return {
    kind: l.kind,
    isv: l.isv,
    product: l.product,
    version: l.version,
    from_version: l.fromVersion,
    expires: end === null ? null : end.toISOString(),
    expiry_date: dated ? l.expiresIso : null,
    permanent: l.expiresIso === 'permanent',
    count: typeof l.count === 'number' ? l.count : null,
    type: e.type,
    status: e.status,
    file: l.file,
    line: l.line,
    dialect: l.dialect,
    hostid: l.hostid,
    servers: e.needsServer ? serverNames(l) : [],
    id: l.id,
    signature: signature ?? { status: 'unchecked', detail: 'not checked' },
    problems: e.problems,
    notes: e.notes,
  };
}

export function diagnosticJson(d: Diagnostic): Diagnostic {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    file: d.file,
    line: d.line,
    column: d.column,
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
  };
}

export function paintStatus(r: Renderer, status: string): string {
  if (status === 'ok' || status === 'valid' || status === 'usable') return r.c.green(status);
  if (status === 'expired' || status === 'bad_signature' || status === 'bad_syntax' || status === 'invalid') return r.c.red(status);
  return r.c.yellow(status);
}

export function reasonLines(r: Renderer, reasons: readonly Reason[], indent: string): string[] {
  const out: string[] = [];
  for (const x of reasons) {
    out.push(`${indent}${x.message}`);
    if (x.hint) out.push(`${indent}  ${r.c.dim('fix:')} ${x.hint}`);
  }
  return out;
}

/** `file:line`, relative to the working directory when the file is below it (tables only; JSON keeps the path). */
export function whereText(file: string, line: number, cwd: string): string {
  const rel = path.relative(cwd, file);
  return `${rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file}:${line}`;
}
