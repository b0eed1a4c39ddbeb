// The shape of a parsed license file, shared by the reader, the printer, the
// model, signing and the server. Every node keeps where it came from (offsets
// into the original text) so the printer can write back exactly what was read
// and edit one attribute without disturbing anything else.

export type Dialect = 'rlm' | 'flexlm';
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** stable code from DIAGNOSTIC_CODES (src/licfile/diagnostics.ts) */
  code: string;
  message: string;
  file: string;
  /** 1-based */
  line: number;
  /** 1-based, in characters */
  column: number;
  hint?: string;
}

/** A word of a statement: positional field or attribute, with its place in the text. */
export interface Token {
  /** the value with quotes removed and any line breaks inside quotes kept as written */
  text: string;
  /** exactly as written, quotes included */
  raw: string;
  /** offset of raw in LicenseDocument.text */
  start: number;
  end: number;
  line: number;
  column: number;
  quoted: boolean;
}

export interface Attribute {
  /** key as written (case kept) */
  key: string;
  /** lower-case key, the one the model uses */
  name: string;
  /** null for a bare flag such as `replace`, `TS_OK`, `SUPERSEDE` */
  value: string | null;
  /** the whole `key=value` (or bare key) token */
  token: Token;
  /** the value part alone, when there is one */
  valueToken: Token | null;
}

interface StatementBase {
  /** offsets of the whole statement (all its physical lines, without the final line break) */
  start: number;
  end: number;
  /** 1-based first and last physical line */
  line: number;
  endLine: number;
  /** the statement keyword as written (`LICENSE`, `increment`, ...), or '' for comments/blank/text */
  keyword: string;
}

export interface HostStatement extends StatementBase {
  kind: 'host';
  hostname: string;
  hostid: string;
  port: number | null;
  tokens: Token[];
  attrs: Attribute[];
}

export interface IsvStatement extends StatementBase {
  kind: 'isv';
  name: string;
  binary: string | null;
  options: string | null;
  port: number | null;
  password: string | null;
  tokens: Token[];
  attrs: Attribute[];
}

/** What LICENSE/FEATURE/INCREMENT and UPGRADE lines both grant. For FlexLM, `isv` holds the vendor daemon name. */
interface GrantStatementBase extends StatementBase {
  isv: string;
  product: string;
  version: string;
  /** as written: `permanent`, `31-dec-2025`, `2025-12-31`, `1-jan-0`, ... */
  expires: string;
  /** as written: `10`, `0`, `uncounted`, `single`, `token`, `meter`, ... */
  count: string;
  /** positional license key (RLM key without `sig=`, or FlexLM's old 12/20-hex key), if any */
  key: string | null;
  /** FlexLM before v5: the vendor string and hostid written by position after the key */
  oldLayout?: OldFlexLayout;
  /** the positional tokens in order (keyword excluded) */
  tokens: Token[];
  attrs: Attribute[];
}

/** LICENSE / FEATURE / INCREMENT. */
export interface LicenseStatement extends GrantStatementBase {
  kind: 'license';
}

/**
 * The pre-v5 FlexLM grant line, `FEATURE f v 1.00 1-jan-99 0 KEY "vendor string" [HOSTID]`:
 * after the key come the vendor string (quoted, often "") and the hostid the
 * license is locked to, by position, where v5 and later write
 * VENDOR_STRING= and HOSTID=.
 */
export interface OldFlexLayout {
  vendor_string: string;
  hostid: string | null;
}

export interface UpgradeStatement extends GrantStatementBase {
  kind: 'upgrade';
  fromVersion: string;
}

/** FlexLM PACKAGE: a suite whose COMPONENTS are enabled by a FEATURE of the same name. */
export interface PackageStatement extends StatementBase {
  kind: 'package';
  product: string;
  isv: string;
  version: string | null;
  key: string | null;
  tokens: Token[];
  attrs: Attribute[];
}

export interface UseServerStatement extends StatementBase {
  kind: 'use_server';
  tokens: Token[];
  attrs: Attribute[];
}

export interface CustomerStatement extends StatementBase {
  kind: 'customer';
  name: string;
  tokens: Token[];
  attrs: Attribute[];
}

export interface CommentStatement extends StatementBase {
  kind: 'comment';
  text: string;
}

export interface BlankStatement extends StatementBase {
  kind: 'blank';
}

/** Text that is neither comment nor keyword (e.g. a generated header); reported, kept, ignored. */
export interface TextStatement extends StatementBase {
  kind: 'text';
  text: string;
}

/** A statement whose keyword was recognised but whose fields could not be read. */
export interface InvalidStatement extends StatementBase {
  kind: 'invalid';
  tokens: Token[];
}

export type Statement =
  | HostStatement
  | IsvStatement
  | LicenseStatement
  | UpgradeStatement
  | PackageStatement
  | UseServerStatement
  | CustomerStatement
  | CommentStatement
  | BlankStatement
  | TextStatement
  | InvalidStatement;

export type StatementKind = Statement['kind'];

/** Statements that carry attributes and can be signed or edited. */
export type GrantStatement = LicenseStatement | UpgradeStatement;

export interface DialectDecision {
  dialect: Dialect;
  /** 'override' when the caller forced it, 'weak' when the evidence was thin or absent */
  confidence: 'strong' | 'weak' | 'override';
  /** short human phrases: "INCREMENT on line 4", "sig= on line 7" */
  evidence: string[];
}

export interface LicenseDocument {
  /** path, or a label such as `<literal>` or `RLM_LICENSE` */
  file: string;
  /** the text as read (BOM removed, line endings kept) */
  text: string;
  dialect: DialectDecision;
  statements: Statement[];
  diagnostics: Diagnostic[];
  hasBom: boolean;
  lineEnding: '\n' | '\r\n';
  finalNewline: boolean;
}

export interface ParseOptions {
  /** force a dialect instead of deciding from the evidence */
  dialect?: Dialect;
}
