// `licutil lmdiag` end to end: can each feature be used on this machine, and
// if not, every reason with its fix. Needs `npm run build` first; the clock is
// LICUTIL_NOW=2026-06-15T12:00:00Z (test/helpers/cli.ts).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runJson, type RunOptions } from '../helpers/cli.js';

interface ReasonJson {
  code: string;
  message: string;
  hint?: string;
}
interface CandidateJson {
  kind: string;
  isv: string;
  product: string;
  version: string;
  status: string;
  file: string;
  line: number;
  usable: boolean;
  reasons: ReasonJson[];
  notes: ReasonJson[];
  problems: ReasonJson[];
  servers: string[];
  signature: { status: string; detail: string };
  via_package: string | null;
}
interface FeatureJson {
  product: string;
  version: string | null;
  usable: boolean;
  reasons: ReasonJson[];
  candidates: CandidateJson[];
}
interface LmdiagJson {
  host: {
    hostname: string;
    platform: string;
    user: string;
    virtual_machine: { detected: boolean | null; evidence: string | null };
  };
  usable: boolean;
  features: FeatureJson[];
  diagnostics: Array<{ severity: string; code: string; file: string; line: number; column: number }>;
}

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

interface Site {
  dir: string;
  at: (f: string) => string;
  opts: (env?: Record<string, string>) => RunOptions;
}

/** A fresh directory with these license files, a HOME of its own and TZ=UTC (timezone= checks). */
function site(files: Record<string, string>): Site {
  const dir = mkdtempSync(path.join(tmpdir(), 'licutil-lmdiag-'));
  dirs.push(dir);
  const home = path.join(dir, 'home');
  mkdirSync(home);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return { dir, at: (f) => path.join(dir, f), opts: (env = {}) => ({ cwd: dir, env: { HOME: home, TZ: 'UTC', ...env } }) };
}

function feature(j: LmdiagJson, product: string): FeatureJson {
  const f = j.features.find((x) => x.product === product);
  if (!f) throw new Error(`no feature ${product} in ${JSON.stringify(j.features.map((x) => x.product))}`);
  return f;
}

const codes = (reasons: readonly ReasonJson[]) => reasons.map((r) => r.code);

const ACME = `HOST srv1 any 5053
ISV acme
LICENSE acme viewer 1.0 permanent uncounted hostid=any
LICENSE acme solver 3.1 31-dec-2099 2
LICENSE acme old 1.0 1-jan-2020 uncounted hostid=any
LICENSE acme future 1.0 permanent uncounted hostid=any start=1-jan-2027
LICENSE acme locked 1.0 permanent uncounted hostid=0badc0ffee99
LICENSE acme rep 1.0 permanent uncounted hostid=any issued=1-jan-2024
LICENSE acme rep 2.0 permanent uncounted hostid=any issued=1-mar-2026 replace
LICENSE acme guarded 1.0 permanent 3 _password=sesame
LICENSE acme plat 1.0 permanent uncounted hostid=any platforms=sun64_s
LICENSE acme tz 1.0 permanent uncounted hostid=any timezone=2
`;

