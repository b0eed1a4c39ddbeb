// RLM LICENSE/FEATURE and UPGRADE lines (seed 002):
//   LICENSE isv product version exp-date count [sig=]license-key [optional parameters]
//   UPGRADE isv product from-version to-version exp-date count [sig=]upgrade-key [optional parameters]
import { INT_MAX, RLM_LICENSE_ATTRIBUTES, RLM_LIMITS, type AttributeSpec } from './attributes.js';
import { checkCount, checkDate, checkLength, checkRlmAttribute, checkVersion } from './checks.js';
import type { BuildContext } from './context.js';
import { reportUnknownAttribute } from './fields.js';
import { factsOf, grantFields, newFacts, positionalFields, POS, reportRepeat, resetSeen, seenBefore } from './grant.js';
import type { Lexed } from './lexed.js';
import { LicenseNode, UpgradeNode } from './nodes.js';
import { QUOTED, type TokenTable } from './table.js';
import type { InvalidStatement, LicenseStatement, UpgradeStatement } from './types.js';

const LICENSE_FIELDS = ['isv name', 'product name', 'version', 'expiration date', 'count'] as const;
const UPGRADE_FIELDS = ['isv name', 'product name', 'from-version', 'to-version', 'expiration date', 'count'] as const;

const usageOf = (upper: string, upgrade: boolean): string =>
  upgrade
    ? `${upper} isv product from-version to-version exp-date count [sig=]key [attributes]`
    : `${upper} isv product version exp-date count [sig=]key [attributes]`;

const facts = newFacts();

/** Statement i of the lexed file, a LICENSE/FEATURE (or UPGRADE) line read by RLM's rules. */
export function buildRlmGrant(ctx: BuildContext, lx: Lexed, i: number, upgrade: boolean): LicenseStatement | UpgradeStatement | InvalidStatement {
  const fields = upgrade ? UPGRADE_FIELDS : LICENSE_FIELDS;
  const npos = positionalFields(ctx, lx, i, fields, RLM_LICENSE_ATTRIBUTES, usageOf, upgrade);
  if (typeof npos !== 'number') return npos;
  const table = lx.tokens;
  const t0 = lx.t0(i);
  const n = lx.tn(i);

  const f = grantFields(lx, i);
  const isvAt = POS[0] as number;
  const productAt = POS[1] as number;
  const fromAt = upgrade ? (POS[2] as number) : -1;
  const versionAt = POS[upgrade ? 3 : 2] as number;
  const expiresAt = POS[upgrade ? 4 : 3] as number;
  const countAt = POS[upgrade ? 5 : 4] as number;
  f.isv = table.wordText(isvAt);
  f.product = table.wordText(productAt);
  f.version = table.wordText(versionAt);
  f.expires = table.wordText(expiresAt);
  f.count = table.wordText(countAt);
  f.key = npos > fields.length ? table.wordText(POS[fields.length] as number) : null;
  const fromVersion = upgrade ? table.wordText(fromAt) : '';

  checkLength(ctx, table.start(isvAt), 'isv name', RLM_LIMITS.isv, f.isv);
  checkLength(ctx, table.start(productAt), 'product name', RLM_LIMITS.product, f.product);
  if (upgrade) checkVersion(ctx, table.start(fromAt), fromVersion, 'from-version', true);
  checkVersion(ctx, table.start(versionAt), f.version, upgrade ? 'to-version' : 'version', true);
  checkDate(ctx, table.start(expiresAt), 'expiration date', f.expires);
  checkCount(ctx, table.start(countAt), f.count, true, upgrade);
  checkRlmAttributes(ctx, lx, i, upgrade);

  return upgrade ? new UpgradeNode(f, fromVersion, table, t0, n) : new LicenseNode(f, table, t0, n);
}

/**
 * Whether word j's value passes its spec, judged from the text without making
 * the value's string: a string no longer than its limit even with its quotes,
 * a plain number in range. false means "look at the value".
 */
function passesUnread(table: TokenTable, j: number, spec: AttributeSpec): boolean {
  const from = table.start(j) + table.eq(j) + 1;
  const to = table.end(j);
  if (spec.form === 'string') return spec.max === undefined || to - from <= spec.max;
  if (spec.form !== 'int' || (table.info(j) & QUOTED) !== 0 || to - from > 9 || to === from) return false;
  const text = table.text;
  let n = 0;
  for (let p = from; p < to; p++) {
    const d = text.charCodeAt(p) - 48;
    if (d < 0 || d > 9) return false;
    n = n * 10 + d;
  }
  return n >= (spec.min ?? 0) && n <= (spec.max ?? INT_MAX);
}

function checkRlmAttributes(ctx: BuildContext, lx: Lexed, i: number, upgrade: boolean): void {
  const table = lx.tokens;
  const t0 = lx.t0(i);
  const end = t0 + lx.tn(i);
  let replaceAt = -1;
  let dated = false;
  resetSeen();
  for (let j = t0; j < end; j++) {
    if (table.positional(j)) continue;
    factsOf(table, j, facts);
    const spec = RLM_LICENSE_ATTRIBUTES.get(facts.name);
    if (spec === undefined) {
      reportUnknownAttribute(ctx, table.attribute(j), RLM_LICENSE_ATTRIBUTES, lx.upper(i), true);
    } else {
      const quiet = facts.value !== null && spec.notOnUpgrade !== true && facts.curlyRaw === null && passesUnread(table, j, spec);
      if (!quiet) {
        if (facts.value !== null) facts.value = table.value(j);
        checkRlmAttribute(ctx, facts, spec, upgrade);
      }
      if (facts.name === 'replace') replaceAt = facts.start;
      if (facts.name === 'start' || facts.name === 'issued') dated = true;
    }
    if (seenBefore(facts.name)) reportRepeat(ctx, facts, true);
  }
  if (replaceAt >= 0 && !dated) {
    ctx.sink.warning(
      replaceAt,
      'LIC_REPLACE_WITHOUT_DATE',
      'replace is given without start= or issued=, so it replaces nothing.',
      'Seed 002: "If you specify replace, you must also specify either start= or issued=." Ask the vendor for a corrected license.',
    );
  }
}
