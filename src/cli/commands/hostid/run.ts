// What `licutil hostid` shows: rlmhostid's one line of hostids, then each hostid
// with its form, the RLM platform name, the time zone bit and the VM verdict.
import type { CliContext, CommandOutput, Message } from '../../common/command.js';
import type { Renderer } from '../../output/renderer.js';
import { detectHostFacts } from '../../../hostid/detect.js';
import { hoursWestOfGmt } from '../../../hostid/environment.js';
import { HOSTID_TYPE_ALIASES, hostidsOf, type HostidEntry, type HostidType } from '../../../hostid/list.js';
import { nodeHostIo } from '../../../hostid/node-io.js';
import { describePlatform } from '../../../hostid/platform.js';
import type { HostFacts } from '../../../hostid/types.js';
import type { HostidArgs } from './args.js';
import { jsonDocument } from '../../../protocol/documents.js';

export interface HostidJson {
  type: HostidType;
  hostname: string;
  ethernet: string[];
  ip: string[];
  user: string;
  platform: string;
  virtual_machine: { detected: boolean | null; evidence: string | null; container: string | null };
  terminal_server: boolean;
  timezone: { offset_minutes: number; hours_west_of_gmt: number; mask: string };
  hostids: HostidEntry[];
}

const WHAT: Record<HostidType, string> = {
  all: 'hostid',
  ether: 'ethernet address',
  host: 'host name',
  ip: 'IP address',
  user: 'user name',
  '32': '32-bit hostid (/etc/hostid)',
};

function normalizeType(type: string | undefined): HostidType {
  if (type === undefined) return 'all';
  return HOSTID_TYPE_ALIASES[type] ?? (type as HostidType);
}

function zone(facts: HostFacts): HostidJson['timezone'] {
  const minutes = facts.standardTimezoneOffsetMinutes ?? facts.timezoneOffsetMinutes;
  const hours = hoursWestOfGmt(minutes);
  return { offset_minutes: minutes, hours_west_of_gmt: hours, mask: (1 << hours).toString(16).toUpperCase() };
}

export function hostidJson(facts: HostFacts, type: HostidType): HostidJson {
  return {
    type,
    hostname: facts.hostname,
    ethernet: facts.ethernet,
    ip: facts.ip,
    user: facts.user,
    platform: facts.platform,
    virtual_machine: { detected: facts.virtualMachine, evidence: facts.virtualMachineEvidence, container: facts.container ?? null },
    terminal_server: facts.terminalServer,
    timezone: zone(facts),
    hostids: hostidsOf(facts, type),
  };
}

function vmLine(r: Renderer, j: HostidJson): string {
  const vm = j.virtual_machine;
  const evidence = vm.evidence ? ` (${vm.evidence})` : '';
  if (vm.detected === true) return `${r.c.yellow('yes')}${evidence} — licenses with disable=VM cannot be used here`;
  if (vm.detected === false) return `${r.c.green('no')}${evidence}`;
  return `${r.c.dim('cannot tell')}${evidence}`;
}

function human(r: Renderer, j: HostidJson, quiet: boolean): string {
  const ids = j.hostids.map((h) => h.hostid).join(' ');
  if (quiet) return ids;
  // rlmhostid marks a virtual machine the same way after the hostid.
  const virtual = j.virtual_machine.detected === true ? ` (Virtual: ${j.virtual_machine.evidence ?? 'yes'})` : '';
  const out = [`Hostid of this machine: ${ids || '(none)'}${virtual}`];
  if (j.hostids.length > 0) out.push('', r.table(['form', 'hostid'], j.hostids.map((h) => [h.form, h.hostid])));
  if (j.type === 'all') {
    const hoursWest = j.timezone.hours_west_of_gmt;
    out.push(
      '',
      `Platform:        ${describePlatform(j.platform)}  (platforms=${j.platform})`,
      `Time zone:       ${hoursWest} hour${hoursWest === 1 ? '' : 's'} west of GMT  (timezone=${j.timezone.mask} allows it)`,
      `Virtual machine: ${vmLine(r, j)}`,
    );
    if (j.terminal_server) out.push('Remote session:  yes — licenses with disable=TerminalServer cannot be used here');
  }
  return out.join('\n');
}

export function hostidOutput(facts: HostFacts, args: Pick<HostidArgs, 'type' | 'n' | 'quiet'>): CommandOutput {
  const type = normalizeType(args.type);
  const json = hostidJson(facts, type);
  const messages: Message[] = [];
  if (json.hostids.length === 0) {
    messages.push({ level: 'warning', text: `this machine has no ${WHAT[type]} licutil can read` });
  }
  return { json: jsonDocument('hostid', json), human: (r) => human(r, json, Boolean(args.quiet || args.n)), exitCode: 0, messages };
}

export async function runHostid(args: HostidArgs, ctx: CliContext): Promise<CommandOutput> {
  return hostidOutput(detectHostFacts(nodeHostIo(ctx.env, ctx.now)), args);
}
