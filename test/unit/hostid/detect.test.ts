// detectHostFacts over a fake HostIo: interfaces, user, platform, time zone, VM evidence.
import { describe, expect, it } from 'vitest';
import { detectHostFacts } from '../../../src/hostid/detect.js';
import type { HostIo, NetworkAddress } from '../../../src/hostid/io.js';

interface FakeMachine {
  files?: Record<string, string>;
  bytes?: Record<string, number[]>;
  interfaces?: Record<string, NetworkAddress[]>;
  platform?: NodeJS.Platform;
  arch?: string;
  env?: Record<string, string>;
  user?: string | null;
  /** minutes west in January and July */
  offsets?: [number, number];
}

function fakeIo(m: FakeMachine = {}): HostIo {
  const files = m.files ?? {};
  return {
    platform: m.platform ?? 'linux',
    arch: m.arch ?? 'x64',
    endianness: 'LE',
    env: m.env ?? {},
    hostname: () => 'zeus',
    networkInterfaces: () => m.interfaces ?? {},
    userInfo: () => {
      if (m.user === null) throw new Error('ENOENT: no passwd entry');
      return { username: m.user ?? 'joe' };
    },
    now: () => new Date('2026-06-15T12:00:00Z'),
    timezoneOffsetMinutes: (at) => {
      const [jan, jul] = m.offsets ?? [0, 0];
      return at.getUTCMonth() < 3 || at.getUTCMonth() > 9 ? jan : jul;
    },
    readFile: (p) => files[p] ?? null,
    readBytes: (p) => (m.bytes?.[p] ? Uint8Array.from(m.bytes[p] ?? []) : null),
    exists: (p) => p in files,
  };
}

const PHYSICAL_CPU = 'processor : 0\nflags : fpu vme de pse tsc msr sse sse2\n';
const VM_CPU = 'processor : 0\nflags : fpu vme de pse hypervisor sse2\n';

describe('network identities', () => {
  const interfaces: Record<string, NetworkAddress[]> = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true }],
    eth0: [
      { address: '172.16.7.200', family: 'IPv4', mac: '02:42:AC:11:00:02', internal: false },
      { address: 'fe80::42:acff:fe11:2%eth0', family: 'IPv6', mac: '02:42:AC:11:00:02', internal: false },
    ],
    eth1: [{ address: '10.0.0.5', family: 4, mac: '00:90:f5:df:56:01', internal: false }],
    tun0: [{ address: '10.8.0.1', family: 'IPv4', mac: '00:00:00:00:00:00', internal: false }],
  };

  it('ethernet addresses lower-case without separators, no loopback or all-zero MACs, no duplicates', () => {
    expect(detectHostFacts(fakeIo({ interfaces })).ethernet).toEqual(['0242ac110002', '0090f5df5601']);
  });

  it('IPv4 then IPv6, no loopback, no scope id', () => {
    expect(detectHostFacts(fakeIo({ interfaces })).ip).toEqual(['172.16.7.200', '10.0.0.5', '10.8.0.1', 'fe80::42:acff:fe11:2']);
  });

  it('a machine without interfaces has empty lists', () => {
    const f = detectHostFacts(fakeIo({ interfaces: {} }));
    expect(f.ethernet).toEqual([]);
    expect(f.ip).toEqual([]);
  });

  it('networkInterfaces throwing is survived', () => {
    const io = { ...fakeIo(), networkInterfaces: () => { throw new Error('EPERM'); } };
    expect(detectHostFacts(io).ethernet).toEqual([]);
  });
});

describe('user, platform, time zone, 32-bit hostid', () => {
  it('the login name, or $USER when there is no passwd entry', () => {
    expect(detectHostFacts(fakeIo({ user: 'alice' })).user).toBe('alice');
    expect(detectHostFacts(fakeIo({ user: null, env: { USER: 'bob' } })).user).toBe('bob');
    expect(detectHostFacts(fakeIo({ user: null })).user).toBe('');
  });

  it('RLM platform names from platform and arch', () => {
    expect(detectHostFacts(fakeIo({ platform: 'darwin', arch: 'arm64' })).platform).toBe('arm64_m');
    expect(detectHostFacts(fakeIo({ platform: 'win32', arch: 'ia32' })).platform).toBe('x86_w');
  });

  it('the standard offset is the larger of January and July (PST in summer is 420, standard 480)', () => {
    const f = detectHostFacts(fakeIo({ offsets: [480, 420] }));
    expect(f.timezoneOffsetMinutes).toBe(420);
    expect(f.standardTimezoneOffsetMinutes).toBe(480);
    const south = detectHostFacts(fakeIo({ offsets: [-660, -600] })); // Sydney: DST in January
    expect(south.standardTimezoneOffsetMinutes).toBe(-600);
  });

  it('/etc/hostid is read in the machine byte order', () => {
    expect(detectHostFacts(fakeIo({ bytes: { '/etc/hostid': [0xaa, 0x18, 0xb9, 0x80] } })).hostid32).toBe('80b918aa');
    expect(detectHostFacts(fakeIo()).hostid32).toBeNull();
  });

  it('a Remote Desktop session on Windows is a terminal-server session', () => {
    expect(detectHostFacts(fakeIo({ platform: 'win32', env: { SESSIONNAME: 'RDP-Tcp#3' } })).terminalServer).toBe(true);
    expect(detectHostFacts(fakeIo({ platform: 'win32', env: { SESSIONNAME: 'Console' } })).terminalServer).toBe(false);
    expect(detectHostFacts(fakeIo({ env: { SESSIONNAME: 'RDP-Tcp#3' } })).terminalServer).toBe(false);
  });
});

