// Checks of single field values: dates, versions, counts, numbers, hostids and
// the attribute value forms of seed 002. Each check reports at the token it
// looked at and says what would be right.
import {
  DISABLE_ENVIRONMENTS,
  INT_MAX,
  LICENSE_TYPES,
  RLM_COUNT_WORDS,
  RLM_LIMITS,
  type AttributeSpec,
} from './attributes.js';
import type { BuildContext } from './context.js';
import { readLicenseDate } from './dates.js';
import type { AttrFacts } from './grant.js';
import { valueOffset } from './tokens.js';
import type { Attribute, Severity, Token } from './types.js';

/**
 * Values that passed a check (pure, so the answer never changes): a large file
 * repeats its dates, versions and counts thousands of times, and each is then
 * judged once. Bounded, so a file of all-different values costs no more memory.
 */
class Passed {
  private readonly set = new Set<string>();

  has(v: string): boolean {
    return this.set.has(v);
  }

  add(v: string): void {
    if (this.set.size >= 4096) this.set.clear();
    this.set.add(v);
  }
}

const GOOD_DATES = { rlm: new Passed(), flexlm: new Passed() };
const GOOD_VERSIONS = { rlm: new Passed(), flexlm: new Passed() };
const GOOD_COUNTS = new Passed();
const GOOD_SHARES = new Passed();

const INTEGER = /^-?\d{1,12}$/;

/** Short quotation of a value for a message. */
export function show(value: string): string {
  const one = value.replace(/\s+/g, ' ');
  return one.length > 40 ? `"${one.slice(0, 37)}..."` : `"${one}"`;
}

/** `at` is the offset of the value in the text (where a diagnostic points). */
export function checkDate(ctx: BuildContext, at: number, what: string, value: string): void {
  if (!goodDate(ctx, value)) reportDate(ctx, at, what, value);
}

/** Whether the date is one checkDate says nothing about. */
export function goodDate(ctx: BuildContext, value: string): boolean {
  const good = GOOD_DATES[ctx.dialect];
  if (good.has(value)) return true;
  if (!readLicenseDate(value, ctx.dialect).ok || (ctx.dialect === 'rlm' && value.length > RLM_LIMITS.date)) return false;
  good.add(value);
  return true;
}

function reportDate(ctx: BuildContext, at: number, what: string, value: string): void {
  const r = readLicenseDate(value, ctx.dialect);
  if (!r.ok) {
    const why = r.problem === null ? '' : `: ${r.problem}`;
    ctx.sink.error(at, 'LIC_BAD_DATE', `The ${what} ${show(value)} is not a date${why}.`, r.hint);
  } else if (ctx.dialect === 'rlm' && value.length > RLM_LIMITS.date) {
    ctx.sink.error(
      at,
      'LIC_FIELD_TOO_LONG',
      `The ${what} ${show(value)} is longer than 11 characters.`,
      'Write dates as dd-mmm-yyyy, for example 1-jan-2027.',
    );
  }
}

/** `at` is the offset of the version in the text. */
export function checkVersion(ctx: BuildContext, at: number, v: string, what: string, rlmRules: boolean): void {
  const good = rlmRules ? GOOD_VERSIONS.rlm : GOOD_VERSIONS.flexlm;
  if (good.has(v)) return;
  if (rlmRules ? /^\d+(\.\d+)?$/.test(v) && v.length <= RLM_LIMITS.version : /^\d+(\.\d+)*$/.test(v)) {
    good.add(v);
    return;
  }
  const ok = rlmRules ? /^\d+(\.\d+)?$/.test(v) : /^\d+(\.\d+)*$/.test(v);
  if (!ok) {
    ctx.sink.add(
      at,
      rlmRules ? 'error' : 'warning',
      'LIC_BAD_VERSION',
      `The ${what} ${show(v)} is not a version number.`,
      'Versions are written N or N.M, for example 2 or 2026.06.',
    );
  }
  if (rlmRules) checkLength(ctx, at, what, RLM_LIMITS.version, v);
}

