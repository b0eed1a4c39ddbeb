// platforms=, timezone= and disable= against this host (seed 002).
import { describe, expect, it } from 'vitest';
import { disabledEnvironment, platformMatches, timezoneMatches } from '../../../src/hostid/match.js';
import { hoursWestOfGmt } from '../../../src/hostid/environment.js';
import { platformBase, rlmPlatform } from '../../../src/hostid/platform.js';
import { facts } from './facts.js';

describe('platforms= (seed 002 "Platform Restrictions")', () => {
  it('"while you can include the trailing revision number, it will not be used by RLM in any comparisons"', () => {
    expect(platformBase('x64_l1')).toBe('x64_l');
    expect(platformBase('x86_w4')).toBe('x86_w');
    expect(platformBase('ARM64_M2')).toBe('arm64_m');
    expect(platformMatches('x64_l1', facts()).matches).toBe(true);
    expect(platformMatches('x64_l', facts({ platform: 'x64_l1' })).matches).toBe(true);
  });

  it('"Specify platforms= as a space-separated list", quoted when more than one', () => {
    expect(platformMatches('"sun_s x86_w x64_l"', facts())).toMatchObject({ matches: true, form: 'platform' });
    expect(platformMatches('sun_s x86_w sun64_s', facts()).matches).toBe(false);
  });

  it('a wrong platform says what the license wants and what this host is', () => {
    const m = platformMatches('"x64_w x86_w"', facts());
    expect(m.matches).toBe(false);
    expect(m.detail).toBe('licensed for platforms x64_w x86_w while this host is x64_l (Linux Intel, 64-bit)');
  });

  it('names outside the table are pointed out', () => {
    expect(platformMatches('x64_q', facts()).detail).toMatch(/x64_q is not an RLM platform name/);
  });

  it('an empty list restricts nothing', () => {
    expect(platformMatches('""', facts()).matches).toBe(true);
  });
});

describe('Node platform/arch → RLM platform name (seed 002 platform table)', () => {
  it.each([
    ['linux', 'x64', 'x64_l'],
    ['linux', 'arm64', 'arm64_l'],
    ['linux', 'ia32', 'x86_l'],
    ['darwin', 'x64', 'x64_m'],
    ['darwin', 'arm64', 'arm64_m'],
    ['win32', 'x64', 'x64_w'],
    ['win32', 'ia32', 'x86_w'],
    ['sunos', 'x64', 'x64_s'],
    ['aix', 'ppc64', 'ibm64_a'],
    ['netbsd', 'ia32', 'x86_n'],
    ['freebsd', 'x64', 'x64_freebsd'],
  ] as const)('%s/%s → %s', (platform, arch, want) => {
    expect(rlmPlatform(platform, arch)).toBe(want);
  });
  it('Power Linux: little-endian is p64_l, big-endian ppc64_l', () => {
    expect(rlmPlatform('linux', 'ppc64', 'LE')).toBe('p64_l');
    expect(rlmPlatform('linux', 'ppc64', 'BE')).toBe('ppc64_l');
  });
});

describe('timezone= (seed 002 "Timezone Restrictions": a hex bitmask of hours west of GMT)', () => {
  const at = (minutesWest: number) => facts({ timezoneOffsetMinutes: minutesWest });

  it('"to allow your application to run in the GMT timezone only: timezone=1"', () => {
    expect(timezoneMatches('1', at(0)).matches).toBe(true);
    expect(timezoneMatches('1', at(60)).matches).toBe(false);
  });

  it('"To allow your application to run in timezone 8 (PST): timezone=100"', () => {
    expect(timezoneMatches('100', at(480)).matches).toBe(true);
    expect(timezoneMatches('100', at(420)).matches).toBe(false);
  });

  it('PST in summer is still zone 8 when the standard offset is known', () => {
    expect(timezoneMatches('100', facts({ timezoneOffsetMinutes: 420, standardTimezoneOffsetMinutes: 480 })).matches).toBe(true);
  });

  it('"to run in timezones 5-8 (continental USA): timezone=1E0"', () => {
    for (const h of [5, 6, 7, 8]) expect(timezoneMatches('1E0', at(h * 60)).matches).toBe(true);
    for (const h of [0, 4, 9]) expect(timezoneMatches('1e0', at(h * 60)).matches).toBe(false);
  });

  it('"Bit 23 - 23 hours west of GMT (or 1 hour east of GMT)"', () => {
    expect(hoursWestOfGmt(-60)).toBe(23);
    expect(timezoneMatches('800000', at(-60)).matches).toBe(true);
    expect(timezoneMatches('0x800000', at(-60)).matches).toBe(true);
  });

  it('half-hour zones count whole hours toward GMT (India, 5:30 east → bit 19)', () => {
    expect(hoursWestOfGmt(-330)).toBe(19);
  });

  it('a miss names the allowed zones and this one', () => {
    expect(timezoneMatches('1E0', at(-60)).detail).toBe(
      'timezone=1E0 allows hours west of GMT 5, 6, 7, 8 while this host\'s time zone is bit 23 (1 hour east of GMT)',
    );
  });

  it('a value that is not hex cannot be checked', () => {
    expect(timezoneMatches('PST', at(480))).toMatchObject({ matches: false, verifiable: false });
  });
});

describe('disable= (seed 002 "Disable Computing Environments")', () => {
  const vm = facts({ virtualMachine: true, virtualMachineEvidence: "DMI product name is 'KVM'" });

  it('"VM: Disable use on Virtual Machines" — disabled on a VM, with the evidence', () => {
    const m = disabledEnvironment('VM', vm);
    expect(m.matches).toBe(true);
    expect(m.detail).toBe("disabled on virtual machines, and this is one: DMI product name is 'KVM'");
  });

  it('not disabled on a physical machine', () => {
    expect(disabledEnvironment('vm', facts())).toMatchObject({ matches: false, verifiable: true });
  });

  it('unknown VM status: not disabled, but not verifiable', () => {
    const m = disabledEnvironment('VM', facts({ virtualMachine: null, virtualMachineEvidence: null }));
    expect(m).toMatchObject({ matches: false, verifiable: false });
    expect(m.detail).toMatch(/could not tell/);
  });

  it('"if the application is running in any of these environments, the license will not be usable"', () => {
    expect(disabledEnvironment('"TerminalServer VM"', vm).matches).toBe(true);
    expect(disabledEnvironment('TerminalServer', facts({ terminalServer: true })).matches).toBe(true);
    expect(disabledEnvironment('TerminalServer', facts()).matches).toBe(false);
  });

  it('"TerminalServerAllowRD: Disable use on Windows Terminal Server but allow use via Remote Desktop"', () => {
    expect(disabledEnvironment('TerminalServerAllowRD', facts({ terminalServer: true }))).toMatchObject({ matches: false, verifiable: false });
  });

  it('"you can\'t disable both TerminalServer and TerminalServerAllowRD – they are mutually exclusive"', () => {
    expect(disabledEnvironment('"TerminalServer TerminalServerAllowRD"', facts()).detail).toMatch(/mutually exclusive/);
  });

  it('an unknown environment is named', () => {
    expect(disabledEnvironment('Docker', facts()).detail).toMatch(/Docker is not a computing environment RLM knows/);
  });
});