describe('virtual machine detection, with evidence', () => {
  it.each([
    [{ '/sys/class/dmi/id/product_name': 'KVM\n' }, "DMI product name is 'KVM'"],
    [{ '/sys/class/dmi/id/product_name': 'VMware Virtual Platform' }, "DMI product name is 'VMware Virtual Platform'"],
    [{ '/sys/class/dmi/id/product_name': 'VirtualBox', '/sys/class/dmi/id/sys_vendor': 'innotek GmbH' }, "DMI product name is 'VirtualBox'"],
    [{ '/sys/class/dmi/id/product_name': 'Virtual Machine', '/sys/class/dmi/id/sys_vendor': 'Microsoft Corporation' }, "DMI product name is 'Virtual Machine'"],
    [{ '/sys/class/dmi/id/product_name': 'Standard PC (Q35 + ICH9, 2009)', '/sys/class/dmi/id/sys_vendor': 'QEMU' }, "DMI product name is 'Standard PC (Q35 + ICH9, 2009)'"],
    [{ '/sys/class/dmi/id/sys_vendor': 'QEMU' }, "DMI system vendor is 'QEMU'"],
    [{ '/sys/class/dmi/id/product_name': 'm5.large', '/sys/class/dmi/id/sys_vendor': 'Amazon EC2' }, "DMI says 'Amazon EC2 m5.large'"],
    [{ '/proc/cpuinfo': VM_CPU }, "CPU flags include 'hypervisor'"],
    [{ '/sys/hypervisor/type': 'xen\n' }, "/sys/hypervisor/type is 'xen'"],
    [{ '/proc/cpuinfo': PHYSICAL_CPU, '/.dockerenv': '' }, 'running in a docker container (/.dockerenv exists)'],
    [{ '/proc/1/cgroup': '0::/kubepods/besteffort/pod1234' }, 'running in a kubernetes container (/proc/1/cgroup names kubepods)'],
  ])('%o → virtual: %s', (files, evidence) => {
    const f = detectHostFacts(fakeIo({ files }));
    expect(f.virtualMachine).toBe(true);
    expect(f.virtualMachineEvidence).toBe(evidence);
  });

  it('a physical x86 machine: no hypervisor flag, DMI named', () => {
    const f = detectHostFacts(
      fakeIo({ files: { '/proc/cpuinfo': PHYSICAL_CPU, '/sys/class/dmi/id/sys_vendor': 'Dell Inc.', '/sys/class/dmi/id/product_name': 'PowerEdge R640' } }),
    );
    expect(f.virtualMachine).toBe(false);
    expect(f.virtualMachineEvidence).toBe("CPU flags have no 'hypervisor' flag and DMI names 'Dell Inc. PowerEdge R640'");
    expect(f.container).toBeNull();
  });

  it('EC2 bare metal is not virtual', () => {
    const f = detectHostFacts(fakeIo({ files: { '/proc/cpuinfo': PHYSICAL_CPU, '/sys/class/dmi/id/sys_vendor': 'Amazon EC2', '/sys/class/dmi/id/product_name': 'm5.metal' } }));
    expect(f.virtualMachine).toBe(false);
  });

  it('a VM container is recorded as both', () => {
    const f = detectHostFacts(fakeIo({ files: { '/proc/cpuinfo': VM_CPU, '/.dockerenv': '' } }));
    expect(f).toMatchObject({
      virtualMachine: true,
      container: 'docker',
      virtualMachineEvidence: "CPU flags include 'hypervisor'; running in a docker container (/.dockerenv exists)",
    });
  });

  it('ARM cpuinfo carries no hypervisor bit, so it cannot tell', () => {
    const f = detectHostFacts(fakeIo({ arch: 'arm64', files: { '/proc/cpuinfo': 'processor : 0\nFeatures : fp asimd evtstrm\n' } }));
    expect(f.virtualMachine).toBeNull();
    expect(f.virtualMachineEvidence).toBe('no DMI, CPU or hypervisor information could be read');
  });

  it('on macOS and Windows it says it cannot tell', () => {
    const f = detectHostFacts(fakeIo({ platform: 'darwin' }));
    expect(f.virtualMachine).toBeNull();
    expect(f.virtualMachineEvidence).toMatch(/only on Linux, and this is darwin/);
  });

  it('a file reader that throws is survived', () => {
    const io = { ...fakeIo(), readFile: () => { throw new Error('EACCES'); } };
    expect(detectHostFacts(io).virtualMachine).toBeNull();
  });
});
