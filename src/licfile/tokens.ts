// The lexer's words. A `key=value` word becomes one AttributeToken: it is both
// the word (Token) and the attribute (Attribute), and builds the value's own
// Token only when someone asks for it. A 100,000-line file has hundreds of
// thousands of attributes; one object each instead of three (word, attribute,
// value word) is what keeps reading it within a few times JSON.parse.
import { FLEXLM_KNOWN_ATTRIBUTES, RLM_ISV_ATTRIBUTES, RLM_LICENSE_ATTRIBUTES } from './attributes.js';
import type { Attribute, Token } from './types.js';

/**
 * One shared string per known keyword spelling (lower and upper case): a large
 * file then keeps one copy of `share` or `SIGN` instead of one per line.
 */
const KEYWORD_SPELLINGS: ReadonlyMap<string, readonly [key: string, name: string]> = (() => {
  const m = new Map<string, readonly [string, string]>();
  const names = [...RLM_LICENSE_ATTRIBUTES.keys(), ...RLM_ISV_ATTRIBUTES.keys(), ...FLEXLM_KNOWN_ATTRIBUTES];
  for (const name of names) {
    m.set(name, [name, name]);
    const upper = name.toUpperCase();
    m.set(upper, [upper, name]);
  }
  return m;
})();

const CONTINUATION_IN_QUOTES = /\\[ \t\r\v\f]*\n/g;

/** A word's text: quotes removed, and FlexLM's `\` + line break inside quotes dropped. */
export function unquote(raw: string, crossedBackslash: boolean): string {
  const v = crossedBackslash ? raw.replace(CONTINUATION_IN_QUOTES, '') : raw;
  return v.replaceAll('"', '');
}

/** Value Tokens made on demand, kept for the attribute's lifetime without a field on every attribute. */
const valueTokens = new WeakMap<AttributeToken, Token>();

export class AttributeToken implements Token, Attribute {
  readonly raw: string;
  readonly start: number;
  readonly line: number;
  readonly column: number;
  readonly quoted: boolean;
  readonly key: string;
  readonly name: string;
  readonly value: string;
  /** index of the `=` in raw */
  private readonly eq: number;

  /** `written` is raw up to the `=` */
  constructor(raw: string, start: number, line: number, column: number, quoted: boolean, eq: number, written: string, value: string) {
    this.raw = raw;
    this.start = start;
    this.line = line;
    this.column = column;
    this.quoted = quoted;
    const spelling = KEYWORD_SPELLINGS.get(written);
    this.key = spelling !== undefined ? spelling[0] : written;
    this.name = spelling !== undefined ? spelling[1] : written.toLowerCase();
    this.value = value;
    this.eq = eq;
  }

  /** `key=value` without quotes (the key holds no quote, so this is the unquoted word) */
  get text(): string {
    return this.quoted ? `${this.raw.slice(0, this.eq + 1)}${this.value}` : this.raw;
  }

  get token(): Token {
    return this;
  }

  /** offset of the value in the file text, without building its Token */
  get valueStart(): number {
    return this.start + this.eq + 1;
  }

  get end(): number {
    return this.start + this.raw.length;
  }

  get valueToken(): Token {
    let vt = valueTokens.get(this);
    if (vt === undefined) {
      vt = {
        text: this.value,
        raw: this.raw.slice(this.eq + 1),
        start: this.start + this.eq + 1,
        end: this.end,
        line: this.line,
        column: this.column + this.eq + 1,
        quoted: this.quoted,
      };
      valueTokens.set(this, vt);
    }
    return vt;
  }
}

/**
 * Any other word. `end` and `quoted` follow from the rest (a quoted word's text
 * has lost its quotes, so it differs from raw), which keeps five fields per
 * word instead of seven.
 */
export class WordToken implements Token {
  constructor(
    readonly text: string,
    readonly raw: string,
    readonly start: number,
    readonly line: number,
    readonly column: number,
  ) {}

  get end(): number {
    return this.start + this.raw.length;
  }

  get quoted(): boolean {
    return this.text !== this.raw;
  }
}

/** A bare word such as `replace` or `TS_OK` as an attribute. */
export function flagAttribute(tok: Token): Attribute {
  return { key: tok.raw, name: tok.text.toLowerCase(), value: null, token: tok, valueToken: null };
}

/** The key as written and its lower-case name, with one shared string for each known keyword. */
export function spellingOf(written: string): readonly [key: string, name: string] {
  return KEYWORD_SPELLINGS.get(written) ?? [written, written.toLowerCase()];
}

/** Known keyword spellings alone (undefined for any other), for callers that must not allocate. */
export function knownSpelling(written: string): readonly [key: string, name: string] | undefined {
  return KEYWORD_SPELLINGS.get(written);
}

/** Where an attribute's value starts in the file text. */
export function valueOffset(a: Attribute): number {
  if (a instanceof AttributeToken) return a.valueStart;
  return a.valueToken?.start ?? a.token.start;
}

/** The attribute a word is, if it is `key=value` (the `=` before any quote), otherwise null. */
export function attributeOf(tok: Token): Attribute | null {
  if (tok instanceof AttributeToken) return tok;
  // a word the lexer did not make (the lexer makes every key=value an AttributeToken)
  const raw = tok.raw;
  const eq = raw.indexOf('=');
  if (eq <= 0) return null;
  const q = raw.indexOf('"');
  if (q >= 0 && q < eq) return null;
  const written = raw.slice(0, eq);
  const spelling = KEYWORD_SPELLINGS.get(written);
  // the key holds no quote, so the `=` sits at the same place in the unquoted text
  const value = tok.quoted ? tok.text.slice(eq + 1) : raw.slice(eq + 1);
  const valueToken: Token = { text: value, raw: raw.slice(eq + 1), start: tok.start + eq + 1, end: tok.end, line: tok.line, column: tok.column + eq + 1, quoted: tok.quoted };
  return {
    key: spelling !== undefined ? spelling[0] : written,
    name: spelling !== undefined ? spelling[1] : written.toLowerCase(),
    value,
    token: tok,
    valueToken,
  };
}