describe('lmdiag: one feature', () => {
  it('a usable feature: exit 0, usable everywhere in the JSON, "can be used here" in the text', () => {
    const s = site({ 'acme.lic': ACME });
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'viewer', '-c', s.at('acme.lic')], s.opts());
    expect(code).toBe(0);
    expect(json.usable).toBe(true);
    expect(json.features).toHaveLength(1);
    expect(feature(json, 'viewer')).toMatchObject({ product: 'viewer', version: null, usable: true, reasons: [] });
    expect(feature(json, 'viewer').candidates).toEqual([
      expect.objectContaining({ product: 'viewer', line: 3, usable: true, reasons: [], status: 'ok', file: s.at('acme.lic') }),
    ]);
    const text = runCli(['lmdiag', 'viewer', '-n', '-c', s.at('acme.lic')], s.opts());
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^This host: .*virtual machine: /);
    expect(text.stdout).toMatch(/viewer: can be used here/);
    expect(text.stdout).not.toContain('\u001b');
  });

  it('FEATURE:VERSION above the license: exit 1, version_too_low with its fix', () => {
    const s = site({ 'acme.lic': ACME });
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'solver:3.5', '-c', s.at('acme.lic')], s.opts());
    expect(code).toBe(1);
    const f = feature(json, 'solver');
    expect(f).toMatchObject({ version: '3.5', usable: false });
    expect(codes(f.reasons)).toEqual(['version_too_low']);
    expect(f.reasons[0]?.message).toContain("version 3.5 asked is above the license's 3.1");
    expect(f.reasons[0]?.message).toContain(`${s.at('acme.lic')}:4`);
    expect(f.reasons[0]?.hint).toMatch(/Ask for version 3.1 or lower/);
    // versions at or below the license's are fine ("1.2 > 1.10": 3.1 >= 3.05)
    expect(runJson<LmdiagJson>(['lmdiag', 'solver:3.1', '-c', s.at('acme.lic')], s.opts()).code).toBe(0);
    expect(runJson<LmdiagJson>(['lmdiag', 'solver:3.05', '-c', s.at('acme.lic')], s.opts()).code).toBe(0);
    const text = runCli(['lmdiag', 'solver:3.5', '-c', s.at('acme.lic')], s.opts());
    expect(text.stdout).toMatch(/solver v3\.5: cannot be used here/);
    expect(text.stdout).toMatch(/version 3\.5 asked is above the license's 3\.1[^\n]*\n\s+fix: Ask for version 3\.1 or lower/);
  });

  it('expired: "expired on DATE", with the fix', () => {
    const s = site({ 'acme.lic': ACME });
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'old', '-c', s.at('acme.lic')], s.opts());
    expect(code).toBe(1);
    const c = feature(json, 'old').candidates[0];
    expect(c?.reasons).toEqual([expect.objectContaining({ code: 'expired', message: 'expired on 2020-01-01', hint: expect.stringMatching(/^Renew the license/) as unknown })]);
    expect(feature(json, 'old').reasons[0]?.message).toBe(`${s.at('acme.lic')}:5: expired on 2020-01-01`);
  });

  it('seed 002 start=: "the license cannot be used before the specified date"', () => {
    const s = site({ 'acme.lic': ACME });
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'future', '-c', s.at('acme.lic')], s.opts());
    expect(code).toBe(1);
    expect(feature(json, 'future').candidates[0]?.reasons).toEqual([
      expect.objectContaining({ code: 'not_started', message: 'starts on 2027-01-01', hint: expect.stringMatching(/Wait until 2027-01-01/) as unknown }),
    ]);
  });

  it('a hostid of another machine: "locked to ... while this host is/has ...", with the fix', () => {
    const s = site({ 'acme.lic': ACME });
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'locked', '-c', s.at('acme.lic')], s.opts());
    expect(code).toBe(1);
    const r = feature(json, 'locked').candidates[0]?.reasons ?? [];
    expect(codes(r)).toEqual(['wrong_host']);
    expect(r[0]?.message).toMatch(/^locked to .*0badc0ffee99 while this host/);
    expect(r[0]?.hint).toMatch(/licutil hostid/);
  });

  it('replaced: the old line says "replaced by file:line"; the feature is usable through the new one', () => {
    const s = site({ 'acme.lic': ACME });
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'rep', '-c', s.at('acme.lic')], s.opts());
    expect(code).toBe(0);
    const f = feature(json, 'rep');
    expect(f.candidates.map((c) => [c.version, c.usable, codes(c.reasons)])).toEqual([
      ['1.0', false, ['replaced']],
      ['2.0', true, []],
    ]);
    expect(f.candidates[0]?.reasons[0]?.message).toMatch(new RegExp(`^replaced by ${s.at('acme.lic')}:9 `));
    // asking for 1.0 does not help: the replaced line is gone, the new one still serves
    expect(runJson<LmdiagJson>(['lmdiag', 'rep:1.0', '-c', s.at('acme.lic')], s.opts()).code).toBe(0);
  });

  it('platforms= and timezone= that leave this host out: wrong_platform, wrong_timezone', () => {
    const s = site({ 'acme.lic': ACME });
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'plat', 'tz', '-c', s.at('acme.lic')], s.opts());
    expect(code).toBe(1);
    expect(codes(feature(json, 'plat').candidates[0]?.reasons ?? [])).toEqual(['wrong_platform']);
    expect(feature(json, 'plat').candidates[0]?.reasons[0]?.message).toMatch(/sun64_s/);
    // TZ=UTC: hours west of GMT = 0; timezone=2 allows only bit 1
    expect(codes(feature(json, 'tz').candidates[0]?.reasons ?? [])).toEqual(['wrong_timezone']);
    const ok = site({ 'tz.lic': 'LICENSE acme tz 1.0 permanent uncounted hostid=any timezone=1\n' });
    expect(runJson<LmdiagJson>(['lmdiag', 'tz', '-c', ok.at('tz.lic')], ok.opts()).code).toBe(0);
  });

  it('disable=VM follows the virtual-machine verdict shown in host.virtual_machine', () => {
    const s = site({ 'vm.lic': 'LICENSE acme vmx 1.0 permanent uncounted hostid=any disable=VM\n' });
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'vmx', '-c', s.at('vm.lic')], s.opts());
    const vm = json.host.virtual_machine;
    expect(vm.detected === null || typeof vm.detected === 'boolean').toBe(true);
    if (vm.detected === true) {
      expect(code).toBe(1);
      expect(codes(feature(json, 'vmx').candidates[0]?.reasons ?? [])).toEqual(['disabled_vm']);
      expect(vm.evidence).toBeTruthy();
    } else if (vm.detected === false) {
      expect(code).toBe(0);
    }
  });
});

