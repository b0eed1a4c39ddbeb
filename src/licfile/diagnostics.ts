// Diagnostic codes of the license file reader, and the one place that turns an
// offset into the file:line:column a person can jump to. Codes are a contract
// (JSON output, tests, other layers): add new ones, never rename.
import type { Diagnostic, Severity } from './types.js';

export const DIAGNOSTIC_CODES = {
  LIC_BOM: 'the file starts with a byte-order mark, which RLM does not accept',
  LIC_UNKNOWN_KEYWORD: 'a line starts with a word that is not a license file keyword',
  LIC_FREE_TEXT: 'a line is neither a comment nor a statement; it is ignored',
  LIC_UNKNOWN_ATTRIBUTE: 'an attribute keyword is not known for this line',
  LIC_DUPLICATE_ATTRIBUTE: 'an attribute is given more than once',
  LIC_NOT_ALLOWED: 'an attribute is not allowed on this kind of line',
  LIC_FIELD_TOO_LONG: 'a field is longer than the reference allows',
  LIC_MISSING_FIELD: 'a required field is missing',
  LIC_EXTRA_FIELD: 'a line has more positional fields than its keyword takes',
  LIC_UNTERMINATED_QUOTE: 'a quoted value is never closed',
  LIC_DANGLING_CONTINUATION: 'a line ends with \\ but nothing continues it',
  LIC_MISSING_BACKSLASH: 'a FlexLM statement continues on a line without a trailing \\',
  LIC_CONTROL_CHAR: 'a control character sits inside a statement',
  LIC_CURLY_QUOTE: 'a typographic quote (“ ”) is used where a plain " is meant',
  LIC_BAD_DATE: 'a date is not dd-mmm-yyyy, yyyy-mm-dd or permanent, or names a day that does not exist',
  LIC_BAD_VERSION: 'a version is not of the form N or N.M',
  LIC_BAD_COUNT: 'a count is not a number or one of the count keywords',
  LIC_BAD_NUMBER: 'a numeric value is not a number or out of range',
  LIC_BAD_VALUE: 'an attribute value is not one the reference allows',
  LIC_REPLACE_WITHOUT_DATE: 'replace is given without start= or issued=',
  LIC_SERVER_COUNT: 'the number of HOST/SERVER lines is not one the dialect supports',
  LIC_PLACEHOLDER: 'a field still holds a <placeholder> from a template',
  LIC_DEPRECATED: 'a keyword or value is deprecated',
  LIC_DIALECT_GUESSED: 'the file gave little evidence whether it is RLM or FlexLM',
  LIC_DIALECT_MIXED: 'the file mixes RLM and FlexLM lines',
  LIC_INTERNAL: 'the reader failed on this file (a bug in licutil)',
} as const;

type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Collects diagnostics for one file, locating offsets by the line starts the lexer found. */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly lineStarts: ArrayLike<number>,
  ) {}

  add(offset: number, severity: Severity, code: DiagnosticCode, message: string, hint?: string): void {
    const { line, column } = this.locate(offset);
    const d: Diagnostic = { severity, code, message, file: this.file, line, column };
    if (hint !== undefined) d.hint = hint;
    this.list.push(d);
  }

  error(offset: number, code: DiagnosticCode, message: string, hint?: string): void {
    this.add(offset, 'error', code, message, hint);
  }

  warning(offset: number, code: DiagnosticCode, message: string, hint?: string): void {
    this.add(offset, 'warning', code, message, hint);
  }

  info(offset: number, code: DiagnosticCode, message: string, hint?: string): void {
    this.add(offset, 'info', code, message, hint);
  }

  /** 1-based line and column (in characters, not UTF-16 units), clamped inside the text. */
  locate(offset: number): { line: number; column: number } {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = starts[lo] ?? 0;
    let lineEnd = lo + 1 < starts.length ? (starts[lo + 1] ?? 0) - 1 : this.text.length;
    if (lineEnd > lineStart && this.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    const at = Math.max(lineStart, Math.min(offset, lineEnd));
    let column = 1;
    for (let i = lineStart; i < at; i++) {
      const c = this.text.charCodeAt(i);
      // the low half of a surrogate pair is not a character of its own
      if (c < 0xdc00 || c > 0xdfff || i === lineStart) column++;
    }
    return { line: lo + 1, column };
  }
}
