import { describe, expect, it } from 'vitest';
import { diagnoseFeature, productsOf } from '../../../src/licmodel/diagnose.js';
import { evaluateLicenses } from '../../../src/licmodel/evaluate.js';
import { file, host, lic } from './factory.js';

const inputs = { now: new Date('2026-06-15T12:00:00Z'), host: host() };
const codes = (rs: { code: string }[]): string[] => rs.map((r) => r.code);

describe('diagnoseFeature (lmdiag)', () => {
  const evals = evaluateLicenses(
    file([
      'LICENSE i calc 1.0 1-jan-2020 uncounted hostid=any',
      'LICENSE i calc 2.0 permanent uncounted hostid=0090f5df5601',
      'LICENSE i write 3.0 permanent uncounted hostid=any',
    ]),
    inputs,
  );

  it('usable when one candidate is ok and its version is high enough', () => {
    const d = diagnoseFeature(evals, 'WRITE', '2.5');
    expect(d.usable).toBe(true);
    expect(d.reasons).toEqual([]);
  });

  it('"version asked is above the license\'s"', () => {
    const d = diagnoseFeature(evals, 'write', '3.1');
    expect(d.usable).toBe(false);
    expect(d.candidates[0]?.reasons[0]).toMatchObject({ code: 'version_too_low', message: "version 3.1 asked is above the license's 3.0 (test.lic:3)" });
  });

  it('every reason of every candidate, each pointing at its line', () => {
    const d = diagnoseFeature(evals, 'calc', '1.5');
    expect(d.usable).toBe(false);
    expect(d.candidates.map((c) => codes(c.reasons))).toEqual([['expired', 'version_too_low'], ['wrong_host']]);
    expect(d.reasons.map((r) => r.message)).toEqual([
      'test.lic:1: expired on 2020-01-01',
      "test.lic:1: version 1.5 asked is above the license's 1.0 (test.lic:1)",
      expect.stringMatching(/^test\.lic:2: locked to/),
    ]);
  });

  it('no license at all for the product', () => {
    const d = diagnoseFeature(evals, 'draw', null);
    expect(d.usable).toBe(false);
    expect(codes(d.reasons)).toEqual(['no_such_feature']);
  });

  it('a counted candidate is usable if its server has a seat, and the note says which server', () => {
    const es = evaluateLicenses([lic('LICENSE i calc 1.0 permanent 5', { serverHostids: ['x'], serverAddresses: [{ host: 'melody', port: 2700 }] })], inputs);
    const d = diagnoseFeature(es, 'calc', null);
    expect(d.usable).toBe(true);
    expect(d.candidates[0]?.notes.map((n) => n.message)).toContain('needs the server at melody:2700');
  });

  it('"If a request ... is made for a license which contains a password, and the request does not specify a matching password" it is not usable', () => {
    const es = evaluateLicenses([lic('LICENSE i calc 1.0 permanent 5 _password=pw', { serverHostids: ['x'], serverAddresses: [{ host: 'h', port: 1 }] })], inputs);
    expect(codes(diagnoseFeature(es, 'calc', null).reasons)).toEqual(['password_needed']);
    expect(diagnoseFeature(es, 'calc', null, { password: 'pw' }).usable).toBe(true);
  });

  it('"replaced by file:line"', () => {
    const es = evaluateLicenses(
      file(['LICENSE i calc 1.0 permanent uncounted hostid=any', 'LICENSE i calc 2.0 1-jan-2020 uncounted hostid=any issued=1-jan-2019 replace']),
      inputs,
    );
    const d = diagnoseFeature(es, 'calc', null);
    expect(d.reasons.map((r) => r.message)).toEqual(['test.lic:1: replaced by test.lic:2 (calc 2.0, issued 1-jan-2019)', 'test.lic:2: expired on 2020-01-01']);
  });

  it('a FlexLM PACKAGE component is enabled by the FEATURE of the package name', () => {
    const pkg = { ...lic('INCREMENT suite vnd 1.000 permanent 1 COMPONENTS="a b:2.0"', { dialect: 'flexlm' }), kind: 'package' as const };
    const feature = lic('INCREMENT suite vnd 1.000 permanent 4', { dialect: 'flexlm', serverHostids: ['x'], serverAddresses: [{ host: 'h', port: null }] });
    const es = evaluateLicenses([pkg, feature], inputs);
    const d = diagnoseFeature(es, 'b', '2.0');
    expect(d.usable).toBe(true);
    expect(d.candidates[0]?.viaPackage).toBe('suite');
    expect(diagnoseFeature(es, 'b', '2.1').usable).toBe(false);
    expect(diagnoseFeature(es, 'a', '1.0').usable).toBe(true);
  });

  it('two PACKAGE lines of one name enabling one FEATURE give one candidate, not two', () => {
    const pkgOld = { ...lic('INCREMENT suite vnd 1.000 permanent 1 COMPONENTS="a"', { dialect: 'flexlm' }), kind: 'package' as const };
    const pkgNew = { ...lic('INCREMENT suite vnd 1.000 permanent 1 COMPONENTS="a b"', { dialect: 'flexlm' }), kind: 'package' as const };
    const feature = lic('INCREMENT suite vnd 1.000 permanent 4', { dialect: 'flexlm', serverHostids: ['x'], serverAddresses: [{ host: 'h', port: null }] });
    const es = evaluateLicenses([pkgOld, pkgNew, feature], inputs);
    expect(diagnoseFeature(es, 'a', null).candidates).toHaveLength(1);
  });

  it('productsOf lists each product once', () => {
    expect(productsOf(evals)).toEqual(['calc', 'write']);
  });
});
