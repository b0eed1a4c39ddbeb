import { describe, expect, it } from 'vitest';
import { evaluateLicenses, evaluateLicenseSet, selectServed, type EvaluateInputs } from '../../../src/licmodel/evaluate.js';
import type { License } from '../../../src/licmodel/license.js';
import { file, host, lic } from './factory.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const here = host();
const inputs: EvaluateInputs = { now: NOW, host: here };
const served = { serverHostids: ['80b918aa'], serverAddresses: [{ host: 'melody', port: 2700 }] };

const one = (spec: string, extra: Partial<EvaluateInputs> = {}, o: Parameters<typeof lic>[1] = {}) => {
  const [e] = evaluateLicenses([lic(spec, o)], { ...inputs, ...extra });
  if (e === undefined) throw new Error('no evaluation');
  return e;
};
const codes = (rs: { code: string }[]): string[] => rs.map((r) => r.code);

describe('evaluateLicenses: dates', () => {
  it('a current license is ok', () => {
    expect(one('LICENSE i p 1.0 31-dec-2026 uncounted hostid=any').status).toBe('ok');
  });
  it('"The license expires at midnight on the date specified": expired on the next day, with a fix', () => {
    const e = one('LICENSE i p 1.0 14-jun-2026 uncounted hostid=any');
    expect(e.status).toBe('expired');
    expect(e.problems[0]).toMatchObject({ code: 'expired', message: 'expired on 2026-06-14' });
    expect(e.problems[0]?.hint).toMatch(/ending after 2026-06-14/);
    expect(one('LICENSE i p 1.0 15-jun-2026 uncounted hostid=any').status).toBe('ok');
  });
  it('exptime= ends it during the day', () => {
    expect(one('LICENSE i p 1.0 15-jun-2026 uncounted hostid=any exptime=11:00').status).toBe('expired');
    expect(one('LICENSE i p 1.0 15-jun-2026 uncounted hostid=any exptime=13:00').status).toBe('ok');
  });
  it('the local day comes from the host facts', () => {
    // 12:00 UTC is already 16 June at UTC+13 (offset -780)
    expect(one('LICENSE i p 1.0 15-jun-2026 uncounted hostid=any', { host: host({ timezoneOffsetMinutes: -780 }) }).status).toBe('expired');
  });
  it('"the license cannot be used before the specified date"', () => {
    const e = one('LICENSE i p 1.0 permanent uncounted hostid=any start=1-jul-2026');
    expect(e.status).toBe('not_started');
    expect(e.problems[0]?.message).toBe('starts on 2026-07-01');
  });
  it('notes a license ending within 14 days', () => {
    const e = one('LICENSE i p 1.0 20-jun-2026 uncounted hostid=any');
    expect(e.status).toBe('ok');
    expect(e.notes.find((n) => n.code === 'expires_soon')?.message).toBe('expires in 5 days (2026-06-20)');
  });
});

describe('evaluateLicenses: where it may be used', () => {
  it('a node-locked license for another machine is wrong_host, saying what this host has', () => {
    const e = one('LICENSE i p 1.0 permanent uncounted hostid=0090f5df5601');
    expect(e.status).toBe('wrong_host');
    expect(e.problems[0]?.message).toMatch(/0090f5df5601.*this host has 00:90:f5:df:56:00/);
  });
  it('"The license can be used on any of the hostids in the list."', () => {
    expect(one('LICENSE i p 1.0 permanent uncounted hostid="ip=10.0.0.1 0090f5df5600"').status).toBe('ok');
    expect(one('LICENSE i p 1.0 permanent uncounted hostid="user=joe"').status).toBe('ok');
  });
  it('a counted license is checked against its server on the server, and says so here', () => {
    const e = one('LICENSE i p 1.0 permanent 5', {}, served);
    expect(e.status).toBe('ok');
    expect(e.needsServer).toBe(true);
    expect(e.notes.find((n) => n.code === 'needs_server')?.message).toBe('needs the server at melody:2700');
    expect(e.notes.find((n) => n.code === 'server_hostid')?.message).toMatch(/hostid 80b918aa; that is checked there/);
  });
  it('a counted license without a port names the default port of its dialect', () => {
    const e = one('LICENSE i p 1.0 permanent 5', {}, { serverHostids: ['x'], serverAddresses: [{ host: 'h', port: null }] });
    expect(e.notes.find((n) => n.code === 'needs_server')?.message).toBe('needs the server at h:5053');
  });
  it('platforms=, timezone= and disable= are checked against this host', () => {
    expect(one('LICENSE i p 1.0 permanent uncounted hostid=any platforms="x64_w x64_m"').status).toBe('wrong_platform');
    expect(one('LICENSE i p 1.0 permanent uncounted hostid=any platforms="x64_l1"').status).toBe('ok');
    // "to allow your application to run in timezone 8 (PST): timezone=100"
    expect(one('LICENSE i p 1.0 permanent uncounted hostid=any timezone=100').status).toBe('wrong_timezone');
    expect(one('LICENSE i p 1.0 permanent uncounted hostid=any timezone=100', { host: host({ timezoneOffsetMinutes: 480 }) }).status).toBe('ok');
    const vm = host({ virtualMachine: true, virtualMachineEvidence: 'DMI product name VMware' });
    const e = one('LICENSE i p 1.0 permanent uncounted hostid=any disable=VM', { host: vm });
    expect(e.status).toBe('disabled_here');
    expect(codes(e.problems)).toEqual(['disabled_vm']);
    const unknown = one('LICENSE i p 1.0 permanent uncounted hostid=any disable=VM', { host: host({ virtualMachine: null }) });
    expect(unknown.status).toBe('ok');
    expect(codes(unknown.notes)).toContain('environment_unverifiable');
  });
  it('a hostid this machine cannot check is a note on a client, not a problem', () => {
    const e = one('LICENSE i p 1.0 permanent uncounted hostid=rlmid1=83561095');
    expect(e.status).toBe('ok');
    expect(codes(e.notes)).toContain('hostid_unverifiable');
  });
});

