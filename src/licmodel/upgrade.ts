// UPGRADE processing. Each dialect keeps its vendor's rule:
// - RLM (seed 002, "UPGRADE Line"): "An UPGRADE license will convert count
//   licenses of product of version from-version or higher into to-version",
//   on eligible base licenses, "until the count on the upgrade license is
//   exhausted";
// - FlexLM (FlexNet Publisher License Administration Guide, "UPGRADE Lines"):
//   "The UPGRADE line operates on the closest preceding FEATURE or INCREMENT
//   line with a version number that is >= from_feat_version, and <
//   to_feat_version": one base line, up to the upgrade's count.
// Replace processing comes first (the caller's job).
import { isNamedUser } from './attrs.js';
import { criteriaMismatches } from './criteria.js';
import { sameName, whereOf, type License } from './license.js';
import { countingType } from './license-type.js';
import { mergeUpgraded, remainderAttrs } from './upgrade-merge.js';
import { compareVersions } from './versions.js';

interface UpgradeOptions {
  /** licenses (bases and UPGRADE lines) that take part; default all */
  eligible?: (l: License) => boolean;
  /**
   * Use the table's "Served" column for uncounted licenses too (a license
   * server serving them). Counted licenses always use it, single never.
   */
  servedUncounted?: boolean;
}

export interface AppliedUpgrade {
  upgrade: License;
  /** the base licenses it rewrote, as they were */
  bases: License[];
  /** seats moved to the new version ('all' for uncounted bases) */
  upgraded: number | 'all';
  /** upgrade seats with no base to use them */
  wasted: number;
}

interface UpgradeResult {
  /** the input, upgraded bases rewritten in place; a partial upgrade leaves the old-version rest first, then the upgraded part */
  licenses: License[];
  warnings: string[];
  applied: AppliedUpgrade[];
}

/**
 * Why `base` is not a base license for `up`, or null when it is.
 * "An UPGRADE license will never operate on a base license that is >= to-version";
 * "token-based licenses ... will never be upgraded. Also, named-user and
 * metered licenses are not eligible for upgrades."
 */
export function upgradeRefusal(up: License, base: License): string | null {
  if (base.kind !== 'license' || !sameName(base.isv, up.isv) || !sameName(base.product, up.product)) return 'not the same product';
  if (compareVersions(base.version, up.fromVersion ?? '0') < 0) return `its version ${base.version} is below the upgrade's from-version ${up.fromVersion ?? '0'}`;
  if (compareVersions(base.version, up.version) >= 0) return `its version ${base.version} is not below the upgrade's to-version ${up.version}`;
  const type = countingType(base);
  if (type === 'token' || type === 'metered') return `${type} licenses are never upgraded`;
  if (isNamedUser(base)) return 'named-user licenses are never upgraded';
  const diff = criteriaMismatches(base, up);
  if (diff.length > 0) return `it differs in ${diff.join(', ')}`;
  return null;
}

function rewritten(base: License, up: License, n: number, remaining: number, served: boolean): License {
  const merged = mergeUpgraded({ base, up, n, remaining, served });
  return {
    ...base,
    version: up.version,
    count: typeof base.count === 'number' ? n : base.count,
    countRaw: typeof base.count === 'number' ? String(n) : base.countRaw,
    attrs: merged.attrs,
    expires: merged.expires,
    expiresIso: merged.expiresIso,
    upgradedBy: up,
    baseVersion: base.baseVersion ?? base.version,
  };
}

function rest(base: License, remaining: number, served: boolean): License {
  return { ...base, count: remaining, countRaw: String(remaining), attrs: remainderAttrs(base, remaining, served) };
}

/**
 * FlexLM's base for an UPGRADE line: the last line before it in its own file
 * that it may upgrade (of what an earlier UPGRADE left of that line, the last
 * part), or null when there is none.
 */