describe('lmdiag: passwords (seed 002 "License Password")', () => {
  it('_password on a counted license: password_needed with the fix; RLM_LICENSE_PASSWORD or --password makes it pass', () => {
    const s = site({ 'acme.lic': ACME });
    const none = runJson<LmdiagJson>(['lmdiag', 'guarded', '-c', s.at('acme.lic')], s.opts());
    expect(none.code).toBe(1);
    const r = feature(none.json, 'guarded').candidates[0]?.reasons ?? [];
    expect(codes(r)).toEqual(['password_needed']);
    expect(r[0]?.hint).toMatch(/RLM_LICENSE_PASSWORD/);
    expect(runJson<LmdiagJson>(['lmdiag', 'guarded', '-c', s.at('acme.lic')], s.opts({ RLM_LICENSE_PASSWORD: 'sesame' })).code).toBe(0);
    expect(runJson<LmdiagJson>(['lmdiag', 'guarded', '--password', 'sesame', '-c', s.at('acme.lic')], s.opts()).code).toBe(0);
    const wrong = runJson<LmdiagJson>(['lmdiag', 'guarded', '--password', 'open', '-c', s.at('acme.lic')], s.opts());
    expect(wrong.code).toBe(1);
    expect(codes(feature(wrong.json, 'guarded').candidates[0]?.reasons ?? [])).toEqual(['password_needed']);
  });

  it('"the password applies to all LICENSE or FEATURE lines which follow the ISV line", not to those before it', () => {
    const s = site({
      'pw.lic': 'HOST srv1 any 5053\nLICENSE acme before 1.0 permanent 2\nISV acme password=xyz\nLICENSE acme after 1.0 permanent 2\n',
    });
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'before', 'after', '-c', s.at('pw.lic')], s.opts());
    expect(code).toBe(1);
    expect(feature(json, 'before').usable).toBe(true);
    expect(codes(feature(json, 'after').candidates[0]?.reasons ?? [])).toEqual(['password_needed']);
    expect(runJson<LmdiagJson>(['lmdiag', 'before', 'after', '-c', s.at('pw.lic')], s.opts({ RLM_LICENSE_PASSWORD: 'xyz' })).code).toBe(0);
  });

  it('"license passwords only work with served licenses, not nodelocked, uncounted or single licenses"', () => {
    const s = site({ 'u.lic': 'LICENSE acme local 1.0 permanent uncounted hostid=any _password=abc\n' });
    expect(runJson<LmdiagJson>(['lmdiag', 'local', '-c', s.at('u.lic')], s.opts()).code).toBe(0);
  });
});

