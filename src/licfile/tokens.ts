// The Token and Attribute objects made from the TokenTable when a consumer asks
// a statement for them. A `key=value` word becomes one AttributeToken: it is
// both the word (Token) and the attribute (Attribute), and builds the value's
// own Token only when someone asks for it. Both kinds keep a reference to the
// table and read their offsets, line and column from it, so making all of a
// 100,000-line file's (the model does) costs a few small objects per line.
import { FLEXLM_KNOWN_ATTRIBUTES, RLM_ISV_ATTRIBUTES, RLM_LICENSE_ATTRIBUTES } from './attributes.js';
import type { Attribute, Token } from './types.js';

/**
 * The part of table.ts's TokenTable a word reads, declared here so that this
 * file does not import the table that imports it (no import cycle).
 */
export interface TokenTable {
  start(j: number): number;
  end(j: number): number;
  eq(j: number): number;
  line(j: number): number;
  column(j: number): number;
  quoted(j: number): boolean;
  raw(j: number): string;
}

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

/**
 * What every word made from the TokenTable shares: it keeps the table and its
 * index there, and reads where it is (offsets, line, column, quotes) when asked.
 * The fields are private, so a Token compares and prints as its values only.
 */
abstract class TableWord {
  readonly #table: TokenTable;
  readonly #j: number;

  constructor(table: TokenTable, j: number) {
    this.#table = table;
    this.#j = j;
  }

  /** the word exactly as written, from the table */
  protected get written(): string {
    return this.#table.raw(this.#j);
  }

  /** index of the `=` in the word as written */
  protected get eq(): number {
    return this.#table.eq(this.#j);
  }

  get start(): number {
    return this.#table.start(this.#j);
  }

  get end(): number {
    return this.#table.end(this.#j);
  }

  get line(): number {
    return this.#table.line(this.#j);
  }

  get column(): number {
    return this.#table.column(this.#j);
  }

  get quoted(): boolean {
    return this.#table.quoted(this.#j);
  }
}

/**
 * A `key=value` word: the Token and the Attribute in one object. It holds only
 * what every reader of an attribute wants: key, name and value.
 */
export class AttributeToken extends TableWord implements Token, Attribute {
  readonly key: string;
  readonly name: string;
  readonly value: string;

  constructor(table: TokenTable, j: number, key: string, name: string, value: string) {
    super(table, j);
    this.key = key;
    this.name = name;
    this.value = value;
  }

  /** exactly as written, quotes included */
  get raw(): string {
    return this.written;
  }

  /** `key=value` without quotes (the key holds no quote, so this is the unquoted word) */
  get text(): string {
    const raw = this.raw;
    return this.quoted ? `${raw.slice(0, this.eq + 1)}${this.value}` : raw;
  }

  get token(): Token {
    return this;
  }

  /** offset of the value in the file text, without building its Token */
  get valueStart(): number {
    return this.start + this.eq + 1;
  }

  get valueToken(): Token {
    let vt = valueTokens.get(this);
    if (vt === undefined) {
      const eq = this.eq;
      vt = {
        text: this.value,
        raw: this.raw.slice(eq + 1),
        start: this.start + eq + 1,
        end: this.end,
        line: this.line,
        column: this.column + eq + 1,
        quoted: this.quoted,
      };
      valueTokens.set(this, vt);
    }
    return vt;
  }
}

/** Any other word: its text, and the rest read from the TokenTable when asked. */
export class WordToken extends TableWord implements Token {
  constructor(
    table: TokenTable,
    j: number,
    readonly text: string,
  ) {
    super(table, j);
  }

  get raw(): string {
    return this.quoted ? this.written : this.text;
  }
}

/** A bare word such as `replace` or `TS_OK` as an attribute. */
export function flagAttribute(tok: Token): Attribute {
  return { key: tok.raw, name: tok.text.toLowerCase(), value: null, token: tok, valueToken: null };
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
