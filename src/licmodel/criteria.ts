// The parameters that must match for an UPGRADE to apply to a base license —
// "This list is the same as the criteria for a license server combining
// multiple licenses into a license pool" (seed 002, UPGRADE Line).
import { disabledOf, formatShare, hostidKey, platformsOf, shareOf, timezoneMaskOf } from './attrs.js';
import type { License } from './license.js';
import { countingType } from './license-type.js';

interface Criterion {
  /** words a person reads in a warning: "sharing specification" */
  name: string;
  value(l: License): string;
}

const optionsOf = (l: License): string => (l.attrs.get('options') ?? '').trim().toLowerCase();

/** Seed 002's list, in its order. */
const MATCH_CRITERIA: readonly Criterion[] = [
  { name: 'disable specification', value: (l) => disabledOf(l).join(' ') },
  { name: 'options', value: optionsOf },
  { name: 'sharing specification', value: (l) => formatShare(shareOf(l)) },
  {
    name: 'timezone specification',
    value: (l) => {
      const m = timezoneMaskOf(l);
      return m === null ? '' : m.toString(16);
    },
  },
  { name: 'platform list', value: (l) => platformsOf(l).join(' ') },
  { name: 'counting type', value: (l) => countingType(l) },
  { name: 'node-locked hostid', value: (l) => hostidKey(l.hostid) },
  {
    name: 'user-based/host-based',
    value: (l) => `${l.attrs.has('user_based') ? 'user_based' : ''} ${l.attrs.has('host_based') ? 'host_based' : ''}`.trim(),
  },
];

/** Names of the criteria on which two licenses differ; empty when they match. */
export function criteriaMismatches(a: License, b: License): string[] {
  return MATCH_CRITERIA.filter((c) => c.value(a) !== c.value(b)).map((c) => c.name);
}

/** One string that is equal for two licenses exactly when every criterion matches. */
export function criteriaKey(l: License): string {
  return MATCH_CRITERIA.map((c) => c.value(l)).join('\u0000');
}
