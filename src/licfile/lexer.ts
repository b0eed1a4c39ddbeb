// One linear pass over the text: physical lines → statements → tokens. It knows
// nothing of dialects; the rules below are the union of what real RLM and FlexLM
// files do (see test/unit/licfile/fixtures.test.ts for the files they came from):
//
// - a statement starts at a line whose first word is a keyword (leading blanks
//   allowed, any case); `#` lines are comments, blank lines are blank;
// - a statement goes on over following lines when its line ends with `\`
//   (FlexLM) or when the next line does not start with a keyword, `#` or
//   nothing (RLM: "a license continues on lines that do not start a keyword");
//   a `\` never swallows a blank line, comment or keyword line (it is reported);
// - a quoted value may run over lines; it stops at a blank line, and without a
//   `\` also at a comment or keyword line, so one missing quote cannot eat the
//   rest of the file. A value's text keeps its line breaks (RLM signatures), but
//   a `\` + line break inside quotes is FlexLM's continuation mark and is
//   dropped from the text (the raw token keeps it);
// - any other line is free text, one statement per line.
import { lineKeywordIndexAt, nearestKeyword, OBSOLETE_KEYWORDS } from './keywords.js';
import {
  BACKSLASH_SEEN,
  KNOWN,
  Lexed,
  S_CONTROL,
  S_END,
  S_END_LINE,
  S_FLAGS,
  S_IMPLICIT,
  S_KW,
  S_KW_END,
  S_KW_START,
  S_LINE,
  S_START,
  S_STRIDE,
  S_T0,
  S_TN,
  TYPE_BLANK,
  TYPE_COMMENT,
  TYPE_KEYWORD,
  TYPE_TEXT,
  type LexIssue,
} from './lexed.js';
import { CROSSED, CURLY, LINE_SHIFT, QUOTED, T_END, T_EQ, T_INFO, T_START, T_STRIDE, TokenTable, Words } from './table.js';

export type { LexIssue, RawStatement } from './lexed.js';
export { Lexed } from './lexed.js';

/** the longest first word that can be a keyword or a mistyped one (startsUnknownStatement) */
const MAX_FIRST_WORD = 12;

const CR = 13;
const QUOTE = 34;
const HASH = 35;
const EQUALS = 61;
const BACKSLASH = 92;
const LEFT_CURLY = 0x201c;
const RIGHT_CURLY = 0x201d;

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === CR || c === 11 || c === 12;
}

type NextLine = 'none' | 'blank' | 'comment' | 'keyword' | 'other';

const STOPPED_BY: Record<NextLine, string> = {
  none: 'end of file',
  blank: 'a blank line',
  comment: 'a comment line',
  keyword: 'the next statement',
  other: 'the end of the line',
};

const DANGLING: Record<NextLine, string> = {
  none: 'the file ends here',
  blank: 'the next line is blank',
  comment: 'the next line is a comment',
  keyword: 'the next line starts a new statement',
  other: 'the line after it',
};

export function lex(text: string): Lexed {
  return new Lexer(text).run();
}

