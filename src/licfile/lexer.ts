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
//   rest of the file;
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
  const n = text.length;
  const lineStarts: number[] = [0];
  const statements: RawStatement[] = [];
  const issues: LexIssue[] = [];
  if (n === 0) return { statements, lineStarts, issues };

  // the current physical line
  let ls = 0; // start
  let le = 0; // index of its '\n', or n
  let first = 0; // first non-blank
  let effEnd = 0; // end of content, without trailing blanks and a final `\`
  let bsl = false; // ends with `\`
  let line = 1;

  const load = (): void => {
    le = text.indexOf('\n', ls);
    if (le < 0) le = n;
    let i = ls;
    while (i < le && isWs(text.charCodeAt(i))) i++;
    first = i;
    let e = le;
    while (e > first && isWs(text.charCodeAt(e - 1))) e--;
    bsl = e > first && text.charCodeAt(e - 1) === BACKSLASH;
    effEnd = bsl ? e - 1 : e;
  };
  const hasNext = (): boolean => le + 1 < n;
  const advance = (): void => {
    ls = le + 1;
    line++;
    lineStarts.push(ls);
    load();
  };
  /** end of the current line without its line break */
  const contentEnd = (): number => (le < n && le > ls && text.charCodeAt(le - 1) === CR ? le - 1 : le);
  const wordEnd = (from: number, to: number): number => {
    let i = from;
    while (i < to && !isWs(text.charCodeAt(i))) i++;
    return i;
  };

  /** What the next physical line starts with: 'none' (no line), 'blank', 'comment', 'keyword' or 'other'. */
  const peekNext = (): NextLine => {
    if (!hasNext()) return 'none';
    const s = le + 1;
    let e = text.indexOf('\n', s);
    if (e < 0) e = n;
    let i = s;
    while (i < e && isWs(text.charCodeAt(i))) i++;
    if (i === e) return 'blank';
    if (text.charCodeAt(i) === HASH) return 'comment';
    return isLineKeyword(text, i, wordEnd(i, e)) ? 'keyword' : 'other';
  };

  const lexKeywordStatement = (kwStart: number, kwEnd: number, known: boolean): RawStatement => {
    const start = ls;
    const startLine = line;
    const tokens: Token[] = [];
    let backslash = false;
    let implicitLine = 0;
    let controlAt = -1;
    let unterminatedOnLine = 0;
    let p = kwEnd;

    const scanToken = (): Token => {
      const tStart = p;
      const tLine = line;
      const tColumn = p - ls + 1;
      let inQuote = false;
      let quoted = false;
      let quoteOpen = -1;
      let crossedBackslash = false;
      for (;;) {
        while (p < effEnd) {
          const c = text.charCodeAt(p);
          if (c === QUOTE) {
            inQuote = !inQuote;
            quoted = true;
            if (inQuote) quoteOpen = p;
          } else if (!inQuote && isWs(c)) {
            break;
          } else if (c < 32 && c !== 9 && controlAt < 0) {
            controlAt = p;
          }
          p++;
        }
        if (!inQuote) break;
        const next = peekNext();
        const goesOn = next !== 'none' && next !== 'blank' && (bsl || next === 'other');
        if (!goesOn) {
          issues.push({ code: 'LIC_UNTERMINATED_QUOTE', offset: quoteOpen, tokenStart: tStart, detail: STOPPED_BY[next] });
          unterminatedOnLine = line;
          break;
        }
        if (bsl) {
          crossedBackslash = true;
          backslash = true;
        }
        advance();
        p = ls;
      }
      const raw = text.slice(tStart, p);
      let value = raw;
      if (quoted) {
        if (crossedBackslash) value = value.replace(CONTINUATION_IN_QUOTES, '');
        value = value.replaceAll('"', '');
      }
      return { text: value, raw, start: tStart, end: p, line: tLine, column: tColumn, quoted };
    };

    for (;;) {
      while (p < effEnd && isWs(text.charCodeAt(p))) p++;
      if (p < effEnd) {
        tokens.push(scanToken());
        continue;
      }
      const next = peekNext();
      const goesOn = next === 'other';
      if (!goesOn) {
        if (bsl && unterminatedOnLine !== line) {
          issues.push({ code: 'LIC_DANGLING_CONTINUATION', offset: effEnd, tokenStart: effEnd, detail: DANGLING[next] });
        }
        break;
      }
      if (bsl) backslash = true;
      else if (implicitLine === 0) implicitLine = line + 1;
      advance();
      p = ls;
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
      end: contentEnd(),
      line: startLine,
      endLine: line,
      backslash,
      implicitLine,
      controlAt,
    };
  };

  const simple = (type: RawStatement['type']): RawStatement => ({
    type,
    keyword: '',
    upper: '',
    known: true,
    keywordStart: first,
    tokens: [],
    start: ls,
    end: contentEnd(),
    line,
    endLine: line,
    backslash: false,
    implicitLine: 0,
    controlAt: -1,
  });

  load();
  for (;;) {
    if (first === le) {
      statements.push(simple('blank'));
    } else if (text.charCodeAt(first) === HASH) {
      statements.push(simple('comment'));
    } else {
      const we = wordEnd(first, bsl ? effEnd : le);
      if (isLineKeyword(text, first, we)) {
        statements.push(lexKeywordStatement(first, we, true));
      } else if (startsUnknownStatement(text.slice(first, we))) {
        statements.push(lexKeywordStatement(first, we, false));
      } else {
        statements.push(simple('text'));
      }
    }
    if (!hasNext()) break;
    advance();
  }
  return { statements, lineStarts, issues };
}

/** A mistyped or obsolete keyword still starts a statement, so its continuation lines stay with it. */
function startsUnknownStatement(word: string): boolean {
  if (word.length < 4 || word.length > 12 || word.includes('=') || word.includes('"')) return false;
  return OBSOLETE_KEYWORDS.has(word.toUpperCase()) || nearestKeyword(word) !== null;
}
