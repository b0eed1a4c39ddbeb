// FlexLM FEATURE/INCREMENT, UPGRADE and PACKAGE lines:
//   FEATURE|INCREMENT feature vendor version exp-date count [key] [KEYWORD=value ...]
//   UPGRADE feature vendor from-version to-version exp-date count [key] [KEYWORD=value ...]
//   PACKAGE package vendor [version] [key] COMPONENTS="..." [OPTIONS=SUITE] [SIGN=...]
// The model names the vendor `isv` and the feature `product`, as for RLM.
import { FLEXLM_DATE_ATTRIBUTES, FLEXLM_KNOWN_ATTRIBUTES } from './attributes.js';
import { checkCount, checkCurlyQuotes, checkDate, checkVersion, type BuildContext } from './checks.js';
import { base, flagAttribute, missingField, reportDuplicates, reportUnknownAttribute, toAttribute } from './fields.js';
import { valueOffset } from './tokens.js';
import type { RawStatement } from './lexer.js';
import type { Attribute, InvalidStatement, LicenseStatement, PackageStatement, Token, UpgradeStatement } from './types.js';

const FEATURE_FIELDS = ['feature name', 'vendor name', 'version', 'expiration date', 'count'] as const;
const UPGRADE_FIELDS = ['feature name', 'vendor name', 'from-version', 'to-version', 'expiration date', 'count'] as const;

export function buildFlexGrant(
  ctx: BuildContext,
  raw: RawStatement,
  upgrade: boolean,
): LicenseStatement | UpgradeStatement | InvalidStatement {
  const fields = upgrade ? UPGRADE_FIELDS : FEATURE_FIELDS;
  const pos: Token[] = [];
  const attrs: Attribute[] = [];
  let key: Token | null = null;
  // a key comes right after the count; a bare word later, or an attribute name, is a flag
  let keyPlace = true;
  for (const tok of raw.tokens) {
    const a = toAttribute(tok);
    if (a !== null) {
      attrs.push(a);
      if (pos.length >= fields.length) keyPlace = false;
    } else if (pos.length < fields.length) pos.push(tok);
    else if (keyPlace && key === null && !FLEXLM_KNOWN_ATTRIBUTES.has(tok.text.toLowerCase())) {
      // the license key of FlexLM before v7.1, still written by some vendors
      key = tok;
      pos.push(tok);
    } else {
      attrs.push(flagAttribute(tok));
      keyPlace = false;
    }
  }
  if (pos.length < fields.length) {
    const usage = upgrade
      ? `${raw.upper} feature vendor from-version to-version exp-date count [KEYWORD=value ...]`
      : `${raw.upper} feature vendor version exp-date count [key] [KEYWORD=value ...]`;
    return missingField(ctx, raw, fields[pos.length] ?? 'field', usage);
  }

  const feature = pos[0] as Token;
  const vendor = pos[1] as Token;
  const v1 = pos[2] as Token;
  const v2 = pos[3] as Token;
  const v3 = pos[4] as Token;
  const v4 = pos[5];
  const fromVersion = upgrade ? v1 : null;
  const version = upgrade ? v2 : v1;
  const expires = upgrade ? v3 : v2;
  const count = (upgrade ? v4 : v3) as Token;

  if (fromVersion !== null) checkVersion(ctx, fromVersion, 'from-version', false);
  checkVersion(ctx, version, upgrade ? 'to-version' : 'version', false);
  checkDate(ctx, expires.start, 'expiration date', expires.text);
  checkCount(ctx, count, false, upgrade);
  checkFlexAttributes(ctx, raw, attrs);
  reportMissingBackslash(ctx, raw);

  // one literal per kind, fields always in the same order: V8 keeps one shape
  if (fromVersion !== null) {
    return {
      kind: 'upgrade',
      keyword: raw.keyword,
      start: raw.start,
      end: raw.end,
      line: raw.line,
      endLine: raw.endLine,
      isv: vendor.text,
      product: feature.text,
      fromVersion: fromVersion.text,
      version: version.text,
      expires: expires.text,
      count: count.text,
      key: key === null ? null : key.text,
      tokens: pos.slice(),
      attrs: attrs.slice(),
    };
  }
  return {
    kind: 'license',
    keyword: raw.keyword,
    start: raw.start,
    end: raw.end,
    line: raw.line,
    endLine: raw.endLine,
    isv: vendor.text,
    product: feature.text,
    version: version.text,
    expires: expires.text,
    count: count.text,
    key: key === null ? null : key.text,
    // copies sized to fit: arrays grown by push keep spare room, which a large file multiplies
    tokens: pos.slice(),
    attrs: attrs.slice(),
  };
}

