// FlexLM FEATURE/INCREMENT, UPGRADE and PACKAGE lines:
//   FEATURE|INCREMENT feature vendor version exp-date count [key] [KEYWORD=value ...]
//   UPGRADE feature vendor from-version to-version exp-date count [key] [KEYWORD=value ...]
//   PACKAGE package vendor [version] [key] COMPONENTS="..." [OPTIONS=SUITE] [SIGN=...]
// The model names the vendor `isv` and the feature `product`, as for RLM.
import { FLEXLM_DATE_ATTRIBUTES, FLEXLM_KNOWN_ATTRIBUTES } from './attributes.js';
import { checkCount, checkCurlyQuotes, checkCurlyRaw, checkDate, checkVersion, goodDate } from './checks.js';
import type { BuildContext } from './context.js';
import { base, flagAttribute, missingField, reportDuplicates, reportUnknownAttribute, toAttribute } from './fields.js';
import { factsOf, grantFields, newFacts, positionalFields, POS, reportRepeat, resetSeen, seenBefore } from './grant.js';
import type { Lexed, RawStatement } from './lexer.js';
import { LicenseNode, UpgradeNode } from './nodes.js';
import { valueOffset } from './tokens.js';
import type { Attribute, InvalidStatement, LicenseStatement, OldFlexLayout, PackageStatement, Token, UpgradeStatement } from './types.js';

const FEATURE_FIELDS = ['feature name', 'vendor name', 'version', 'expiration date', 'count'] as const;
const UPGRADE_FIELDS = ['feature name', 'vendor name', 'from-version', 'to-version', 'expiration date', 'count'] as const;

const usageOf = (upper: string, upgrade: boolean): string =>
  upgrade
    ? `${upper} feature vendor from-version to-version exp-date count [KEYWORD=value ...]`
    : `${upper} feature vendor version exp-date count [key] [KEYWORD=value ...]`;

const facts = newFacts();

/** Statement i of the lexed file, a FEATURE/INCREMENT (or UPGRADE) line read by FlexLM's rules. */
export function buildFlexGrant(ctx: BuildContext, lx: Lexed, i: number, upgrade: boolean): LicenseStatement | UpgradeStatement | InvalidStatement {
  const fields = upgrade ? UPGRADE_FIELDS : FEATURE_FIELDS;
  // a key (the license key of FlexLM before v7.1, still written by some vendors) comes right after the count
  const npos = positionalFields(ctx, lx, i, fields, FLEXLM_KNOWN_ATTRIBUTES, usageOf, upgrade);
  if (typeof npos !== 'number') return npos;
  const table = lx.tokens;
  const t0 = lx.t0(i);
  const n = lx.tn(i);

  const f = grantFields(lx, i);
  const fromAt = upgrade ? (POS[2] as number) : -1;
  const versionAt = POS[upgrade ? 3 : 2] as number;
  const expiresAt = POS[upgrade ? 4 : 3] as number;
  const countAt = POS[upgrade ? 5 : 4] as number;
  f.product = table.wordText(POS[0] as number);
  f.isv = table.wordText(POS[1] as number);
  f.version = table.wordText(versionAt);
  f.expires = table.wordText(expiresAt);
  f.count = table.wordText(countAt);
  f.key = npos > fields.length ? table.wordText(POS[fields.length] as number) : null;
  if (npos > fields.length) {
    const old = oldLayout(lx, i, POS[fields.length] as number);
    if (old !== null) f.oldLayout = old;
  }
  const fromVersion = upgrade ? table.wordText(fromAt) : '';

  if (upgrade) checkVersion(ctx, table.start(fromAt), fromVersion, 'from-version', false);
  checkVersion(ctx, table.start(versionAt), f.version, upgrade ? 'to-version' : 'version', false);
  checkDate(ctx, table.start(expiresAt), 'expiration date', f.expires);
  checkCount(ctx, table.start(countAt), f.count, false, upgrade);
  checkFlexGrantAttributes(ctx, lx, i);
  const implicitLine = lx.implicitLine(i);
  if (implicitLine !== 0) {
    let where = lx.end(i);
    for (let j = t0; j < t0 + n; j++) {
      if (table.line(j) >= implicitLine) {
        where = table.start(j);
        break;
      }
    }
    reportMissingBackslashAt(ctx, where, implicitLine, lx.upper(i));
  }

  return upgrade ? new UpgradeNode(f, fromVersion, table, t0, n) : new LicenseNode(f, table, t0, n);
}

