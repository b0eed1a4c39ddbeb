// What the lexer hands on: every statement as S_STRIDE int32 in one typed array
// and every word in the TokenTable, so lexing a large file makes no object per
// statement or word. Statements that are read the general way (and small files'
// tools) get a RawStatement with Token objects from raw(i).
import { LINE_KEYWORD_LIST } from './keywords.js';
import type { TokenTable } from './table.js';
import type { Token } from './types.js';

/** One statement with its words as Tokens; made for the few statements read the general way. */
export interface RawStatement {
  type: 'keyword' | 'comment' | 'blank' | 'text';
  /** keyword as written ('' unless type is 'keyword') */
  keyword: string;
  /** upper-case keyword */
  upper: string;
  /** false for an obsolete or mistyped keyword (`FEATURESET`, `LICENCE`) */
  known: boolean;
  /** where the keyword starts; for other lines, their first non-blank */
  keywordStart: number;
  tokens: Token[];
  start: number;
  end: number;
  line: number;
  endLine: number;
  /** some line of the statement ended with `\` */
  backslash: boolean;
  /** first line joined without a `\`, 0 when none */
  implicitLine: number;
  /** first control character inside a token, -1 when none */
  controlAt: number;
}

export interface LexIssue {
  code: 'LIC_UNTERMINATED_QUOTE' | 'LIC_DANGLING_CONTINUATION';
  offset: number;
  /** for an unterminated quote: where the token starts */
  tokenStart: number;
  /** what stopped it: "end of file", "a blank line", ... */
  detail: string;
}

// The statement table: S_STRIDE int32 per statement.
/** type (TYPE_*) | KNOWN | BACKSLASH */
export const S_FLAGS = 0;
/** index in LINE_KEYWORD_LIST, -1 for an unknown keyword or no keyword */
export const S_KW = 1;
export const S_KW_START = 2;
export const S_KW_END = 3;
export const S_START = 4;
export const S_END = 5;
export const S_LINE = 6;
export const S_END_LINE = 7;
/** first word (index in the token table) and how many */
export const S_T0 = 8;
export const S_TN = 9;
export const S_IMPLICIT = 10;
export const S_CONTROL = 11;
export const S_STRIDE = 12;

const TYPES: readonly RawStatement['type'][] = ['blank', 'comment', 'text', 'keyword'];
export const TYPE_BLANK = 0;
export const TYPE_COMMENT = 1;
export const TYPE_TEXT = 2;
export const TYPE_KEYWORD = 3;
const TYPE_MASK = 3;
export const KNOWN = 4;
export const BACKSLASH_SEEN = 8;

/** What the lexer found: statements and words in typed arrays, read through these methods. */
export class Lexed {
  constructor(
    readonly text: string,
    readonly tokens: TokenTable,
    private readonly stmts: Int32Array,
    readonly count: number,
    readonly issues: LexIssue[],
  ) {}

  get lineStarts(): Int32Array {
    return this.tokens.lineStarts;
  }

  private at(i: number, field: number): number {
    return this.stmts[i * S_STRIDE + field] as number;
  }

  type(i: number): RawStatement['type'] {
    return TYPES[this.at(i, S_FLAGS) & TYPE_MASK] as RawStatement['type'];
  }

  isKeyword(i: number): boolean {
    return (this.at(i, S_FLAGS) & TYPE_MASK) === TYPE_KEYWORD;
  }

  known(i: number): boolean {
    return (this.at(i, S_FLAGS) & KNOWN) !== 0;
  }

  backslash(i: number): boolean {
    return (this.at(i, S_FLAGS) & BACKSLASH_SEEN) !== 0;
  }

  /** upper-case keyword, '' for a line without one */
  upper(i: number): string {
    const kw = this.at(i, S_KW);
    if (kw >= 0) return LINE_KEYWORD_LIST[kw] as string;
    return this.isKeyword(i) ? this.keyword(i).toUpperCase() : '';
  }

  /** keyword as written, '' for a line without one */
  keyword(i: number): string {
    if (!this.isKeyword(i)) return '';
    const s = this.at(i, S_KW_START);
    const kw = this.at(i, S_KW);
    // written as the canonical spelling (the usual case): share that string
    if (kw >= 0 && this.text.startsWith(LINE_KEYWORD_LIST[kw] as string, s)) return LINE_KEYWORD_LIST[kw] as string;
    return this.text.slice(s, this.at(i, S_KW_END));
  }

  keywordStart(i: number): number {
    return this.at(i, S_KW_START);
  }

  start(i: number): number {
    return this.at(i, S_START);
  }

  end(i: number): number {
    return this.at(i, S_END);
  }

  line(i: number): number {
    return this.at(i, S_LINE);
  }

  endLine(i: number): number {
    return this.at(i, S_END_LINE);
  }

  t0(i: number): number {
    return this.at(i, S_T0);
  }

  tn(i: number): number {
    return this.at(i, S_TN);
  }

  implicitLine(i: number): number {
    return this.at(i, S_IMPLICIT);
  }

  controlAt(i: number): number {
    return this.at(i, S_CONTROL);
  }

  /** Statement i with its words as Tokens. */
  raw(i: number): RawStatement {
    const t0 = this.t0(i);
    const n = this.tn(i);
    const tokens: Token[] = new Array<Token>(n);
    for (let k = 0; k < n; k++) tokens[k] = this.tokens.token(t0 + k);
    return {
      type: this.type(i),
      keyword: this.keyword(i),
      upper: this.upper(i),
      known: this.known(i),
      keywordStart: this.keywordStart(i),
      tokens,
      start: this.start(i),
      end: this.end(i),
      line: this.line(i),
      endLine: this.endLine(i),
      backslash: this.backslash(i),
      implicitLine: this.implicitLine(i),
      controlAt: this.controlAt(i),
    };
  }
}

