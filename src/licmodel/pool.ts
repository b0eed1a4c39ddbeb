// License pools (seed 002 and 003): "The ISV servers attempt to combine
// licenses whenever possible ... and when combined the license counts add to
// create a single pool of licenses." Which licenses combine: the UPGRADE
// criteria list ("This list is the same as the criteria for a license server
// combining multiple licenses into a license pool"), the same isv/product/
// version, `_id` ("a non-zero id will only pool with the same ID#"), never
// named_user ("Different named_user licenses will never be combined"), and —
// our rule — the same password, since a password guards a whole pool.
import { isNamedUser, shareOf, softLimitOf, type ShareSpec } from './attrs.js';
import { criteriaKey, criteriaMismatches } from './criteria.js';
import { compareDates, formatIsoDate, parseLicenseDate } from '../licfile/dates.js';
import { intAttr, sameName, type License } from './license.js';
import { compareVersions } from './versions.js';

export interface Pool {
  /** stable across rereads while the files keep their order: `isv:product:version:n` */
  id: string;
  isv: string;
  product: string;
  version: string;
  count: number;
  /** sum of the members' soft limits (a member without one contributes its count) */
  softLimit: number;
  /** the latest member expiry (`YYYY-MM-DD` or `permanent`): each member keeps its own, see `members` */
  expiresIso: string;
  share: ShareSpec | null;
  /** seconds; the largest of the members' (0 = none) */
  hold: number;
  minCheckout: number;
  /** seconds, default 120; -1 = never removable */
  minRemove: number;
  /** seconds, default 3600 */
  minTimeout: number;
  password: string | null;
  namedUser: boolean;
  /** the members' non-zero `_id`, or 0 */
  licenseId: number;
  /** node-locked counted pools: the client hostid(s) allowed to check out */
  hostid: string | null;
  /** position of its first member in the list given to buildPools */
  order: number;
  members: License[];
}

/** Only counted licenses form pools; uncounted, single, token and metered licenses are handled elsewhere. */
function poolable(l: License): boolean {
  return l.kind === 'license' && typeof l.count === 'number' && l.count > 0;
}

/** Why `l` cannot join a pool whose first member is `first` (null when it can), for `lmdiag` and logs. */
function poolRefusal(first: License, poolId: number, l: License): string | null {
  if (!sameName(first.isv, l.isv) || !sameName(first.product, l.product)) return 'different product';
  if (compareVersions(first.version, l.version) !== 0) return 'different version';
  if (isNamedUser(first) || isNamedUser(l)) return 'named_user licenses never pool';
  if (l.id !== 0 && poolId !== 0 && l.id !== poolId) return `_id ${l.id} differs from the pool's _id ${poolId}`;
  if ((first.password ?? '') !== (l.password ?? '')) return 'different password';
  const diff = criteriaMismatches(first, l);
  return diff.length > 0 ? `differs in ${diff.join(', ')}` : null;
}

const removeRank = (v: number): number => (v === -1 ? Number.POSITIVE_INFINITY : v);

function maxOf(members: License[], name: string, dflt: number): number {
  // a loop, not Math.max(...spread): a pool may have more members than the stack has room for arguments
  let max = Number.NEGATIVE_INFINITY;
  for (const m of members) max = Math.max(max, intAttr(m, name) ?? dflt);
  return max;
}

function latestExpiry(members: License[]): string {
  let best: string | null = null;
  for (const m of members) {
    const d = parseLicenseDate(m.expires);
    if (d === null) continue;
    const bd = best === null ? null : parseLicenseDate(best);
    if (bd === null || compareDates(d, bd) > 0) best = formatIsoDate(d);
  }
  return best ?? 'invalid';
}

function finish(id: string, order: number, members: License[]): Pool {
  const first = members[0] as License;
  const removes = members.map((m) => intAttr(m, 'min_remove') ?? 120);
  const minRemove = removes.reduce((a, b) => (removeRank(b) > removeRank(a) ? b : a));
  return {
    id,
    isv: first.isv,
    product: first.product,
    version: first.version,
    count: members.reduce((s, m) => s + (typeof m.count === 'number' ? m.count : 0), 0),
    // "the soft_limit of each license is added to obtain the pool's soft_limit"
    softLimit: members.reduce((s, m) => s + softLimitOf(m), 0),
    expiresIso: latestExpiry(members),
    share: shareOf(first),
    hold: maxOf(members, 'hold', 0),
    minCheckout: maxOf(members, 'min_checkout', 0),
    minRemove,
    minTimeout: maxOf(members, 'min_timeout', 3600),
    password: first.password,
    namedUser: isNamedUser(first),
    licenseId: members.find((m) => m.id !== 0)?.id ?? 0,
    hostid: first.hostid,
    order,
    members,
  };
}

/**
 * Combines licenses first-fit in the order given (the order the server tries
 * them: seed 002 "LICENSE/FEATURE lines are processed in the order they
 * appear"). Pools come out in the order of their first member. Give it the
 * licenses valid where the pools will be served, after replace and upgrade.
 */
export function buildPools(licenses: readonly License[]): Pool[] {
  type Group = { order: number; members: License[]; id: number };
  const groups: Group[] = [];
  // Only groups with the same criteria can take a license: looking them up by
  // key keeps a site of many products linear (a scan of every group was
  // quadratic in the number of license lines).
  const byKey = new Map<string, Group[]>();
  licenses.forEach((l, index) => {
    if (!poolable(l)) return;
    // isv and product as sameName compares them; version, _id and password are left to poolRefusal
    const key = `${l.isv.toLowerCase()}\u0000${l.product.toLowerCase()}\u0000${criteriaKey(l)}`;
    const candidates = byKey.get(key);
    const home = candidates?.find((g) => poolRefusal(g.members[0] as License, g.id, l) === null);
    if (home !== undefined) {
      home.members.push(l);
      if (home.id === 0) home.id = l.id;
      return;
    }
    const group: Group = { order: index, members: [l], id: l.id };
    groups.push(group);
    if (candidates === undefined) byKey.set(key, [group]);
    else candidates.push(group);
  });
  const seen = new Map<string, number>();
  return groups.map((g) => {
    const first = g.members[0] as License;
    const base = `${first.isv}:${first.product}:${first.version}`.toLowerCase();
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return finish(`${base}:${n}`, g.order, g.members);
  });
}

/** Total seats of a list of licenses that pools would hold (for checks and tests). */
export function poolableSeats(licenses: readonly License[]): number {
  return licenses.filter(poolable).reduce((s, l) => s + (l.count as number), 0);
}
