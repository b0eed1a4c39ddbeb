// `replace[=product_list]` (seed 002, "Replacement Licenses"), and FlexLM's
// SUPERSEDE[="f1 f2"], which works the same way on ISSUED dates.
import { compareDates, parseLicenseDate, type LicenseDate } from '../licfile/dates.js';
import { sameName, type License } from './license.js';

interface Replacement {
  license: License;
  by: License;
}

interface ReplaceResult {
  active: License[];
  replaced: Replacement[];
}

interface ReplaceOptions {
  /**
   * Which licenses may replace others. A license that is not loaded where the
   * decision is made (wrong host, bad signature, unreadable) replaces nothing.
   */
  canReplace?: (l: License) => boolean;
}

function dateAttr(l: License, name: string): LicenseDate | null {
  const v = l.attrs.get(name);
  return v === undefined || v === null ? null : parseLicenseDate(v);
}

/**
 * "If the license with the replace keyword specifies an issued= date, then
 * this is the replacement date"; "If [it] does not have an issued date, then
 * the replacement date is the start date"; the same order decides the date of
 * a candidate for replacement. An unreadable date counts as absent.
 */
function replacementDate(l: License): LicenseDate | null {
  return dateAttr(l, 'issued') ?? dateAttr(l, 'start');
}

/** '*' for every product, the product list, or null when the license replaces nothing. */
export function replaceTargets(l: License): '*' | string[] | null {
  const key = l.attrs.has('replace') ? 'replace' : l.attrs.has('supersede') ? 'supersede' : null;
  if (key === null) return null;
  const v = l.attrs.get(key);
  // "If product-list is not specified, then the product name of the license
  // containing the replace keyword will be the only product to be replaced."
  if (v === null || v === undefined || v.trim() === '') return [l.product];
  if (v.trim() === '*') return '*';
  return v
    .trim()
    .split(/[\s,]+/)
    .filter((p) => p !== '');
}

function family(l: License): 'package' | 'grant' {
  return l.kind === 'package' ? 'package' : 'grant';
}

function targets(replacer: License, list: '*' | string[], l: License): boolean {
  if (l === replacer || !sameName(l.isv, replacer.isv) || family(l) !== family(replacer)) return false;
  return list === '*' || list.some((p) => sameName(p, l.product));
}

/**
 * Decides which licenses are rendered ineffective. Every replacer is weighed
 * against every other license of its ISV independently, so the result does not
 * depend on the order of the input; `active` keeps the input order.
 */
export function applyReplace(licenses: readonly License[], options: ReplaceOptions = {}): ReplaceResult {
  const canReplace = options.canReplace ?? (() => true);
  const replacers: Array<{ license: License; list: '*' | string[]; date: LicenseDate }> = [];
  for (const l of licenses) {
    const list = replaceTargets(l);
    const date = replacementDate(l);
    // "If the license contains neither an issued date nor a start date, no licenses will be replaced."
    if (list !== null && date !== null && canReplace(l)) replacers.push({ license: l, list, date });
  }
  const active: License[] = [];
  const replaced: Replacement[] = [];
  for (const l of licenses) {
    let by: { license: License; date: LicenseDate } | null = null;
    const own = replacementDate(l);
    for (const r of replacers) {
      if (!targets(r.license, r.list, l)) continue;
      // "Any license ... with an issued date prior to the replacement date will
      // be replaced", likewise for a start date, and "any license ... with
      // neither an issued nor a start date will be replaced". Equal dates: "they
      // will both be active".
      if (own !== null && compareDates(own, r.date) >= 0) continue;
      if (by === null || compareDates(r.date, by.date) > 0) by = r;
    }
    if (by === null) active.push(l);
    else replaced.push({ license: l, by: by.license });
  }
  return { active, replaced };
}