/** `at` is the offset of the count in the text, `written` the count as written. */
export function checkCount(ctx: BuildContext, at: number, written: string, rlmRules: boolean, upgrade: boolean): void {
  if (GOOD_COUNTS.has(written)) return;
  const v = written.toLowerCase();
  if (/^\d+$/.test(v)) {
    if (v.length <= 10 && Number(v) <= INT_MAX) {
      // a number within range is good in either dialect, on any line
      GOOD_COUNTS.add(written);
      return;
    }
    ctx.sink.error(
      at,
      'LIC_BAD_COUNT',
      `The count ${show(v)} is larger than ${INT_MAX}.`,
      'Ask the vendor for a license with a count RLM can hold, or use uncounted.',
    );
    return;
  }
  if (rlmRules && RLM_COUNT_WORDS.has(v)) {
    if (upgrade && v.startsWith('token')) {
      ctx.sink.error(
        at,
        'LIC_BAD_COUNT',
        `An UPGRADE cannot have the count "${written}".`,
        'Seed 002: "token, token_locked, token_bound and token_unlocked are not allowed in an UPGRADE license."',
      );
    } else if (v === 'token_locked') {
      ctx.sink.info(
        at,
        'LIC_DEPRECATED',
        'The count token_locked is deprecated; it still works, but the licenses are not locked to the server hostid.',
        'Seed 002: "token_locked was deprecated in v12.4 and replaced with token_bound." Ask the vendor for token_bound.',
      );
    }
    return;
  }
  if (!rlmRules && v === 'uncounted') return;
  const words = rlmRules ? 'a number, uncounted, single, token, token_bound, token_unlocked or meter' : 'a number or uncounted';
  ctx.sink.error(at, 'LIC_BAD_COUNT', `The count ${show(written)} is not valid.`, `Write ${words}.`);
}

export function checkLength(ctx: BuildContext, at: number, what: string, max: number, value: string): void {
  if (value.length > max) {
    ctx.sink.error(
      at,
      'LIC_FIELD_TOO_LONG',
      `The ${what} ${show(value)} is ${value.length} characters long; RLM allows at most ${max}.`,
      `Shorten the ${what} to ${max} characters or fewer.`,
    );
  }
}

export function checkPlaceholder(ctx: BuildContext, tok: Token, what: string): void {
  const v = tok.text;
  const lt = v.indexOf('<');
  if (lt >= 0 && v.indexOf('>', lt) > lt) {
    ctx.sink.warning(
      tok.start,
      'LIC_PLACEHOLDER',
      `The ${what} ${show(v)} is a placeholder from a template.`,
      `Replace it with the real ${what} (licutil hostid prints this machine's hostids).`,
    );
  }
}

/** A hostid or hostid list (seed 002: "at most 25 hostids, and can be no longer than 200 characters"). */
export function checkHostid(ctx: BuildContext, at: number, value: string): void {
  const trimmed = value.trim();
  if (/\s/.test(trimmed)) {
    const ids = trimmed.split(/\s+/);
    if (ids.length > RLM_LIMITS.hostidListCount) {
      ctx.sink.error(
        at,
        'LIC_FIELD_TOO_LONG',
        `The hostid list has ${ids.length} hostids; RLM allows at most ${RLM_LIMITS.hostidListCount}.`,
        'Split the license, or ask the vendor for one locked to fewer hostids.',
      );
    }
    checkLength(ctx, at, 'hostid list', RLM_LIMITS.hostidList, value);
  } else {
    checkLength(ctx, at, 'hostid', RLM_LIMITS.hostidSingle, value);
  }
}

function checkInt(ctx: BuildContext, at: number, name: string, value: string, min: number, max: number): void {
  const n = INTEGER.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) {
    ctx.sink.error(
      at,
      'LIC_BAD_NUMBER',
      `${name}=${value} is not a whole number from ${min} to ${max}.`,
      `Write ${name}=N with N between ${min} and ${max}.`,
    );
  }
}

function bad(ctx: BuildContext, at: number, name: string, value: string, hint: string, severity: Severity = 'error'): void {
  ctx.sink.add(at, severity, 'LIC_BAD_VALUE', `${name}=${show(value)} is not valid.`, hint);
}

