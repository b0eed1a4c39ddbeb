// Installing pool definitions, at start-up and on reread: pools matched by id
// keep their seats (and leases); a removed pool with seats retires until its
// last seat is gone; the changes are reported as a diff.
import { LicutilError } from '../../../protocol/errors.js';
import type { PoolRt } from './runtime.js';
import { expiryMs, markShareRoom, newPoolRt } from './runtime.js';
import type { PoolDef, ReplaceResult } from './types.js';

/**
 * Installs `defs` into `pools` (changed in place) and returns the serving pools
 * by product key, in license order. `touched` gets the pools whose definition
 * is new or differs: only they can now serve a waiter they could not before.
 */
export function installPoolDefs(
  pools: Map<string, PoolRt>,
  defs: readonly PoolDef[],
  diff: ReplaceResult | null,
  touched: Set<PoolRt> = new Set(),
): Map<string, PoolRt[]> {
  const seen = new Set<string>();
  for (const def of defs) {
    if (seen.has(def.id)) {
      throw new LicutilError('LICUTIL_E_CONFIG', `two pools have the id "${def.id}"`, 'pool ids must be unique');
    }
    seen.add(def.id);
    const existing = pools.get(def.id);
    if (!existing) {
      const pool = newPoolRt(def);
      pools.set(def.id, pool);
      touched.add(pool);
      diff?.added.push(def.id);
      continue;
    }
    if (!existing.retired && sameDef(existing.def, def)) continue;
    touched.add(existing);
    if (existing.retired) diff?.added.push(def.id);
    else if (poolChanged(existing.def, def)) diff?.changed.push(def.id);
    existing.def = def;
    existing.productKey = def.product.toLowerCase();
    existing.isvKey = def.isv.toLowerCase();
    existing.expiresWallMs = expiryMs(def.expiresIso);
    existing.retired = false;
    for (const seat of existing.seats.values()) markShareRoom(seat);
  }
  for (const pool of [...pools.values()]) {
    if (seen.has(pool.def.id) || pool.retired) continue;
    diff?.removed.push(pool.def.id);
    if (pool.seats.size === 0) pools.delete(pool.def.id);
    else pool.retired = true;
  }
  const byProduct = new Map<string, PoolRt[]>();
  for (const pool of pools.values()) {
    if (pool.retired) continue;
    let list = byProduct.get(pool.productKey);
    if (!list) {
      list = [];
      byProduct.set(pool.productKey, list);
    }
    list.push(pool);
  }
  for (const list of byProduct.values()) list.sort((a, b) => a.def.order - b.def.order);
  return byProduct;
}

/** Every field equal, order included: nothing to install. Generic over the fields, so a field added to PoolDef is compared too. */
function sameDef(a: PoolDef, b: PoolDef): boolean {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  const keys = Object.keys(ra);
  if (keys.length !== Object.keys(rb).length) return false;
  for (const k of keys) {
    const x = ra[k];
    const y = rb[k];
    if (x === y) continue;
    if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null && JSON.stringify(x) === JSON.stringify(y)) continue;
    return false;
  }
  return true;
}

/** A reread reports a pool as changed when anything but its place in license order differs. */
function poolChanged(a: PoolDef, b: PoolDef): boolean {
  const { order: _a, ...ra } = a;
  const { order: _b, ...rb } = b;
  return JSON.stringify(ra) !== JSON.stringify(rb);
}
