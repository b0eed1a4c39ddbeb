// Reading tokens: a stream over a list (a directive's line, a ${...}), and how
// tokens are named in messages.
import type { SourcePos } from './diagnostics.js';
import type { Token } from './lexer.js';

export interface TokenStream {
  peek(k?: number): Token;
  next(): Token;
}

export type Closer = '}' | ']' | ')' | 'eof';

export function isPunct(t: Token, p: string): boolean {
  return t.kind === 'punct' && t.text === p;
}

export function closerOf(t: Token): Closer | null {
  if (t.kind === 'eof') return 'eof';
  if (t.kind === 'punct' && (t.text === '}' || t.text === ']' || t.text === ')')) return t.text;
  return null;
}

export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of file';
    case 'punct':
      return `'${t.text}'`;
    case 'ident':
      return `'${t.text}'`;
    case 'number':
      return `number ${t.text}`;
    case 'string':
      return `string ${JSON.stringify(t.value.length > 30 ? `${t.value.slice(0, 27)}...` : t.value)}`;
    case 'template':
      return 'a backquote string';
  }
}

/** Why a value is followed by something that cannot follow it, when the cause is a common one. */
export function afterValueHint(t: Token): string | undefined {
  if (t.lineStart && (t.kind === 'ident' || t.kind === 'string')) return "a ',' is missing at the end of the previous line";
  if (isPunct(t, ':')) return 'text containing \':\' must be quoted';
  return undefined;
}

export function at(p: SourcePos): string {
  return `line ${p.line}, column ${p.column}`;
}

export class ArrayStream implements TokenStream {
  private i = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly end: SourcePos,
  ) {}
  peek(k = 0): Token {
    return this.tokens[this.i + k] ?? { kind: 'eof', pos: this.end, lineStart: false };
  }
  next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length) this.i++;
    return t;
  }
}
