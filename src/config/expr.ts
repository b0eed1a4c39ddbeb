// Expressions of the configuration language (seed 000 §5.1): `+ - * /` on
// numbers and complex numbers, `+` on strings, `! || && == != < <= >= >`.
// An expression is parsed whole and then evaluated, so that `&&` and `||` can
// leave their right side unevaluated: `#if defined(N) && N > 2` must not fail
// when N is not defined.
import type { SourcePos } from './diagnostics.js';
import { ComplexNumber, formatComplex, formatNumber, typeOf, valuesEqual, type ConfigValue } from './values.js';

export type BinaryOp = '+' | '-' | '*' | '/' | '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=';
export type UnaryOp = '!' | '-' | '+';

export type Expr =
  | { kind: 'value'; value: ConfigValue; pos: SourcePos }
  /** a name that was not a defined variable where it was read; an error only if evaluated */
  | { kind: 'unresolved'; name: string; why: string; hint?: string; pos: SourcePos }
  | { kind: 'unary'; op: UnaryOp; arg: Expr; pos: SourcePos }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: SourcePos }
  | { kind: 'template'; parts: Array<string | Expr>; pos: SourcePos };

/** Longest string an expression may build (a guard against `#define S S+S` doubling). */
export const MAX_STRING = 1 << 20;

export class EvalError extends Error {
  constructor(
    readonly pos: SourcePos,
    message: string,
    readonly hint?: string,
    readonly code: 'CFG_EXPRESSION' | 'CFG_UNDEFINED' | 'CFG_LIMIT' = 'CFG_EXPRESSION',
  ) {
    super(message);
  }
}

/**
 * A name where a value is expected. "Every occurrence of a defined preprocessor
 * variable is replaced by its value" — before the keywords, so a #define of I
 * shadows the imaginary unit. An unknown name fails only if it is evaluated.
 */
export function nameExpr(name: string, define: { value: ConfigValue | undefined } | undefined, pos: SourcePos): Expr {
  if (define) {
    if (define.value === undefined) return { kind: 'unresolved', name, why: `'${name}' is defined without a value`, hint: `#define ${name} <expression>`, pos };
    return { kind: 'value', value: define.value, pos };
  }
  if (name === 'true' || name === 'false') return { kind: 'value', value: name === 'true', pos };
  if (name === 'I') return { kind: 'value', value: new ComplexNumber(0, 1), pos };
  if (name === 'null') return { kind: 'unresolved', name, why: "'null' is not a value in this syntax", hint: 'leave the property out', pos };
  return { kind: 'unresolved', name, why: `'${name}' is not defined`, hint: `quote it if it is text ("${name}"), or #define it`, pos };
}

export function evaluate(e: Expr): ConfigValue {
  switch (e.kind) {
    case 'value':
      return e.value;
    case 'unresolved':
      throw new EvalError(e.pos, e.why, e.hint, 'CFG_UNDEFINED');
    case 'unary':
      return unary(e.op, evaluate(e.arg), e.pos);
    case 'binary':
      if (e.op === '&&') return truth(evaluate(e.left), e.left.pos, '&&') ? truth(evaluate(e.right), e.right.pos, '&&') : false;
      if (e.op === '||') return truth(evaluate(e.left), e.left.pos, '||') ? true : truth(evaluate(e.right), e.right.pos, '||');
      return binary(e.op, evaluate(e.left), evaluate(e.right), e.pos);
    case 'template':
      return checkLength(e.parts.map((p) => (typeof p === 'string' ? p : interpolate(evaluate(p), p.pos))).join(''), e.pos);
  }
}

/**
 * A value as a condition (`!`, `&&`, `||`, `#if`): booleans, and numbers as C
 * reads them — 0 is false, anything else true, which agrees with the seed's
 * "0 and 1 are synonyms for false and true".
 */
export function truth(v: ConfigValue, pos: SourcePos, what: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof ComplexNumber) return v.re !== 0 || v.im !== 0;
  throw new EvalError(pos, `${what} needs a boolean or a number, not ${article(typeOf(v))}`);
}