describe('lmdiag: servers, several features, every feature', () => {
  it('a counted license notes "needs the server at HOST:PORT" (5053 for RLM, 27000-27009 for FlexLM when no port is written)', () => {
    const s = site({
      'rlm.lic': 'HOST lic2 any\nISV acme\nLICENSE acme seats 1.0 permanent 4\n',
      'flex.lic': 'SERVER lic1 ANY\nVENDOR simvend\nINCREMENT sim simvend 1.0 permanent 4 SIGN="00"\n',
    });
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'seats', 'sim', '-c', s.dir], s.opts());
    expect(code).toBe(0);
    const seats = feature(json, 'seats').candidates[0];
    expect(seats?.notes).toContainEqual(expect.objectContaining({ code: 'needs_server', message: 'needs the server at lic2:5053' }));
    expect(seats?.servers).toEqual(['lic2:5053']);
    const sim = feature(json, 'sim').candidates[0];
    expect(sim?.notes).toContainEqual(expect.objectContaining({ code: 'needs_server', message: 'needs the server at lic1:27000-27009' }));
    const text = runCli(['lmdiag', 'seats', '-c', s.at('rlm.lic')], s.opts());
    expect(text.stdout).toMatch(/note: needs the server at lic2:5053/);
    // the server was not asked (and lic2 may be down): not "can be used here" (issue 15)
    expect(text.stdout).not.toMatch(/can be used here/);
    expect(text.stdout).toMatch(/seats: licensed for this host, if its server grants a seat \(not asked: lmdiag -n asks it\)/);
  });

  it('no feature named: every licensed product, each once, in file order', () => {
    const s = site({ 'acme.lic': ACME });
    const { code, json } = runJson<LmdiagJson>(['lmdiag', '-c', s.at('acme.lic')], s.opts());
    expect(code).toBe(1); // some of them cannot be used
    expect(json.features.map((f) => [f.product, f.usable])).toEqual([
      ['viewer', true],
      ['solver', true],
      ['old', false],
      ['future', false],
      ['locked', false],
      ['rep', true],
      ['guarded', false],
      ['plat', false],
      ['tz', false],
    ]);
    const good = site({ 'good.lic': 'LICENSE acme a 1.0 permanent uncounted hostid=any\nLICENSE acme b 1.0 permanent uncounted hostid=any\n' });
    const all = runJson<LmdiagJson>(['lmdiag', '-c', good.at('good.lic')], good.opts());
    expect(all.code).toBe(0);
    expect(all.json.features.map((f) => f.product)).toEqual(['a', 'b']);
  });

  it('no feature named and the files license none (a FlexLM file of SERVER lines only): exit 1, usable false', () => {
    const file = path.join(ROOT, 'test/fixtures/licenses/flexlm_servers_only_crlf.lic');
    const { code, json } = runJson<LmdiagJson>(['lmdiag', '-c', file]);
    expect(code).toBe(1);
    expect(json).toMatchObject({ usable: false, features: [] });
    expect(runCli(['lmdiag', '-c', file]).stdout).toMatch(/No licensed features in these license files\./);
  });

  it('a feature no line names: exit 1, no_such_feature "no license for X", with the fix', () => {
    const s = site({ 'acme.lic': ACME });
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'nosuch', '-c', s.at('acme.lic')], s.opts());
    expect(code).toBe(1);
    const f = feature(json, 'nosuch');
    expect(f).toMatchObject({ usable: false, candidates: [] });
    expect(f.reasons).toEqual([
      expect.objectContaining({ code: 'no_such_feature', message: 'no license for nosuch in these license files', hint: expect.stringMatching(/licutil stat/) as unknown }),
    ]);
    expect(runCli(['lmdiag', 'nosuch', '-c', s.at('acme.lic')], s.opts()).stdout).toMatch(/nosuch: cannot be used here\n\s+no license for nosuch/);
  });

  it('several features, one unusable: exit 1; the usable ones still say so', () => {
    const s = site({ 'acme.lic': ACME });
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'viewer', 'solver:3.0', 'old', '-c', s.at('acme.lic')], s.opts());
    expect(code).toBe(1);
    expect(json.usable).toBe(false);
    expect(json.features.map((f) => [f.product, f.version, f.usable])).toEqual([
      ['viewer', null, true],
      ['solver', '3.0', true],
      ['old', null, false],
    ]);
    expect(runJson<LmdiagJson>(['lmdiag', 'viewer', 'solver:3.0', '-c', s.at('acme.lic')], s.opts()).code).toBe(0);
  });

  it('-q: one verdict line per feature, no banner, license lines or reasons; the same exit status', () => {
    const s = site({ 'acme.lic': ACME });
    const q = runCli(['lmdiag', '-q', 'viewer', 'solver:3.0', 'old', '-c', s.at('acme.lic')], s.opts());
    expect(q.code).toBe(1);
    expect(q.stdout.trimEnd().split('\n')).toEqual(['viewer: can be used here', expect.stringMatching(/^solver v3\.0: (can be used here|licensed for this host, if its server grants a seat)/), 'old: cannot be used here']);
    const full = runCli(['lmdiag', 'viewer', 'solver:3.0', 'old', '-c', s.at('acme.lic')], s.opts());
    expect(full.stdout).toMatch(/^This host: /);
    expect(runCli(['lmdiag', '-q', 'viewer', '-c', s.at('acme.lic')], s.opts()).code).toBe(0);
  });

  it('a FlexLM PACKAGE component is diagnosed through the FEATURE that enables it', () => {
    const file = path.join(ROOT, 'test/fixtures/licenses/flexlm_suite_server_noport.lic');
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'DRAFT_2012_0F', '-c', file]);
    expect(code).toBe(1); // the INCREMENTs ended on 15-sep-2011
    const f = feature(json, 'DRAFT_2012_0F');
    expect(f.candidates.length).toBeGreaterThan(0);
    for (const c of f.candidates) {
      expect(c).toMatchObject({ product: 'DRAFTSUITE_F', via_package: 'DRAFTSUITE_F', usable: false });
      expect(codes(c.reasons)).toEqual(['expired']);
    }
  });
});