describe('evaluateLicenses: signature, syntax, status order', () => {
  it('reports what the signature checker says', () => {
    const bad = one('LICENSE i p 1.0 permanent uncounted hostid=any', { signature: () => ({ status: 'invalid', detail: 'count changed' }) });
    expect(bad.status).toBe('bad_signature');
    expect(bad.problems[0]?.message).toMatch(/count changed/);
    const foreign = one('LICENSE i p 1.0 permanent uncounted hostid=any', { signature: () => ({ status: 'foreign', detail: 'not verifiable here (RLM signature)' }) });
    expect(foreign.status).toBe('ok');
    expect(foreign.notes.map((n) => n.message)).toContain('signature not verifiable here (RLM signature)');
  });
  it('a license with reader errors is bad_syntax and names file:line:column', () => {
    const l: License = { ...lic('LICENSE i p 1.0 permanent uncounted hostid=any'), defects: [{ code: 'LIC_BAD_DATE', message: 'bad', line: 3, column: 7 }] };
    const [e] = evaluateLicenses([l], inputs);
    expect(e?.status).toBe('bad_syntax');
    expect(e?.problems[0]?.message).toBe('test.lic:3:7: bad');
  });
  it('lists every problem; the status is the first of them in STATUS_ORDER', () => {
    const e = one('LICENSE i p 1.0 1-jan-2020 uncounted hostid=0090f5df5601 start=1-jan-2030 platforms=x64_w');
    expect(codes(e.problems)).toEqual(['wrong_host', 'wrong_platform', 'expired', 'not_started']);
    expect(e.status).toBe('expired');
  });
  it('ISV password: a served license notes "password needed"', () => {
    const e = one('LICENSE i p 1.0 permanent 5', {}, { ...served, isvPassword: 'secret' });
    expect(codes(e.notes)).toContain('password_needed');
    // "license passwords only work with served licenses"
    expect(codes(one('LICENSE i p 1.0 permanent uncounted hostid=any', {}, { isvPassword: 'secret' }).notes)).not.toContain('password_needed');
  });
});

