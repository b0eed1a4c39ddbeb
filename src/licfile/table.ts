// Where the lexer keeps the words of a file: four int32 per word in one typed
// array (start, end, where the `=` is, line and flags) instead of an object and
// a string or two per word. A 100,000-line file has over half a million words;
// as objects they were most of the heap the document kept, and most of the time
// the collector spent copying it. Token objects are made from here only when a
// consumer asks a statement for its tokens or attributes.
import { AttributeToken, flagAttribute, knownSpelling, unquote, WordToken } from './tokens.js';
import type { Attribute, Token } from './types.js';

export const T_START = 0;
export const T_END = 1;
/** index of the first `=` before any quote in the word, -1 when none */
export const T_EQ = 2;
/** line << LINE_SHIFT | flags */
export const T_INFO = 3;
export const T_STRIDE = 4;

export const QUOTED = 1;
/** a quoted part went over a `\` + line break (FlexLM), which the text drops */
export const CROSSED = 2;
/** holds a typographic quote (“ or ”) */
export const CURLY = 4;
/** set by the statement builders: the word is a positional field, not an attribute */
const POSITIONAL = 8;
export const LINE_SHIFT = 4;

const WORD_SLOTS = 1024;
/** longer words are rarely repeated: slice them */
const MAX_SHARED_WORD = 24;

/**
 * Short words seen lately, one per slot (slot from length and a few
 * characters). License files repeat their ISV, dates, counts and attribute
 * values line after line; a word found here is shared instead of copied, and
 * no string is made to look it up.
 */
export class Words {
  private readonly slots: string[] = new Array<string>(WORD_SLOTS).fill('');

  constructor(private readonly text: string) {}

  /** text.slice(start, end), shared with an earlier equal word when there is one. */
  word(start: number, end: number): string {
    const text = this.text;
    const len = end - start;
    if (len > MAX_SHARED_WORD || len <= 0) return text.slice(start, end);
    const slot =
      (len * 7919 + text.charCodeAt(start) * 31 + text.charCodeAt(start + (len >> 1)) * 131 + text.charCodeAt(end - 1)) & (WORD_SLOTS - 1);
    const seen = this.slots[slot] as string;
    if (seen.length === len && text.startsWith(seen, start)) return seen;
    const fresh = text.slice(start, end);
    this.slots[slot] = fresh;
    return fresh;
  }
}

const QUOTE = 34;

/** The words of one file; `j` is a word's index. */
export class TokenTable {
  constructor(
    readonly text: string,
    /** offset of every physical line; lineStarts[i] is line i + 1 */
    readonly lineStarts: Int32Array,
    readonly data: Int32Array,
    readonly words: Words,
  ) {}

  start(j: number): number {
    return this.data[j * T_STRIDE + T_START] as number;
  }

  end(j: number): number {
    return this.data[j * T_STRIDE + T_END] as number;
  }

  eq(j: number): number {
    return this.data[j * T_STRIDE + T_EQ] as number;
  }

  info(j: number): number {
    return this.data[j * T_STRIDE + T_INFO] as number;
  }

  line(j: number): number {
    return this.info(j) >>> LINE_SHIFT;
  }

  /** 1-based, in UTF-16 units from the start of the word's first line */
  column(j: number): number {
    return this.start(j) - (this.lineStarts[this.line(j) - 1] as number) + 1;
  }

  quoted(j: number): boolean {
    return (this.info(j) & QUOTED) !== 0;
  }

  positional(j: number): boolean {
    return (this.info(j) & POSITIONAL) !== 0;
  }

  markPositional(j: number): void {
    this.data[j * T_STRIDE + T_INFO] = this.info(j) | POSITIONAL;
  }

  /** The word as written. */
  raw(j: number): string {
    return this.words.word(this.start(j), this.end(j));
  }

  /** The word's text: quotes removed, FlexLM's `\` + line break inside quotes dropped. */
  wordText(j: number): string {
    const info = this.info(j);
    const s = this.start(j);
    const e = this.end(j);
    if ((info & QUOTED) === 0) return this.words.word(s, e);
    return unquote(this.text.slice(s, e), (info & CROSSED) !== 0);
  }

  /** An attribute's key as written (the word up to its `=`). */
  written(j: number): string {
    const s = this.start(j);
    return this.words.word(s, s + this.eq(j));
  }

  /** An attribute's value, unquoted. */
  value(j: number): string {
    const info = this.info(j);
    const v = this.start(j) + this.eq(j) + 1;
    const e = this.end(j);
    if ((info & QUOTED) === 0) return this.words.word(v, e);
    const text = this.text;
    const crossed = (info & CROSSED) !== 0;
    if (!crossed && e > v + 1 && text.charCodeAt(v) === QUOTE && text.charCodeAt(e - 1) === QUOTE && text.indexOf('"', v + 1) === e - 1) {
      // the usual key="value"
      return this.words.word(v + 1, e - 1);
    }
    return unquote(text.slice(v, e), crossed);
  }

  /** The word as a Token (an AttributeToken when it is `key=value`). */
  token(j: number): Token {
    if (this.eq(j) > 0) {
      const written = this.written(j);
      const spelling = knownSpelling(written);
      return spelling !== undefined
        ? new AttributeToken(this, j, spelling[0], spelling[1], this.value(j))
        : new AttributeToken(this, j, written, written.toLowerCase(), this.value(j));
    }
    return new WordToken(this, j, this.wordText(j));
  }

  /** The word as an Attribute: `key=value`, or a bare flag. */
  attribute(j: number): Attribute {
    const tok = this.token(j);
    return tok instanceof AttributeToken ? tok : flagAttribute(tok);
  }

  /** Tokens of words [t0, t0 + n) whose POSITIONAL mark is `positional`. */
  collect(t0: number, n: number, positional: boolean): Token[] {
    const out: Token[] = [];
    for (let j = t0; j < t0 + n; j++) if (this.positional(j) === positional) out.push(this.token(j));
    return out;
  }
}
