// The real HostIo: node:os and small synchronous file reads.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { HostIo, NetworkAddress } from './io.js';

// DMI, cpuinfo and cgroup files are small; a cap keeps a strange /proc from costing much.
const MAX_BYTES = 1 << 20;

function readBytes(path: string): Uint8Array | null {
  try {
    const buf = readFileSync(path);
    return buf.length > MAX_BYTES ? buf.subarray(0, MAX_BYTES) : buf;
  } catch {
    return null;
  }
}

export function nodeHostIo(env: Readonly<Record<string, string | undefined>> = process.env, now: () => Date = () => new Date()): HostIo {
  return {
    platform: process.platform,
    arch: process.arch,
    endianness: os.endianness(),
    env,
    hostname: () => os.hostname(),
    networkInterfaces: () => os.networkInterfaces() as Record<string, NetworkAddress[] | undefined>,
    userInfo: () => os.userInfo(),
    now,
    timezoneOffsetMinutes: (at) => at.getTimezoneOffset(),
    readFile: (path) => {
      const bytes = readBytes(path);
      return bytes === null ? null : Buffer.from(bytes).toString('utf8');
    },
    readBytes,
    exists: (path) => existsSync(path),
  };
}
