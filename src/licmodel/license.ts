// The normalized license record every layer above the reader uses: one per
// LICENSE/FEATURE/INCREMENT, UPGRADE and PACKAGE statement, with the facts of
// its file that give it meaning (HOST/SERVER lines, the ISV line's password,
// USE_SERVER) already attached.
import type {
  Diagnostic,
  Dialect,
  IsvStatement,
  LicenseDocument,
  LicenseStatement,
  PackageStatement,
  UpgradeStatement,
} from '../licfile/types.js';
import { isoOf } from '../licfile/dates.js';

type LicenseCount = number | 'uncounted' | 'single' | 'token' | 'metered';

export interface ServerAddress {
  host: string;
  /** null when the line names none (RLM then uses 5053, FlexLM 27000–27009) */
  port: number | null;
}

/** Something wrong with the text of a license, from the reader or found by the model. */
export interface LicenseDefect {
  code: string;
  message: string;
  line: number;
  column: number;
  hint?: string;
}

export interface License {
  kind: 'license' | 'upgrade' | 'package';
  dialect: Dialect;
  isv: string;
  product: string;
  version: string;
  /** UPGRADE only: the lowest version it upgrades */
  fromVersion: string | null;
  /** as written */
  expires: string;
  /** `YYYY-MM-DD`, `permanent` or `invalid` */
  expiresIso: string;
  count: LicenseCount;
  countRaw: string;
  /** optional attributes by lower-case name; null for bare flags (`replace`, `TS_OK`) */
  attrs: ReadonlyMap<string, string | null>;
  /** the license's own hostid= / HOSTID= */
  hostid: string | null;
  /** hostids of the HOST/SERVER lines of its file */
  serverHostids: string[];
  serverAddresses: ServerAddress[];
  /** the FlexLM file says USE_SERVER: clients ask the server, not the file */
  useServer: boolean;
  /** seed 002 "Order of lines": the password of the ISV line before it */
  isvPassword: string | null;
  /** `_password`, else the ISV line's */
  password: string | null;
  /** `_id`, or 0 */
  id: number;
  file: string;
  /** index of its document in the list given to licensesOfAll (0 for licensesOf) */
  fileIndex: number;
  line: number;
  /** position among the licenses of its file */
  order: number;
  statement: LicenseStatement | UpgradeStatement | PackageStatement;
  /** reader errors inside this statement, and values the model cannot use */
  defects: LicenseDefect[];
  /** set on a license rewritten by an UPGRADE line */
  upgradedBy: License | null;
  /** the version the license had before an upgrade rewrote it */
  baseVersion: string | null;
}

const COUNT_WORDS: ReadonlyMap<string, LicenseCount> = new Map<string, LicenseCount>([
  ['uncounted', 'uncounted'],
  ['single', 'single'],
  ['token', 'token'],
  ['token_bound', 'token'],
  ['token_unlocked', 'token'],
  ['token_locked', 'token'],
  ['meter', 'metered'],
  ['metered', 'metered'],
]);

/** Seed 002 "count": a positive integer, "0 or uncounted", single, token*, meter. Null when unreadable. */
export function parseCount(raw: string): LicenseCount | null {
  const t = raw.trim().toLowerCase();
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    return n === 0 ? 'uncounted' : n;
  }
  return COUNT_WORDS.get(t) ?? null;
}

function defectOf(d: Diagnostic): LicenseDefect {
  const out: LicenseDefect = { code: d.code, message: d.message, line: d.line, column: d.column };
  if (d.hint !== undefined) out.hint = d.hint;
  return out;
}

interface FileFacts {
  serverHostids: string[];
  serverAddresses: ServerAddress[];
  useServer: boolean;
}

function fileFacts(doc: LicenseDocument): FileFacts {
  const facts: FileFacts = { serverHostids: [], serverAddresses: [], useServer: false };
  for (const s of doc.statements) {
    if (s.kind === 'host') {
      facts.serverHostids.push(s.hostid);
      facts.serverAddresses.push({ host: s.hostname, port: s.port });
    } else if (s.kind === 'use_server') {
      facts.useServer = true;
    }
  }
  return facts;
}

function modelDefects(
  s: LicenseStatement | UpgradeStatement | PackageStatement,
  count: LicenseCount | null,
): LicenseDefect[] {
  if (s.kind === 'package') return [];
  const out: LicenseDefect[] = [];
  const at = (i: number): { line: number; column: number } => {
    const tok = s.tokens[i];
    return tok !== undefined ? { line: tok.line, column: tok.column } : { line: s.line, column: 1 };
  };
  const countIndex = s.kind === 'upgrade' ? 5 : 4;
  if (count === null) {
    out.push({
      code: 'LIC_BAD_COUNT',
      message: `The count ${JSON.stringify(s.count)} is not a number or a count keyword.`,
      hint: 'Write a positive number, 0/uncounted, single, token or meter.',
      ...at(countIndex),
    });
  }
  return out;
}

