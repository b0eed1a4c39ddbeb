// LICENSE/FEATURE/INCREMENT and UPGRADE statements as the reader returns them.
// Their fields are plain strings, read and checked while parsing; their Tokens
// and Attributes are made from the document's TokenTable the first time someone
// asks (the model, signing, the editor), and kept from then on. A large file
// has hundreds of thousands of words: as objects made up front they were most of
// what reading it cost, and most readers only look at the fields.
import type { TokenTable } from './table.js';
import type { Attribute, LicenseStatement, OldFlexLayout, Token, UpgradeStatement } from './types.js';

/** The words [t0, t0 + n) of the table; the builder marked the positional ones. */
abstract class LazyWords {
  readonly #table: TokenTable;
  readonly #t0: number;
  readonly #n: number;
  #tokens: Token[] | null = null;
  #attrs: Attribute[] | null = null;

  constructor(table: TokenTable, t0: number, n: number) {
    this.#table = table;
    this.#t0 = t0;
    this.#n = n;
  }

  /** the positional tokens in order (keyword excluded) */
  get tokens(): Token[] {
    this.#tokens ??= this.#table.collect(this.#t0, this.#n, true);
    return this.#tokens;
  }

  get attrs(): Attribute[] {
    if (this.#attrs === null) {
      const out: Attribute[] = [];
      for (let j = this.#t0; j < this.#t0 + this.#n; j++) if (!this.#table.positional(j)) out.push(this.#table.attribute(j));
      this.#attrs = out;
    }
    return this.#attrs;
  }
}

/** What the builder read and checked of a grant line: everything its node holds but the words. */
export type GrantFields = Pick<LicenseStatement, 'keyword' | 'start' | 'end' | 'line' | 'endLine' | 'isv' | 'product' | 'version' | 'expires' | 'count' | 'key' | 'oldLayout'>;

/** The fields every grant has, set once from what the builder read and checked. */
abstract class GrantNode extends LazyWords {
  keyword: string;
  start: number;
  end: number;
  line: number;
  endLine: number;
  isv: string;
  product: string;
  version: string;
  expires: string;
  count: string;
  key: string | null;
  oldLayout?: OldFlexLayout;

  constructor(f: GrantFields, table: TokenTable, t0: number, n: number) {
    super(table, t0, n);
    this.keyword = f.keyword;
    this.start = f.start;
    this.end = f.end;
    this.line = f.line;
    this.endLine = f.endLine;
    this.isv = f.isv;
    this.product = f.product;
    this.version = f.version;
    this.expires = f.expires;
    this.count = f.count;
    this.key = f.key;
    if (f.oldLayout !== undefined) this.oldLayout = f.oldLayout;
  }
}

export class LicenseNode extends GrantNode implements LicenseStatement {
  readonly kind = 'license' as const;
}

export class UpgradeNode extends GrantNode implements UpgradeStatement {
  readonly kind = 'upgrade' as const;
  fromVersion: string;

  constructor(f: GrantFields, fromVersion: string, table: TokenTable, t0: number, n: number) {
    super(f, table, t0, n);
    this.fromVersion = fromVersion;
  }
}
