// What a reread changed: pools compared by id (start-up processing keeps the id
// of a pool stable while its licenses keep their place), and for a pool present
// before and after, whether anything a client or an administrator sees moved.
import type { PoolChange, PoolSummary } from '../../protocol/messages.js';
import type { PoolDef } from '../core/pool/types.js';
import { expiresToWire, shareToText } from '../adapters/http/wire.js';

export function poolSummary(d: PoolDef): PoolSummary {
  return {
    id: d.id,
    isv: d.isv,
    product: d.product,
    version: d.version,
    count: d.count,
    soft_limit: d.softLimit,
    expires: expiresToWire(d.expiresIso),
  };
}

/** Everything of a pool that a reread can change and someone would notice. */
function visible(d: PoolDef): string {
  return JSON.stringify([
    d.isv,
    d.product,
    d.version,
    d.count,
    d.softLimit,
    d.expiresIso,
    shareToText(d.share),
    d.hold,
    d.minCheckout,
    d.minRemove,
    d.password !== null,
    d.password,
    d.tag,
  ]);
}

/** The change of a pool present before and after, or null when nobody would notice it. */
export function poolChangeOf(before: PoolDef, after: PoolDef): PoolChange | null {
  return visible(before) === visible(after) ? null : { id: after.id, before: poolSummary(before), after: poolSummary(after) };
}

export function diffPools(
  before: readonly PoolDef[],
  after: readonly PoolDef[],
): { added: PoolSummary[]; removed: PoolSummary[]; changed: PoolChange[] } {
  const old = new Map(before.map((d) => [d.id, d]));
  const now = new Map(after.map((d) => [d.id, d]));
  const added = after.filter((d) => !old.has(d.id)).map(poolSummary);
  const removed = before.filter((d) => !now.has(d.id)).map(poolSummary);
  const changed: PoolChange[] = [];
  for (const d of after) {
    const o = old.get(d.id);
    const c = o ? poolChangeOf(o, d) : null;
    if (c) changed.push(c);
  }
  return { added, removed, changed };
}