const VERSION_LIKE = /^\d{1,6}(\.\d{1,6}){0,3}$/;

export function buildPackage(ctx: BuildContext, raw: RawStatement): PackageStatement | InvalidStatement {
  const usage = 'PACKAGE package vendor [version] [key] COMPONENTS="feature ..." [OPTIONS=SUITE]';
  const pos: Token[] = [];
  const attrs: Attribute[] = [];
  let version: Token | null = null;
  let key: Token | null = null;
  for (const tok of raw.tokens) {
    const a = toAttribute(tok);
    if (a !== null) attrs.push(a);
    else if (pos.length < 2) pos.push(tok);
    else if (version === null && key === null && VERSION_LIKE.test(tok.text)) {
      version = tok;
      pos.push(tok);
    } else if (key === null && !FLEXLM_KNOWN_ATTRIBUTES.has(tok.text.toLowerCase())) {
      key = tok;
      pos.push(tok);
    } else attrs.push(flagAttribute(tok));
  }
  const [pkg, vendor] = pos;
  if (pkg === undefined) return missingField(ctx, raw, 'package name', usage);
  if (vendor === undefined) return missingField(ctx, raw, 'vendor name', usage);
  if (version !== null) checkVersion(ctx, version, 'version', false);
  checkFlexAttributes(ctx, raw, attrs);
  if (!attrs.some((a) => a.name === 'components')) {
    ctx.sink.error(
      raw.keywordStart,
      'LIC_MISSING_FIELD',
      `PACKAGE ${pkg.text} has no COMPONENTS=, so it enables nothing.`,
      `The form is: ${usage}`,
    );
  }
  reportMissingBackslash(ctx, raw);
  return {
    kind: 'package',
    ...base(raw),
    product: pkg.text,
    isv: vendor.text,
    version: version?.text ?? null,
    key: key?.text ?? null,
    tokens: pos,
    attrs,
  };
}

function checkFlexAttributes(ctx: BuildContext, raw: RawStatement, attrs: Attribute[]): void {
  for (const a of attrs) {
    if (!FLEXLM_KNOWN_ATTRIBUTES.has(a.name)) {
      reportUnknownAttribute(ctx, a, FLEXLM_KNOWN_ATTRIBUTES, raw.upper, false);
      continue;
    }
    if (a.value !== null) {
      checkCurlyQuotes(ctx, a.token);
      if (FLEXLM_DATE_ATTRIBUTES.has(a.name)) checkDate(ctx, valueOffset(a), `${a.key} date`, a.value);
    }
  }
  reportDuplicates(ctx, attrs, false);
}

function reportMissingBackslash(ctx: BuildContext, raw: RawStatement): void {
  if (raw.implicitLine === 0) return;
  const lineIndex = raw.implicitLine - 1;
  const where = raw.tokens.find((t) => t.line >= raw.implicitLine)?.start ?? raw.end;
  ctx.sink.warning(
    where,
    'LIC_MISSING_BACKSLASH',
    `Line ${lineIndex + 1} continues the ${raw.upper} line above it without a trailing \\ on the line before.`,
    'FlexLM joins lines only after a \\; add one at the end of the previous line.',
  );
}
