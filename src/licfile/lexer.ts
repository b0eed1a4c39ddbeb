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
import { isLineKeyword, nearestKeyword, OBSOLETE_KEYWORDS } from './keywords.js';
import type { Token } from './types.js';

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

export interface LexResult {
  statements: RawStatement[];
  /** offset of every physical line; lineStarts[i] is line i + 1 */
  lineStarts: number[];
  issues: LexIssue[];
}

const CR = 13;
const QUOTE = 34;
const HASH = 35;
const BACKSLASH = 92;

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

const CONTINUATION_IN_QUOTES = /\\[ \t\r\v\f]*\n/g;

export function lex(text: string): LexResult {
  return new Lexer(text).run();
}

/**
 * The cursor is the current physical line; fields rather than closures keep
 * the hot loops on plain property reads.
 */
class Lexer {
  private readonly n: number;
  private readonly lineStarts: number[] = [0];
  private readonly statements: RawStatement[] = [];
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
  }

  run(): LexResult {
    const { text } = this;
    if (this.n > 0) {
      this.load();
      for (;;) {
        const first = this.first;
        if (first === this.le) {
          this.statements.push(this.simple('blank'));
        } else if (text.charCodeAt(first) === HASH) {
          this.statements.push(this.simple('comment'));
        } else {
          const we = this.wordEnd(first, this.bsl ? this.effEnd : this.le);
          if (isLineKeyword(text, first, we)) {
            this.statements.push(this.keywordStatement(first, we, true));
          } else if (startsUnknownStatement(text.slice(first, we))) {
            this.statements.push(this.keywordStatement(first, we, false));
          } else {
            this.statements.push(this.simple('text'));
          }
        }
        if (!this.hasNext()) break;
        this.advance();
      }
    }
    return { statements: this.statements, lineStarts: this.lineStarts, issues: this.issues };
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
    this.lineStarts.push(this.ls);
    this.load();
  }

  /** end of the current line without its line break */
  private contentEnd(): number {
    const le = this.le;
    return le < this.n && le > this.ls && this.text.charCodeAt(le - 1) === CR ? le - 1 : le;
  }

  private wordEnd(from: number, to: number): number {
    let i = from;
    while (i < to && !isWs(this.text.charCodeAt(i))) i++;
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
    const we = this.wordEnd(i, e);
    if (isLineKeyword(text, i, we)) return 'keyword';
    // a mistyped keyword starts its own (reported) statement rather than joining this one
    return we - i >= 4 && we - i <= 12 && startsUnknownStatement(text.slice(i, we)) ? 'keyword' : 'other';
  }

  private keywordStatement(kwStart: number, kwEnd: number, known: boolean): RawStatement {
    const start = this.ls;
    const startLine = this.line;
    const tokens: Token[] = [];
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
        tokens.push(this.token());
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
    const keyword = text.slice(kwStart, kwEnd);
    return {
      type: 'keyword',
      keyword,
      upper: keyword.toUpperCase(),
      known,
      keywordStart: kwStart,
      tokens,
      start,
      end: this.contentEnd(),
      line: startLine,
      endLine: this.line,
      backslash: this.backslash,
      implicitLine,
      controlAt: this.controlAt,
    };
  }

  /** One token from this.p; a quoted part may carry it over following lines. */
  private token(): Token {
    const text = this.text;
    const tStart = this.p;
    const tLine = this.line;
    const tColumn = tStart - this.ls + 1;
    let p = tStart;
    let inQuote = false;
    let quoted = false;
    let quoteOpen = -1;
    let crossedBackslash = false;
    for (;;) {
      const effEnd = this.effEnd;
      while (p < effEnd) {
        const c = text.charCodeAt(p);
        if (c === QUOTE) {
          inQuote = !inQuote;
          quoted = true;
          if (inQuote) quoteOpen = p;
        } else if (c <= 32) {
          if (!inQuote && isWs(c)) break;
          if (c < 32 && c !== 9 && this.controlAt < 0) this.controlAt = p;
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
    const raw = text.slice(tStart, p);
    let value = raw;
    if (quoted) {
      if (crossedBackslash) value = value.replace(CONTINUATION_IN_QUOTES, '');
      value = value.replaceAll('"', '');
    }
    return { text: value, raw, start: tStart, end: p, line: tLine, column: tColumn, quoted };
  }

  private simple(type: RawStatement['type']): RawStatement {
    return {
      type,
      keyword: '',
      upper: '',
      known: true,
      keywordStart: this.first,
      tokens: [],
      start: this.ls,
      end: this.contentEnd(),
      line: this.line,
      endLine: this.line,
      backslash: false,
      implicitLine: 0,
      controlAt: -1,
    };
  }
}

/** A mistyped or obsolete keyword still starts a statement, so its continuation lines stay with it. */
function startsUnknownStatement(word: string): boolean {
  if (word.length < 4 || word.length > 12 || word.includes('=') || word.includes('"')) return false;
  return OBSOLETE_KEYWORDS.has(word.toUpperCase()) || nearestKeyword(word) !== null;
}
