// status({ countsOnly }) gives the per-pool numbers the /metrics gauges need
// without a status object per lease.
import { describe, expect, it } from 'vitest';
import { handleOf, manager, pool, req } from './pool-fixtures.js';

describe('status with countsOnly', () => {
  it('has the same pool counts as the full status, and no checkout or held-seat lists', () => {
    const { m } = manager([pool({ id: 'a', count: 3, hold: 60 }), pool({ id: 'b', product: 'cam', count: 1 })]);
    const h = handleOf(m.checkout(req()));
    handleOf(m.checkout(req({ pid: 2 })));
    m.checkin(h); // held for 60 s
    handleOf(m.checkout(req({ product: 'cam' })));
    m.checkout(req({ product: 'cam', user: 'bob', waitMs: 60_000 }));
    const full = m.status({ includeProtected: true });
    const counts = m.status({ includeProtected: true, countsOnly: true });
    expect(counts.pools.map((p) => [p.id, p.inUse, p.queued, p.count])).toEqual(full.pools.map((p) => [p.id, p.inUse, p.queued, p.count]));
    expect(full.pools[0]?.held).toHaveLength(1);
    expect(counts.pools.every((p) => p.checkouts.length === 0 && p.held.length === 0)).toBe(true);
  });
});
