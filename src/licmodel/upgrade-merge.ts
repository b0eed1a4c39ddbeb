// The field-merging table of seed 002 (UPGRADE Line): "When a license is
// upgraded by the license server, the new licenses will have their parameters
// modified as follows. All other license parameters will be the same as the
// base license."
import { basedCount } from './attrs.js';
import { compareDates, parseExptime, parseLicenseDate } from '../licfile/dates.js';
import { intAttr, type License } from './license.js';

type Attrs = Map<string, string | null>;

/** What a missing attribute means, where the table compares two values. */
const DEFAULTS = {
  hold: 0,
  // "If you do not specify max_roam ... RLM limits the maximum number of days that a license can roam to 30 days"
  max_roam: 30,
  min_checkout: 0,
  // "If not specified in the license, the RLM default of 120 seconds"
  min_remove: 120,
  // "If not specified in the license, the RLM default minimum of 3600 seconds"
  min_timeout: 3600,
} as const;

function combine(base: License, up: License, name: keyof typeof DEFAULTS, pick: (a: number, b: number) => number): number | undefined {
  const a = intAttr(base, name);
  const b = intAttr(up, name);
  if (a === undefined && b === undefined) return undefined;
  return pick(a ?? DEFAULTS[name], b ?? DEFAULTS[name]);
}

/** min_remove=-1 ("rlmremove ... is disabled") is the strictest value, so it wins a maximum. */
function maxRemove(a: number, b: number): number {
  return a === -1 || b === -1 ? -1 : Math.max(a, b);
}

function setNum(attrs: Attrs, name: string, v: number | undefined): void {
  if (v !== undefined) attrs.set(name, String(v));
}

const empty = (v: string | null | undefined): boolean => v === undefined || v === null || v.trim() === '';

/** "earlier date is used"; on the same day the earlier exptime (none = midnight). */
function earlierExpiry(base: License, up: License): { expires: string; expiresIso: string; exptime: string | null | undefined } {
  const db = parseLicenseDate(base.expires);
  const du = parseLicenseDate(up.expires);
  const pickBase = { expires: base.expires, expiresIso: base.expiresIso, exptime: base.attrs.get('exptime') };
  const pickUp = { expires: up.expires, expiresIso: up.expiresIso, exptime: up.attrs.get('exptime') };
  if (db === null) return pickBase;
  if (du === null) return pickUp;
  const c = compareDates(db, du);
  if (c !== 0) return c < 0 ? pickBase : pickUp;
  const tb = parseExptime(pickBase.exptime ?? '') ?? 24 * 60;
  const tu = parseExptime(pickUp.exptime ?? '') ?? 24 * 60;
  return tu < tb ? { ...pickBase, exptime: pickUp.exptime } : pickBase;
}

const INFO_FIELDS = ['contract', 'customer', 'issuer', 'type'] as const;

/** How far a license's soft limit sits below its count (0 without one). */
function softDelta(l: License): number | undefined {
  const soft = intAttr(l, 'soft_limit');
  if (soft === undefined) return undefined;
  return (typeof l.count === 'number' ? l.count : 0) - soft;
}

function closestTo(n: number, a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  const da = Math.abs(n - a);
  const db = Math.abs(n - b);
  return da < db || (da === db && a >= b) ? a : b;
}

interface MergeInput {
  base: License;
  up: License;
  /** seats moved to the new version */
  n: number;
  /** seats of the base that stay at the old version (0 when upgrading all) */
  remaining: number;
  /** the "Served counted (or uncounted)" column of the table, else the "Unserved" one */
  served: boolean;
}

/** Attributes and expiry of the upgraded license (the new version). */
export function mergeUpgraded(m: MergeInput): { attrs: Attrs; expires: string; expiresIso: string } {
  const { base, up, n, remaining, served } = m;
  const partial = remaining > 0;
  const attrs: Attrs = new Map(base.attrs);
  const exp = earlierExpiry(base, up);
  if (exp.exptime === undefined || exp.exptime === null) attrs.delete('exptime');
  else attrs.set('exptime', exp.exptime);
  for (const f of INFO_FIELDS) {
    const b = base.attrs.get(f);
    const u = up.attrs.get(f);
    // "If base license is empty, use upgrade license. On partial upgrade, if
    // upgrade license is empty, use value from base license for the new version."
    const v = served && partial ? (empty(u) ? b : u) : empty(b) ? u : b;
    if (v === undefined) attrs.delete(f);
    else attrs.set(f, v);
  }
  if (!served) return { attrs, expires: exp.expires, expiresIso: exp.expiresIso };

  setNum(attrs, 'hold', combine(base, up, 'hold', Math.max));
  setNum(attrs, 'max_roam', combine(base, up, 'max_roam', Math.min));
  setNum(attrs, 'min_checkout', combine(base, up, 'min_checkout', Math.max));
  setNum(attrs, 'min_remove', combine(base, up, 'min_remove', maxRemove));
  setNum(attrs, 'min_timeout', combine(base, up, 'min_timeout', Math.max));

  const db = softDelta(base);
  const du = softDelta(up);
  attrs.delete('soft_limit');
  if (!partial) {
    // "Larger of 2 deltas from license count is used."
    if (db !== undefined || du !== undefined) attrs.set('soft_limit', String(Math.max(0, n - Math.max(db ?? 0, du ?? 0))));
  } else if (du !== undefined) {
    // "Upgrade soft limit is preserved for the new version"
    attrs.set('soft_limit', String(Math.max(0, n - du)));
  }

  for (const name of ['user_based', 'host_based'] as const) {
    const vb = basedCount(base, name);
    const vu = basedCount(up, name);
    if (vb === null && vu === null) continue;
    // upgrading all: "the value closest to the license count is used";
    // partial: "upgrade spec is preserved for the new version"
    const v = partial ? (vu ?? vb) : closestTo(n, vb, vu);
    if (v !== null) attrs.set(name, String(Math.max(1, Math.min(v, n))));
  }
  return { attrs, expires: exp.expires, expiresIso: exp.expiresIso };
}

/** Attributes of the part of a base license a partial upgrade leaves at its old version. */
export function remainderAttrs(base: License, remaining: number, served: boolean): Attrs {
  const attrs: Attrs = new Map(base.attrs);
  if (!served) return attrs;
  // "base license soft limit delta is preserved (minimum value 0) for the old version"
  const db = softDelta(base);
  if (db !== undefined) attrs.set('soft_limit', String(Math.max(0, remaining - db)));
  for (const name of ['user_based', 'host_based'] as const) {
    const vb = basedCount(base, name);
    if (vb === null) continue;
    // "base license spec delta (count - user_based) is preserved (minimum value 1) for the old version"
    const baseCount = typeof base.count === 'number' ? base.count : 0;
    attrs.set(name, String(Math.max(1, remaining - (baseCount - vb))));
  }
  return attrs;
}
