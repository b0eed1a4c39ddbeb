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
    installOne(pools, def, diff, touched);
  }
  for (const pool of [...pools.values()]) {
    if (seen.has(pool.def.id) || pool.retired) continue;
    removeOne(pools, pool, diff);
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

/** A new or changed definition: a new pool, or the pool of that id takes it (its seats and leases stay). */
function installOne(pools: Map<string, PoolRt>, def: PoolDef, diff: ReplaceResult | null, touched: Set<PoolRt>): void {
  const existing = pools.get(def.id);
  if (!existing) {
    const pool = newPoolRt(def);
    pools.set(def.id, pool);
    touched.add(pool);
    diff?.added.push(def.id);
    return;
  }
  if (!existing.retired && sameDef(existing.def, def)) return;
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

/** A pool no longer defined: gone, or retired until its last seat is returned. */
function removeOne(pools: Map<string, PoolRt>, pool: PoolRt, diff: ReplaceResult | null): void {
  diff?.removed.push(pool.def.id);
  if (pool.seats.size === 0) pools.delete(pool.def.id);
  else pool.retired = true;
}

/**
 * A reread's changes only (see boot/load-job.ts): `upserts` are definitions
 * that are new or differ, `removed` the ids now gone; every other pool stays
 * as it is. The work follows the changes, not the number of pools. `byProduct`
 * is updated in place for the products concerned. Returns those product keys
 * and every pool whose waiters may now differ (they must be matched again).
 */
export function applyPoolChanges(
  pools: Map<string, PoolRt>,
  byProduct: Map<string, PoolRt[]>,
  upserts: readonly PoolDef[],
  removed: readonly string[],
  diff: ReplaceResult | null,
  touched: Set<PoolRt>,
): { keys: Set<string>; affected: Set<PoolRt> } {
  const keys = new Set<string>();
  const affected = new Set<PoolRt>();
  const seen = new Set<string>();
  for (const def of upserts) {
    if (seen.has(def.id)) throw new LicutilError('LICUTIL_E_CONFIG', `two pools have the id "${def.id}"`, 'pool ids must be unique');
    seen.add(def.id);
    const existing = pools.get(def.id);
    // a pool that changes product leaves its old product's list
    if (existing) keys.add(existing.productKey);
    installOne(pools, def, diff, touched);
    keys.add(def.product.toLowerCase());
  }
  for (const id of removed) {
    const pool = pools.get(id);
    if (!pool || pool.retired || seen.has(id)) continue;
    keys.add(pool.productKey);
    affected.add(pool);
    removeOne(pools, pool, diff);
  }
  const byKey = new Map<string, PoolRt[]>();
  for (const p of touched) {
    const list = byKey.get(p.productKey);
    if (list) list.push(p);
    else byKey.set(p.productKey, [p]);
  }
  for (const key of keys) {
    const old = byProduct.get(key) ?? [];
    for (const p of old) affected.add(p);
    const next = new Set(old.filter((p) => !p.retired && p.productKey === key && pools.get(p.def.id) === p));
    for (const p of byKey.get(key) ?? []) if (!p.retired) next.add(p);
    for (const p of next) affected.add(p);
    if (next.size === 0) byProduct.delete(key);
    else byProduct.set(key, [...next].sort((a, b) => a.def.order - b.def.order));
  }
  return { keys, affected };
}

/** Every field equal, order included: nothing to install. Generic over the fields, so a field added to PoolDef is compared too. */
export function sameDef(a: PoolDef, b: PoolDef): boolean {
  return sameFields(a, b, null);
}

function sameFields(a: PoolDef, b: PoolDef, ignore: keyof PoolDef | null): boolean {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  const keys = Object.keys(ra);
  if (keys.length !== Object.keys(rb).length) return false;
  for (const k of keys) {
    if (k === ignore) continue;
    const x = ra[k];
    const y = rb[k];
    if (x === y) continue;
    if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null && JSON.stringify(x) === JSON.stringify(y)) continue;
    return false;
  }
  return true;
}

/**
 * A reread reports a pool as changed when anything but its place in license
 * order differs. Field by field: two JSON.stringify of each definition were a
 * third of the server thread's share of a reread that changes 100,000 pools.
 */
function poolChanged(a: PoolDef, b: PoolDef): boolean {
  return !sameFields(a, b, 'order');
}
