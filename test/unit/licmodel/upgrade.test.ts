import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { License } from '../../../src/licmodel/license.js';
import { applyUpgrades, upgradeRefusal } from '../../../src/licmodel/upgrade.js';
import { file, lic } from './factory.js';

const grants = (ls: License[]): string[] =>
  ls.filter((l) => l.kind === 'license').map((l) => `${l.product} ${l.version} x${String(l.count)}`);

function upgradeOne(base: string, up: string): License {
  const r = applyUpgrades(file([base, up]));
  const upgraded = r.licenses.find((l) => l.upgradedBy !== null);
  if (upgraded === undefined) throw new Error(`not upgraded: ${r.warnings.join('; ')}`);
  return upgraded;
}

describe('applyUpgrades — the three cases of seed 002', () => {
  it('"Fewer base licenses than upgrade licenses - in this case, the extra upgrade licenses are wasted, and the license server issues a warning. All base licenses are upgraded."', () => {
    const r = applyUpgrades(file(['LICENSE i w 1.0 permanent 3', 'UPGRADE i w 1.0 2.0 permanent 5']));
    expect(grants(r.licenses)).toEqual(['w 2.0 x3']);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/2 of its 5 upgrade licenses are wasted/);
    expect(r.applied[0]).toMatchObject({ upgraded: 3, wasted: 2 });
  });

  it('"Same number of base licenses and upgrade licenses - all base licenses are upgraded." (the reference\'s write 1.0 → 2.0 example)', () => {
    const r = applyUpgrades(file(['LICENSE reprise write 1.0 permanent 5', 'UPGRADE reprise write 1.0 2.0 1-aug-2015 5']));
    expect(grants(r.licenses)).toEqual(['write 2.0 x5']);
    expect(r.warnings).toEqual([]);
  });

  it('"Fewer upgrade licenses than base licenses - in this case, count licenses are upgraded, and the remaining base licenses remain at their old version."', () => {
    const r = applyUpgrades(file(['LICENSE i w 1.0 permanent 10', 'UPGRADE i w 1.0 2.0 permanent 4']));
    expect(grants(r.licenses)).toEqual(['w 1.0 x6', 'w 2.0 x4']);
    expect(r.warnings).toEqual([]);
  });

  it('"An upgrade can be performed on multiple base licenses, until the count on the upgrade license is exhausted."', () => {
    const r = applyUpgrades(
      file(['LICENSE i w 1.0 permanent 3', 'LICENSE i w 1.5 permanent 3', 'LICENSE i w 1.2 permanent 3', 'UPGRADE i w 1.0 2.0 permanent 5']),
    );
    expect(grants(r.licenses)).toEqual(['w 2.0 x3', 'w 1.5 x1', 'w 2.0 x2', 'w 1.2 x3']);
  });

  it('"the upgrade license, by itself, grants no rights"', () => {
    const r = applyUpgrades(file(['UPGRADE i w 1.0 2.0 permanent 5']));
    expect(grants(r.licenses)).toEqual([]);
    expect(r.warnings[0]).toMatch(/grants nothing/);
  });

  it('upgrades run in file order, so a chain 1.0 → 2.0 → 3.0 applies', () => {
    const r = applyUpgrades(file(['LICENSE i w 1.0 permanent 2', 'UPGRADE i w 1.0 2.0 permanent 2', 'UPGRADE i w 2.0 3.0 permanent 2']));
    expect(grants(r.licenses)).toEqual(['w 3.0 x2']);
  });

  it('upgrades uncounted bases whole', () => {
    const r = applyUpgrades(
      file(['LICENSE i w 1.0 permanent uncounted hostid=abc', 'UPGRADE i w 1.0 2.0 permanent uncounted hostid=abc']),
    );
    expect(grants(r.licenses)).toEqual(['w 2.0 xuncounted']);
  });
});