/** Check one RLM attribute against its spec (the name is known). */
export function checkRlmAttribute(ctx: BuildContext, a: AttrFacts, spec: AttributeSpec, onUpgrade: boolean): void {
  if (spec.notOnUpgrade === true && onUpgrade) {
    ctx.sink.error(
      a.start,
      'LIC_NOT_ALLOWED',
      `${a.key} is not allowed on an UPGRADE line.`,
      'Seed 002: "token and named_user are not allowed on an UPGRADE line". Remove it.',
    );
  }
  if (a.value === null) {
    if (spec.flag !== true) {
      ctx.sink.error(a.start, 'LIC_BAD_VALUE', `${a.key} needs a value.`, `Write ${a.key}=VALUE.`);
    }
    return;
  }
  const v = a.value;
  const at = a.valueStart;
  if (a.curlyRaw !== null) checkCurlyRaw(ctx, a.start, a.curlyRaw);
  switch (spec.form) {
    case 'string':
      if (spec.max !== undefined) checkLength(ctx, at, a.name, spec.max, v);
      break;
    case 'int':
      checkInt(ctx, at, a.key, v, spec.min ?? 0, spec.max ?? INT_MAX);
      break;
    case 'date':
      if (!goodDate(ctx, v)) reportDate(ctx, at, `${a.name} date`, v);
      break;
    case 'hostid':
      checkHostid(ctx, at, v);
      break;
    case 'share':
      if (GOOD_SHARES.has(v)) break;
      if (/^[uhi]{1,3}(:\d{1,10})?$/i.test(v)) GOOD_SHARES.add(v);
      else {
        bad(ctx, at, a.key, v, 'share= takes letters from U (user), H (host), I (ISV data), optionally :N, e.g. share=uh:2.');
      }
      break;
    case 'timezone':
      if (!/^[0-9a-f]{1,6}$/i.test(v)) {
        bad(ctx, at, a.key, v, 'timezone= is a hex bitmask of hours west of GMT (bits 0-23), e.g. timezone=1E0.');
      }
      break;
    case 'time':
      if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(v)) bad(ctx, at, a.key, v, 'exptime= is hh:mm, e.g. exptime=17:30.');
      break;
    case 'type':
      checkLength(ctx, at, 'type', spec.max ?? 14, v);
      for (const w of v.trim().split(/\s+/)) {
        if (!LICENSE_TYPES.has(w.toLowerCase())) {
          bad(ctx, at, a.key, v, 'type= holds beta, demo, eval and/or subscription, e.g. type="beta eval".');
          break;
        }
      }
      break;
    case 'disable':
      checkDisable(ctx, at, a.key, v);
      break;
    case 'named_user':
      if (!/^\d{1,10}(\s+\d{1,10})?$/.test(v.trim())) {
        bad(ctx, at, a.key, v, 'named_user takes no value, a number, or "number min_hours".');
      }
      break;
  }
}

function checkDisable(ctx: BuildContext, at: number, key: string, v: string): void {
  const words = v.trim().split(/\s+/).map((w) => w.toLowerCase());
  for (const w of words) {
    if (!DISABLE_ENVIRONMENTS.has(w)) {
      bad(ctx, at, key, v, 'disable= lists TerminalServer, TerminalServerAllowRD and/or VM.');
      return;
    }
  }
  if (words.includes('terminalserver') && words.includes('terminalserverallowrd')) {
    bad(ctx, at, key, v, 'TerminalServer and TerminalServerAllowRD are mutually exclusive; keep one.');
  }
}

export function checkCurlyQuotes(ctx: BuildContext, tok: Token): void {
  const raw = tok.raw;
  if (raw.includes('\u201c') || raw.includes('\u201d')) checkCurlyRaw(ctx, tok.start, raw);
}

/** `raw` is a word that holds a typographic quote, at `at`. */
export function checkCurlyRaw(ctx: BuildContext, at: number, raw: string): void {
  ctx.sink.warning(
    at,
    'LIC_CURLY_QUOTE',
    `${show(raw)} contains a typographic quote (“ or ”), which is read as part of the value.`,
    'Replace “ and ” with a plain " (text copied from a document often has them).',
  );
}

/** An Attribute as the checks see it (for the statements read the general way). */
export function attrFacts(a: Attribute): AttrFacts {
  const raw = a.token.raw;
  return {
    key: a.key,
    name: a.name,
    value: a.value,
    start: a.token.start,
    valueStart: valueOffset(a),
    curlyRaw: raw.includes('\u201c') || raw.includes('\u201d') ? raw : null,
  };
}
