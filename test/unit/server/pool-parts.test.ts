import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../../src/server/core/pool/heap.js';
import { pooledRandomBytes } from '../../../src/server/core/pool/random.js';
import { iso } from '../../../src/server/core/pool/request.js';

describe('MinHeap', () => {
  it('pops in key order whatever the push order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 })), (keys) => {
        const h = new MinHeap<number>();
        keys.forEach((k, i) => h.push(k, i));
        const out: number[] = [];
        while (h.size > 0) out.push(keys[h.pop() as number] as number);
        expect(out).toEqual([...keys].sort((a, b) => a - b));
        expect(h.pop()).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

describe('iso', () => {
  it('writes exactly what Date#toISOString writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e14, max: 3e14 }), fc.integer({ min: 0, max: 5000 }), (t, d) => {
        expect(iso(t)).toBe(new Date(t).toISOString());
        expect(iso(t + d)).toBe(new Date(t + d).toISOString()); // through the per-second cache
      }),
      { numRuns: 2000 },
    );
  });
});

describe('pooledRandomBytes', () => {
  it('gives fresh bytes of the asked length across pool refills', () => {
    const rnd = pooledRandomBytes(64);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const b = rnd(16);
      expect(b.length).toBe(16);
      seen.add(Buffer.from(b).toString('hex'));
    }
    expect(seen.size).toBe(1000);
    expect(rnd(100).length).toBe(100);
  });
});
