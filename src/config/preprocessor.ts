// The C-like preprocessor of seed 000 §5.1, between the lexer and the parser:
// #define (the expression is evaluated when defined, unlike C), #undef,
// #include, #if/#elif/#else/#endif, #ifdef/#ifndef. A directive is a line whose
// first token is `#`. The text of a false branch is skipped line by line
// without being lexed; only nested conditionals are tracked there. Each file
// must balance its own #if and #endif, as in C.
import type { SourcePos } from './diagnostics.js';
import { EvalError, truth } from './expr.js';
import type { Lexer, Token } from './lexer.js';
import type { Define, ParseContext } from './expr-parser.js';
import { Parser } from './parser.js';
import { ArrayStream, describeToken, type TokenStream } from './stream.js';
import type { ConfigValue } from './values.js';

export interface PreprocessContext extends ParseContext {
  readonly defines: Map<string, Define>;
  /** opens a file named by #include; undefined when it cannot be read (already reported) */
  openInclude(name: string, from: SourcePos): Lexer | undefined;
  /** the end of a file opened by openInclude */
  closeInclude(file: string): void;
  /** `file` holds a directive this reader knows: it is written for it, so its problems may quote it */
  recognized?(file: string): void;
}

interface Cond {
  directive: string;
  pos: SourcePos;
  /** a branch of this #if has been taken */
  taken: boolean;
  sawElse: boolean;
}

interface Frame {
  lexer: Lexer;
  conds: Cond[];
}

const DIRECTIVES = '#define #undef #include #if #ifdef #ifndef #elif #else #endif';
const RESERVED = new Set(['defined', 'true', 'false']);

export class Preprocessor implements TokenStream {
  private readonly frames: Frame[];
  private readonly buffer: Token[] = [];
  private eof: Token | null = null;

  constructor(
    lexer: Lexer,
    private readonly ctx: PreprocessContext,
  ) {
    this.frames = [{ lexer, conds: [] }];
  }

  peek(k = 0): Token {
    while (this.buffer.length <= k) this.buffer.push(this.pull());
    return this.buffer[k] as Token;
  }

  next(): Token {
    const t = this.peek();
    this.buffer.shift();
    return t;
  }

  private pull(): Token {
    if (this.eof) return this.eof;
    for (;;) {
      const frame = this.frames[this.frames.length - 1] as Frame;
      const t = frame.lexer.next();
      if (t.kind === 'eof') {
        this.endFrame(frame);
        if (this.frames.length === 1) {
          this.eof = t;
          return t;
        }
        this.frames.pop();
        this.ctx.closeInclude(frame.lexer.file);
        continue;
      }
      if (t.kind === 'punct' && t.text === '#') {
        if (t.lineStart) this.directive(frame, t.pos);
        else this.error(t.pos, "'#' starts a preprocessor directive and must come first on its line", 'comments are written /* ... */ or // ...');
        continue;
      }
      return t;
    }
  }

  private error(pos: SourcePos, message: string, hint?: string): void {
    this.ctx.report(pos, 'error', 'CFG_PREPROCESSOR', message, hint);
  }

  private endFrame(frame: Frame): void {
    for (const c of frame.conds) this.error(c.pos, `#${c.directive} without #endif`, 'every #if, #ifdef and #ifndef needs an #endif in the same file');
    frame.conds.length = 0;
  }

  /** The tokens left on the directive's line. */
  private rest(lx: Lexer): Token[] {
    const out: Token[] = [];
    for (let t = lx.nextOnLine(); t !== undefined; t = lx.nextOnLine()) out.push(t);
    return out;
  }

  private extra(lx: Lexer, directive: string): void {
    const toks = this.rest(lx);
    const first = toks[0];
    if (first) this.ctx.report(first.pos, 'warning', 'CFG_PREPROCESSOR', `extra ${describeToken(first)} after #${directive} is ignored`);
  }

  /** Evaluates a directive's expression; undefined after a reported error. */
  private evaluate(toks: Token[], end: SourcePos, what: string, at: SourcePos): ConfigValue | undefined {
    if (toks.length === 0) {
      this.error(at, `${what} needs an expression`);
      return undefined;
    }
    const parser = new Parser(new ArrayStream(toks, end), this.ctx);
    const e = parser.parseWholeExpression(what);
    return e === undefined ? undefined : parser.evaluateReported(e);
  }

  private condition(toks: Token[], lx: Lexer, what: string, at: SourcePos): boolean {
    const v = this.evaluate(toks, lx.here(), what, at);
    if (v === undefined) return false;
    try {
      return truth(v, toks[0]?.pos ?? at, what);
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      this.ctx.report(e.pos, 'error', 'CFG_EXPRESSION', e.message, e.hint);
      return false;
    }
  }

  /** The name after #ifdef, #ifndef, #undef or #define; undefined (reported) when missing. */
  private nameOf(toks: Token[], directive: string, at: SourcePos): string | undefined {
    const n = toks[0];
    if (n?.kind === 'ident') return n.text;
    this.error(n?.pos ?? at, `expected a name after #${directive}${n ? `, found ${describeToken(n)}` : ''}`);
    return undefined;
  }

