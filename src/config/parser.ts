// The grammar of seed 000 §5.1 over a token stream: a file is a list of
// properties with optional surrounding braces; names may be unquoted; values
// are expressions whose operands are literals, objects, arrays, backquote
// strings and preprocessor variables. Duplicated properties and `include "f"`
// merge (merge.ts). A syntax error is reported and the parser skips to the next
// ',' at the same depth, so one mistake does not hide the rest of the file.
import type { Reporter, SourcePos } from './diagnostics.js';
import { evaluate, EvalError, nameExpr, type BinaryOp, type Expr, type UnaryOp } from './expr.js';
import type { Token } from './lexer.js';
import { setMerged, type ConfigLocations } from './merge.js';
import { afterValueHint, ArrayStream, at, closerOf, describeToken, isPunct, type Closer, type TokenStream } from './stream.js';
import { newObject, type ConfigObject, type ConfigValue } from './values.js';

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

/** Quotes nothing of the file, so it is said even of a file that is not a configuration (read.ts). */
export const NOT_AN_ARRAY = 'a configuration file holds properties (name: value), not an array';

/** Deepest nesting of objects, arrays, parentheses and unary operators. */
export const MAX_DEPTH = 100;
/** Most operators in one value (evaluation recurses once per operator). */
export const MAX_OPERATORS = 2000;

const PREC: Partial<Record<string, number>> = {
  '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6,
};

/** Thrown after a syntax error has been reported; caught where the parser can resume. */
class SyntaxStop extends Error {}

export class Parser {
  private depth: number;
  private operators = 0;
  private readonly closers: Closer[] = [];

  constructor(
    private readonly s: TokenStream,
    private readonly ctx: ParseContext,
    depth = 0,
  ) {
    this.depth = depth;
  }

  /** A whole file: its properties, with or without surrounding braces. */
  parseDocument(): ConfigObject {
    const obj = newObject();
    this.closers.push('eof');
    const first = this.s.peek();
    if (isPunct(first, '[')) {
      this.ctx.report(first.pos, 'error', 'CFG_SYNTAX', NOT_AN_ARRAY, 'arrays cannot be included');
      return obj;
    }
    if (isPunct(first, '{')) {
      this.s.next();
      this.closers.push('}');
      this.members(obj, '}', first.pos);
      this.closers.pop();
      if (isPunct(this.s.peek(), '}')) this.s.next();
      const after = this.s.peek();
      if (after.kind !== 'eof') {
        this.ctx.report(after.pos, 'error', 'CFG_SYNTAX', `expected end of file after the '}' that closes the top-level object, found ${describeToken(after)}`);
      }
    } else {
      this.members(obj, 'eof', first.pos);
    }
    return obj;
  }

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

  private fail(t: Token, message: string, hint?: string): never {
    this.ctx.report(t.pos, 'error', 'CFG_SYNTAX', message, hint);
    throw new SyntaxStop();
  }

  private enter(t: Token): void {
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
  private closesOuter(t: Token): boolean {
    const c = closerOf(t);
    return c !== null && this.closers.lastIndexOf(c) >= 0 && this.closers.lastIndexOf(c) < this.closers.length - 1;
  }

  /** After an error: skips to the next ',' at this depth (consumed), or stops before a closer that is open. */
  private recover(): void {
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

  private members(obj: ConfigObject, closer: '}' | 'eof', open: SourcePos): void {
    for (;;) {
      const t = this.s.peek();
      if (closer === '}' && isPunct(t, '}')) return;
      if (t.kind === 'eof' || this.closesOuter(t)) {
        if (closer === '}') this.ctx.report(t.pos, 'error', 'CFG_SYNTAX', `expected '}' to close the object opened at ${at(open)}, found ${describeToken(t)}`);
        return;
      }
      if (closer === 'eof' && closerOf(t) !== null) {
        this.ctx.report(t.pos, 'error', 'CFG_SYNTAX', `unexpected ${describeToken(t)}: nothing is open here`);
        this.s.next();
        continue;
      }
      try {
        this.member(obj, closer);
        const after = this.s.peek();
        if (isPunct(after, ',')) {
          this.s.next();
          continue;
        }
        // a missing closer is reported once, by the loop
        if (closer === '}' ? isPunct(after, '}') || after.kind === 'eof' || this.closesOuter(after) : after.kind === 'eof') continue;
        this.fail(after, `expected ',' or ${closer === '}' ? "'}'" : 'end of file'} after property value, found ${describeToken(after)}`, afterValueHint(after));
      } catch (e) {
        if (!(e instanceof SyntaxStop)) throw e;
        this.recover();
      }
    }
  }

  private member(obj: ConfigObject, closer: '}' | 'eof'): void {
    const t = this.s.peek();
    if (t.kind === 'ident' && t.text === 'include' && !isPunct(this.s.peek(1), ':')) {
      this.s.next();
      this.include(obj, t);
      return;
    }
    let key: string;
    if (t.kind === 'ident') key = t.text;
    else if (t.kind === 'string') key = t.value;
    else if (t.kind === 'number') this.fail(t, `a property name that starts with a digit must be quoted, found '${t.text}'`, `write "${t.text}": value`);
    else this.fail(t, `expected a property name${closer === '}' ? " or '}'" : ''}, found ${describeToken(t)}`);
    this.s.next();
    const colon = this.s.peek();
    if (!isPunct(colon, ':')) this.fail(colon, `expected ':' after property name '${key}', found ${describeToken(colon)}`);
    this.s.next();
    const value = this.value();
    if (value !== undefined) setMerged(obj, key, value, this.ctx.locations, undefined, t.pos);
  }

  private include(obj: ConfigObject, kw: Token): void {
    const nameTok = this.s.peek();
    const v = this.value();
    if (v === undefined) return;
    if (typeof v !== 'string') {
      this.ctx.report(nameTok.pos, 'error', 'CFG_INCLUDE', `include needs the name of a file as a string, not ${describeToken(nameTok)}`, 'include "other.cfg",');
      return;
    }
    const inc = this.ctx.includeFile(v, kw.pos, this.depth);
    if (inc) for (const k of Object.keys(inc)) setMerged(obj, k, inc[k] as ConfigValue, this.ctx.locations, inc);
  }

  /** One value: an expression, evaluated now (preprocessor variables are read where they appear). */
  private value(): ConfigValue | undefined {
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

  private object(open: Token): ConfigObject {
    this.s.next();
    this.enter(open);
    this.closers.push('}');
    try {
      const obj = newObject();
      this.members(obj, '}', open.pos);
      if (isPunct(this.s.peek(), '}')) this.s.next();
      return obj;
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
      const sub = new Parser(new ArrayStream(p.tokens, p.end), this.ctx, this.depth);
      const e = sub.parseWholeExpression('${...}');
      if (e === undefined) throw new SyntaxStop();
      parts.push(e);
    }
    return { kind: 'template', parts, pos: t.pos };
  }
}
