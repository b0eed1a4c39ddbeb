// Turning tokens into attributes, and the checks every statement builder shares:
// unknown keywords, repeated keywords, missing fields.
import { editDistance } from './keywords.js';
import { attributeOf } from './tokens.js';
import type { BuildContext } from './context.js';
import type { RawStatement } from './lexer.js';
import type { Attribute, InvalidStatement, Token } from './types.js';

/** `key=value` (the `=` before any quote) as an attribute, otherwise null. */
export function toAttribute(tok: Token): Attribute | null {
  return attributeOf(tok);
}

export { flagAttribute } from './tokens.js';

const suggestions = new WeakMap<object, Map<string, string | null>>();

/** The closest of `known` to `name`, when it is a likely typo (remembered: big files repeat their mistakes). */
function suggest(name: string, known: ReadonlySet<string> | ReadonlyMap<string, unknown>): string | null {
  let cache = suggestions.get(known);
  if (cache === undefined) {
    cache = new Map();
    suggestions.set(known, cache);
  }
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  let best: string | null = null;
  let bestD = 3;
  for (const k of known.keys()) {
    const d = editDistance(name, k, 2);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  if (cache.size < 1000) cache.set(name, best);
  return best;
}

export function reportUnknownAttribute(
  ctx: BuildContext,
  a: Attribute,
  known: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  line: string,
  strict: boolean,
): void {
  const close = suggest(a.name, known);
  const written = a.value === null ? a.key : `${a.key}=`;
  if (strict) {
    ctx.sink.error(
      a.token.start,
      'LIC_UNKNOWN_ATTRIBUTE',
      `${written} is not a ${line} keyword; RLM rejects a license file with unknown keywords.`,
      close !== null ? `Did you mean ${close}? Otherwise remove it.` : 'Check the spelling against the vendor documentation, or remove it.',
    );
  } else {
    ctx.sink.warning(
      a.token.start,
      'LIC_UNKNOWN_ATTRIBUTE',
      `${written} is not a FlexLM keyword licutil knows; it is kept but not interpreted.`,
      close !== null ? `Did you mean ${close.toUpperCase()}?` : 'Vendors define their own keywords; ignore this if it is one.',
    );
  }
}

/** Report repeated attributes (seed 002: "Optional parameters are allowed only once"). */
export function reportDuplicates(ctx: BuildContext, attrs: Attribute[], strict: boolean): void {
  const n = attrs.length;
  if (n < 2) return;
  // a line has a handful of attributes: comparing pairs allocates nothing
  const seen = n > 24 ? new Set<string>() : null;
  for (let i = 0; i < n; i++) {
    const a = attrs[i] as Attribute;
    let repeated = false;
    if (seen !== null) {
      repeated = seen.has(a.name);
      seen.add(a.name);
    } else {
      for (let j = 0; j < i && !repeated; j++) repeated = (attrs[j] as Attribute).name === a.name;
    }
    if (repeated) {
      ctx.sink.add(
        a.token.start,
        strict ? 'error' : 'warning',
        'LIC_DUPLICATE_ATTRIBUTE',
        `${a.key} is given more than once on this line.`,
        'Keep one of them; which one a license server uses is not defined.',
      );
    }
  }
}

/** Where to point when something is missing: just after the last thing written. */
function endOfWritten(raw: RawStatement): number {
  const last = raw.tokens[raw.tokens.length - 1];
  return last !== undefined ? last.end : raw.keywordStart + raw.keyword.length;
}

export function missingField(ctx: BuildContext, raw: RawStatement, field: string, usage: string): InvalidStatement {
  ctx.sink.error(
    endOfWritten(raw),
    'LIC_MISSING_FIELD',
    `The ${raw.keyword} line has no ${field}.`,
    `The form is: ${usage}`,
  );
  return invalid(raw);
}

export function invalid(raw: RawStatement): InvalidStatement {
  return {
    kind: 'invalid',
    keyword: raw.keyword,
    start: raw.start,
    end: raw.end,
    line: raw.line,
    endLine: raw.endLine,
    tokens: raw.tokens,
  };
}

/** Common statement fields. */
export function base(raw: RawStatement): { keyword: string; start: number; end: number; line: number; endLine: number } {
  return { keyword: raw.keyword, start: raw.start, end: raw.end, line: raw.line, endLine: raw.endLine };
}

export function parsePort(ctx: BuildContext, tok: Token, value: string): number | null {
  if (/^\d{1,5}$/.test(value)) {
    const n = Number(value);
    if (n >= 1 && n <= 65535) return n;
  }
  ctx.sink.error(
    tok.start,
    'LIC_BAD_NUMBER',
    `The port ${JSON.stringify(value)} is not a TCP port number.`,
    'Write a number from 1 to 65535.',
  );
  return null;
}
