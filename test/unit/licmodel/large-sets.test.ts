// Sites with one license line per feature per contract have 100,000s of lines.
// The model must take them without a stack overflow (spreading a list that
// long into one call's arguments overflows), and pools must stay one per product.
import { describe, expect, it } from 'vitest';
import { buildPools } from '../../../src/licmodel/pool.js';
import { sortById } from '../../../src/licmodel/order.js';
import { lic } from './factory.js';

const N = 300_000;

describe('license sets of 300,000 lines', () => {
  it('sortById takes 300,000 licenses and keeps every one', () => {
    const one = lic('LICENSE acme p 1.0 permanent 5');
    const many = Array.from({ length: N }, () => one);
    const sorted = sortById(many);
    expect(sorted.length).toBe(N);
  });

  it('buildPools makes one pool per product, and one pool of 300,000 members', () => {
    const distinct = Array.from({ length: 20_000 }, (_, i) => lic(`LICENSE acme p${i} 1.0 permanent 5`));
    const pools = buildPools(distinct);
    expect(pools.length).toBe(20_000);
    expect(pools[19_999]?.product).toBe('p19999');
    const same = lic('LICENSE acme big 1.0 permanent 1 hold=5');
    const one = buildPools(Array.from({ length: N }, () => same));
    expect(one.length).toBe(1);
    expect(one[0]?.count).toBe(N);
    expect(one[0]?.hold).toBe(5);
  });
});