function attrMap(s: LicenseStatement | UpgradeStatement | PackageStatement): Map<string, string | null> {
  const m = new Map<string, string | null>();
  // the first occurrence wins; the reader reports the repeats
  for (const a of s.attrs) if (!m.has(a.name)) m.set(a.name, a.value);
  // a pre-v5 FlexLM line says by position what later ones say with VENDOR_STRING= and HOSTID=
  const old = s.kind === 'package' ? undefined : s.oldLayout;
  if (old !== undefined) {
    if (!m.has('vendor_string')) m.set('vendor_string', old.vendor_string);
    if (old.hostid !== null && !m.has('hostid')) m.set('hostid', old.hostid);
  }
  return m;
}

function parseId(v: string | null | undefined): number {
  if (v === null || v === undefined || !/^\d+$/.test(v.trim())) return 0;
  const n = Number(v.trim());
  return n < 2 ** 31 ? n : 0;
}

/** The licenses of one parsed document, in file order. */
export function licensesOf(doc: LicenseDocument, fileIndex = 0): License[] {
  const facts = fileFacts(doc);
  const dialect = doc.dialect.dialect;
  const errors = doc.diagnostics.filter((d) => d.severity === 'error');
  // seed 002: the ISV line's password applies to the licenses after it; a
  // later ISV line for the same ISV sets (or clears) it from there on
  const isvPasswords = new Map<string, string | null>();
  const out: License[] = [];
  for (const s of doc.statements) {
    if (s.kind === 'isv') {
      isvPasswords.set(s.name.toLowerCase(), passwordOfIsv(s));
      continue;
    }
    if (s.kind !== 'license' && s.kind !== 'upgrade' && s.kind !== 'package') continue;
    const attrs = attrMap(s);
    const isvPassword = isvPasswords.get(s.isv.toLowerCase()) ?? null;
    const own = attrs.get('_password');
    const count = s.kind === 'package' ? 'uncounted' : parseCount(s.count);
    const expires = s.kind === 'package' ? 'permanent' : s.expires;
    const expiresIso = isoOf(expires, dialect);
    const defects = [
      ...errors.filter((d) => d.line >= s.line && d.line <= s.endLine).map(defectOf),
      ...modelDefects(s, count),
    ];
    out.push({
      kind: s.kind,
      dialect,
      isv: s.isv,
      product: s.product,
      version: s.version ?? '',
      fromVersion: s.kind === 'upgrade' ? s.fromVersion : null,
      expires,
      expiresIso,
      count: count ?? 'uncounted',
      countRaw: s.kind === 'package' ? '' : s.count,
      attrs,
      hostid: attrs.get('hostid') ?? null,
      serverHostids: facts.serverHostids,
      serverAddresses: facts.serverAddresses,
      useServer: facts.useServer,
      isvPassword,
      password: own !== undefined && own !== null && own !== '' ? own : isvPassword,
      id: parseId(attrs.get('_id')),
      file: doc.file,
      fileIndex,
      line: s.line,
      order: out.length,
      statement: s,
      defects,
      upgradedBy: null,
      baseVersion: null,
    });
  }
  return out;
}

function passwordOfIsv(s: IsvStatement): string | null {
  return s.password !== null && s.password !== '' ? s.password : null;
}

/** The licenses of several documents, in the order given (the license environment's order). */
export function licensesOfAll(docs: readonly LicenseDocument[]): License[] {
  return docs.flatMap((d, i) => licensesOf(d, i));
}

/** `file:line`, the way every message points at a license. */
export function whereOf(l: License): string {
  return `${l.file}:${l.line}`;
}

export function attr(l: License, name: string): string | null | undefined {
  return l.attrs.get(name);
}

/** An attribute that must be an integer; undefined when absent or unreadable. */
export function intAttr(l: License, name: string): number | undefined {
  const v = l.attrs.get(name);
  if (v === undefined || v === null || !/^-?\d+$/.test(v.trim())) return undefined;
  return Number(v.trim());
}

export function hasAttr(l: License, name: string): boolean {
  return l.attrs.has(name);
}

/** Products compare case-insensitively (seed 002: "All fields in the license line are case-insensitive"). */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