describe('lmdiag: JSON shape, bad data, no source', () => {
  it('--json: host with virtual_machine, features[].usable, candidates[] with reasons of code/message/hint', () => {
    const s = site({ 'acme.lic': ACME });
    const { json } = runJson<LmdiagJson>(['lmdiag', 'old', 'viewer', '-c', s.at('acme.lic')], s.opts());
    expect(Object.keys(json).sort()).toEqual(['diagnostics', 'features', 'host', 'schema', 'schema_version', 'usable']);
    expect(typeof json.host.hostname).toBe('string');
    expect(typeof json.host.platform).toBe('string');
    expect(typeof json.host.user).toBe('string');
    expect(json.host.virtual_machine).toHaveProperty('detected');
    expect(json.host.virtual_machine).toHaveProperty('evidence');
    for (const f of json.features) {
      expect(typeof f.usable).toBe('boolean');
      for (const c of f.candidates) {
        for (const k of ['kind', 'isv', 'product', 'version', 'expires', 'count', 'type', 'status', 'file', 'line', 'usable', 'reasons', 'via_package']) {
          expect(c).toHaveProperty(k);
        }
        for (const r of c.reasons) {
          expect(typeof r.code).toBe('string');
          expect(typeof r.message).toBe('string');
          expect(typeof r.hint).toBe('string');
        }
      }
    }
  });

  it('a candidate line with syntax errors: exit 65 (repair the file), the located diagnostic on stderr', () => {
    const s = site({ 'bad.lic': 'HOST srv1 any 5053\nISV acme\nLICENSE acme broken 1.0 permanent 3 colour=blue\nLICENSE acme fine 1.0 permanent 3\n' });
    const broken = runJson<LmdiagJson>(['lmdiag', 'broken', '-c', s.at('bad.lic')], s.opts());
    expect(broken.code).toBe(65);
    expect(codes(feature(broken.json, 'broken').candidates[0]?.reasons ?? [])).toEqual(['syntax']);
    expect(broken.json.diagnostics).toEqual([expect.objectContaining({ code: 'LIC_UNKNOWN_ATTRIBUTE', line: 3, column: 37 })]);
    expect(broken.stderr).toContain(`${s.at('bad.lic')}:3:37: LIC_UNKNOWN_ATTRIBUTE`);
    // the good line of the same file is still usable: exit 0, the error still reported
    const fine = runJson<LmdiagJson>(['lmdiag', 'fine', '-c', s.at('bad.lic')], s.opts());
    expect(fine.code).toBe(0);
    expect(fine.stderr).toContain('LIC_UNKNOWN_ATTRIBUTE');
  });

  it('no license source: exit 66 with what was looked at', () => {
    const s = site({});
    const r = runCli(['lmdiag', 'viewer'], s.opts());
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/no license source found/);
    expect(runJson<{ error: { code: string } }>(['lmdiag'], s.opts()).json.error.code).toBe('LICUTIL_E_NO_SOURCE');
  });
});