/** How a `${expr}` value reads inside a backquote string: `abc${1+2}d` is "abc3d" (seed 000 §5.1). */
function interpolate(v: ConfigValue, pos: SourcePos): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof ComplexNumber) return formatComplex(v);
  throw new EvalError(pos, `\${} in a backquote string needs a string, number, boolean or complex number, not ${article(typeOf(v))}`);
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function unary(op: UnaryOp, v: ConfigValue, pos: SourcePos): ConfigValue {
  if (op === '!') return !truth(v, pos, "'!'");
  if (typeof v === 'number') return op === '-' ? -v : v;
  if (v instanceof ComplexNumber) return op === '-' ? new ComplexNumber(-v.re, -v.im) : v;
  throw new EvalError(pos, `unary '${op}' needs a number or a complex number, not ${article(typeOf(v))}`);
}

function checkNumber(n: number, pos: SourcePos): number {
  if (!Number.isFinite(n)) throw new EvalError(pos, 'the result is too large for a 64-bit float');
  return n;
}

function checkLength(s: string, pos: SourcePos): string {
  if (s.length > MAX_STRING) throw new EvalError(pos, `the string would be longer than ${MAX_STRING} characters`, undefined, 'CFG_LIMIT');
  return s;
}

function asComplex(v: number | ComplexNumber): ComplexNumber {
  return typeof v === 'number' ? new ComplexNumber(v, 0) : v;
}

function isNumeric(v: ConfigValue): v is number | ComplexNumber {
  return typeof v === 'number' || v instanceof ComplexNumber;
}

function binary(op: BinaryOp, a: ConfigValue, b: ConfigValue, pos: SourcePos): ConfigValue {
  if (op === '==') return valuesEqual(a, b);
  if (op === '!=') return !valuesEqual(a, b);
  if (op === '<' || op === '<=' || op === '>' || op === '>=') return compare(op, a, b, pos);
  if (op === '+' && (typeof a === 'string' || typeof b === 'string')) {
    // The seed says `+` concatenates strings; a number next to a string is
    // written as ${} would write it, so `"port " + 9050` reads as expected.
    if (Array.isArray(a) || Array.isArray(b) || (typeof a === 'object' && !(a instanceof ComplexNumber)) || (typeof b === 'object' && !(b instanceof ComplexNumber))) {
      throw new EvalError(pos, `'+' cannot join ${article(typeOf(a))} and ${article(typeOf(b))}`);
    }
    return checkLength(interpolate(a, pos) + interpolate(b, pos), pos);
  }
  if (!isNumeric(a) || !isNumeric(b)) {
    throw new EvalError(pos, `'${op}' needs numbers or complex numbers, not ${article(typeOf(a))} and ${article(typeOf(b))}`);
  }
  if (typeof a === 'number' && typeof b === 'number') {
    if (op === '/' && b === 0) throw new EvalError(pos, 'division by zero');
    return checkNumber(op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b, pos);
  }
  const x = asComplex(a);
  const y = asComplex(b);
  let re: number;
  let im: number;
  if (op === '+' || op === '-') {
    const s = op === '+' ? 1 : -1;
    re = x.re + s * y.re;
    im = x.im + s * y.im;
  } else if (op === '*') {
    re = x.re * y.re - x.im * y.im;
    im = x.re * y.im + x.im * y.re;
  } else {
    const d = y.re * y.re + y.im * y.im;
    if (d === 0) throw new EvalError(pos, 'division by zero');
    re = (x.re * y.re + x.im * y.im) / d;
    im = (x.im * y.re - x.re * y.im) / d;
  }
  return new ComplexNumber(checkNumber(re, pos), checkNumber(im, pos));
}

function compare(op: '<' | '<=' | '>' | '>=', a: ConfigValue, b: ConfigValue, pos: SourcePos): boolean {
  const bothNumbers = typeof a === 'number' && typeof b === 'number';
  const bothStrings = typeof a === 'string' && typeof b === 'string';
  if (!bothNumbers && !bothStrings) {
    const hint = a instanceof ComplexNumber || b instanceof ComplexNumber ? 'complex numbers have no order' : undefined;
    throw new EvalError(pos, `'${op}' compares two numbers or two strings, not ${article(typeOf(a))} and ${article(typeOf(b))}`, hint);
  }
  const x = a as number | string;
  const y = b as number | string;
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}
