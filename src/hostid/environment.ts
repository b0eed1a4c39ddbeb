// timezone= and disable= (seed 002 "Timezone Restrictions", "Disable Computing
// Environments") checked against this host. Pure over HostFacts.
import type { HostFacts, HostidMatch } from './types.js';

/**
 * Hours west of GMT, 0-23, of a UTC offset in minutes west. Seed 002: "Bit 23 - 23
 * hours west of GMT (or 1 hour east of GMT)", so east is counted modulo 24. Half-hour
 * zones are cut toward GMT as C's integer division does (India, 5:30 east → 5 east → 19).
 */
export function hoursWestOfGmt(minutesWest: number): number {
  const hours = Math.trunc(minutesWest / 60);
  return ((hours % 24) + 24) % 24;
}

function zoneName(hoursWest: number): string {
  if (hoursWest === 0) return 'GMT';
  return hoursWest <= 12 ? `${hoursWest} hour${hoursWest === 1 ? '' : 's'} west of GMT` : `${24 - hoursWest} hour${hoursWest === 23 ? '' : 's'} east of GMT`;
}

function allowedZones(mask: number): string {
  const zones: number[] = [];
  for (let b = 0; b < 24; b++) if ((mask >>> b) & 1) zones.push(b);
  return zones.length > 0 ? zones.join(', ') : 'none';
}

/**
 * Seed 002: "create a bitmask of the desired timezones, expressed as hours west of
 * GMT ... represented as a hex number" (timezone=1 GMT, 100 PST, 1E0 the USA).
 * The machine's zone is its standard-time offset when known: PST stays bit 8 in summer.
 */
export function timezoneMatches(mask: string, facts: HostFacts): HostidMatch {
  const text = mask.trim().replace(/^["']|["']$/g, '');
  if (!/^(?:0x)?[0-9a-f]{1,8}$/i.test(text)) {
    return {
      matches: false,
      detail: `timezone=${mask} is not a hex bitmask of hours west of GMT, so the restriction cannot be checked`,
      verifiable: false,
    };
  }
  const bits = parseInt(text.replace(/^0x/i, ''), 16) & 0xffffff;
  const minutes = facts.standardTimezoneOffsetMinutes ?? facts.timezoneOffsetMinutes;
  const here = hoursWestOfGmt(minutes);
  const ok = ((bits >>> here) & 1) === 1;
  const zone = `bit ${here} (${zoneName(here)})`;
  return ok
    ? { matches: true, detail: `timezone=${text} allows this host's time zone, ${zone}`, verifiable: true, form: 'timezone' }
    : {
        matches: false,
        detail: `timezone=${text} allows hours west of GMT ${allowedZones(bits)} while this host's time zone is ${zone}`,
        verifiable: true,
      };
}

const ENVIRONMENTS = ['vm', 'terminalserver', 'terminalserverallowrd'] as const;

/**
 * Whether a disable= list rules this host out: matches=true means the license is
 * disabled here. Seed 002: "if the application is running in any of these
 * environments, the license will not be usable" — TerminalServer, TerminalServerAllowRD, VM.
 */
export function disabledEnvironment(disable: string, facts: HostFacts): HostidMatch {
  const names = disable
    .replace(/["'\u201c\u201d]/g, ' ')
    .split(/\s+/)
    .filter((t) => t !== '');
  const notes: string[] = [];
  let verifiable = true;
  for (const name of names) {
    const env = name.toLowerCase();
    if (!(ENVIRONMENTS as readonly string[]).includes(env)) {
      notes.push(`${name} is not a computing environment RLM knows (VM, TerminalServer, TerminalServerAllowRD)`);
      continue;
    }
    if (env === 'vm') {
      if (facts.virtualMachine === true) {
        return { matches: true, detail: `disabled on virtual machines, and this is one: ${facts.virtualMachineEvidence ?? 'detected'}`, verifiable: true, form: 'VM' };
      }
      if (facts.virtualMachine === null) {
        verifiable = false;
        notes.push(`disabled on virtual machines; licutil could not tell whether this is one${facts.virtualMachineEvidence ? ` (${facts.virtualMachineEvidence})` : ''}`);
      } else {
        notes.push(`disabled on virtual machines; this is not one${facts.virtualMachineEvidence ? ` (${facts.virtualMachineEvidence})` : ''}`);
      }
      continue;
    }
    if (!facts.terminalServer) {
      notes.push(`${name}: this is not a Terminal Server or Remote Desktop session`);
      continue;
    }
    if (env === 'terminalserver') {
      return { matches: true, detail: 'disabled on Windows Terminal Server and Remote Desktop, and this is a remote session', verifiable: true, form: 'TerminalServer' };
    }
    // TerminalServerAllowRD: a plain Remote Desktop session is allowed, and a remote
    // session alone does not tell us which of the two this is.
    verifiable = false;
    notes.push('disabled on Windows Terminal Server but allowed over Remote Desktop; this is a remote session and licutil cannot tell which');
  }
  const lower = names.map((n) => n.toLowerCase());
  if (lower.includes('terminalserver') && lower.includes('terminalserverallowrd')) {
    notes.push('TerminalServer and TerminalServerAllowRD are mutually exclusive (seed 002); RLM may reject this license');
  }
  return { matches: false, detail: notes.length > 0 ? notes.join('; ') : 'no computing environment is disabled', verifiable };
}
