// Tokens of the configuration language, read on demand so that the
// preprocessor can skip the text of a false #if without lexing it (a stray
// quote in a disabled block is not an error, as in C). Comments are C's
// (`/* */`, `//`): the seed calls the preprocessor "C like" and every
// Amarisoft configuration file uses them. A backslash before a line break joins
// the lines, so a long #define may continue on the next line.
import type { ConfigDiagnosticCode, Reporter, SourcePos } from './diagnostics.js';

type Punct =
  | '{' | '}' | '[' | ']' | '(' | ')' | ',' | ':' | '+' | '-' | '*' | '/'
  | '!' | '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '#';

interface TokenBase {
  pos: SourcePos;
  /** a line break (or the start of the file) comes before this token */
  lineStart: boolean;
}
interface PunctToken extends TokenBase { kind: 'punct'; text: Punct }
interface IdentToken extends TokenBase { kind: 'ident'; text: string }
interface NumberToken extends TokenBase {
  kind: 'number';
  text: string;
  value: number;
  /** digits run into letters (`3I`, `1abc`): the parser says what was meant, by context */
  invalid?: true;
}
interface StringToken extends TokenBase { kind: 'string'; value: string }
interface TemplateToken extends TokenBase { kind: 'template'; parts: TemplatePart[] }
interface EofToken extends TokenBase { kind: 'eof' }
export type Token = PunctToken | IdentToken | NumberToken | StringToken | TemplateToken | EofToken;

/** A backquote string: literal text, and the tokens of each `${expr}` with the place of its `$`. */
type TemplatePart = string | { tokens: Token[]; pos: SourcePos; end: SourcePos };

const PUNCT2 = new Set(['||', '&&', '==', '!=', '<=', '>=']);
const PUNCT1 = new Set('{}[](),:+-*/!<>#');
const NUMBER = /0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

export class Lexer {
  private at = 0;
  private line = 1;
  private col = 1;
  private sawBreak = true;

  constructor(
    readonly file: string,
    private readonly text: string,
    private readonly report: Reporter,
  ) {
    if (text.charCodeAt(0) === 0xfeff) this.at = 1;
  }

  here(): SourcePos {
    return { file: this.file, line: this.line, column: this.col };
  }

  /** The next token, across line breaks. */
  next(): Token {
    for (;;) {
      this.skipBlank(true);
      const tok = this.lexToken();
      if (tok) return tok;
    }
  }

  /** The next token on the current line (a directive's line), or undefined at its end. */
  nextOnLine(): Token | undefined {
    for (;;) {
      this.skipBlank(false);
      const c = this.text[this.at];
      if (c === undefined || c === '\n') return undefined;
      const tok = this.lexToken();
      if (tok) return tok;
    }
  }

  /**
   * Skips to the start of the next line, stepping over comments and strings so
   * that a line break inside them does not count. False at the end of the text.
   */
  skipRestOfLine(): boolean {
    const t = this.text;
    let i = this.at;
    while (i < t.length) {
      const c = t[i];
      if (c === '\n') {
        this.moveTo(i + 1);
        this.sawBreak = true;
        return true;
      }
      if (c === '/' && t[i + 1] === '*') {
        const end = t.indexOf('*/', i + 2);
        i = end < 0 ? t.length : end + 2;
      } else if (c === '/' && t[i + 1] === '/') {
        const end = t.indexOf('\n', i);
        i = end < 0 ? t.length : end;
      } else if (c === '\\' && (t[i + 1] === '\n' || (t[i + 1] === '\r' && t[i + 2] === '\n'))) {
        i += t[i + 1] === '\n' ? 2 : 3;
      } else if (c === '"' || c === '`') {
        i = this.skipQuoted(i, c);
      } else {
        i++;
      }
    }
    this.moveTo(t.length);
    return false;
  }

  /** At the start of a line: is its first non-blank character `#`? */
  lineStartsWithHash(): boolean {
    let i = this.at;
    while (this.text[i] === ' ' || this.text[i] === '\t' || this.text[i] === '\r') i++;
    return this.text[i] === '#';
  }

  private skipQuoted(i: number, q: string): number {
    const t = this.text;
    for (let j = i + 1; j < t.length; j++) {
      const c = t[j];
      if (c === '\\') j++;
      else if (c === q) return j + 1;
      else if (c === '\n' && q === '"') return j;
    }
    return t.length;
  }

  private err(pos: SourcePos, code: ConfigDiagnosticCode, message: string, hint?: string): void {
    this.report(pos, 'error', code, message, hint);
  }

