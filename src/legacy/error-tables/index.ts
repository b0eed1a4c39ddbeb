// `explainCode`: what a FlexNet, RLM or licutil error code means, for `licutil
// explain`, lmdiag and `stat --from`. Accepts what administrators paste:
// "-15", "-15,570:115", '(-15,570:115 "Operation now in progress")', "-97,121",
// "RLM_EL_EXPIRED", "LM_CANTCONNECT", "LICUTIL_E_EXPIRED"; a bare negative
// number is FlexNet's unless the RLM dialect is asked for.
import { ERROR_CODES, type ErrorSpec } from '../../protocol/errors.js';
import { systemErrors, type SystemError } from './errno.js';
import { FLEXLM_BASIC } from './flexlm-basic.js';
import { FLEXLM_HIGH } from './flexlm-high.js';
import { FLEXLM_MORE } from './flexlm-more.js';
import { LICUTIL_NOTES, RLM_NAME_ALIASES } from './licutil.js';
import { RLM_HANDLE } from './rlm-handle.js';
import { RLM_LICENSE } from './rlm-license.js';
import type { ErrorEntry } from './types.js';

export type Dialect = 'flexlm' | 'rlm';

export const FLEXLM_ERRORS: readonly ErrorEntry[] = [...FLEXLM_BASIC, ...FLEXLM_MORE, ...FLEXLM_HIGH];
export const RLM_ERRORS: readonly ErrorEntry[] = [...RLM_LICENSE, ...RLM_HANDLE];

export interface Explanation {
  /** what was asked, as given */
  input: string;
  dialect: Dialect | 'licutil';
  /** the canonical code: "-15" for FlexNet and RLM, the name for licutil */
  code: string;
  /** LM_CANTCONNECT, RLM_EL_EXPIRED, LICUTIL_E_EXPIRED */
  name: string;
  number: number | null;
  title: string;
  meaning: string;
  causes: string[];
  checks: string[];
  /** FlexNet's minor code ("570" of "-15,570:115"): an internal location, not documented by Flexera */
  minor?: number;
  /** the system error after the colon, with every reading of its number (the likeliest first) */
  system?: { number: number; printed_text?: string; readings: SystemError[] };
  /** licutil codes: the exit status and HTTP status they carry */
  licutil?: { exit: number; http: number };
  /** the nearest codes of the other tables: licutil names, "RLM_EL_EXPIRED (-3)", "-10 (LM_LONGGONE)" */
  equivalents: { licutil: string[]; rlm: string[]; flexlm: string[] };
  /** what the same bare number means in the other vendor's table */
  other_dialect?: { dialect: Dialect; code: string; name: string; title: string };
}

interface ExplainOptions {
  dialect?: Dialect;
}

const byNumber = (table: readonly ErrorEntry[], n: number) => table.find((e) => e.code === n);
const byName = (table: readonly ErrorEntry[], name: string) => table.find((e) => e.name === name);

function rlmLabel(e: ErrorEntry): string {
  return `${e.name} (${e.code})`;
}

function flexLabel(e: ErrorEntry): string {
  return `${e.code} (${e.name})`;
}

/** The RLM and FlexNet entries an errors.ts row points to (its rlm/flexlm fields are free text). */
function specTargets(spec: ErrorSpec): { rlm?: ErrorEntry; flexlm?: ErrorEntry } {
  const out: { rlm?: ErrorEntry; flexlm?: ErrorEntry } = {};
  if (spec.rlm) {
    const name = /RLM_E[HL]_\w+/.exec(spec.rlm)?.[0];
    const real = name ? byName(RLM_ERRORS, RLM_NAME_ALIASES[name] ?? name) : undefined;
    if (real) out.rlm = real;
  }
  if (spec.flexlm) {
    const n = /^\s*(-\d+)/.exec(spec.flexlm)?.[1];
    const real = n ? byNumber(FLEXLM_ERRORS, Number(n)) : undefined;
    if (real) out.flexlm = real;
  }
  return out;
}

function licutilCodesFor(target: ErrorEntry, dialect: Dialect): string[] {
  return Object.entries(ERROR_CODES as Record<string, ErrorSpec>)
    .filter(([, spec]) => specTargets(spec)[dialect] === target)
    .map(([code]) => code);
}

/** FlexNet and RLM codes that say the same thing, found through licutil's table. */
function crossVendor(target: ErrorEntry, dialect: Dialect): string[] {
  const other: Dialect = dialect === 'flexlm' ? 'rlm' : 'flexlm';
  const seen = new Set<string>();
  for (const spec of Object.values(ERROR_CODES as Record<string, ErrorSpec>)) {
    const t = specTargets(spec);
    const o = t[other];
    if (t[dialect] === target && o) seen.add(other === 'rlm' ? rlmLabel(o) : flexLabel(o));
  }
  return [...seen];
}

function fromEntry(input: string, dialect: Dialect, e: ErrorEntry): Explanation {
  const equivalents = {
    licutil: licutilCodesFor(e, dialect),
    rlm: dialect === 'rlm' ? [] : crossVendor(e, 'flexlm'),
    flexlm: dialect === 'flexlm' ? [] : crossVendor(e, 'rlm'),
  };
  return {
    input,
    dialect,
    code: String(e.code),
    name: e.name,
    number: e.code,
    title: e.title,
    meaning: e.meaning,
    causes: [...e.causes],
    checks: [...e.checks],
    equivalents,
  };
}

