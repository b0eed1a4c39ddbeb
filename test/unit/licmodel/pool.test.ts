import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPools, poolableSeats } from '../../../src/licmodel/pool.js';
import { file, lic } from './factory.js';

const shape = (specs: string[]): Array<[string, number, number]> =>
  buildPools(file(specs)).map((p) => [`${p.product} ${p.version}`, p.count, p.members.length]);

describe('buildPools — seed 002/003 pooling', () => {
  it('"the counts on 2 license lines of the same product/isv/version/hostid would be added together"', () => {
    expect(shape(['LICENSE i a 1.0 permanent 10', 'LICENSE i a 1.0 31-dec-2030 5'])).toEqual([['a 1.0', 15, 2]]);
  });

  it('different versions, products or ISVs are separate pools, in license order', () => {
    expect(
      shape(['LICENSE i a 2.0 permanent 1', 'LICENSE i a 1.0 permanent 2', 'LICENSE i b 1.0 permanent 3', 'LICENSE j a 2.0 permanent 4', 'LICENSE I A 2.00 permanent 5']),
    ).toEqual([
      ['a 2.0', 6, 2],
      ['a 1.0', 2, 1],
      ['b 1.0', 3, 1],
      ['a 2.0', 4, 1],
    ]);
  });

  it('"the soft_limit of each license is added ... Licenses which do not specify a soft_limit use the license count as their soft_limit"', () => {
    const [p] = buildPools(file(['LICENSE i a 1.0 permanent 10 soft_limit=8', 'LICENSE i a 1.0 permanent 5']));
    expect(p?.count).toBe(15);
    expect(p?.softLimit).toBe(13);
  });

  it('"A license that doesn\'t specify an id (or specifies 0), will pool with any other license ... a non-zero id will only pool with the same ID#"', () => {
    expect(
      shape([
        'LICENSE i a 1.0 permanent 1 _id=1',
        'LICENSE i a 1.0 permanent 2 _id=2',
        'LICENSE i a 1.0 permanent 4',
        'LICENSE i a 1.0 permanent 8 _id=2',
        'LICENSE i a 1.0 permanent 16 _id=0',
      ]),
    ).toEqual([
      ['a 1.0', 1 + 4 + 16, 3],
      ['a 1.0', 2 + 8, 2],
    ]);
    const pools = buildPools(file(['LICENSE i a 1.0 permanent 1', 'LICENSE i a 1.0 permanent 2 _id=9']));
    expect(pools.map((p) => p.licenseId)).toEqual([9]);
  });

  it('"Different named_user licenses will never be combined into one license pool, even if all other license parameters match."', () => {
    const pools = buildPools(file(['LICENSE i a 1.0 permanent 3 named_user', 'LICENSE i a 1.0 permanent 3 named_user', 'LICENSE i a 1.0 permanent 3']));
    expect(pools.map((p) => [p.count, p.namedUser])).toEqual([
      [3, true],
      [3, true],
      [3, false],
    ]);
  });

  it('licenses with different passwords (own or from the ISV line) are separate pools', () => {
    const ls = [
      lic('LICENSE i a 1.0 permanent 1 _password=x'),
      lic('LICENSE i a 1.0 permanent 2', { isvPassword: 'x' }),
      lic('LICENSE i a 1.0 permanent 4', { isvPassword: 'y' }),
      lic('LICENSE i a 1.0 permanent 8'),
    ];
    expect(buildPools(ls).map((p) => [p.password, p.count])).toEqual([
      ['x', 3],
      ['y', 4],
      [null, 8],
    ]);
  });

  it.each([
    ['node-locked hostid', 'hostid=0090f5df5600', 'hostid=0090f5df5601'],
    ['sharing', 'share=u', 'share=h'],
    ['share max', 'share=u:2', 'share=u'],
    ['options', 'options=a', 'options=b'],
    ['timezone', 'timezone=100', 'timezone=1E0'],
    ['platforms', 'platforms=x64_l', 'platforms=x64_w'],
    ['disable', 'disable=VM', ''],
    ['user-based', 'user_based', ''],
  ])('a %s mismatch → separate pools (the UPGRADE criteria list)', (_label, a, b) => {
    expect(buildPools(file([`LICENSE i a 1.0 permanent 1 ${a}`, `LICENSE i a 1.0 permanent 2 ${b}`]))).toHaveLength(2);
  });

  it('hostid lists pool whatever their order and case', () => {
    expect(buildPools(file(['LICENSE i a 1.0 permanent 1 hostid="AA bb"', 'LICENSE i a 1.0 permanent 2 hostid="bb aa"']))).toHaveLength(1);
  });

  it('only counted licenses form pools', () => {
    expect(
      buildPools(file(['LICENSE i a 1.0 permanent uncounted hostid=any', 'LICENSE i a 1.0 permanent single hostid=any', 'LICENSE i a 1.0 permanent token', 'UPGRADE i a 1.0 2.0 permanent 5'])),
    ).toEqual([]);
  });

  it('takes share, hold, min_checkout, min_remove, min_timeout and expiry from its members', () => {
    const [p] = buildPools(
      file([
        'LICENSE i a 1.0 1-jan-2030 2 share=uh:3 hold=30 min_checkout=10 min_timeout=4000',
        'LICENSE i a 1.0 1-jan-2031 2 share=HU:3 hold=60 min_remove=-1',
      ]),
    );
    expect(p).toMatchObject({
      id: 'i:a:1.0:0',
      share: { user: true, host: true, isv: false, max: 3 },
      hold: 60,
      minCheckout: 10,
      minRemove: -1,
      minTimeout: 4000,
      expiresIso: '2031-01-01',
      order: 0,
    });
    const [q] = buildPools(file(['LICENSE i a 1.0 permanent 2', 'LICENSE i a 1.0 1-jan-2031 2']));
    expect(q).toMatchObject({ share: null, hold: 0, minCheckout: 0, minRemove: 120, minTimeout: 3600, expiresIso: 'permanent' });
  });

  it('gives stable ids: isv:product:version:n', () => {
    const ids = buildPools(file(['LICENSE i a 1.0 permanent 1 share=u', 'LICENSE i a 1.0 permanent 1', 'LICENSE i b 1.0 permanent 1'])).map((p) => p.id);
    expect(ids).toEqual(['i:a:1.0:0', 'i:a:1.0:1', 'i:b:1.0:0']);
  });

  const arbSpec = fc
    .record({
      product: fc.constantFrom('a', 'b'),
      version: fc.constantFrom('1.0', '2.0'),
      count: fc.constantFrom('1', '5', 'uncounted', 'single'),
      extra: fc.constantFrom('', 'share=u', '_id=1', '_id=2', 'named_user', 'soft_limit=0', '_password=p'),
    })
    .map((r) => `LICENSE i ${r.product} ${r.version} permanent ${r.count} ${r.extra} hostid=${r.count === '1' ? 'h' : ''}`.trim());

  it('pools conserve the total count and every counted license is in exactly one pool (property)', () => {
    fc.assert(
      fc.property(fc.array(arbSpec, { maxLength: 10 }), (specs) => {
        const ls = file(specs);
        const pools = buildPools(ls);
        expect(pools.reduce((s, p) => s + p.count, 0)).toBe(poolableSeats(ls));
        const members = pools.flatMap((p) => p.members);
        expect(new Set(members).size).toBe(members.length);
        for (const p of pools) {
          const ids = new Set(p.members.map((m) => m.id).filter((id) => id !== 0));
          expect(ids.size).toBeLessThanOrEqual(1);
          if (p.namedUser) expect(p.members).toHaveLength(1);
        }
      }),
    );
  });
});
