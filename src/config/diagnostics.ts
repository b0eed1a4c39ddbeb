// What the configuration reader and interpreter report, and how a report reads.
// Codes are a contract (JSON output, tests): add new ones, never rename.

export const CONFIG_DIAGNOSTIC_CODES = {
  CFG_READ: 'a configuration file could not be read',
  CFG_SYNTAX: 'the text is not in the configuration syntax (seed 000 §5.1)',
  CFG_UNTERMINATED: 'a string, backquote string or comment is never closed',
  CFG_NUMBER: 'a number is malformed or out of range',
  CFG_ESCAPE: 'a backslash escape in a string is not known',
  CFG_EXPRESSION: 'an operator is used on values it does not apply to',
  CFG_UNDEFINED: 'a name is neither a keyword nor a defined preprocessor variable',
  CFG_PREPROCESSOR: 'a preprocessor directive is malformed or out of place',
  CFG_INCLUDE: 'an included file could not be read or is not an object',
  CFG_INCLUDE_CYCLE: 'files include each other in a cycle',
  CFG_LIMIT: 'nesting, includes, an expression or a string is larger than the reader allows',
  CFG_UNKNOWN_KEY: 'a key is not one the server knows; it is ignored',
  CFG_TYPE: 'a key has a value of the wrong type',
  CFG_RANGE: 'a number is outside the range the key allows',
  CFG_VALUE: 'a key has a value the server cannot use',
  CFG_MISSING: 'a required key is missing',
  CFG_INTERNAL: 'the reader failed (a bug in licutil)',
} as const;

export type ConfigDiagnosticCode = keyof typeof CONFIG_DIAGNOSTIC_CODES;

/** A place in a file: 1-based line, 1-based column counted in characters. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export interface ConfigDiagnostic extends SourcePos {
  severity: 'error' | 'warning';
  code: ConfigDiagnosticCode;
  message: string;
  /** the key the diagnostic is about, as `com_auth.password` or `licenses[1].file` */
  key?: string;
  hint?: string;
}

export type Reporter = (
  pos: SourcePos,
  severity: ConfigDiagnostic['severity'],
  code: ConfigDiagnosticCode,
  message: string,
  hint?: string,
) => void;

/** `file:line:column: error: message (hint)`; line 0 means "somewhere in the file". */
export function formatDiagnostic(d: ConfigDiagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  return `${where}: ${d.severity}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}

export function hasErrors(list: readonly ConfigDiagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}