function explainLicutil(input: string, name: string): Explanation | null {
  const spec = (ERROR_CODES as Record<string, ErrorSpec>)[name];
  if (!spec) return null;
  const notes = LICUTIL_NOTES[name] ?? { causes: [], checks: [] };
  const t = specTargets(spec);
  return {
    input,
    dialect: 'licutil',
    code: name,
    name,
    number: null,
    title: spec.summary,
    meaning: `licutil reports ${name} when ${spec.summary}; a command exits with status ${spec.exit}, a server answers HTTP ${spec.http}.`,
    causes: [...notes.causes],
    checks: [...notes.checks],
    licutil: { exit: spec.exit, http: spec.http },
    equivalents: {
      licutil: [],
      rlm: t.rlm ? [rlmLabel(t.rlm)] : spec.rlm ? [spec.rlm] : [],
      flexlm: t.flexlm ? [flexLabel(t.flexlm)] : spec.flexlm ? [spec.flexlm] : [],
    },
  };
}

function otherDialect(dialect: Dialect, n: number): Explanation['other_dialect'] {
  const other: Dialect = dialect === 'flexlm' ? 'rlm' : 'flexlm';
  const e = byNumber(other === 'rlm' ? RLM_ERRORS : FLEXLM_ERRORS, n);
  return e ? { dialect: other, code: String(e.code), name: e.name, title: e.title } : undefined;
}

// "-15", "-15,570", "-15,570:115"
const NUMERIC = /^(-?\d+)(?:,(\d+))?(?::(\d+))?$/;

interface Parsed {
  text: string;
  printed?: string;
}

/** Strip what surrounds a pasted code: parentheses, the quoted system text, a trailing period. */
function clean(input: string): Parsed {
  let text = input.trim();
  let printed: string | undefined;
  const quoted = /"([^"]*)"/.exec(text);
  if (quoted) {
    printed = quoted[1];
    text = text.replace(quoted[0], ' ');
  }
  text = text.replace(/^[([]\s*/, '').replace(/\s*[)\]]\.?$/, '').trim();
  return printed !== undefined && printed !== '' ? { text, printed } : { text };
}

export function explainCode(code: string, opts: ExplainOptions = {}): Explanation | null {
  const { text, printed } = clean(code);
  const upper = text.toUpperCase();
  if (upper.startsWith('LICUTIL_E_')) return explainLicutil(code, upper);
  if (/^(RLM_)?E[LH]_\w+$/.test(upper)) {
    const name = upper.startsWith('RLM_') ? upper : `RLM_${upper}`;
    const e = byName(RLM_ERRORS, RLM_NAME_ALIASES[name] ?? name);
    return e ? fromEntry(code, 'rlm', e) : null;
  }
  if (/^LM_\w+$/.test(upper)) {
    const e = byName(FLEXLM_ERRORS, upper);
    return e ? fromEntry(code, 'flexlm', e) : null;
  }
  const m = NUMERIC.exec(text.replace(/\s+/g, ''));
  if (!m) return null;
  const n = Number(m[1]);
  if (n >= 0) return null;
  // Minor and system parts exist only in FlexNet's format, whatever dialect was asked.
  const compound = m[2] !== undefined || m[3] !== undefined;
  const dialect: Dialect = compound ? 'flexlm' : (opts.dialect ?? 'flexlm');
  const e = byNumber(dialect === 'rlm' ? RLM_ERRORS : FLEXLM_ERRORS, n);
  if (!e) return null;
  const out = fromEntry(code, dialect, e);
  if (m[2] !== undefined) out.minor = Number(m[2]);
  if (m[3] !== undefined) {
    const sys = Number(m[3]);
    out.system = { number: sys, readings: systemErrors(sys, printed) };
    if (printed !== undefined) out.system.printed_text = printed;
  }
  if (!compound) {
    const other = otherDialect(dialect, n);
    if (other) out.other_dialect = other;
  }
  return out;
}

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** The known codes closest to one that is not known, best first (for "unknown code; did you mean"). */
export function nearestCodes(code: string, opts: ExplainOptions = {}, limit = 3): string[] {
  const { text } = clean(code);
  const num = /^-?(\d+)/.exec(text.replace(/\s+/g, ''));
  if (num && /^-?\d/.test(text)) {
    const n = -Number(num[1]);
    const table = opts.dialect === 'rlm' ? RLM_ERRORS : FLEXLM_ERRORS;
    return [...table]
      .sort((a, b) => Math.abs(a.code - n) - Math.abs(b.code - n) || b.code - a.code)
      .slice(0, limit)
      .map((e) => (opts.dialect === 'rlm' ? rlmLabel(e) : flexLabel(e)));
  }
  const upper = text.toUpperCase();
  const names = [...FLEXLM_ERRORS.map((e) => e.name), ...RLM_ERRORS.map((e) => e.name), ...Object.keys(ERROR_CODES)];
  return names
    .map((name) => ({ name, d: levenshtein(upper, name) }))
    .sort((a, b) => a.d - b.d || (a.name < b.name ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.name);
}
