// Real license files through the reader and the model.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLicense } from '../../../src/licfile/index.js';
import { buildPools } from '../../../src/licmodel/pool.js';
import { evaluateLicenses } from '../../../src/licmodel/evaluate.js';
import { licensesOf, licensesOfAll, parseCount } from '../../../src/licmodel/license.js';
import { isoOf } from '../../../src/licfile/dates.js';
import { corpusPath, describeCorpus } from '../../helpers/corpus.js';
import { host } from './factory.js';

const DIR = corpusPath('licenses');
interface Expected {
  features: Array<{ count: string; expiry: string; product: string; vendor: string; version: string }>;
}
const read = (name: string) => parseLicense(readFileSync(join(DIR, name), 'utf8'), name);

describeCorpus('licensesOf on every real fixture', () => {
  const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;
  const files = readdirSync(DIR).filter((f) => f.endsWith('.lic'));

  it.each(files)('%s: one license record per FEATURE/INCREMENT/LICENSE line, fields as written', (name) => {
    const want = expected[name]?.features ?? [];
    const got = licensesOf(read(name)).filter((l) => l.kind === 'license');
    expect(got.map((l) => [l.product, l.isv, l.version, l.expires, l.count])).toEqual(
      want.map((f) => [f.product, f.vendor, f.version, f.expiry, parseCount(f.count)]),
    );
    for (const l of got) expect(l.expiresIso).toBe(isoOf(l.expires));
  });

  it('evaluates every fixture without throwing, one evaluation per record at least', () => {
    const docs = files.map(read);
    const ls = licensesOfAll(docs);
    const es = evaluateLicenses(ls, { now: new Date('2026-06-15T12:00:00Z'), host: host() });
    expect(es.length).toBeGreaterThanOrEqual(ls.length);
  });

  it('RLM: the HOST line gives the server of its counted licenses (15_rlm_nice_dcv_doc_share_hi.lic)', () => {
    const ls = licensesOf(read('15_rlm_nice_dcv_doc_share_hi.lic'));
    expect(ls[0]).toMatchObject({ serverHostids: ['abcdef123456'], serverAddresses: [{ host: 'My-RLM-server', port: 5053 }] });
    const [e] = evaluateLicenses(ls, { now: new Date('2026-06-15T12:00:00Z'), host: host() });
    expect(e?.type).toBe('floating');
    expect(e?.notes.find((n) => n.code === 'needs_server')?.message).toBe('needs the server at My-RLM-server:5053');
    const pools = buildPools(ls);
    expect(pools.map((p) => [p.product, p.count, p.share])).toEqual([
      ['dcv', 10, { user: false, host: true, isv: true, max: null }],
      ['dcv-gl', 10, { user: false, host: true, isv: true, max: null }],
    ]);
  });

  it('FlexLM: the four 32-seat PROD_ESX_FULL lines pool as one, the uncounted ones do not (05_flexlm_vmware_esx_parser_fixture.lic)', () => {
    const ls = licensesOf(read('05_flexlm_vmware_esx_parser_fixture.lic'));
    expect(ls.every((l) => l.dialect === 'flexlm' && l.useServer)).toBe(true);
    const pools = buildPools(ls);
    expect(pools.map((p) => [p.product, p.count, p.members.length])).toEqual([
      ['PROD_ESX_FULL', 64, 2],
      ['VC_ESXHOST', 32, 1],
    ]);
  });
});

describe('seed 002 "Order of lines in the license file": the ISV line password', () => {
  const doc = parseLicense(
    [
      'HOST melody 80b918aa 2700',
      'LICENSE reprise before 1.0 permanent 5 sig="x"',
      'ISV reprise password=isvpw',
      'LICENSE reprise after 1.0 permanent 5 sig="x"',
      'LICENSE reprise own 1.0 permanent 5 _password=mine sig="x"',
      'ISV other password=otherpw',
      'LICENSE reprise later 1.0 permanent 5 sig="x"',
      '',
    ].join('\n'),
    'pw.lic',
  );
  const ls = licensesOf(doc);
  const pw = Object.fromEntries(ls.map((l) => [l.product, [l.isvPassword, l.password]]));

  it('"If the ISV/DAEMON line follows the LICENSE/FEATURE line, the password will not apply to that LICENSE/FEATURE."', () => {
    expect(pw['before']).toEqual([null, null]);
  });
  it('"all LICENSE/FEATURE lines following the ISV/DAEMON line which do not specify a password will use the password of the ISV/DAEMON line"', () => {
    expect(pw['after']).toEqual(['isvpw', 'isvpw']);
  });
  it('"If any individual LICENSE/FEATURE line specifies a password, the password from the LICENSE/FEATURE line is used."', () => {
    expect(pw['own']).toEqual(['isvpw', 'mine']);
  });
  it('the ISV line of another ISV does not change it', () => {
    expect(pw['later']).toEqual(['isvpw', 'isvpw']);
  });
  it('keeps file, line and order', () => {
    expect(ls.map((l) => [l.line, l.order])).toEqual([
      [2, 0],
      [4, 1],
      [5, 2],
      [7, 3],
    ]);
  });
});
