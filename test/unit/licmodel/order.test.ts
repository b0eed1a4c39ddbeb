import { describe, expect, it } from 'vitest';
import { sortById } from '../../../src/licmodel/order.js';
import { file, lic } from './factory.js';

const ids = (ls: { product: string }[]): string[] => ls.map((l) => l.product);

describe('sortById — seed 002 "License ID"', () => {
  it('"licenses are sorted (within a license file) in the order of the _id keyword. Licenses without _id keywords will remain unsorted (in their original order) at the end"', () => {
    const ls = file([
      'LICENSE i a 1.0 permanent 1',
      'LICENSE i b 1.0 permanent 1 _id=7',
      'LICENSE i c 1.0 permanent 1',
      'LICENSE i d 1.0 permanent 1 _id=2',
      'LICENSE i e 1.0 permanent 1 _id=7',
      'LICENSE i f 1.0 permanent 1 _id=0',
    ]);
    expect(ids(sortById(ls))).toEqual(['d', 'b', 'e', 'a', 'c', 'f']);
  });

  it('sorts within each file, keeping the files in their order', () => {
    const one = file(['LICENSE i a 1.0 permanent 1', 'LICENSE i b 1.0 permanent 1 _id=5'], { fileIndex: 0, file: 'one.lic' });
    const two = file(['LICENSE i c 1.0 permanent 1 _id=9', 'LICENSE i d 1.0 permanent 1 _id=1'], { fileIndex: 1, file: 'two.lic' });
    expect(ids(sortById([...one, ...two]))).toEqual(['b', 'a', 'd', 'c']);
  });

  it('does not change the input', () => {
    const ls = [lic('LICENSE i a 1.0 permanent 1 _id=3'), lic('LICENSE i b 1.0 permanent 1 _id=1')];
    sortById(ls);
    expect(ids(ls)).toEqual(['a', 'b']);
  });
});
