// The value grammar of seed 000 §5.1, under the document grammar (parser.ts):
// expressions whose operands are literals, arrays, backquote strings with
// ${expr} parts, preprocessor variables and `defined X`, with operator
// precedence, nesting limits, and the recovery both grammars share (a syntax
// error is reported and parsing resumes at the next ',' at the same depth).
// Objects are the document grammar's (properties, include): `object()` is the
// subclass's, and so is the parser a `${...}` part is read with.
import type { Reporter, SourcePos } from './diagnostics.js';
import { evaluate, EvalError, nameExpr, type BinaryOp, type Expr, type UnaryOp } from './expr.js';
import type { Token } from './lexer.js';
import type { ConfigLocations } from './merge.js';
import { ArrayStream, at, closerOf, describeToken, isPunct, type Closer, type TokenStream } from './stream.js';
import type { ConfigObject, ConfigValue } from './values.js';

export interface Define {
  /** undefined for `#define X` with nothing after the name */
  value: ConfigValue | undefined;
}

export interface ParseContext {
  report: Reporter;
  locations: ConfigLocations;
  lookup(name: string): Define | undefined;
  /** reads an `include "file"` named from `pos`; undefined when it could not be read (already reported) */
  includeFile(name: string, pos: SourcePos, depth: number): ConfigObject | undefined;
}

/** Deepest nesting of objects, arrays, parentheses and unary operators. */
export const MAX_DEPTH = 100;
/** Most operators in one value (evaluation recurses once per operator). */
export const MAX_OPERATORS = 2000;

const PREC: Partial<Record<string, number>> = {
  '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6,
};

/** Thrown after a syntax error has been reported; caught where the parser can resume. */
export class SyntaxStop extends Error {}

export abstract class ExpressionParser {
  protected depth: number;
  private operators = 0;
  protected readonly closers: Closer[] = [];

  constructor(
    protected readonly s: TokenStream,
    protected readonly ctx: ParseContext,
    depth = 0,
  ) {
    this.depth = depth;
  }

  /** `{ ... }` as a value: the document grammar's object. */
  protected abstract object(open: Token): ConfigObject;

  /** A parser of the same grammar over a `${...}` part's tokens. */
  protected abstract nested(s: TokenStream, depth: number): ExpressionParser;

  /** A directive's expression: the whole token list; undefined after a reported error. */
  parseWholeExpression(what: string): Expr | undefined {
    this.closers.push('eof');
    try {
      const e = this.expression();
      const after = this.s.peek();
      if (after.kind !== 'eof') this.fail(after, `unexpected ${describeToken(after)} after the expression of ${what}`);
      return e;
    } catch (e) {
      if (e instanceof SyntaxStop) return undefined;
      throw e;
    }
  }

  /** Evaluates, reporting an evaluation error; undefined after one. */
  evaluateReported(e: Expr): ConfigValue | undefined {
    try {
      return evaluate(e);
    } catch (err) {
      if (!(err instanceof EvalError)) throw err;
      this.ctx.report(err.pos, 'error', err.code, err.message, err.hint);
      return undefined;
    }
  }

  protected fail(t: Token, message: string, hint?: string): never {
    this.ctx.report(t.pos, 'error', 'CFG_SYNTAX', message, hint);
    throw new SyntaxStop();
  }

  protected enter(t: Token): void {
    if (this.depth >= MAX_DEPTH) {
      this.ctx.report(t.pos, 'error', 'CFG_LIMIT', `nested more than ${MAX_DEPTH} levels deep`);
      this.skipBalanced();
      throw new SyntaxStop();
    }
    this.depth++;
  }

  /** After an opening bracket: skips to its partner (or the end). */
  private skipBalanced(): void {
    let depth = 1;
    for (;;) {
      const t = this.s.peek();
      if (t.kind === 'eof') return;
      this.s.next();
      if (isPunct(t, '{') || isPunct(t, '[') || isPunct(t, '(')) depth++;
      else if (closerOf(t) !== null && --depth === 0) return;
    }
  }

  /** Is this token the closer of an enclosing (not the innermost) construct? */
  protected closesOuter(t: Token): boolean {
    const c = closerOf(t);
    return c !== null && this.closers.lastIndexOf(c) >= 0 && this.closers.lastIndexOf(c) < this.closers.length - 1;
  }

  /** After an error: skips to the next ',' at this depth (consumed), or stops before a closer that is open. */
  protected recover(): void {
    let depth = 0;
    for (;;) {
      const t = this.s.peek();
      if (t.kind === 'eof') return;
      if (depth === 0) {
        if (isPunct(t, ',')) {
          this.s.next();
          return;
        }
        const c = closerOf(t);
        if (c !== null && this.closers.includes(c)) return;
      }
      this.s.next();
      if (isPunct(t, '{') || isPunct(t, '[') || isPunct(t, '(')) depth++;
      else if (closerOf(t) !== null && depth > 0) depth--;
    }
  }

  /** One value: an expression, evaluated now (preprocessor variables are read where they appear). */
  protected value(): ConfigValue | undefined {
    const saved = this.operators;
    this.operators = 0;
    try {
      return this.evaluateReported(this.expression());
    } finally {
      this.operators = saved;
    }
  }

