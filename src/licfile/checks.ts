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
import type { DiagnosticSink } from './diagnostics.js';
import type { Attribute, Dialect, Severity, Token } from './types.js';

export interface BuildContext {
  sink: DiagnosticSink;
  dialect: Dialect;
}

const MONTHS = new Set(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']);
const DMY = /^(\d{1,2})-([A-Za-z]{3})-(\d{1,4})$/;
const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const INTEGER = /^-?\d{1,12}$/;

/** Short quotation of a value for a message. */
export function show(value: string): string {
  const one = value.replace(/\s+/g, ' ');
  return one.length > 40 ? `"${one.slice(0, 37)}..."` : `"${one}"`;
}

export function isDate(value: string, flexlm: boolean): boolean {
  const v = value.toLowerCase();
  if (v === 'permanent' || (flexlm && v === '0')) return true;
  const dmy = DMY.exec(v);
  if (dmy) {
    const day = Number(dmy[1]);
    return day >= 1 && day <= 31 && MONTHS.has(dmy[2] ?? '');
  }
  const ymd = YMD.exec(v);
  if (ymd) {
    const month = Number(ymd[2]);
    const day = Number(ymd[3]);
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }
  return false;
}

export function checkDate(ctx: BuildContext, tok: Token, what: string, value = tok.text): void {
  const flexlm = ctx.dialect === 'flexlm';
  if (!isDate(value, flexlm)) {
    ctx.sink.error(
      tok.start,
      'LIC_BAD_DATE',
      `The ${what} ${show(value)} is not a date.`,
      'Write it as dd-mmm-yyyy (e.g. 31-dec-2026), yyyy-mm-dd (2026-12-31) or permanent.',
    );
  } else if (!flexlm && value.length > RLM_LIMITS.date) {
    ctx.sink.error(tok.start, 'LIC_FIELD_TOO_LONG', `The ${what} ${show(value)} is longer than 11 characters.`);
  }
}

export function checkVersion(ctx: BuildContext, tok: Token, what: string, rlmRules: boolean): void {
  const v = tok.text;
  const ok = rlmRules ? /^\d+(\.\d+)?$/.test(v) : /^\d+(\.\d+)*$/.test(v);
  if (!ok) {
    ctx.sink.add(
      tok.start,
      rlmRules ? 'error' : 'warning',
      'LIC_BAD_VERSION',
      `The ${what} ${show(v)} is not a version number.`,
      'Versions are written N or N.M, for example 2 or 2026.06.',
    );
  }
  if (rlmRules) checkLength(ctx, tok, what, RLM_LIMITS.version);
}

export function checkCount(ctx: BuildContext, tok: Token, rlmRules: boolean, upgrade: boolean): void {
  const v = tok.text.toLowerCase();
  if (/^\d+$/.test(v)) {
    if (v.length > 10 || Number(v) > INT_MAX) {
      ctx.sink.error(tok.start, 'LIC_BAD_COUNT', `The count ${show(v)} is larger than ${INT_MAX}.`);
    }
    return;
  }
  if (rlmRules && RLM_COUNT_WORDS.has(v)) {
    if (upgrade && v.startsWith('token')) {
      ctx.sink.error(
        tok.start,
        'LIC_BAD_COUNT',
        `An UPGRADE cannot have the count "${tok.text}".`,
        'Seed 002: "token, token_locked, token_bound and token_unlocked are not allowed in an UPGRADE license."',
      );
    } else if (v === 'token_locked') {
      ctx.sink.info(tok.start, 'LIC_DEPRECATED', 'The count token_locked is deprecated; RLM reads it as token_bound.');
    }
    return;
  }
  if (!rlmRules && v === 'uncounted') return;
  const words = rlmRules ? 'a number, uncounted, single, token, token_bound, token_unlocked or meter' : 'a number or uncounted';
  ctx.sink.error(tok.start, 'LIC_BAD_COUNT', `The count ${show(tok.text)} is not valid.`, `Write ${words}.`);
}

export function checkLength(ctx: BuildContext, tok: Token, what: string, max: number, value = tok.text): void {
  if (value.length > max) {
    ctx.sink.error(
      tok.start,
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
export function checkHostid(ctx: BuildContext, tok: Token, value: string): void {
  const trimmed = value.trim();
  if (/\s/.test(trimmed)) {
    const ids = trimmed.split(/\s+/);
    if (ids.length > RLM_LIMITS.hostidListCount) {
      ctx.sink.error(
        tok.start,
        'LIC_FIELD_TOO_LONG',
        `The hostid list has ${ids.length} hostids; RLM allows at most ${RLM_LIMITS.hostidListCount}.`,
        'Split the license, or ask the vendor for one locked to fewer hostids.',
      );
    }
    checkLength(ctx, tok, 'hostid list', RLM_LIMITS.hostidList, value);
  } else {
    checkLength(ctx, tok, 'hostid', RLM_LIMITS.hostidSingle, value);
  }
}

function checkInt(ctx: BuildContext, tok: Token, name: string, value: string, min: number, max: number): void {
  const n = INTEGER.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) {
    ctx.sink.error(
      tok.start,
      'LIC_BAD_NUMBER',
      `${name}=${value} is not a whole number from ${min} to ${max}.`,
      `Write ${name}=N with N between ${min} and ${max}.`,
    );
  }
}

function bad(ctx: BuildContext, tok: Token, name: string, value: string, hint: string, severity: Severity = 'error'): void {
  ctx.sink.add(tok.start, severity, 'LIC_BAD_VALUE', `${name}=${show(value)} is not valid.`, hint);
}

/** Check one RLM attribute against its spec (the name is known). */
export function checkRlmAttribute(ctx: BuildContext, a: Attribute, spec: AttributeSpec, onUpgrade: boolean): void {
  if (spec.notOnUpgrade === true && onUpgrade) {
    ctx.sink.error(
      a.token.start,
      'LIC_NOT_ALLOWED',
      `${a.key} is not allowed on an UPGRADE line.`,
      'Seed 002: "token and named_user are not allowed on an UPGRADE line". Remove it.',
    );
  }
  const tok = a.valueToken;
  if (a.value === null || tok === null) {
    if (spec.flag !== true) {
      ctx.sink.error(a.token.start, 'LIC_BAD_VALUE', `${a.key} needs a value.`, `Write ${a.key}=VALUE.`);
    }
    return;
  }
  const v = a.value;
  checkCurlyQuotes(ctx, a.token);
  switch (spec.form) {
    case 'string':
      if (spec.max !== undefined) checkLength(ctx, tok, a.name, spec.max, v);
      break;
    case 'int':
      checkInt(ctx, tok, a.key, v, spec.min ?? 0, spec.max ?? INT_MAX);
      break;
    case 'date':
      checkDate(ctx, tok, `${a.name} date`, v);
      break;
    case 'hostid':
      checkHostid(ctx, tok, v);
      break;
    case 'share':
      if (!/^[uhi]{1,3}(:\d{1,10})?$/i.test(v)) {
        bad(ctx, tok, a.key, v, 'share= takes letters from U (user), H (host), I (ISV data), optionally :N, e.g. share=uh:2.');
      }
      break;
    case 'timezone':
      if (!/^[0-9a-f]{1,6}$/i.test(v)) {
        bad(ctx, tok, a.key, v, 'timezone= is a hex bitmask of hours west of GMT (bits 0-23), e.g. timezone=1E0.');
      }
      break;
    case 'time':
      if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(v)) bad(ctx, tok, a.key, v, 'exptime= is hh:mm, e.g. exptime=17:30.');
      break;
    case 'type':
      checkLength(ctx, tok, 'type', spec.max ?? 14, v);
      for (const w of v.trim().split(/\s+/)) {
        if (!LICENSE_TYPES.has(w.toLowerCase())) {
          bad(ctx, tok, a.key, v, 'type= holds beta, demo, eval and/or subscription, e.g. type="beta eval".');
          break;
        }
      }
      break;
    case 'disable':
      checkDisable(ctx, tok, a.key, v);
      break;
    case 'named_user':
      if (!/^\d{1,10}(\s+\d{1,10})?$/.test(v.trim())) {
        bad(ctx, tok, a.key, v, 'named_user takes no value, a number, or "number min_hours".');
      }
      break;
  }
}

function checkDisable(ctx: BuildContext, tok: Token, key: string, v: string): void {
  const words = v.trim().split(/\s+/).map((w) => w.toLowerCase());
  for (const w of words) {
    if (!DISABLE_ENVIRONMENTS.has(w)) {
      bad(ctx, tok, key, v, 'disable= lists TerminalServer, TerminalServerAllowRD and/or VM.');
      return;
    }
  }
  if (words.includes('terminalserver') && words.includes('terminalserverallowrd')) {
    bad(ctx, tok, key, v, 'TerminalServer and TerminalServerAllowRD are mutually exclusive; keep one.');
  }
}

export function checkCurlyQuotes(ctx: BuildContext, tok: Token): void {
  const raw = tok.raw;
  if (raw.includes('\u201c') || raw.includes('\u201d')) {
    ctx.sink.warning(
      tok.start,
      'LIC_CURLY_QUOTE',
      `${show(raw)} contains a typographic quote (“ or ”), which is read as part of the value.`,
      'Replace “ and ” with a plain " (text copied from a document often has them).',
    );
  }
}
