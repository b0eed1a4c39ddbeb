// UPGRADE lines keep their vendor's rule (issue 16). The two rules, quoted:
//
// RLM (seed 002, "UPGRADE Line"): "An UPGRADE license will convert count
// licenses of product of version from-version or higher into to-version" ...
// "until the count on the upgrade license is exhausted".
//
// FlexLM (FlexNet Publisher License Administration Guide, "UPGRADE Lines"):
// "The UPGRADE line operates on the closest preceding FEATURE or INCREMENT
// line with a version number that is >= from_feat_version, and <
// to_feat_version."
import { describe, expect, it } from 'vitest';
import type { License } from '../../../src/licmodel/license.js';
import { applyUpgrades } from '../../../src/licmodel/upgrade.js';
import { file } from './factory.js';

/** seats per version of the licenses that grant them */
function byVersion(ls: License[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of ls) if (l.kind === 'license' && typeof l.count === 'number') out[l.version] = (out[l.version] ?? 0) + l.count;
  return out;
}

describe('FlexLM: the closest preceding FEATURE/INCREMENT line', () => {
  it('INCREMENT 4, INCREMENT 3, UPGRADE 5: the second line (3) becomes v3.0; v2.0 keeps 4', () => {
    const r = applyUpgrades(
      file(['INCREMENT f1 demo 2.0 permanent 4', 'INCREMENT f1 demo 2.0 permanent 3', 'UPGRADE f1 demo 2.0 3.0 permanent 5'], { dialect: 'flexlm' }),
    );
    expect(byVersion(r.licenses)).toEqual({ '2.0': 4, '3.0': 3 });
    expect(r.applied[0]?.bases.map((b) => b.line)).toEqual([2]);
  });

  it('a closest line with more seats than the upgrade keeps the rest at its old version', () => {
    const r = applyUpgrades(
      file(['INCREMENT f1 demo 2.0 permanent 3', 'INCREMENT f1 demo 2.0 permanent 6', 'UPGRADE f1 demo 2.0 3.0 permanent 4'], { dialect: 'flexlm' }),
    );
    expect(byVersion(r.licenses)).toEqual({ '2.0': 5, '3.0': 4 });
  });

  it('the closest line that qualifies: a line outside [from, to) in between is passed over', () => {
    const r = applyUpgrades(
      file(['FEATURE f1 demo 2.0 permanent 2', 'INCREMENT f1 demo 3.5 permanent 9', 'UPGRADE f1 demo 2.0 3.0 permanent 5'], { dialect: 'flexlm' }),
    );
    expect(byVersion(r.licenses)).toEqual({ '3.0': 2, '3.5': 9 });
  });

  it('a line after the UPGRADE line is not its base', () => {
    const r = applyUpgrades(file(['UPGRADE f1 demo 2.0 3.0 permanent 5', 'INCREMENT f1 demo 2.0 permanent 4'], { dialect: 'flexlm' }));
    expect(byVersion(r.licenses)).toEqual({ '2.0': 4 });
    expect(r.warnings.join('\n')).toContain('closest FEATURE or INCREMENT line before the UPGRADE line');
  });
});

describe('RLM: until the count is exhausted, in order', () => {
  it('the same numbers in an RLM file: 4 then 1 of 3 are upgraded (v2.0 = 2, v3.0 = 5)', () => {
    const r = applyUpgrades(file(['LICENSE demo f1 2.0 permanent 4', 'LICENSE demo f1 2.0 permanent 3', 'UPGRADE demo f1 2.0 3.0 permanent 5']));
    expect(byVersion(r.licenses)).toEqual({ '2.0': 2, '3.0': 5 });
  });
});
