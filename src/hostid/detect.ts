// This machine's facts for hostid matching, read through an injected HostIo.
// Every read is guarded: detection degrades to "unknown" and never throws.
import type { HostIo, NetworkAddress } from './io.js';
import { rlmPlatform } from './platform.js';
import type { HostFacts } from './types.js';
import { detectVirtualization } from './virtual.js';

function attempt<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

function addresses(io: HostIo): NetworkAddress[] {
  const all = attempt(() => io.networkInterfaces(), {});
  return Object.values(all).flatMap((list) => list ?? []);
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

/** Ethernet addresses, lower-case hex without separators, in interface order, without duplicates. */
function ethernetAddresses(list: NetworkAddress[]): string[] {
  const out = list
    .filter((a) => !a.internal)
    .map((a) => a.mac.replace(/[-:]/g, '').toLowerCase())
    .filter((m) => /^[0-9a-f]{12}$/.test(m) && m !== '000000000000');
  return [...new Set(out)];
}

/** IPv4 then IPv6 addresses, without loopback, without IPv6 scope ids. */
function ipAddresses(list: NetworkAddress[]): string[] {
  const usable = list.filter((a) => !a.internal && !isLoopback(a.address));
  const v4 = usable.filter((a) => a.family === 'IPv4' || a.family === 4).map((a) => a.address);
  const v6 = usable.filter((a) => a.family === 'IPv6' || a.family === 6).map((a) => a.address.replace(/%.*$/, '').toLowerCase());
  return [...new Set([...v4, ...v6])];
}

function currentUser(io: HostIo): string {
  const name = attempt(() => io.userInfo().username, '');
  return name || io.env.USER || io.env.USERNAME || io.env.LOGNAME || '';
}

/** Minutes west now, and outside daylight saving time (the larger offset of January and July). */
function timezone(io: HostIo): { now: number; standard: number } {
  const now = attempt(() => io.now(), new Date(0));
  const offset = (d: Date): number => attempt(() => io.timezoneOffsetMinutes(d), 0);
  const year = now.getUTCFullYear();
  const standard = Math.max(offset(new Date(Date.UTC(year, 0, 1))), offset(new Date(Date.UTC(year, 6, 1))));
  return { now: offset(now), standard };
}

/** glibc's gethostid() reads /etc/hostid: 4 bytes in the machine's byte order. */
function hostid32(io: HostIo): string | null {
  const bytes = attempt(() => io.readBytes('/etc/hostid'), null);
  if (!bytes || bytes.length < 4) return null;
  const four = Array.from(bytes.slice(0, 4));
  const ordered = io.endianness === 'LE' ? four.reverse() : four;
  return ordered.map((b) => b.toString(16).padStart(2, '0')).join('');
}

function terminalServer(io: HostIo): boolean {
  // Windows names remote sessions RDP-Tcp#N; the console session is "Console".
  return io.platform === 'win32' && /^rdp-/i.test(io.env.SESSIONNAME ?? '');
}

export function detectHostFacts(io: HostIo): HostFacts {
  const list = addresses(io);
  const vm = detectVirtualization(io);
  const tz = timezone(io);
  return {
    hostname: attempt(() => io.hostname(), ''),
    ethernet: ethernetAddresses(list),
    ip: ipAddresses(list),
    user: currentUser(io),
    platform: rlmPlatform(io.platform, io.arch, io.endianness),
    timezoneOffsetMinutes: tz.now,
    standardTimezoneOffsetMinutes: tz.standard,
    virtualMachine: vm.virtualMachine,
    virtualMachineEvidence: vm.evidence,
    terminalServer: terminalServer(io),
    diskSerials: [],
    hostid32: hostid32(io),
    container: vm.container,
  };
}