function closestPreceding(slots: readonly License[][], up: License, eligible: (l: License) => boolean): License | null {
  let best: License | null = null;
  for (const slot of slots) {
    for (const base of slot) {
      if (base.kind !== 'license' || base.fileIndex !== up.fileIndex || base.file !== up.file || base.line >= up.line) continue;
      if (!eligible(base) || upgradeRefusal(up, base) !== null) continue;
      if (best === null || base.line >= best.line) best = base;
    }
  }
  return best;
}

export function applyUpgrades(licenses: readonly License[], options: UpgradeOptions = {}): UpgradeResult {
  const eligible = options.eligible ?? (() => true);
  // each input position holds the records it has become; chained upgrades
  // (1.0→2.0, then 2.0→3.0) see the result of the earlier ones
  const slots: License[][] = licenses.map((l) => [l]);
  const warnings: string[] = [];
  const applied: AppliedUpgrade[] = [];

  for (const up of licenses) {
    if (up.kind !== 'upgrade' || !eligible(up)) continue;
    const upType = countingType(up);
    if (upType === 'token' || upType === 'metered') {
      warnings.push(`UPGRADE at ${whereOf(up)} has count ${up.countRaw}, which an UPGRADE line may not have; it is ignored.`);
      continue;
    }
    let remaining = typeof up.count === 'number' ? up.count : upType === 'single' ? 1 : Number.POSITIVE_INFINITY;
    const bases: License[] = [];
    const refusals: string[] = [];
    let moved = 0;
    const onlyBase = up.dialect === 'flexlm' ? closestPreceding(slots, up, eligible) : undefined;
    for (const slot of slots) {
      for (let i = 0; i < slot.length && remaining > 0; i++) {
        const base = slot[i];
        if (base === undefined || base.kind !== 'license' || !eligible(base)) continue;
        const why = upgradeRefusal(up, base);
        if (why !== null) {
          if (why !== 'not the same product') refusals.push(`${whereOf(base)}: ${why}`);
          continue;
        }
        if (onlyBase !== undefined && base !== onlyBase) continue;
        bases.push(base);
        if (typeof base.count !== 'number') {
          // uncounted and single bases move whole
          slot[i] = rewritten(base, up, 0, 0, options.servedUncounted === true && base.count === 'uncounted');
          remaining -= 1;
          continue;
        }
        const n = Math.min(base.count, remaining);
        remaining -= n;
        moved += n;
        const left = base.count - n;
        const upgraded = rewritten(base, up, n, left, true);
        if (left === 0) slot.splice(i, 1, upgraded);
        else slot.splice(i, 1, rest(base, left, true), upgraded);
        i += left === 0 ? 0 : 1;
      }
      if (remaining <= 0) break;
    }
    if (bases.length === 0) {
      if (onlyBase === null) refusals.push('FlexLM upgrades only the closest FEATURE or INCREMENT line before the UPGRADE line, and none before it qualifies');
      const why = refusals.length > 0 ? ` (${refusals.join('; ')})` : '';
      warnings.push(
        `UPGRADE at ${whereOf(up)} finds no ${up.isv} ${up.product} license of version ${up.fromVersion ?? '0'} or higher and below ${up.version} to upgrade${why}; by itself it grants nothing.`,
      );
    }
    const wasted = typeof up.count === 'number' && bases.length > 0 ? Math.max(0, remaining) : 0;
    if (wasted > 0) {
      // "Fewer base licenses than upgrade licenses - ... the extra upgrade licenses are wasted, and the license server issues a warning."
      warnings.push(`UPGRADE at ${whereOf(up)}: ${wasted} of its ${up.countRaw} upgrade licenses are wasted; only ${moved} base licenses could be upgraded.`);
    }
    const counted = typeof up.count === 'number';
    applied.push({
      upgrade: up,
      bases,
      upgraded: counted ? moved : bases.length > 0 ? 'all' : 0,
      wasted: counted && bases.length === 0 ? moved + remaining : wasted,
    });
  }
  return { licenses: slots.flat(), warnings, applied };
}