  /** Advances to offset `to`, keeping line and column (columns count characters, not UTF-16 units). */
  private moveTo(to: number): void {
    const t = this.text;
    for (let i = this.at; i < to; i++) {
      const u = t.charCodeAt(i);
      if (u === 10) {
        this.line++;
        this.col = 1;
      } else if (!(u >= 0xdc00 && u <= 0xdfff && i > 0 && t.charCodeAt(i - 1) >= 0xd800 && t.charCodeAt(i - 1) <= 0xdbff)) {
        this.col++;
      }
    }
    this.at = to;
  }

  private skipBlank(crossLines: boolean): void {
    const t = this.text;
    for (;;) {
      const c = t[this.at];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        this.moveTo(this.at + 1);
      } else if (c === '\n') {
        if (!crossLines) return;
        this.moveTo(this.at + 1);
        this.sawBreak = true;
      } else if (c === '\\' && (t[this.at + 1] === '\n' || (t[this.at + 1] === '\r' && t[this.at + 2] === '\n'))) {
        this.moveTo(this.at + (t[this.at + 1] === '\n' ? 2 : 3));
      } else if (c === '/' && t[this.at + 1] === '/') {
        const end = t.indexOf('\n', this.at);
        this.moveTo(end < 0 ? t.length : end);
      } else if (c === '/' && t[this.at + 1] === '*') {
        const start = this.here();
        const end = t.indexOf('*/', this.at + 2);
        if (end < 0) {
          this.err(start, 'CFG_UNTERMINATED', 'unterminated comment: /* is never closed by */');
          this.moveTo(t.length);
        } else {
          if (crossLines && t.slice(this.at, end).includes('\n')) this.sawBreak = true;
          this.moveTo(end + 2);
        }
      } else {
        return;
      }
    }
  }

  /** One token at the current offset; null after reporting a stray character (the caller goes on). */
  private lexToken(): Token | null {
    const t = this.text;
    const pos = this.here();
    const c = t[this.at];
    if (c !== undefined && this.isStray(c)) {
      this.strayCharacter(c, pos);
      return null;
    }
    const lineStart = this.sawBreak;
    this.sawBreak = false;
    if (c === undefined) return { kind: 'eof', pos, lineStart };
    if (c === '"') return { kind: 'string', value: this.lexString(pos), pos, lineStart };
    if (c === '`') return { kind: 'template', parts: this.lexTemplate(pos), pos, lineStart };
    const two = t.slice(this.at, this.at + 2);
    if (PUNCT2.has(two)) {
      this.moveTo(this.at + 2);
      return { kind: 'punct', text: two as Punct, pos, lineStart };
    }
    if (PUNCT1.has(c)) {
      this.moveTo(this.at + 1);
      return { kind: 'punct', text: c as Punct, pos, lineStart };
    }
    NUMBER.lastIndex = this.at;
    const num = NUMBER.exec(t);
    if (num) return this.lexNumber(num[0], pos, lineStart);
    IDENT.lastIndex = this.at;
    const id = IDENT.exec(t) as RegExpExecArray;
    this.moveTo(this.at + id[0].length);
    return { kind: 'ident', text: id[0], pos, lineStart };
  }

  private isStray(c: string): boolean {
    if (c === '"' || c === '`' || PUNCT1.has(c) || /[A-Za-z0-9_]/.test(c)) return false;
    if (c === '.') return !/[0-9]/.test(this.text[this.at + 1] ?? '');
    return !PUNCT2.has(this.text.slice(this.at, this.at + 2));
  }

  private strayCharacter(c: string, pos: SourcePos): void {
    const cp = String.fromCodePoint(this.text.codePointAt(this.at) ?? 0);
    this.moveTo(this.at + cp.length);
    if (c === '|' || c === '&') {
      this.err(pos, 'CFG_SYNTAX', `unexpected '${c}'`, `the operator is '${c}${c}'`);
    } else if (c === '=') {
      this.err(pos, 'CFG_SYNTAX', "unexpected '='", "write 'name: value'; for a comparison use '=='");
    } else if (c === "'") {
      this.err(pos, 'CFG_SYNTAX', "unexpected \"'\"", 'strings are written in double quotes "..." or backquotes `...`');
    } else if (c === ';') {
      this.err(pos, 'CFG_SYNTAX', "unexpected ';'", "separate properties with ','");
    } else {
      const shown = /[\x20-\x7e]/.test(cp) ? `'${cp}'` : `U+${(cp.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
      this.err(pos, 'CFG_SYNTAX', `unexpected character ${shown}`);
    }
  }

  private lexNumber(text: string, pos: SourcePos, lineStart: boolean): Token {
    this.moveTo(this.at + text.length);
    if (isIdentChar(this.text[this.at]) || this.text[this.at] === '.') {
      const rest = /[A-Za-z0-9_.]*/y;
      rest.lastIndex = this.at;
      const tail = rest.exec(this.text)?.[0] ?? '';
      this.moveTo(this.at + tail.length);
      return { kind: 'number', text: text + tail, value: 0, pos, lineStart, invalid: true };
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
      this.err(pos, 'CFG_NUMBER', `number '${text}' is too large for a 64-bit float`);
      return { kind: 'number', text, value: 0, pos, lineStart };
    }
    return { kind: 'number', text, value, pos, lineStart };
  }

  /** A "..." string; JSON's escapes. Ends at the closing quote, or (unterminated) at the line's end. */
  private lexString(pos: SourcePos): string {
    const t = this.text;
    let out = '';
    this.moveTo(this.at + 1);
    for (;;) {
      const c = t[this.at];
      if (c === undefined || c === '\n') {
        this.err(pos, 'CFG_UNTERMINATED', 'unterminated string: no closing " on this line', 'only backquote strings `...` may span several lines');
        return out;
      }
      if (c === '"') {
        this.moveTo(this.at + 1);
        return out;
      }
      if (c === '\\') out += this.lexEscape(false);
      else {
        out += c;
        this.moveTo(this.at + 1);
      }
    }
  }

  private lexEscape(template: boolean): string {
    const t = this.text;
    const pos = this.here();
    const e = t[this.at + 1];
    if (e === 'u') {
      const hex = t.slice(this.at + 2, this.at + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.moveTo(this.at + 6);
        return String.fromCharCode(parseInt(hex, 16));
      }
    } else if (e !== undefined && e !== '\n') {
      const known = ESCAPES[e] ?? (template && (e === '`' || e === '$') ? e : undefined);
      if (known !== undefined) {
        this.moveTo(this.at + 2);
        return known;
      }
    }
    if (e === undefined || e === '\n') {
      this.moveTo(this.at + 1);
      if (template) return '\\';
      this.err(pos, 'CFG_ESCAPE', 'a backslash ends the line inside a string');
      return '';
    }
    const shown = e === 'u' ? '\\u' : `\\${e}`;
    this.moveTo(this.at + 2);
    this.err(pos, 'CFG_ESCAPE', `unknown escape '${shown}' in a string`, 'known escapes: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX' + (template ? ' \\` \\$' : ''));
    return e;
  }

  /** A backquote string: text with `${expr}` parts, which may span lines. */
  private lexTemplate(pos: SourcePos): TemplatePart[] {
    const t = this.text;
    const parts: TemplatePart[] = [];
    let lit = '';
    this.moveTo(this.at + 1);
    for (;;) {
      const c = t[this.at];
      if (c === undefined) {
        this.err(pos, 'CFG_UNTERMINATED', 'unterminated backquote string: no closing `');
        break;
      }
      if (c === '`') {
        this.moveTo(this.at + 1);
        break;
      }
      if (c === '\\') {
        lit += this.lexEscape(true);
      } else if (c === '$' && t[this.at + 1] === '{') {
        if (lit !== '') parts.push(lit);
        lit = '';
        const part = this.lexInterpolation();
        if (part === null) return parts;
        parts.push(part);
      } else {
        lit += c;
        this.moveTo(this.at + 1);
      }
    }
    if (lit !== '') parts.push(lit);
    return parts;
  }

  /** The tokens of one `${...}`, up to its matching `}`; null when the text ends first. */
  private lexInterpolation(): TemplatePart | null {
    const pos = this.here();
    this.moveTo(this.at + 2);
    const tokens: Token[] = [];
    let depth = 0;
    for (;;) {
      const tok = this.next();
      if (tok.kind === 'eof') {
        this.err(pos, 'CFG_UNTERMINATED', 'unterminated ${ in a backquote string: no closing }');
        return null;
      }
      // a line break inside ${...} does not put the token after the string at a line start
      this.sawBreak = false;
      if (tok.kind === 'punct' && tok.text === '}') {
        if (depth === 0) return { tokens, pos, end: tok.pos };
        depth--;
      } else if (tok.kind === 'punct' && tok.text === '{') {
        depth++;
      }
      tokens.push(tok);
    }
  }
}
