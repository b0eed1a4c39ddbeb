// Does a license's hostid (or hostid list) name this machine? Pure over HostFacts.
// Seed 002: "The hostid list is a space-separated list of valid hostids ... The
// license can be used on any of the hostids in the list."
import { classifyHostid, parseHostidSpec, type HostidElement } from './forms.js';
import type { HostFacts, HostidMatch } from './types.js';

export { describeHostid } from './forms.js';
export { platformMatches } from './platform.js';
export { timezoneMatches, disabledEnvironment } from './environment.js';

interface ElementResult {
  matches: boolean;
  verifiable: boolean;
  /** when it matched: why; otherwise: what this host has instead */
  detail: string;
}

const UNCHECKABLE: Readonly<Record<string, string>> = {
  rlmid: 'an RLM dongle (external key)',
  flexid: 'a FlexLM dongle (FLEXID)',
  uuid: 'a BIOS/VM uuid',
  id: 'a vendor-assigned FlexLM ID',
  display: 'an X display or terminal name',
  composite: 'a FlexLM composite hostid',
  gc: 'a Google Compute Engine id',
};

function colonEthernet(hex: string): string {
  return /^[0-9a-f]{12}$/.test(hex) ? hex.replace(/(..)(?!$)/g, '$1:') : hex;
}

function listOrNone(items: string[], none: string): string {
  return items.length > 0 ? items.join(', ') : none;
}

/** `*` stands for one address component; a trailing `*` also covers the components after it. */
export function ipMatches(pattern: string, address: string): boolean {
  const sep = pattern.includes(':') || address.includes(':') ? ':' : '.';
  const p = pattern.toLowerCase().split(sep);
  const a = address.toLowerCase().split(sep);
  for (let i = 0; i < p.length; i++) {
    const part = p[i];
    if (part === '*' && i === p.length - 1) return a.length >= p.length;
    if (i >= a.length) return false;
    if (part !== '*' && part !== a[i]) return false;
  }
  return p.length === a.length;
}

// Seed 002: "Any white space in a username is converted to the underscore ('_')
// character. Also note that usernames are case-insensitive."
function normalizeUser(name: string): string {
  return name.trim().replace(/\s+/g, '_').toLowerCase();
}

function sameHostname(wanted: string, actual: string): boolean {
  const w = wanted.toLowerCase();
  const a = actual.toLowerCase();
  if (w === a) return true;
  // A license for `melody` is meant for melody.example.com too; the reverse is not implied.
  return !w.includes('.') && a.split('.')[0] === w;
}

// Disk and volume serials are written with and without leading zeros (0a02ed79 / a02ed79).
function sameSerial(a: string, b: string): boolean {
  const norm = (s: string): string => {
    const t = s.replace(/-/g, '').toLowerCase();
    return /^[0-9a-f]+$/.test(t) ? t.replace(/^0+(?=.)/, '') : t;
  };
  return norm(a) === norm(b);
}

function matchElement(e: HostidElement, facts: HostFacts): ElementResult {
  const yes = (detail: string): ElementResult => ({ matches: true, verifiable: true, detail });
  const no = (detail: string): ElementResult => ({ matches: false, verifiable: true, detail });
  const cannot = (what: string): ElementResult => ({
    matches: false,
    verifiable: false,
    detail: `${e.text} is ${what}, which licutil cannot verify on this machine`,
  });
  switch (e.form) {
    case 'any':
      return yes(`hostid ${e.text} matches every host`);
    case 'demo':
      return yes(`hostid ${e.text} is a demo hostid, which matches every host`);
    case 'serial':
      return yes(`${e.text} is a serial-number hostid, which matches every host`);
    case 'ethernet': {
      const have = facts.ethernet.map((x) => x.replace(/[-:]/g, '').toLowerCase());
      return have.includes(e.value)
        ? yes(`ethernet ${e.value} is an address of this host`)
        : no(`ethernet ${e.value} while this host has ${listOrNone(have.map(colonEthernet), 'no ethernet address')}`);
    }
    case 'ip': {
      const hit = facts.ip.find((a) => ipMatches(e.value, a));
      return hit !== undefined
        ? yes(`${e.text} matches this host's address ${hit}`)
        : no(`${e.text} while this host has ${listOrNone(facts.ip, 'no network address')}`);
    }
    case 'host':
      return sameHostname(e.value, facts.hostname)
        ? yes(`${e.text} is this host (${facts.hostname})`)
        : no(`${e.text} while this host is ${facts.hostname || 'unnamed'}`);
    case 'user':
      return normalizeUser(e.value) === normalizeUser(facts.user) && facts.user !== ''
        ? yes(`${e.text} is the current user (${facts.user})`)
        : no(`${e.text} while the current user is ${facts.user || 'unknown'}`);
    case 'disk': {
      if (facts.diskSerials.length === 0) return cannot('a disk serial number');
      return facts.diskSerials.some((d) => sameSerial(d, e.value))
        ? yes(`${e.text} is a disk of this host`)
        : no(`${e.text} while this host's disks are ${facts.diskSerials.join(', ')}`);
    }
    case 'hostid32': {
      // On Windows the 32-bit hostid is the volume serial number (seed 002 "RLM Host IDs").
      if (facts.diskSerials.some((d) => sameSerial(d, e.value))) return yes(`${e.text} is a volume serial number of this host`);
      const own = facts.hostid32;
      if (own === undefined || own === null) return cannot('a 32-bit hostid');
      return sameSerial(own, e.value)
        ? yes(`${e.text} is this host's 32-bit hostid`)
        : no(`32-bit hostid ${e.text} while this host's is ${own}`);
    }
    case 'unknown':
      return {
        matches: false,
        verifiable: false,
        detail: `${JSON.stringify(e.text)} is not a hostid form licutil knows (ethernet address, ip=, host=, user=, ANY, ...)`,
      };
    default:
      return cannot(UNCHECKABLE[e.form] ?? `a ${e.keyword ?? e.form}= hostid`);
  }
}

function verdict(list: HostidElement[], results: ElementResult[]): HostidMatch {
  const hit = results.findIndex((r) => r.matches);
  const verifiable = results.some((r) => r.verifiable);
  if (hit >= 0) {
    const r = results[hit];
    return { matches: true, detail: r?.detail ?? '', verifiable: true, form: list[hit]?.form ?? 'unknown' };
  }
  if (results.length === 1) {
    const only = results[0];
    const detail = only?.verifiable ? `locked to ${only.detail}` : (only?.detail ?? '');
    return { matches: false, detail, verifiable };
  }
  const why = results.map((r) => r.detail).join('; ');
  return { matches: false, detail: `locked to ${results.length} hostids, none of them this host: ${why}`, verifiable };
}

/** Whether any hostid of `spec` names this machine, with a sentence for lmdiag. Never throws. */
export function matchHostid(spec: string, facts: HostFacts): HostidMatch {
  const list = parseHostidSpec(spec);
  if (list.length === 0) return { matches: false, detail: 'the hostid is empty', verifiable: false };
  return verdict(list, list.map((e) => matchElement(e, facts)));
}

/** One hostid (no list splitting), for callers that already split. */
export function matchOneHostid(text: string, facts: HostFacts): HostidMatch {
  const e = classifyHostid(text);
  return verdict([e], [matchElement(e, facts)]);
}