// hostid types an old line may write as TYPE=value where the hostid goes
const OLD_HOSTID_TYPES = new Set(['id', 'hostname', 'internet', 'display', 'user', 'flexid', 'composite', 'ether', 'disk_serial_num']);
const HOSTID_WORD = /^[\w.:*-]+$/;

/**
 * The pre-v5 layout after the key: a quoted vendor string (FLEXlm v2 to v4
 * always wrote one, `""` when empty, sometimes glued to the key: `KEY""`),
 * then the hostid the license is locked to. Marks those words positional so
 * they are not read as unknown attributes; null when the line is not laid out so.
 */
function oldLayout(lx: Lexed, i: number, keyAt: number): OldFlexLayout | null {
  const table = lx.tokens;
  const end = lx.t0(i) + lx.tn(i);
  let j = keyAt + 1;
  let vendorString: string;
  const keyRaw = table.raw(keyAt);

  const glued = keyRaw.indexOf('"');
  if (glued > 0) {
    vendorString = keyRaw.slice(glued).replace(/^"|"$/g, '');
  } else if (j < end && table.eq(j) <= 0 && table.quoted(j)) {
    vendorString = table.wordText(j);
    table.markPositional(j++);
  } else {
    return null;
  }
  let hostid: string | null = null;
  if (j < end) {
    const text = table.wordText(j);
    const eq = table.eq(j);
    const name = eq > 0 ? table.written(j).toLowerCase() : text.toLowerCase();
    const bare = eq <= 0 && !table.quoted(j) && HOSTID_WORD.test(text) && !FLEXLM_KNOWN_ATTRIBUTES.has(name);
    if (bare || (eq > 0 && OLD_HOSTID_TYPES.has(name) && !FLEXLM_KNOWN_ATTRIBUTES.has(name))) {
      hostid = table.raw(j);

      table.markPositional(j);
    }
  }
  return { vendor_string: vendorString, hostid };
}

function checkFlexGrantAttributes(ctx: BuildContext, lx: Lexed, i: number): void {
  const table = lx.tokens;
  const t0 = lx.t0(i);
  const end = t0 + lx.tn(i);
  resetSeen();
  for (let j = t0; j < end; j++) {
    if (table.positional(j)) continue;
    factsOf(table, j, facts);
    if (!FLEXLM_KNOWN_ATTRIBUTES.has(facts.name)) {
      reportUnknownAttribute(ctx, table.attribute(j), FLEXLM_KNOWN_ATTRIBUTES, lx.upper(i), false);
    } else if (facts.value !== null) {
      if (facts.curlyRaw !== null) checkCurlyRaw(ctx, facts.start, facts.curlyRaw);
      if (FLEXLM_DATE_ATTRIBUTES.has(facts.name)) {
        const v = table.value(j);
        if (!goodDate(ctx, v)) checkDate(ctx, facts.valueStart, `${facts.key} date`, v);
      }
    }
    if (seenBefore(facts.name)) reportRepeat(ctx, facts, false);
  }
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
  if (version !== null) checkVersion(ctx, version.start, version.text, 'version', false);
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
  const where = raw.tokens.find((t) => t.line >= raw.implicitLine)?.start ?? raw.end;
  reportMissingBackslashAt(ctx, where, raw.implicitLine, raw.upper);
}

function reportMissingBackslashAt(ctx: BuildContext, where: number, implicitLine: number, upper: string): void {
  ctx.sink.warning(
    where,
    'LIC_MISSING_BACKSLASH',
    `Line ${implicitLine} continues the ${upper} line above it without a trailing \\ on the line before.`,
    'FlexLM joins lines only after a \\; add one at the end of the previous line.',
  );
}