describe('upgrade eligibility', () => {
  const up = lic('UPGRADE i w 1.0 2.0 permanent 5');
  it.each([
    // "An UPGRADE license will never operate on a base license that is >= to-version."
    ['LICENSE i w 2.0 permanent 5', /not below the upgrade's to-version/],
    ['LICENSE i w 2.5 permanent 5', /not below/],
    // "from-version or higher"
    ['LICENSE i w 0.9 permanent 5', /below the upgrade's from-version/],
    // "token-based licenses (the token definitions themselves) will never be upgraded"
    ['LICENSE i w 1.0 permanent token', /token licenses are never upgraded/],
    // "named-user and metered licenses are not eligible for upgrades"
    ['LICENSE i w 1.0 permanent 5 named_user', /named-user/],
    ['LICENSE i w 1.0 permanent meter', /metered/],
    // "Both licenses must have the same counting type: counted, uncounted, or single"
    ['LICENSE i w 1.0 permanent single hostid=x', /counting type/],
    // the criteria list
    ['LICENSE i w 1.0 permanent 5 share=u', /sharing specification/],
    ['LICENSE i w 1.0 permanent 5 disable=VM', /disable specification/],
    ['LICENSE i w 1.0 permanent 5 options=pro', /options/],
    ['LICENSE i w 1.0 permanent 5 timezone=100', /timezone/],
    ['LICENSE i w 1.0 permanent 5 platforms=x64_l', /platform list/],
    ['LICENSE i w 1.0 permanent 5 hostid=0090f5df5600', /node-locked hostid/],
    ['LICENSE i w 1.0 permanent 5 user_based', /user-based/],
    ['LICENSE i x 1.0 permanent 5', /not the same product/],
  ])('%s is not a base: %s', (base, why) => {
    expect(upgradeRefusal(up, lic(base))).toMatch(why);
  });

  it('matches criteria regardless of spelling: share=HU equals share=uh, platform revisions ignored', () => {
    const u = lic('UPGRADE i w 1.0 2.0 permanent 5 share=HU platforms="x64_w4 x64_l1"');
    expect(upgradeRefusal(u, lic('LICENSE i w 1.0 permanent 5 share=uh platforms="x64_l x64_w"'))).toBeNull();
  });

  it('a base with a criteria mismatch is named in the warning', () => {
    const r = applyUpgrades(file(['LICENSE i w 1.0 permanent 5 share=u', 'UPGRADE i w 1.0 2.0 permanent 5']));
    expect(grants(r.licenses)).toEqual(['w 1.0 x5']);
    expect(r.warnings[0]).toMatch(/test\.lic:1: it differs in sharing specification/);
  });
});

describe('the field-merging table (served counted licenses)', () => {
  it('exp-date: "earlier date is used"', () => {
    expect(upgradeOne('LICENSE i w 1.0 31-dec-2030 5', 'UPGRADE i w 1.0 2.0 1-aug-2027 5').expiresIso).toBe('2027-08-01');
    expect(upgradeOne('LICENSE i w 1.0 1-aug-2026 5', 'UPGRADE i w 1.0 2.0 permanent 5').expiresIso).toBe('2026-08-01');
    // on the same day, the earlier exptime ends it
    const l = upgradeOne('LICENSE i w 1.0 1-aug-2026 5 exptime=18:00', 'UPGRADE i w 1.0 2.0 1-aug-2026 5 exptime=09:30');
    expect(l.attrs.get('exptime')).toBe('09:30');
    const m = upgradeOne('LICENSE i w 1.0 1-aug-2026 5 exptime=18:00', 'UPGRADE i w 1.0 2.0 2-aug-2026 5');
    expect([m.expiresIso, m.attrs.get('exptime')]).toEqual(['2026-08-01', '18:00']);
  });

  it.each([
    ['hold', 'hold=30', 'hold=60', '60'],
    ['hold (absent on one side)', '', 'hold=60', '60'],
    ['max_roam', 'max_roam=20', 'max_roam=10', '10'],
    // absent max_roam is the default 30 days
    ['max_roam (absent = 30)', '', 'max_roam=40', '30'],
    ['max_roam (-1 disables roaming)', 'max_roam=-1', 'max_roam=10', '-1'],
    ['min_checkout', 'min_checkout=100', 'min_checkout=50', '100'],
    ['min_remove', 'min_remove=300', 'min_remove=600', '600'],
    ['min_remove (absent = 120)', 'min_remove=60', '', '120'],
    ['min_remove (-1 = never, the strictest)', 'min_remove=-1', 'min_remove=600', '-1'],
    ['min_timeout', 'min_timeout=4000', 'min_timeout=7200', '7200'],
  ])('%s: %s + %s → %s', (label, b, u, want) => {
    const name = label.split(' ')[0] as string;
    const l = upgradeOne(`LICENSE i w 1.0 permanent 5 ${b}`, `UPGRADE i w 1.0 2.0 permanent 5 ${u}`);
    expect(l.attrs.get(name)).toBe(want);
  });

  it('soft_limit (upgrading all): "Larger of 2 deltas from license count is used."', () => {
    // base delta 10-8 = 2, upgrade delta 10-5 = 5 → 10-5
    expect(upgradeOne('LICENSE i w 1.0 permanent 10 soft_limit=8', 'UPGRADE i w 1.0 2.0 permanent 10 soft_limit=5').attrs.get('soft_limit')).toBe('5');
    expect(upgradeOne('LICENSE i w 1.0 permanent 10 soft_limit=8', 'UPGRADE i w 1.0 2.0 permanent 10').attrs.get('soft_limit')).toBe('8');
    expect(upgradeOne('LICENSE i w 1.0 permanent 10', 'UPGRADE i w 1.0 2.0 permanent 10').attrs.has('soft_limit')).toBe(false);
  });

  it('soft_limit (partial upgrade): "Upgrade soft limit is preserved for the new version, base license soft limit delta is preserved (minimum value 0) for the old version."', () => {
    const r = applyUpgrades(file(['LICENSE i w 1.0 permanent 10 soft_limit=7', 'UPGRADE i w 1.0 2.0 permanent 4 soft_limit=3']));
    const [old, neu] = r.licenses.filter((l) => l.kind === 'license');
    expect(neu?.attrs.get('soft_limit')).toBe('3');
    expect(old?.attrs.get('soft_limit')).toBe('3'); // 6 - (10 - 7)
    const r2 = applyUpgrades(file(['LICENSE i w 1.0 permanent 10 soft_limit=2', 'UPGRADE i w 1.0 2.0 permanent 6']));
    expect(r2.licenses[0]?.attrs.get('soft_limit')).toBe('0'); // 4 - 8, at least 0
  });

  it('user_based (upgrading all): "the value closest to the license count is used"', () => {
    const l = upgradeOne('LICENSE i w 1.0 permanent 10 user_based=4', 'UPGRADE i w 1.0 2.0 permanent 10 user_based=8');
    expect(l.attrs.get('user_based')).toBe('8');
    const h = upgradeOne('LICENSE i w 1.0 permanent 10 host_based=9', 'UPGRADE i w 1.0 2.0 permanent 10 host_based=3');
    expect(h.attrs.get('host_based')).toBe('9');
  });

  it('user_based (partial upgrade): "upgrade spec is preserved for the new version; base license spec delta (count - user_based) is preserved (minimum value 1) for the old version"', () => {
    const r = applyUpgrades(file(['LICENSE i w 1.0 permanent 10 user_based=7', 'UPGRADE i w 1.0 2.0 permanent 4 user_based=2']));
    const [old, neu] = r.licenses;
    expect(neu?.attrs.get('user_based')).toBe('2');
    expect(old?.attrs.get('user_based')).toBe('3'); // 6 - (10 - 7)
    const r2 = applyUpgrades(file(['LICENSE i w 1.0 permanent 10 host_based=2', 'UPGRADE i w 1.0 2.0 permanent 6 host_based=6']));
    expect(r2.licenses[0]?.attrs.get('host_based')).toBe('1'); // 4 - 8, at least 1
  });

  it.each(['contract', 'customer', 'issuer', 'type'])('%s: "If base license is empty, use upgrade license."', (f) => {
    expect(upgradeOne('LICENSE i w 1.0 permanent 5', `UPGRADE i w 1.0 2.0 permanent 5 ${f}=U`).attrs.get(f)).toBe('U');
    expect(upgradeOne(`LICENSE i w 1.0 permanent 5 ${f}=B`, `UPGRADE i w 1.0 2.0 permanent 5 ${f}=U`).attrs.get(f)).toBe('B');
  });

  it.each(['contract', 'customer', 'issuer', 'type'])(
    '%s: "On partial upgrade, if upgrade license is empty, use value from base license for the new version."',
    (f) => {
      const r = applyUpgrades(file([`LICENSE i w 1.0 permanent 10 ${f}=B`, `UPGRADE i w 1.0 2.0 permanent 4 ${f}=U`]));
      expect(r.licenses.map((l) => l.attrs.get(f))).toEqual(['B', 'U', 'U']);
      const r2 = applyUpgrades(file([`LICENSE i w 1.0 permanent 10 ${f}=B`, 'UPGRADE i w 1.0 2.0 permanent 4']));
      expect(r2.licenses.filter((l) => l.kind === 'license').map((l) => l.attrs.get(f))).toEqual(['B', 'B']);
    },
  );

  it('"All other license parameters will be the same as the base license."', () => {
    const l = upgradeOne('LICENSE i w 1.0 permanent 5 _line_item=base options=x', 'UPGRADE i w 1.0 2.0 permanent 5 _line_item=up options=x');
    expect(l.attrs.get('_line_item')).toBe('base');
  });
});

describe('the field-merging table (unserved single or uncounted licenses)', () => {
  it('exp-date: "earlier date is used"; hold etc. are "undefined" (the base keeps its own)', () => {
    const l = upgradeOne('LICENSE i w 1.0 31-dec-2030 uncounted hostid=x hold=5', 'UPGRADE i w 1.0 2.0 1-jan-2030 uncounted hostid=x hold=50');
    expect(l.expiresIso).toBe('2030-01-01');
    expect(l.attrs.get('hold')).toBe('5');
  });
  it('contract: "If base license is empty, use upgrade license."', () => {
    const l = upgradeOne('LICENSE i w 1.0 permanent single hostid=x', 'UPGRADE i w 1.0 2.0 permanent single hostid=x contract=PO-7');
    expect(l.attrs.get('contract')).toBe('PO-7');
  });
});

describe('upgrades conserve seats (property)', () => {
  const arbSpec = fc.oneof(
    fc.tuple(fc.constantFrom('1.0', '1.5', '2.0'), fc.integer({ min: 1, max: 9 }), fc.constantFrom('', 'share=u', 'soft_limit=1')).map(
      ([v, n, extra]) => `LICENSE i w ${v} permanent ${n} ${extra}`,
    ),
    fc.tuple(fc.constantFrom('1.0', '1.5'), fc.constantFrom('2.0', '3.0'), fc.integer({ min: 1, max: 9 })).map(
      ([from, to, n]) => `UPGRADE i w ${from} ${to} permanent ${n}`,
    ),
  );
  it('the counted seats of all licenses are the same before and after', () => {
    fc.assert(
      fc.property(fc.array(arbSpec, { maxLength: 8 }), (specs) => {
        const ls = file(specs);
        const seats = (xs: License[]): number =>
          xs.filter((l) => l.kind === 'license').reduce((s, l) => s + (typeof l.count === 'number' ? l.count : 0), 0);
        const r = applyUpgrades(ls);
        expect(seats(r.licenses)).toBe(seats(ls));
        for (const a of r.applied) {
          if (typeof a.upgraded === 'number' && typeof a.upgrade.count === 'number') {
            expect(a.upgraded + a.wasted).toBe(a.upgrade.count);
          }
        }
      }),
    );
  });
});