  private directive(frame: Frame, at: SourcePos): void {
    const lx = frame.lexer;
    const nameTok = lx.nextOnLine();
    if (nameTok === undefined) return; // a lone '#' is C's null directive
    if (nameTok.kind !== 'ident') {
      this.error(nameTok.pos, `expected a directive name after '#', found ${describeToken(nameTok)}`, `known: ${DIRECTIVES}`);
      this.rest(lx);
      return;
    }
    const name = nameTok.text;
    if (DIRECTIVES.split(' ').includes(`#${name}`)) this.ctx.recognized?.(at.file);
    switch (name) {
      case 'define':
        return this.define(lx, at);
      case 'undef': {
        const toks = this.rest(lx);
        const n = this.nameOf(toks, name, at);
        if (n !== undefined) this.ctx.defines.delete(n);
        if (toks[1]) this.ctx.report(toks[1].pos, 'warning', 'CFG_PREPROCESSOR', `extra ${describeToken(toks[1])} after #undef ${n} is ignored`);
        return;
      }
      case 'include':
        return this.include(frame, at);
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        const toks = this.rest(lx);
        let taken: boolean;
        if (name === 'if') {
          taken = this.condition(toks, lx, '#if', at);
        } else {
          const n = this.nameOf(toks, name, at);
          taken = n !== undefined && this.ctx.defines.has(n) === (name === 'ifdef');
          if (toks[1]) this.ctx.report(toks[1].pos, 'warning', 'CFG_PREPROCESSOR', `extra ${describeToken(toks[1])} after #${name} ${n} is ignored`);
        }
        const cond: Cond = { directive: name, pos: at, taken, sawElse: false };
        frame.conds.push(cond);
        if (!taken) this.skip(frame, cond, false);
        return;
      }
      case 'elif':
      case 'else': {
        const cond = frame.conds[frame.conds.length - 1];
        if (!cond) {
          this.error(at, `#${name} without #if`);
          this.rest(lx);
          return;
        }
        if (cond.sawElse) this.error(at, `#${name} after #else`, `the #else of this #${cond.directive} (line ${cond.pos.line}) must come last`);
        if (name === 'else') {
          cond.sawElse = true;
          this.extra(lx, name);
        } else {
          this.rest(lx);
        }
        // the branch that was being read has ended: skip everything up to #endif
        this.skip(frame, cond, true);
        return;
      }
      case 'endif':
        if (frame.conds.pop() === undefined) this.error(at, '#endif without #if');
        this.extra(lx, name);
        return;
      default:
        this.error(at, `unknown preprocessor directive '#${name}'`, `known: ${DIRECTIVES}`);
        this.rest(lx);
    }
  }

  private define(lx: Lexer, at: SourcePos): void {
    const toks = this.rest(lx);
    const n = this.nameOf(toks, 'define', at);
    if (n === undefined) return;
    if (RESERVED.has(n)) {
      this.error(toks[0]?.pos ?? at, `'${n}' is a keyword and cannot be #defined`);
      return;
    }
    if (toks.length === 1) {
      this.ctx.defines.set(n, { value: undefined });
      return;
    }
    // "unlike the standard C preprocessor, expr is evaluated by the preprocessor"
    const v = this.evaluate(toks.slice(1), lx.here(), `#define ${n}`, at);
    if (v !== undefined) this.ctx.defines.set(n, { value: v });
  }

  private include(frame: Frame, at: SourcePos): void {
    const toks = this.rest(frame.lexer);
    const v = this.evaluate(toks, frame.lexer.here(), '#include', at);
    if (v === undefined) return;
    if (typeof v !== 'string') {
      this.ctx.report(toks[0]?.pos ?? at, 'error', 'CFG_INCLUDE', '#include needs a string expression naming the file', '#include "common.cfg"');
      return;
    }
    const lexer = this.ctx.openInclude(v, at);
    if (lexer) this.frames.push({ lexer, conds: [] });
  }

  /**
   * Skips the lines of a branch not taken, up to the #elif/#else that takes over
   * or the #endif (toEndif: a branch was taken, only #endif ends the skip).
   */
  private skip(frame: Frame, cond: Cond, toEndif: boolean): void {
    const lx = frame.lexer;
    let depth = 0;
    while (lx.skipRestOfLine()) {
      if (!lx.lineStartsWithHash()) continue;
      const hash = lx.next();
      const nameTok = lx.nextOnLine();
      if (nameTok?.kind !== 'ident') continue;
      const name = nameTok.text;
      if (name === 'if' || name === 'ifdef' || name === 'ifndef') {
        depth++;
      } else if (name === 'endif') {
        if (depth-- > 0) continue;
        frame.conds.pop();
        this.extra(lx, name);
        return;
      } else if (depth === 0 && (name === 'else' || name === 'elif')) {
        if (cond.sawElse) this.error(hash.pos, `#${name} after #else`, `the #else of this #${cond.directive} (line ${cond.pos.line}) must come last`);
        if (name === 'else') cond.sawElse = true;
        if (toEndif || cond.taken) continue;
        const go = name === 'else' ? (this.extra(lx, name), true) : this.condition(this.rest(lx), lx, '#elif', hash.pos);
        if (go) {
          cond.taken = true;
          return;
        }
      }
    }
  }
}
