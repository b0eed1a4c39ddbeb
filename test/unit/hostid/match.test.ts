// matchHostid over every hostid form of both dialects, lists, wildcards, case and separators.
import { describe, expect, it } from 'vitest';
import { describeHostid, ipMatches, matchHostid, matchOneHostid } from '../../../src/hostid/match.js';
import { facts } from './facts.js';

const here = facts();

describe('single hostids that match this host', () => {
  it.each([
    ['ANY', 'any'],
    ['any', 'any'],
    ['DEMO', 'demo'],
    ['sn=123-456-789', 'serial'],
    ['0242ac110002', 'ethernet'],
    ['0242AC110002', 'ethernet'],
    ['02:42:ac:11:00:02', 'ethernet'],
    ['02-42-AC-11-00-02', 'ethernet'],
    ['ether=0242ac110002', 'ethernet'],
    ['ETHER=02:42:AC:11:00:02', 'ethernet'],
    ['ip=172.16.7.200', 'ip'],
    ['IP=172.16.7.200', 'ip'],
    ['internet=10.0.0.5', 'ip'],
    ['INTERNET=172.16.*.*', 'ip'],
    ['ip=172.16.7.*', 'ip'],
    ['ip=*.*.*.200', 'ip'],
    ['ip=172.*', 'ip'],
    ['ip=FE80::42:ACFF:FE11:2', 'ip'],
    ['host=zeus.example.com', 'host'],
    ['host=ZEUS.Example.com', 'host'],
    ['host=zeus', 'host'],
    ['HOSTNAME=Zeus', 'host'],
    ['user=joe', 'user'],
    ['USER=JOE', 'user'],
  ])('%s matches (form %s)', (spec, form) => {
    const m = matchHostid(spec, here);
    expect(m.matches).toBe(true);
    expect(m.form).toBe(form);
    expect(m.verifiable).toBe(true);
  });
});

describe('single hostids that do not match this host', () => {
  it.each([
    ['0090f5df5600', /^locked to ethernet 0090f5df5600 while this host has 02:42:ac:11:00:02, 00:90:f5:df:56:01$/],
    ['ip=172.16.7.201', /^locked to ip=172\.16\.7\.201 while this host has 172\.16\.7\.200, 10\.0\.0\.5/],
    ['INTERNET=192.168.*.*', /^locked to INTERNET=192\.168\.\*\.\* while this host has/],
    ['ip=172.17.*', /^locked to ip=172\.17\.\* while/],
    ['host=melody', /^locked to host=melody while this host is zeus\.example\.com$/],
    // a fully qualified name in the license does not match a different domain
    ['host=zeus.other.org', /while this host is zeus\.example\.com/],
    ['user=bob', /^locked to user=bob while the current user is joe$/],
  ])('%s does not match, and says why', (spec, detail) => {
    const m = matchHostid(spec, here);
    expect(m.matches).toBe(false);
    expect(m.verifiable).toBe(true);
    expect(m.detail).toMatch(detail);
  });

  it('a host with no interfaces says so', () => {
    const m = matchHostid('0090f5df5600', facts({ ethernet: [], ip: [] }));
    expect(m.detail).toBe('locked to ethernet 0090f5df5600 while this host has no ethernet address');
    expect(matchHostid('ip=1.2.3.4', facts({ ip: [] })).detail).toMatch(/no network address/);
  });
});

describe('user= (seed 002: "Any white space in a username is converted to the underscore character ... usernames are case-insensitive")', () => {
  it('a user name with spaces matches its underscore form', () => {
    expect(matchHostid('user=Joe_Smith', facts({ user: 'joe smith' })).matches).toBe(true);
    expect(matchHostid('USER=JOE_SMITH', facts({ user: 'Joe  Smith' })).matches).toBe(true);
  });
  it('an unknown current user matches nothing', () => {
    expect(matchHostid('user=joe', facts({ user: '' })).matches).toBe(false);
  });
});

describe('forms this machine cannot check', () => {
  it.each([
    ['rlmid1=83561095', /rlmid1=83561095 is an RLM dongle/],
    ['rlmid2=9a763f21', /dongle/],
    ['uuid=699A4D56-58BF-1C83-D63C-27A8BEB8011A', /BIOS\/VM uuid/],
    ['ID=1234-5678', /vendor-assigned FlexLM ID/],
    ['FLEXID=9-12345678', /FlexLM dongle/],
    ['COMPOSITE=1234ABCD5678', /composite/],
    ['DISPLAY=/dev/tty1', /display/],
    ['gc=3797742226458986650', /Google Compute/],
    ['AMZN_EIP=1.2.3.4', /AMZN_EIP= hostid/],
    ['12345678', /32-bit hostid/],
    ['DISK_SERIAL_NUM=a02ed79', /disk serial number/],
    ['disksn=WDWX60AC946860', /disk serial number/],
  ])('%s: no match, "cannot verify"', (spec, detail) => {
    const m = matchHostid(spec, here);
    expect(m.matches).toBe(false);
    expect(m.verifiable).toBe(false);
    expect(m.detail).toMatch(detail);
    expect(m.detail).toMatch(/cannot verify on this machine/);
  });

  it('a template placeholder is not a hostid form licutil knows', () => {
    const m = matchHostid('<optional-mac-address>', here);
    expect(m).toMatchObject({ matches: false, verifiable: false });
    expect(m.detail).toMatch(/not a hostid form licutil knows/);
  });
});

