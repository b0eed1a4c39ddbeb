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
import { lineKeywordAt, nearestKeyword, OBSOLETE_KEYWORDS } from './keywords.js';
import { AttributeToken, unquote, WordToken } from './tokens.js';
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

const WORD_SLOTS = 1024;
/** longer words are rarely repeated: slice them */
const MAX_SHARED_WORD = 24;
/** the longest first word that can be a keyword or a mistyped one (startsUnknownStatement) */
const MAX_FIRST_WORD = 12;

const CR = 13;
const QUOTE = 34;
const HASH = 35;
const EQUALS = 61;
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
  /**
   * Short words seen lately, one per slot (slot from length and a few
   * characters). License files repeat their ISV, dates, counts and attribute
   * values line after line; a word found here is shared instead of copied, and
   * no string is made to look it up.
   */
  private readonly words: string[] = new Array<string>(WORD_SLOTS).fill('');
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
          const we = this.firstWordEnd(first, this.bsl ? this.effEnd : this.le);
          const kw = lineKeywordAt(text, first, we);
          if (kw !== null) {
            this.statements.push(this.keywordStatement(first, we, kw));
          } else if (startsUnknownStatement(text, first, we)) {
            this.statements.push(this.keywordStatement(first, we, null));
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

  /** text.slice(start, end), shared with an earlier equal word when there is one. */
  private word(start: number, end: number): string {
    const text = this.text;
    const len = end - start;
    if (len > MAX_SHARED_WORD || len <= 0) return text.slice(start, end);
    const slot =
      (len * 7919 + text.charCodeAt(start) * 31 + text.charCodeAt(start + (len >> 1)) * 131 + text.charCodeAt(end - 1)) & (WORD_SLOTS - 1);
    const seen = this.words[slot] as string;
    if (seen.length === len && text.startsWith(seen, start)) return seen;
    const fresh = text.slice(start, end);
    this.words[slot] = fresh;
    return fresh;
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
    if (lineKeywordAt(text, i, we) !== null) return 'keyword';
    // a mistyped keyword starts its own (reported) statement rather than joining this one
    return startsUnknownStatement(text, i, we) ? 'keyword' : 'other';
  }

  /** `known` is the keyword in upper case, null for an obsolete or mistyped one */
  private keywordStatement(kwStart: number, kwEnd: number, known: string | null): RawStatement {
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
    // written as the canonical spelling (the usual case): share that string
    const keyword = known !== null && text.startsWith(known, kwStart) ? known : text.slice(kwStart, kwEnd);
    return {
      type: 'keyword',
      keyword,
      upper: known ?? keyword.toUpperCase(),
      known: known !== null,
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
    const raw = this.word(tStart, p);
    if (eq > 0) {
      const v = tStart + eq + 1;
      let value: string;
      if (!quoted) value = this.word(v, p);
      else if (!crossedBackslash && p > v + 1 && text.charCodeAt(v) === QUOTE && text.charCodeAt(p - 1) === QUOTE && text.indexOf('"', v + 1) === p - 1) {
        // the usual key="value"
        value = this.word(v + 1, p - 1);
      } else value = unquote(text.slice(v, p), crossedBackslash);
      return new AttributeToken(raw, tStart, tLine, tColumn, quoted, eq, this.word(tStart, tStart + eq), value);
    }
    const tokenText = quoted ? unquote(raw, crossedBackslash) : raw;
    return new WordToken(tokenText, raw, tStart, tLine, tColumn);
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
function startsUnknownStatement(text: string, start: number, end: number): boolean {
  // judged by length first: most first words (values, signatures) are not keyword-sized
  if (end - start < 4 || end - start > 12) return false;
  const word = text.slice(start, end);
  if (word.includes('=') || word.includes('"')) return false;
  return OBSOLETE_KEYWORDS.has(word.toUpperCase()) || nearestKeyword(word) !== null;
}