/** A growable int32 array; the lexer's tables start at a size guessed from the text. */
function grown(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * The cursor is the current physical line; fields rather than closures keep
 * the hot loops on plain property reads.
 */
class Lexer {
  private readonly n: number;
  private lineStarts: Int32Array;
  private lines = 1;
  private stmts: Int32Array;
  private count = 0;
  private toks: Int32Array;
  private ntok = 0;
  private readonly issues: LexIssue[] = [];
  /** start of the current line */
  private ls = 0;
  /** index of its '\n', or n */
  private le = 0;
  /** first non-blank */
  private first = 0;
  /** end of content, without trailing blanks and a final `\` */
  private effEnd = 0;
  /** the line ends with `\` */
  private bsl = false;
  private line = 1;
  /** position inside the current statement */
  private p = 0;
  // per statement
  private controlAt = -1;
  private backslash = false;
  private unterminatedOnLine = 0;

  constructor(private readonly text: string) {
    this.n = text.length;
    // a license file has a line per ~50-100 characters and a word per ~15-20
    this.lineStarts = new Int32Array(64 + (this.n >> 5));
    this.stmts = new Int32Array(S_STRIDE * (64 + (this.n >> 6)));
    this.toks = new Int32Array(T_STRIDE * (64 + (this.n >> 4)));
  }

  run(): Lexed {
    const { text } = this;
    if (this.n > 0) {
      this.load();
      for (;;) {
        const first = this.first;
        if (first === this.le) {
          this.simple(TYPE_BLANK);
        } else if (text.charCodeAt(first) === HASH) {
          this.simple(TYPE_COMMENT);
        } else {
          const we = this.firstWordEnd(first, this.bsl ? this.effEnd : this.le);
          const kw = lineKeywordIndexAt(text, first, we);
          if (kw >= 0) {
            this.keywordStatement(first, we, kw);
          } else if (startsUnknownStatement(text, first, we)) {
            this.keywordStatement(first, we, -1);
          } else {
            this.simple(TYPE_TEXT);
          }
        }
        if (!this.hasNext()) break;
        this.advance();
      }
    }
    // sized to fit: the document keeps these for its lifetime
    const table = new TokenTable(text, this.lineStarts.slice(0, this.lines), this.toks.slice(0, this.ntok * T_STRIDE), new Words(text));
    return new Lexed(text, table, this.stmts.subarray(0, this.count * S_STRIDE), this.count, this.issues);
  }

  private load(): void {
    const text = this.text;
    let le = text.indexOf('\n', this.ls);
    if (le < 0) le = this.n;
    this.le = le;
    let i = this.ls;
    while (i < le && isWs(text.charCodeAt(i))) i++;
    this.first = i;
    let e = le;
    while (e > i && isWs(text.charCodeAt(e - 1))) e--;
    const bsl = e > i && text.charCodeAt(e - 1) === BACKSLASH;
    this.bsl = bsl;
    this.effEnd = bsl ? e - 1 : e;
  }

  private hasNext(): boolean {
    return this.le + 1 < this.n;
  }

  private advance(): void {
    this.ls = this.le + 1;
    this.line++;
    if (this.lines === this.lineStarts.length) this.lineStarts = grown(this.lineStarts, this.lines + 1);
    this.lineStarts[this.lines++] = this.ls;
    this.load();
  }

  /** end of the current line without its line break */
  private contentEnd(): number {
    const le = this.le;
    return le < this.n && le > this.ls && this.text.charCodeAt(le - 1) === CR ? le - 1 : le;
  }

  /**
   * End of the first word of a line, looked at only as far as a keyword could
   * reach: a longer word (a signature continuing on its own line) is neither a
   * keyword nor a mistyped one, and its end does not matter.
   */
  private firstWordEnd(from: number, to: number): number {
    const limit = Math.min(to, from + MAX_FIRST_WORD + 1);
    let i = from;
    while (i < limit && !isWs(this.text.charCodeAt(i))) i++;
    return i;
  }

  /** What the next physical line starts with. */
  private peekNext(): NextLine {
    if (!this.hasNext()) return 'none';
    const text = this.text;
    const s = this.le + 1;
    let e = text.indexOf('\n', s);
    if (e < 0) e = this.n;
    let i = s;
    while (i < e && isWs(text.charCodeAt(i))) i++;
    if (i === e) return 'blank';
    if (text.charCodeAt(i) === HASH) return 'comment';
    const we = this.firstWordEnd(i, e);
    if (lineKeywordIndexAt(text, i, we) >= 0) return 'keyword';
    // a mistyped keyword starts its own (reported) statement rather than joining this one
    return startsUnknownStatement(text, i, we) ? 'keyword' : 'other';
  }

  private push(flags: number, kw: number, kwStart: number, kwEnd: number, start: number, line: number, t0: number, implicitLine: number, controlAt: number): void {
    const at = this.count * S_STRIDE;
    if (at + S_STRIDE > this.stmts.length) this.stmts = grown(this.stmts, at + S_STRIDE);
    const s = this.stmts;
    s[at + S_FLAGS] = flags;
    s[at + S_KW] = kw;
    s[at + S_KW_START] = kwStart;
    s[at + S_KW_END] = kwEnd;
    s[at + S_START] = start;
    s[at + S_END] = this.contentEnd();
    s[at + S_LINE] = line;
    s[at + S_END_LINE] = this.line;
    s[at + S_T0] = t0;
    s[at + S_TN] = this.ntok - t0;
    s[at + S_IMPLICIT] = implicitLine;
    s[at + S_CONTROL] = controlAt;
    this.count++;
  }

  /** `kw` is the keyword's index in LINE_KEYWORD_LIST, -1 for an obsolete or mistyped one */
  private keywordStatement(kwStart: number, kwEnd: number, kw: number): void {
    const start = this.ls;
    const startLine = this.line;
    const t0 = this.ntok;
    let implicitLine = 0;
    this.controlAt = -1;
    this.backslash = false;
    this.unterminatedOnLine = 0;
    this.p = kwEnd;
    const text = this.text;
    for (;;) {
      let p = this.p;
      const effEnd = this.effEnd;
      while (p < effEnd && isWs(text.charCodeAt(p))) p++;
      this.p = p;
      if (p < effEnd) {
        this.token();
        continue;
      }
      const next = this.peekNext();
      if (next !== 'other') {
        if (this.bsl && this.unterminatedOnLine !== this.line) {
          this.issues.push({ code: 'LIC_DANGLING_CONTINUATION', offset: effEnd, tokenStart: effEnd, detail: DANGLING[next] });
        }
        break;
      }
      if (this.bsl) this.backslash = true;
      else if (implicitLine === 0) implicitLine = this.line + 1;
      this.advance();
      this.p = this.ls;
    }
    const flags = TYPE_KEYWORD | (kw >= 0 ? KNOWN : 0) | (this.backslash ? BACKSLASH_SEEN : 0);
    this.push(flags, kw, kwStart, kwEnd, start, startLine, t0, implicitLine, this.controlAt);
  }

  /** One word from this.p into the table; a quoted part may carry it over following lines. */
  private token(): void {
    const text = this.text;
    const tStart = this.p;
    const tLine = this.line;
    let p = tStart;
    let inQuote = false;
    let quoted = false;
    let quoteOpen = -1;
    let crossedBackslash = false;
    let curly = false;
    // the first `=` before any quote makes the word an attribute
    let eq = -1;
    for (;;) {
      const effEnd = this.effEnd;
      while (p < effEnd) {
        const c = text.charCodeAt(p);
        if (c === QUOTE) {
          inQuote = !inQuote;
          quoted = true;
          if (inQuote) quoteOpen = p;
        } else if (c === EQUALS) {
          if (eq < 0 && !quoted) eq = p - tStart;
        } else if (c <= 32) {
          if (!inQuote && isWs(c)) break;
          if (c < 32 && c !== 9 && this.controlAt < 0) this.controlAt = p;
        } else if (c === LEFT_CURLY || c === RIGHT_CURLY) {
          curly = true;
        }
        p++;
      }
      if (!inQuote) break;
      const next = this.peekNext();
      if (next === 'none' || next === 'blank' || (!this.bsl && next !== 'other')) {
        this.issues.push({ code: 'LIC_UNTERMINATED_QUOTE', offset: quoteOpen, tokenStart: tStart, detail: STOPPED_BY[next] });
        this.unterminatedOnLine = this.line;
        break;
      }
      if (this.bsl) {
        crossedBackslash = true;
        this.backslash = true;
      }
      this.advance();
      p = this.ls;
    }
    this.p = p;
    const at = this.ntok * T_STRIDE;
    if (at + T_STRIDE > this.toks.length) this.toks = grown(this.toks, at + T_STRIDE);
    const t = this.toks;
    t[at + T_START] = tStart;
    t[at + T_END] = p;
    t[at + T_EQ] = eq;
    t[at + T_INFO] = (tLine << LINE_SHIFT) | (quoted ? QUOTED : 0) | (crossedBackslash ? CROSSED : 0) | (curly ? CURLY : 0);
    this.ntok++;
  }

  private simple(type: number): void {
    this.push(type | KNOWN, -1, this.first, this.first, this.ls, this.line, this.ntok, 0, -1);
  }
}

/** A mistyped or obsolete keyword still starts a statement, so its continuation lines stay with it. */
function startsUnknownStatement(text: string, start: number, end: number): boolean {
  // judged by length first: most first words (values, signatures) are not keyword-sized
  if (end - start < 4 || end - start > 12) return false;
  const word = text.slice(start, end);
  if (word.includes('=') || word.includes('"')) return false;
  return OBSOLETE_KEYWORDS.has(word.toUpperCase()) || nearestKeyword(word) !== null;
}
