// RLM LICENSE/FEATURE and UPGRADE lines (seed 002):
//   LICENSE isv product version exp-date count [sig=]license-key [optional parameters]
//   UPGRADE isv product from-version to-version exp-date count [sig=]upgrade-key [optional parameters]
import { RLM_LICENSE_ATTRIBUTES, RLM_LIMITS } from './attributes.js';
import { checkCount, checkDate, checkLength, checkRlmAttribute, checkVersion, type BuildContext } from './checks.js';
import { flagAttribute, missingField, reportDuplicates, reportUnknownAttribute, toAttribute } from './fields.js';
import type { RawStatement } from './lexer.js';
import type { Attribute, InvalidStatement, LicenseStatement, Token, UpgradeStatement } from './types.js';

const LICENSE_FIELDS = ['isv name', 'product name', 'version', 'expiration date', 'count'] as const;
const UPGRADE_FIELDS = ['isv name', 'product name', 'from-version', 'to-version', 'expiration date', 'count'] as const;

export function buildRlmGrant(
  ctx: BuildContext,
  raw: RawStatement,
  upgrade: boolean,
): LicenseStatement | UpgradeStatement | InvalidStatement {
  const fields = upgrade ? UPGRADE_FIELDS : LICENSE_FIELDS;
  const pos: Token[] = [];
  const attrs: Attribute[] = [];
  let key: Token | null = null;
  // a key without sig= comes right after the count; a bare word later, or an
  // attribute name, is a flag
  let keyPlace = true;
  for (const tok of raw.tokens) {
    const a = toAttribute(tok);
    if (a !== null) {
      attrs.push(a);
      if (pos.length >= fields.length) keyPlace = false;
    } else if (pos.length < fields.length) pos.push(tok);
    else if (keyPlace && key === null && !RLM_LICENSE_ATTRIBUTES.has(tok.text.toLowerCase())) {
      key = tok;
      pos.push(tok);
    } else {
      attrs.push(flagAttribute(tok));
      keyPlace = false;
    }
  }
  if (pos.length < fields.length) {
    const usage = upgrade
      ? `${raw.upper} isv product from-version to-version exp-date count [sig=]key [attributes]`
      : `${raw.upper} isv product version exp-date count [sig=]key [attributes]`;
    return missingField(ctx, raw, fields[pos.length] ?? 'field', usage);
  }

  const isv = pos[0] as Token;
  const product = pos[1] as Token;
  const v1 = pos[2] as Token;
  const v2 = pos[3] as Token;
  const v3 = pos[4] as Token;
  const v4 = pos[5];
  const fromVersion = upgrade ? v1 : null;
  const version = upgrade ? v2 : v1;
  const expires = upgrade ? v3 : v2;
  const count = (upgrade ? v4 : v3) as Token;

  checkLength(ctx, isv.start, 'isv name', RLM_LIMITS.isv, isv.text);
  checkLength(ctx, product.start, 'product name', RLM_LIMITS.product, product.text);
  if (fromVersion !== null) checkVersion(ctx, fromVersion, 'from-version', true);
  checkVersion(ctx, version, upgrade ? 'to-version' : 'version', true);
  checkDate(ctx, expires.start, 'expiration date', expires.text);
  checkCount(ctx, count, true, upgrade);
  checkRlmAttributes(ctx, raw, attrs, upgrade);

  // one literal per kind, fields always in the same order: V8 keeps one shape
  if (fromVersion !== null) {
    return {
      kind: 'upgrade',
      keyword: raw.keyword,
      start: raw.start,
      end: raw.end,
      line: raw.line,
      endLine: raw.endLine,
      isv: isv.text,
      product: product.text,
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
    isv: isv.text,
    product: product.text,
    version: version.text,
    expires: expires.text,
    count: count.text,
    key: key === null ? null : key.text,
    // copies sized to fit: arrays grown by push keep spare room, which a large file multiplies
    tokens: pos.slice(),
    attrs: attrs.slice(),
  };
}

function checkRlmAttributes(ctx: BuildContext, raw: RawStatement, attrs: Attribute[], upgrade: boolean): void {
  let replace: Attribute | null = null;
  let dated = false;
  for (const a of attrs) {
    const spec = RLM_LICENSE_ATTRIBUTES.get(a.name);
    if (spec === undefined) {
      reportUnknownAttribute(ctx, a, RLM_LICENSE_ATTRIBUTES, raw.upper, true);
      continue;
    }
    checkRlmAttribute(ctx, a, spec, upgrade);
    if (a.name === 'replace') replace = a;
    if (a.name === 'start' || a.name === 'issued') dated = true;
  }
  reportDuplicates(ctx, attrs, true);
  if (replace !== null && !dated) {
    ctx.sink.warning(
      replace.token.start,
      'LIC_REPLACE_WITHOUT_DATE',
      'replace is given without start= or issued=, so it replaces nothing.',
      'Seed 002: "If you specify replace, you must also specify either start= or issued=." Ask the vendor for a corrected license.',
    );
  }
}
