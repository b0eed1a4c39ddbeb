// The grammar of seed 000 §5.1 over a token stream: a file is a list of
// properties with optional surrounding braces; names may be unquoted; values
// are expressions (expr-parser.ts) whose operands are literals, objects, arrays,
// backquote strings and preprocessor variables. Duplicated properties and
// `include "f"` merge (merge.ts). A syntax error is reported and the parser
// skips to the next ',' at the same depth, so one mistake does not hide the
// rest of the file.
import type { SourcePos } from './diagnostics.js';
import { ExpressionParser, SyntaxStop } from './expr-parser.js';
import type { Token } from './lexer.js';
import { setMerged } from './merge.js';
import { afterValueHint, at, closerOf, describeToken, isPunct, type TokenStream } from './stream.js';
import { newObject, type ConfigObject, type ConfigValue } from './values.js';

/** Quotes nothing of the file, so it is said even of a file that is not a configuration (read.ts). */
export const NOT_AN_ARRAY = 'a configuration file holds properties (name: value), not an array';

export class Parser extends ExpressionParser {
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

  protected object(open: Token): ConfigObject {
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

  protected nested(s: TokenStream, depth: number): Parser {
    return new Parser(s, this.ctx, depth);
  }
}