describe('evaluateLicenseSet: _id, replace and upgrade in seed 002 order', () => {
  it('"This sort is done prior to REPLACE processing": output in _id order, replaced ones say by what', () => {
    const ls = file([
      'LICENSE i p 1.0 permanent uncounted hostid=any issued=1-jan-2020',
      'LICENSE i p 2.0 permanent uncounted hostid=any issued=1-jan-2024 replace _id=1',
    ]);
    const es = evaluateLicenses(ls, inputs);
    expect(es.map((e) => [e.license.version, e.status])).toEqual([
      ['2.0', 'ok'],
      ['1.0', 'replaced'],
    ]);
    expect(es[1]?.problems[0]?.message).toBe('replaced by test.lic:2 (p 2.0, issued 1-jan-2024)');
  });
  it('a license for another host replaces nothing here', () => {
    const ls = file(['LICENSE i p 1.0 permanent uncounted hostid=any', 'LICENSE i p 2.0 permanent uncounted hostid=0090f5df5601 issued=1-jan-2024 replace']);
    expect(evaluateLicenses(ls, inputs).map((e) => e.status)).toEqual(['ok', 'wrong_host']);
  });
  it('"License replace processing is done ... before upgrade processing": a replaced base is not upgraded', () => {
    const ls = file([
      'LICENSE i p 1.0 permanent 5',
      'LICENSE i p 1.5 permanent 5 issued=1-jan-2024 replace',
      'UPGRADE i p 1.0 2.0 permanent 5 issued=1-feb-2024',
    ], served);
    const set = evaluateLicenseSet(ls, inputs);
    expect(set.evaluations.map((e) => [e.license.kind, e.license.version, e.status])).toEqual([
      ['license', '1.0', 'replaced'],
      ['license', '2.0', 'ok'],
      ['upgrade', '2.0', 'ok'],
    ]);
    // an UPGRADE line is a license of the product too: without a later date, replace takes it as well
    const older = file(['LICENSE i p 1.5 permanent 5 issued=1-jan-2024 replace', 'UPGRADE i p 1.0 2.0 permanent 5'], served);
    expect(evaluateLicenses(older, inputs).map((e) => e.status)).toEqual(['ok', 'replaced']);
    expect(set.evaluations[1]?.notes.find((n) => n.code === 'upgraded')?.message).toBe('upgraded from version 1.5 to 2.0 by the UPGRADE at test.lic:3');
  });
  it('an expired base is not upgraded, and the UPGRADE line says it found no base', () => {
    const ls = file(['LICENSE i p 1.0 1-jan-2020 5', 'UPGRADE i p 1.0 2.0 permanent 5'], served);
    const set = evaluateLicenseSet(ls, inputs);
    expect(set.evaluations.map((e) => e.license.version)).toEqual(['1.0', '2.0']);
    expect(codes(set.evaluations[1]?.notes ?? [])).toContain('upgrade_no_base');
    expect(set.warnings[0]).toMatch(/grants nothing/);
  });
});

describe('evaluate from the server side, and selectServed (seed 003)', () => {
  const server = { ...inputs, perspective: 'server' as const, host: host({ ethernet: ['80b918aa0000'], hostname: 'melody' }) };
  it('"ISV servers process all licenses in all files that have a valid hostid" — the HOST line is the server\'s', () => {
    const mine = file(['LICENSE i p 1.0 permanent 5'], { serverHostids: ['80b918aa0000'], serverAddresses: [{ host: 'melody', port: 5053 }] });
    const other = file(['LICENSE i q 1.0 permanent 5'], { serverHostids: ['112233445566'], serverAddresses: [{ host: 'x', port: 5053 }], fileIndex: 1 });
    const es = evaluateLicenses([...mine, ...other], server);
    expect(es.map((e) => e.status)).toEqual(['ok', 'wrong_host']);
    expect(es[1]?.problems[0]?.message).toMatch(/^the HOST\/SERVER line is for another machine: /);
  });
  it('a counted license without a HOST line is not served', () => {
    expect(codes(evaluateLicenses([lic('LICENSE i p 1.0 permanent 5')], server)[0]?.problems ?? [])).toEqual(['no_host_line']);
  });
  it('client restrictions (platforms=) are not the server\'s to check; node-locked counted licenses name their clients', () => {
    const e = evaluateLicenses(file(['LICENSE i p 1.0 permanent 5 platforms=x64_w hostid=aabbccddeeff'], { serverHostids: ['80b918aa0000'] }), server)[0];
    expect(e?.status).toBe('ok');
    expect(codes(e?.notes ?? [])).toContain('client_hostid');
  });
  it('selectServed keeps ok licenses, leaves out single ones ("ISV servers do not process single-use licenses") and notes those expiring within 14 days', () => {
    const ls = file(
      ['LICENSE i p 1.0 permanent 5', 'LICENSE i s 1.0 permanent single hostid=any', 'LICENSE i e 1.0 1-jan-2020 5', 'LICENSE i soon 1.0 20-jun-2026 5'],
      { serverHostids: ['80b918aa0000'] },
    );
    const sel = selectServed(evaluateLicenseSet(ls, server));
    expect(sel.served.map((l) => l.product)).toEqual(['p', 'soon']);
    expect(sel.excluded.map((x) => [x.license.product, codes(x.reasons)])).toEqual([
      ['s', ['single_not_served']],
      ['e', ['expired']],
    ]);
    expect(sel.expiringSoon.map((e) => e.license.product)).toEqual(['soon']);
  });
});
