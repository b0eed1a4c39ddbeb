// This machine's hostids as a license would name them, in rlmhostid's order
// (ethernet first: it is what rlmhostid prints by default).
import { hostidText, type HostidForm } from './forms.js';
import type { HostFacts } from './types.js';

export interface HostidEntry {
  form: HostidForm;
  /** the bare value (`172.16.7.200`) */
  value: string;
  /** what to write in a license (`ip=172.16.7.200`) */
  hostid: string;
}

/** The TYPE argument of `licutil hostid` (rlmhostid's names, lmhostid's as aliases). */
export type HostidType = 'all' | 'ether' | 'host' | 'ip' | 'user' | '32';
export const HOSTID_TYPE_ALIASES: Readonly<Record<string, HostidType>> = {
  ethernet: 'ether',
  hostname: 'host',
  internet: 'ip',
  username: 'user',
};

const TYPE_FORMS: Record<Exclude<HostidType, 'all'>, HostidForm> = {
  ether: 'ethernet',
  host: 'host',
  ip: 'ip',
  user: 'user',
  '32': 'hostid32',
};

export function hostidsOf(facts: HostFacts, type: HostidType = 'all'): HostidEntry[] {
  const entry = (form: HostidForm, value: string): HostidEntry => ({ form, value, hostid: hostidText(form, value) });
  const all: HostidEntry[] = [
    ...facts.ethernet.map((e) => entry('ethernet', e)),
    ...(facts.hostid32 ? [entry('hostid32', facts.hostid32)] : []),
    ...(facts.hostname ? [entry('host', facts.hostname)] : []),
    ...facts.ip.map((a) => entry('ip', a)),
    ...(facts.user ? [entry('user', facts.user.replace(/\s+/g, '_'))] : []),
  ];
  return type === 'all' ? all : all.filter((e) => e.form === TYPE_FORMS[type]);
}
