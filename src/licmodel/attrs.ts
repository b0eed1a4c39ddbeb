// Readers for the structured attribute values of seed 002 that the model and
// the server act on (share=, platforms=, timezone=, disable=, hostid lists,
// user_based/host_based, named_user), each normalised so two licenses that say
// the same thing compare equal.
import { intAttr, type License } from './license.js';

/** `share=UHI[:nnn]`. `max: null` means any number of processes may share. */
export interface ShareSpec {
  user: boolean;
  host: boolean;
  isv: boolean;
  max: number | null;
}

function parseShare(v: string | null | undefined): ShareSpec | null {
  if (v === null || v === undefined) return null;
  const m = /^([uhi]+)(?::(\d+))?$/i.exec(v.trim());
  if (m === null) return null;
  const letters = (m[1] ?? '').toLowerCase();
  const max = m[2] !== undefined ? Number(m[2]) : null;
  return { user: letters.includes('u'), host: letters.includes('h'), isv: letters.includes('i'), max };
}

export function shareOf(l: License): ShareSpec | null {
  return parseShare(l.attrs.get('share'));
}

export function formatShare(s: ShareSpec | null): string {
  if (s === null) return '';
  const letters = `${s.user ? 'u' : ''}${s.host ? 'h' : ''}${s.isv ? 'i' : ''}`;
  return s.max === null ? letters : `${letters}:${s.max}`;
}

function words(v: string | null | undefined): string[] {
  if (v === null || v === undefined) return [];
  return v
    .trim()
    .split(/[\s,]+/)
    .filter((w) => w !== '');
}

/**
 * `platforms=` names without the trailing OS revision: "while you can include
 * the trailing revision number, it will not be used by RLM in any comparisons".
 */
export function platformsOf(l: License): string[] {
  const list = words(l.attrs.get('platforms')).map((p) => p.toLowerCase().replace(/^(.*_[a-z]+)\d+$/, '$1'));
  return [...new Set(list)].sort();
}

/** `timezone=` hex bitmask (bit N = N hours west of GMT); null when absent or unreadable. */
export function timezoneMaskOf(l: License): number | null {
  const v = l.attrs.get('timezone');
  if (v === null || v === undefined || !/^(0x)?[0-9a-f]+$/i.test(v.trim())) return null;
  return parseInt(v.trim().replace(/^0x/i, ''), 16);
}

/** `disable=` environments, lower case, sorted. */
export function disabledOf(l: License): string[] {
  return [...new Set(words(l.attrs.get('disable')).map((w) => w.toLowerCase()))].sort();
}

/** The license's hostid list in a canonical form (case-insensitive, order-free). */
export function hostidKey(hostid: string | null): string {
  if (hostid === null) return '';
  return [...new Set(words(hostid).map((h) => h.toLowerCase()))].sort().join(' ');
}

/**
 * `user_based[=n]` / `host_based[=n]`: null when absent, otherwise how many
 * seats must be reserved ("If the optional =nnn is specified, only nnn ...
 * need to be reserved, otherwise all licenses must be reserved").
 */
export function basedCount(l: License, name: 'user_based' | 'host_based'): number | null {
  if (!l.attrs.has(name)) return null;
  const n = intAttr(l, name);
  if (n !== undefined) return n;
  return typeof l.count === 'number' ? l.count : 0;
}

export function isNamedUser(l: License): boolean {
  return l.attrs.has('named_user');
}

/** `soft_limit=`; "Licenses which do not specify a soft_limit use the license count as their soft_limit". */
export function softLimitOf(l: License): number {
  const n = intAttr(l, 'soft_limit');
  const count = typeof l.count === 'number' ? l.count : 0;
  return n ?? count;
}