describe('forms checked when the facts are known', () => {
  it('DISK_SERIAL_NUM compares without case and leading zeros (fixture 12: 0a02ed79 / a02ed79)', () => {
    const f = facts({ diskSerials: ['0A02ED79'] });
    expect(matchHostid('DISK_SERIAL_NUM=a02ed79', f).matches).toBe(true);
    expect(matchHostid('disksn=b02ed79', f)).toMatchObject({ matches: false, verifiable: true });
  });
  it('an 8-hex hostid is the 32-bit hostid, or a volume serial number on Windows', () => {
    expect(matchHostid('80b918aa', facts({ hostid32: '80b918aa' })).matches).toBe(true);
    expect(matchHostid('80B918AA', facts({ hostid32: '80b918ab' }))).toMatchObject({ matches: false, verifiable: true });
    expect(matchHostid('0a02ed79', facts({ diskSerials: ['a02ed79'] })).matches).toBe(true);
  });
});

describe('hostid lists (seed 002: "The license can be used on any of the hostids in the list")', () => {
  const rlmList = '"ip=172.16.7.200 12345678 rlmid1=83561095 user=joe"';

  it('the RLM example list matches through its ip= and user= elements', () => {
    const m = matchHostid(rlmList, here);
    expect(m.matches).toBe(true);
    expect(m.form).toBe('ip');
  });

  it('still quoted, with the attribute name, and in FlexLM spelling', () => {
    expect(matchHostid(`hostid=${rlmList}`, here).matches).toBe(true);
    expect(matchHostid('HOSTID="0090f5df5600 INTERNET=10.0.*.*"', here).matches).toBe(true);
    expect(matchHostid('“0090f5df5600 user=joe”', here).matches).toBe(true);
  });

  it('no element matching: every reason in one sentence', () => {
    const m = matchHostid(rlmList, facts({ ip: ['10.9.9.9'], user: 'bob' }));
    expect(m.matches).toBe(false);
    expect(m.verifiable).toBe(true);
    expect(m.detail).toMatch(/^locked to 4 hostids, none of them this host: /);
    expect(m.detail).toContain('ip=172.16.7.200 while this host has 10.9.9.9');
    expect(m.detail).toContain('rlmid1=83561095 is an RLM dongle');
    expect(m.detail).toContain('user=joe while the current user is bob');
  });

  it('a list of only uncheckable forms is not verifiable', () => {
    expect(matchHostid('"rlmid1=1 uuid=2"', here)).toMatchObject({ matches: false, verifiable: false });
  });

  it('the empty hostid matches nothing', () => {
    expect(matchHostid('  ""  ', here)).toMatchObject({ matches: false, detail: 'the hostid is empty' });
  });

  it('matchOneHostid does not split', () => {
    expect(matchOneHostid('ANY', here).matches).toBe(true);
  });
});

describe('ip wildcards', () => {
  it.each([
    ['172.16.*.*', '172.16.7.200', true],
    ['172.16.*.*', '172.17.7.200', false],
    ['*.*.*.*', '1.2.3.4', true],
    ['172.*', '172.16.7.200', true],
    ['172.16.7', '172.16.7.200', false],
    ['172.16.7.200.1', '172.16.7.200', false],
    ['*', '10.0.0.1', true],
  ])('%s vs %s → %s', (p, a, want) => {
    expect(ipMatches(p, a)).toBe(want);
  });
});

describe('describeHostid', () => {
  it('names each element of a list with its form and bare value', () => {
    expect(describeHostid('hostid="ip=172.16.7.200 12345678 rlmid1=83561095 user=joe 02:42:AC:11:00:02 ANY"')).toEqual([
      { form: 'ip', value: '172.16.7.200' },
      { form: 'hostid32', value: '12345678' },
      { form: 'rlmid', value: '83561095' },
      { form: 'user', value: 'joe' },
      { form: 'ethernet', value: '0242ac110002' },
      { form: 'any', value: 'ANY' },
    ]);
  });
  it('FlexLM forms', () => {
    expect(describeHostid('"DISK_SERIAL_NUM=a02ed79 HOSTNAME=h INTERNET=1.2.*.* ID=7 FLEXID=9-1 DEMO"').map((d) => d.form)).toEqual([
      'disk',
      'host',
      'ip',
      'id',
      'flexid',
      'demo',
    ]);
  });
});

describe('hostids from the real files in ../shared/fixtures/licenses', () => {
  it.each([
    ['00808e8a8f63', 'ethernet'], // 16_flexlm_xilinx_eval_wrapped_count_crlf.lic
    ['DISK_SERIAL_NUM=a02ed79', 'disk'], // 12_flexlm_xilinx_sdsoc_package_crlf.lic
    ['ANY', 'any'], // 05, 07, 30
    ['000c2951ba8f', 'ethernet'],
    ['11BC4B7C8AB4', 'ethernet'], // SERVER zeion-11.warble.com
    ['abcdef123456', 'ethernet'], // HOST My-RLM-server
    ['<optional-mac-address>', 'unknown'], // 13_flexlm_matlab_network_placeholder.lic
  ])('%s is read as %s', (spec, form) => {
    expect(describeHostid(spec)).toEqual([expect.objectContaining({ form })]);
    expect(() => matchHostid(spec, here)).not.toThrow();
  });
});