// Issue 3 "Where public keys come from": --pub FILE, a LICUTIL_KEYS directory of
// <isv>.pub files, or <isv>.pub beside the license file.
describe('lmdiag and stat -i: licutil signatures', () => {
  const SIGNED = `HOST srv1 0000a74f88ce 5053
ISV acme
LICENSE acme cad 2.0 permanent 5 issued=1-jan-2025
LICENSE acme view 1.0 31-dec-2030 uncounted hostid=any
`;
  let keys: string; // holds acme.key and acme.pub
  let otherKeys: string; // a second acme key pair
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'licutil-lmdiag-keys-'));
    keys = path.join(root, 'keys');
    otherKeys = path.join(root, 'other');
    for (const out of [keys, otherKeys]) {
      const r = runCli(['sign', 'keygen', '--isv', 'acme', '--out', out], { cwd: root });
      if (r.code !== 0) throw new Error(`keygen failed: ${r.stderr}`);
    }
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** A site with SIGNED signed by keys/acme.key. */
  function signedSite(): Site {
    const s = site({ 'site.lic': SIGNED });
    const r = runCli(['sign', '--key', path.join(keys, 'acme.key'), s.at('site.lic')], s.opts());
    if (r.code !== 0) throw new Error(`sign failed (${r.code}): ${r.stderr}`);
    expect(readFileSync(s.at('site.lic'), 'utf8')).toMatch(/sig="LU1:/);
    return s;
  }

  /** Change a covered field: the seat count of cad. */
  function editCount(s: Site): void {
    const text = readFileSync(s.at('site.lic'), 'utf8');
    writeFileSync(s.at('site.lic'), text.replace('cad 2.0 permanent 5', 'cad 2.0 permanent 50'));
  }

  it('--pub with the right key: usable, signature valid', () => {
    const s = signedSite();
    const { code, json } = runJson<LmdiagJson>(['lmdiag', '--pub', path.join(keys, 'acme.pub'), '-c', s.at('site.lic')], s.opts());
    expect(code).toBe(0);
    for (const f of json.features) {
      expect(f.usable).toBe(true);
      expect(f.candidates.map((c) => c.signature.status)).toEqual(['valid']);
    }
  });

  it('--pub after a covered field was edited: bad_signature, "signature does not match", exit 1; the untouched line stays usable', () => {
    const s = signedSite();
    editCount(s);
    const { code, json } = runJson<LmdiagJson>(['lmdiag', '--pub', path.join(keys, 'acme.pub'), '-c', s.at('site.lic')], s.opts());
    expect(code).toBe(1);
    const cad = feature(json, 'cad').candidates[0];
    expect(cad).toMatchObject({ usable: false, status: 'bad_signature', signature: { status: 'invalid' } });
    expect(codes(cad?.reasons ?? [])).toEqual(['bad_signature']);
    expect(cad?.reasons[0]?.message).toContain('signature does not match — the line was edited or belongs to another server');
    expect(feature(json, 'view').usable).toBe(true);
    const text = runCli(['lmdiag', 'cad', '--pub', path.join(keys, 'acme.pub'), '-c', s.at('site.lic')], s.opts());
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/signature does not match/);
  });

  it('an uncovered field (_id) edited: still valid', () => {
    const s = signedSite();
    const text = readFileSync(s.at('site.lic'), 'utf8');
    writeFileSync(s.at('site.lic'), text.replace('issued=1-jan-2025', 'issued=1-jan-2025 _id=7'));
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'cad', '--pub', path.join(keys, 'acme.pub'), '-c', s.at('site.lic')], s.opts());
    expect(code).toBe(0);
    expect(feature(json, 'cad').candidates[0]?.signature.status).toBe('valid');
  });

  it('a counted license moved under another HOST: bad_signature (it belongs to another server)', () => {
    const s = signedSite();
    const text = readFileSync(s.at('site.lic'), 'utf8');
    writeFileSync(s.at('site.lic'), text.replace('HOST srv1 0000a74f88ce', 'HOST srv1 0000a74f88cf'));
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'cad', 'view', '--pub', path.join(keys, 'acme.pub'), '-c', s.at('site.lic')], s.opts());
    expect(code).toBe(1);
    expect(codes(feature(json, 'cad').candidates[0]?.reasons ?? [])).toEqual(['bad_signature']);
    // the uncounted line does not depend on the HOST line
    expect(feature(json, 'view').usable).toBe(true);
  });

  it('--pub FILE is the key of the ISV its name says; another name is warned about, and --isv names its ISV', () => {
    const s = signedSite();
    copyFileSync(path.join(keys, 'acme.pub'), s.at('vendor-key.pub'));
    const unnamed = runJson<LmdiagJson>(['lmdiag', 'view', '--pub', s.at('vendor-key.pub'), '-c', s.at('site.lic')], s.opts());
    expect(unnamed.code).toBe(0);
    expect(feature(unnamed.json, 'view').candidates[0]?.signature.status).toBe('unchecked');
    expect(unnamed.stderr).toMatch(/--pub .*vendor-key\.pub is taken as the key of ISV vendor-key, which has no license in these files/);
    const named = runJson<LmdiagJson>(['lmdiag', 'view', '--pub', s.at('vendor-key.pub'), '--isv', 'acme', '-c', s.at('site.lic')], s.opts());
    expect(feature(named.json, 'view').candidates[0]?.signature.status).toBe('valid');
    expect(named.stderr).not.toMatch(/--pub/);
  });

  it('a --pub file that is missing or not a key: exit 78 (bad configuration) with the path', () => {
    const s = signedSite();
    const missing = runCli(['lmdiag', 'view', '--pub', s.at('nokeys/acme.pub'), '-c', s.at('site.lic')], s.opts());
    expect(missing.code).toBe(78);
    expect(missing.stderr).toContain(`${s.at('nokeys/acme.pub')}: no such public key file`);
    writeFileSync(s.at('acme.pub'), 'not a key\n');
    const garbage = runCli(['lmdiag', 'view', '--pub', s.at('acme.pub'), '-c', s.at('site.lic')], s.opts());
    expect(garbage.code).toBe(78);
    expect(garbage.stderr).toMatch(/not a PEM public key/);
  });

  it('a key of another acme key pair: bad_signature', () => {
    const s = signedSite();
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'view', '--pub', path.join(otherKeys, 'acme.pub'), '-c', s.at('site.lic')], s.opts());
    expect(code).toBe(1);
    expect(codes(feature(json, 'view').candidates[0]?.reasons ?? [])).toEqual(['bad_signature']);
  });

  it('LICUTIL_KEYS=DIR finds acme.pub: valid, then bad_signature after the edit', () => {
    const s = signedSite();
    const env = { LICUTIL_KEYS: keys };
    const ok = runJson<LmdiagJson>(['lmdiag', 'cad', '-c', s.at('site.lic')], s.opts(env));
    expect(ok.code).toBe(0);
    expect(feature(ok.json, 'cad').candidates[0]?.signature.status).toBe('valid');
    editCount(s);
    const bad = runJson<LmdiagJson>(['lmdiag', 'cad', '-c', s.at('site.lic')], s.opts(env));
    expect(bad.code).toBe(1);
    expect(codes(feature(bad.json, 'cad').candidates[0]?.reasons ?? [])).toEqual(['bad_signature']);
  });

  it('acme.pub beside the license file: valid, then bad_signature after the edit', () => {
    const s = signedSite();
    copyFileSync(path.join(keys, 'acme.pub'), s.at('acme.pub'));
    const ok = runJson<LmdiagJson>(['lmdiag', 'cad', '-c', s.at('site.lic')], s.opts());
    expect(ok.code).toBe(0);
    expect(feature(ok.json, 'cad').candidates[0]?.signature.status).toBe('valid');
    editCount(s);
    const bad = runJson<LmdiagJson>(['lmdiag', 'cad', '-c', s.at('site.lic')], s.opts());
    expect(bad.code).toBe(1);
    expect(codes(feature(bad.json, 'cad').candidates[0]?.reasons ?? [])).toEqual(['bad_signature']);
  });

  it('no key anywhere: the signature is "not checked (no public key for ISV acme)", and that alone does not block', () => {
    const s = signedSite();
    editCount(s); // cannot be told without the key
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'cad', '-c', s.at('site.lic')], s.opts());
    expect(code).toBe(0);
    const cad = feature(json, 'cad').candidates[0];
    expect(cad?.signature).toEqual({ status: 'unchecked', detail: 'not checked (no public key for ISV acme)' });
    expect(cad?.notes).toContainEqual(expect.objectContaining({ code: 'signature_unchecked', message: expect.stringContaining('not checked (no public key for ISV acme)') as unknown }));
    expect(runCli(['lmdiag', 'cad', '-c', s.at('site.lic')], s.opts()).stdout).toMatch(/note: .*not checked \(no public key for ISV acme\)/);
  });

  it('stat -i --pub: the edited line has status bad_signature, the other stays ok (exit 0: stat shows, it does not judge)', () => {
    const s = signedSite();
    editCount(s);
    const { code, json } = runJson<{ licenses: CandidateJson[] }>(['stat', '-i', '--pub', path.join(keys, 'acme.pub'), '-c', s.at('site.lic')], s.opts());
    expect(code).toBe(0);
    expect(json.licenses.map((l) => [l.product, l.status, l.signature.status])).toEqual([
      ['cad', 'bad_signature', 'invalid'],
      ['view', 'ok', 'valid'],
    ]);
    const without = runJson<{ licenses: CandidateJson[] }>(['stat', '-i', '-c', s.at('site.lic')], s.opts());
    expect(without.json.licenses.map((l) => [l.product, l.status, l.signature.status])).toEqual([
      ['cad', 'ok', 'unchecked'],
      ['view', 'ok', 'unchecked'],
    ]);
  });
});
