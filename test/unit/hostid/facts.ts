// A hand-built machine for the matcher tests.
import type { HostFacts } from '../../../src/hostid/types.js';

export function facts(over: Partial<HostFacts> = {}): HostFacts {
  return {
    hostname: 'zeus.example.com',
    ethernet: ['0242ac110002', '0090f5df5601'],
    ip: ['172.16.7.200', '10.0.0.5', 'fe80::42:acff:fe11:2'],
    user: 'joe',
    platform: 'x64_l',
    timezoneOffsetMinutes: 0,
    virtualMachine: false,
    virtualMachineEvidence: "CPU flags have no 'hypervisor' flag",
    terminalServer: false,
    diskSerials: [],
    ...over,
  };
}
