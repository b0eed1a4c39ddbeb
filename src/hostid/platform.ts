// RLM platform names (seed 002 "Platform Restrictions") and the platforms= check.
import type { HostFacts, HostidMatch } from './types.js';

/** The platform table of seed 002: name to use in platforms= → what it is. */
const RLM_PLATFORMS: Readonly<Record<string, string>> = {
  hp_h: 'HP/UX on PA-Risc, 32-bit',
  ia64_h: 'HP/UX Itanium, 64-bit',
  ibm_a: 'IBM AIX, 32-bit',
  ibm64_a: 'IBM AIX, 64-bit',
  p64_l: 'IBM Power Linux, 64-bit',
  x64_l: 'Linux Intel, 64-bit',
  arm64_l: 'Linux ARM, 64-bit',
  x86_l: 'Linux, 32-bit',
  ia64_l: 'Linux Itanium, 64-bit',
  ppc64_l: 'Linux PPC, 64-bit',
  arm64_m: 'Mac Arm, 64-bit',
  x86_m: 'Mac Intel, 32-bit',
  x64_m: 'Mac Intel, 64-bit',
  ppc_m: 'Mac PPC, 64-bit',
  x86_n: 'NetBSD, 32-bit',
  sun_s: 'Solaris Sparc, 32-bit',
  sun64_s: 'Solaris Sparc, 64-bit',
  x64_s: 'Solaris, 64-bit',
  x86_w: 'Windows Intel, 32-bit',
  x64_w: 'Windows Intel, 64-bit',
};

/**
 * Seed 002: "Specify platforms= as a space-separated list of platform names with
 * the trailing OS revision removed ... while you can include the trailing revision
 * number, it will not be used by RLM in any comparisons" (x64_l1 ≡ x64_l).
 */
export function platformBase(name: string): string {
  return name.trim().toLowerCase().replace(/^([a-z0-9]+_[a-z])\d+$/, '$1');
}

export function describePlatform(name: string): string {
  const d = RLM_PLATFORMS[platformBase(name)];
  return d ? `${name} (${d})` : name;
}

const OS_LETTER: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'l',
  darwin: 'm',
  win32: 'w',
  sunos: 's',
  aix: 'a',
  netbsd: 'n',
};

/** The RLM platform name of a Node platform/arch pair (no revision), e.g. linux/x64 → x64_l. */
export function rlmPlatform(platform: NodeJS.Platform, arch: string, endianness: 'BE' | 'LE' = 'LE'): string {
  const os = OS_LETTER[platform];
  if (os === undefined) return `${arch}_${platform}`;
  if (platform === 'aix') return arch === 'ppc' ? 'ibm_a' : 'ibm64_a';
  if (platform === 'darwin' && (arch === 'ppc' || arch === 'ppc64')) return 'ppc_m';
  if (platform === 'sunos' && arch === 'sparc64') return 'sun64_s';
  if (platform === 'sunos' && arch === 'sparc') return 'sun_s';
  // Node says ppc64 for both; RLM's p64_l is little-endian Power, ppc64_l the older big-endian build.
  if (platform === 'linux' && arch === 'ppc64') return endianness === 'LE' ? 'p64_l' : 'ppc64_l';
  const cpu: Record<string, string> = { x64: 'x64', ia32: 'x86', arm64: 'arm64' };
  return `${cpu[arch] ?? arch}_${os}`;
}

function splitList(list: string): string[] {
  return list
    .replace(/["'\u201c\u201d]/g, ' ')
    .split(/\s+/)
    .filter((t) => t !== '');
}

/** Whether this host's platform is one of `platforms` (a platforms= value). */
export function platformMatches(platforms: string, facts: HostFacts): HostidMatch {
  const names = splitList(platforms);
  const here = platformBase(facts.platform);
  if (names.length === 0) return { matches: true, detail: 'no platform restriction', verifiable: true };
  const hit = names.find((n) => platformBase(n) === here);
  if (hit !== undefined) {
    return { matches: true, detail: `platform ${describePlatform(hit)} is this host's platform`, verifiable: true, form: 'platform' };
  }
  const unknown = names.filter((n) => RLM_PLATFORMS[platformBase(n)] === undefined);
  const note = unknown.length > 0 ? ` (${unknown.join(', ')} ${unknown.length === 1 ? 'is not an RLM platform name' : 'are not RLM platform names'})` : '';
  return {
    matches: false,
    detail: `licensed for platforms ${names.join(' ')} while this host is ${describePlatform(here)}${note}`,
    verifiable: true,
  };
}
