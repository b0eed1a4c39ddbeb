// `licutil hostid` output for a hand-built machine: the rlmhostid line, the TYPE filter, JSON.
import { describe, expect, it } from 'vitest';
import { hostidOutput } from '../../../src/cli/commands/hostid/run.js';
import { makeRenderer } from '../../../src/cli/output/renderer.js';
import { hostidsOf } from '../../../src/hostid/list.js';
import { matchHostid } from '../../../src/hostid/match.js';
import { facts } from './facts.js';

const r = makeRenderer(false);
const vm = facts({ virtualMachine: true, virtualMachineEvidence: "DMI product name is 'KVM'", timezoneOffsetMinutes: 480 });

describe('hostidsOf', () => {
  it('ethernet first, then host=, ip=, user=, each written as a license would', () => {
    expect(hostidsOf(facts()).map((h) => h.hostid)).toEqual([
      '0242ac110002',
      '0090f5df5601',
      'host=zeus.example.com',
      'ip=172.16.7.200',
      'ip=10.0.0.5',
      'ip=fe80::42:acff:fe11:2',
      'user=joe',
    ]);
  });

  it('every hostid it prints matches this machine', () => {
    const f = facts({ user: 'Joe Smith', hostid32: '80b918aa' });
    for (const h of hostidsOf(f)) expect(matchHostid(h.hostid, f)).toMatchObject({ matches: true, form: h.form });
  });

  it('narrows by type', () => {
    expect(hostidsOf(facts(), 'ether').map((h) => h.form)).toEqual(['ethernet', 'ethernet']);
    expect(hostidsOf(facts(), 'user')).toEqual([{ form: 'user', value: 'joe', hostid: 'user=joe' }]);
    expect(hostidsOf(facts({ hostid32: '80b918aa' }), '32')).toEqual([{ form: 'hostid32', value: '80b918aa', hostid: '80b918aa' }]);
  });
});

describe('hostid command output', () => {
  it('the rlmhostid line with the Virtual marker, the table, platform, time zone and VM verdict', () => {
    const text = hostidOutput(vm, { quiet: false }).human(r);
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      "Hostid of this machine: 0242ac110002 0090f5df5601 host=zeus.example.com ip=172.16.7.200 ip=10.0.0.5 ip=fe80::42:acff:fe11:2 user=joe (Virtual: DMI product name is 'KVM')",
    );
    expect(text).toMatch(/ethernet\s+0242ac110002/);
    expect(text).toContain('Platform:        x64_l (Linux Intel, 64-bit)  (platforms=x64_l)');
    expect(text).toContain('Time zone:       8 hours west of GMT  (timezone=100 allows it)');
    expect(text).toContain("Virtual machine: yes (DMI product name is 'KVM') — licenses with disable=VM cannot be used here");
  });

  it('-q / -n print only the hostids on one line', () => {
    expect(hostidOutput(vm, { quiet: true }).human(r)).toBe('0242ac110002 0090f5df5601 host=zeus.example.com ip=172.16.7.200 ip=10.0.0.5 ip=fe80::42:acff:fe11:2 user=joe');
    expect(hostidOutput(vm, { quiet: false, n: true, type: 'ethernet' }).human(r)).toBe('0242ac110002 0090f5df5601');
  });

  it('lmhostid type names are accepted as aliases', () => {
    const out = hostidOutput(facts(), { quiet: true, type: 'internet' });
    expect(out.human(r)).toBe('ip=172.16.7.200 ip=10.0.0.5 ip=fe80::42:acff:fe11:2');
    expect((out.json as { type: string }).type).toBe('ip');
  });

  it('no hostid of the type asked: a warning, still exit 0', () => {
    const out = hostidOutput(facts({ ethernet: [] }), { quiet: false, type: 'ether' });
    expect(out.exitCode).toBe(0);
    expect(out.messages).toEqual([{ level: 'warning', text: 'this machine has no ethernet address licutil can read' }]);
    expect(out.human(r)).toBe('Hostid of this machine: (none)');
  });

  it('an unknown VM status says it cannot tell', () => {
    const text = hostidOutput(facts({ virtualMachine: null, virtualMachineEvidence: 'no DMI, CPU or hypervisor information could be read' }), { quiet: false }).human(r);
    expect(text).toContain('Virtual machine: cannot tell (no DMI, CPU or hypervisor information could be read)');
    expect(text.split('\n')[0]).not.toContain('Virtual:');
  });

  it('JSON has the documented keys', () => {
    const json = hostidOutput(vm, { quiet: false }).json;
    expect(json).toMatchObject({
      type: 'all',
      hostname: 'zeus.example.com',
      ethernet: ['0242ac110002', '0090f5df5601'],
      ip: ['172.16.7.200', '10.0.0.5', 'fe80::42:acff:fe11:2'],
      user: 'joe',
      platform: 'x64_l',
      virtual_machine: { detected: true, evidence: "DMI product name is 'KVM'", container: null },
      terminal_server: false,
      timezone: { offset_minutes: 480, hours_west_of_gmt: 8, mask: '100' },
    });
    expect((json as { hostids: unknown[] }).hostids[0]).toEqual({ form: 'ethernet', value: '0242ac110002', hostid: '0242ac110002' });
  });
});