  private expression(minPrec = 1): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.s.peek();
      const prec = t.kind === 'punct' ? PREC[t.text] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      if (++this.operators > MAX_OPERATORS) {
        this.ctx.report(t.pos, 'error', 'CFG_LIMIT', `more than ${MAX_OPERATORS} operators in one value`);
        throw new SyntaxStop();
      }
      this.s.next();
      const right = this.expression(prec + 1);
      left = { kind: 'binary', op: (t as { text: BinaryOp }).text, left, right, pos: t.pos };
    }
  }

  private unary(): Expr {
    const t = this.s.peek();
    if (isPunct(t, '!') || isPunct(t, '-') || isPunct(t, '+')) {
      this.s.next();
      this.enter(t);
      try {
        return { kind: 'unary', op: (t as { text: UnaryOp }).text, arg: this.unary(), pos: t.pos };
      } finally {
        this.depth--;
      }
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.s.peek();
    switch (t.kind) {
      case 'number':
        if (t.invalid) {
          const hint = /^[0-9.]+(e[+-]?[0-9]+)?I$/i.test(t.text)
            ? `a complex number is written ${t.text.slice(0, -1)}*I`
            : /^\d+(\.\d+){2}/.test(t.text)
              ? `addresses and other text must be quoted: "${t.text}"`
              : undefined;
          this.ctx.report(t.pos, 'error', 'CFG_NUMBER', `invalid number '${t.text}'`, hint);
          throw new SyntaxStop();
        }
        this.s.next();
        return { kind: 'value', value: t.value, pos: t.pos };
      case 'string':
        this.s.next();
        return { kind: 'value', value: t.value, pos: t.pos };
      case 'template':
        this.s.next();
        return this.template(t);
      case 'ident':
        this.s.next();
        return this.identifier(t);
      case 'punct':
        if (t.text === '(') return this.parenthesized(t);
        if (t.text === '{') return { kind: 'value', value: this.object(t), pos: t.pos };
        if (t.text === '[') return { kind: 'value', value: this.array(t), pos: t.pos };
        break;
      case 'eof':
        break;
    }
    return this.fail(t, `expected a value, found ${describeToken(t)}`);
  }

  private identifier(t: Token & { kind: 'ident' }): Expr {
    if (t.text === 'defined' && !this.ctx.lookup('defined')) return this.defined(t);
    return nameExpr(t.text, this.ctx.lookup(t.text), t.pos);
  }

  private defined(kw: Token): Expr {
    const paren = isPunct(this.s.peek(), '(');
    if (paren) this.s.next();
    const n = this.s.peek();
    if (n.kind !== 'ident') this.fail(n, `expected a name after defined${paren ? '(' : ''}, found ${describeToken(n)}`);
    this.s.next();
    if (paren) {
      const close = this.s.peek();
      if (!isPunct(close, ')')) this.fail(close, `expected ')' after defined(${n.text}, found ${describeToken(close)}`);
      this.s.next();
    }
    return { kind: 'value', value: this.ctx.lookup(n.text) !== undefined, pos: kw.pos };
  }

  private parenthesized(open: Token): Expr {
    this.s.next();
    this.enter(open);
    this.closers.push(')');
    try {
      const e = this.expression();
      const close = this.s.peek();
      if (!isPunct(close, ')')) this.fail(close, `expected ')' to close the '(' at ${at(open.pos)}, found ${describeToken(close)}`);
      this.s.next();
      return e;
    } finally {
      this.closers.pop();
      this.depth--;
    }
  }

  private array(open: Token): ConfigValue[] {
    this.s.next();
    this.enter(open);
    this.closers.push(']');
    try {
      return this.elements(open);
    } finally {
      this.closers.pop();
      this.depth--;
    }
  }

  private elements(open: Token): ConfigValue[] {
    const arr: ConfigValue[] = [];
    for (;;) {
      const t = this.s.peek();
      if (isPunct(t, ']')) {
        this.s.next();
        return arr;
      }
      if (t.kind === 'eof' || this.closesOuter(t)) {
        this.ctx.report(t.pos, 'error', 'CFG_SYNTAX', `expected ']' to close the array opened at ${at(open.pos)}, found ${describeToken(t)}`);
        return arr;
      }
      try {
        const v = this.value();
        if (v !== undefined) {
          this.ctx.locations.set(arr, arr.length, t.pos);
          arr.push(v);
        }
        const after = this.s.peek();
        if (isPunct(after, ',')) this.s.next();
        else if (!isPunct(after, ']') && after.kind !== 'eof' && !this.closesOuter(after)) this.fail(after, `expected ',' or ']' after array element, found ${describeToken(after)}`);
      } catch (e) {
        if (!(e instanceof SyntaxStop)) throw e;
        this.recover();
      }
    }
  }

  /** A backquote string: each ${expr} is parsed from its own tokens. */
  private template(t: Token & { kind: 'template' }): Expr {
    const parts: Array<string | Expr> = [];
    for (const p of t.parts) {
      if (typeof p === 'string') {
        parts.push(p);
        continue;
      }
      if (p.tokens.length === 0) this.fail(t, 'empty ${} in a backquote string', 'put an expression inside: `abc${1+2}d`');
      const sub = this.nested(new ArrayStream(p.tokens, p.end), this.depth);
      const e = sub.parseWholeExpression('${...}');
      if (e === undefined) throw new SyntaxStop();
      parts.push(e);
    }
    return { kind: 'template', parts, pos: t.pos };
  }
}
