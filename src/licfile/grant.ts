// What the RLM and FlexLM grant builders share: sorting a statement's words
// into positional fields and attributes, and reading an attribute's key, name
// and value straight from the TokenTable, so that checking a license makes no
// Token or Attribute object unless something is reported about it.
import type { BuildContext } from './context.js';
import { missingField } from './fields.js';
import type { Lexed } from './lexed.js';
import { CURLY, type TokenTable } from './table.js';
import { knownSpelling } from './tokens.js';
import type { GrantFields } from './nodes.js';
import type { InvalidStatement } from './types.js';

/** An attribute as the checks see it. */
export interface AttrFacts {
  /** key as written (case kept) */
  key: string;
  /** lower-case key */
  name: string;
  /** null for a bare flag; factsOf leaves '' and the builder reads the value only when a check needs it */
  value: string | null;
  /** offset of the whole word, and of its value */
  start: number;
  valueStart: number;
  /** the word as written when it holds a typographic quote, otherwise null */
  curlyRaw: string | null;
}

/** Word indexes of the positional fields of the statement being built (at most fields + key). */
export const POS = new Int32Array(8);

/**
 * Marks the positional words of words [t0, t0 + n) and puts their indexes in
 * POS; returns how many. A key comes right after the last field; a bare word
 * later, or one spelled like an attribute name, is a flag.
 */
function classify(table: TokenTable, t0: number, n: number, fields: number, attrNames: { has(name: string): boolean }): number {
  let npos = 0;
  let keyPlace = true;
  for (let j = t0; j < t0 + n; j++) {
    if (table.eq(j) > 0) {
      if (npos >= fields) keyPlace = false;
    } else if (npos < fields) {
      POS[npos++] = j;
      table.markPositional(j);
    } else if (keyPlace && npos === fields && !attrNames.has(table.wordText(j).toLowerCase())) {
      POS[npos++] = j;
      table.markPositional(j);
    } else {
      keyPlace = false;
    }
  }
  return npos;
}

/**
 * Reads the positional fields of grant line i into POS and returns how many
 * there are (a key makes one more); when one is missing, reports it with the
 * line's form (`usage` gets the keyword in upper case; a module-level
 * function, so a well-formed line allocates nothing for it) and returns the
 * statement as invalid.
 */
export function positionalFields(
  ctx: BuildContext,
  lx: Lexed,
  i: number,
  fields: readonly string[],
  attrNames: { has(name: string): boolean },
  usage: (upper: string, upgrade: boolean) => string,
  upgrade: boolean,
): number | InvalidStatement {
  const npos = classify(lx.tokens, lx.t0(i), lx.tn(i), fields.length, attrNames);
  if (npos >= fields.length) return npos;
  return missingField(ctx, lx.raw(i), fields[npos] ?? 'field', usage(lx.upper(i), upgrade));
}

/** Fills `f` with word j's attribute facts; the value is left for the caller (see AttrFacts.value). */
export function factsOf(table: TokenTable, j: number, f: AttrFacts): void {
  const s = table.start(j);
  const eq = table.eq(j);
  f.start = s;
  f.curlyRaw = (table.info(j) & CURLY) !== 0 ? table.raw(j) : null;
  if (eq > 0) {
    const written = table.written(j);
    const spelling = knownSpelling(written);
    f.key = spelling !== undefined ? spelling[0] : written;
    f.name = spelling !== undefined ? spelling[1] : written.toLowerCase();
    f.value = '';
    f.valueStart = s + eq + 1;
  } else {
    f.key = table.raw(j);
    f.name = table.wordText(j).toLowerCase();
    f.value = null;
    f.valueStart = s;
  }
}

export function newFacts(): AttrFacts {
  return { key: '', name: '', value: null, start: 0, valueStart: 0, curlyRaw: null };
}

/** Names of the attributes seen so far on the line, for the repeat check. */
const seenNames: string[] = [];
let seenCount = 0;
let seenSet: Set<string> | null = null;

export function resetSeen(): void {
  seenCount = 0;
  seenSet = null;
}

/** Whether `name` was already seen on this line (seed 002: "Optional parameters are allowed only once"). */
export function seenBefore(name: string): boolean {
  // a line has a handful of attributes: comparing pairs allocates nothing
  if (seenSet !== null) {
    const had = seenSet.has(name);
    seenSet.add(name);
    return had;
  }
  let had = false;
  for (let k = 0; k < seenCount && !had; k++) had = seenNames[k] === name;
  seenNames[seenCount++] = name;
  if (seenCount > 24) seenSet = new Set(seenNames.slice(0, seenCount));
  return had;
}

export function reportRepeat(ctx: BuildContext, f: AttrFacts, strict: boolean): void {
  ctx.sink.add(
    f.start,
    strict ? 'error' : 'warning',
    'LIC_DUPLICATE_ATTRIBUTE',
    `${f.key} is given more than once on this line.`,
    'Keep one of them; which one a license server uses is not defined.',
  );
}

/** The statement fields every grant has, in one object reused from statement to statement. */
const fields: GrantFields = { keyword: '', start: 0, end: 0, line: 0, endLine: 0, isv: '', product: '', version: '', expires: '', count: '', key: null };

export function grantFields(lx: Lexed, i: number): GrantFields {
  delete fields.oldLayout;
  fields.keyword = lx.keyword(i);
  fields.start = lx.start(i);
  fields.end = lx.end(i);
  fields.line = lx.line(i);
  fields.endLine = lx.endLine(i);
  return fields;
}
