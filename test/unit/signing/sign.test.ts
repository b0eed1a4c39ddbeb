// signDocument: which lines it signs, where the signature goes, and that nothing
// else in the file moves.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OWN_FIXTURES } from '../../helpers/corpus.js';
import { LicutilError } from '../../../src/protocol/errors.js';
import { statementHunks, unifiedDiff } from '../../../src/signing/diff.js';
import { signDocument } from '../../../src/signing/sign.js';
import { grant, makeKeys, parse, statuses, type Keys } from './helpers.js';

let keys: Keys;
beforeAll(() => {
  keys = makeKeys();
});

const sign = (text: string, isv?: string) => signDocument(parse(text), keys.privateKey, isv === undefined ? {} : { isv });

function thrown(f: () => unknown): LicutilError {
  try {
    f();
  } catch (e) {
    if (e instanceof LicutilError) return e;
    throw e;
  }
  throw new Error('expected a LicutilError');
}

describe('where the signature goes', () => {
  it('appends sig= on its own continuation line, wrapped inside its quotes, and changes nothing else', () => {
    const text = 'HOST h 0000a74f88ce 5053\nISV acme\nLICENSE acme cad 2.0 permanent 5 share=uh\n# after\n';
    const r = sign(text);
    const lines = r.text.split('\n');
    expect(lines[2]).toBe('LICENSE acme cad 2.0 permanent 5 share=uh');
    expect(lines[3]).toMatch(/^ {2}sig="LU1:[0-9A-Z]+$/);
    expect(lines[4]).toMatch(/^ {2}[0-9A-Z]{8,}"$/);
    expect(lines[5]).toBe('# after');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(76);
    // taking the signature out gives back the file byte for byte
    expect(r.text.replace(/\n {2}sig="[^"]*"/, '')).toBe(text);
  });

  it('follows the indentation of the statement\'s own continuation lines', () => {
    const r = sign('LICENSE acme v 1.0 permanent uncounted\n\thostid=any\n');
    expect(r.text).toMatch(/^LICENSE acme v 1\.0 permanent uncounted\n\thostid=any\n\tsig="LU1:[0-9A-Z]+\n\t[0-9A-Z]+"\n$/);
  });

  it('replaces an RLM signature in place, even one wrapped at column 0 (seed 002 example layout)', () => {
    const text = [
      'HOST gt2 0000a74f88ce 5053',
      'ISV reprise',
      'LICENSE reprise joe 3.0 permanent 10 _ck=f81efcf79a',
      'sig="60PG451KTXVQ0WYBX785XAKTDKUCHB7T683Y2MG22M088S8UAFR0VKPMFGPKH',
      '4XW4H5QQ8JSFFJG"',
      '',
    ].join('\n');
    const r = sign(text);
    expect(r.text).not.toContain('60PG451');
    expect(r.text).toMatch(/_ck=f81efcf79a\nsig="LU1:[0-9A-Z]+\n[0-9A-Z]+"\n$/);
    expect(statuses(r.text, keys)).toEqual(['joe:valid']);
  });

  it('turns a positional license key into sig= ("The license-key will have sig= prepended")', () => {
    const r = sign('LICENSE acme write 1.0 permanent uncounted 987435978345973457349875397345 hostid=any\n');
    expect(r.text).not.toContain('987435978345973457349875397345');
    expect(grant(r.doc).key).toBeNull();
    expect(r.text).toMatch(/^LICENSE acme write 1\.0 permanent uncounted\n {2}sig="LU1:[0-9A-Z]+\n {2}[0-9A-Z]+" hostid=any\n$/);
    expect(statuses(r.text, keys)).toEqual(['write:valid']);
  });

  it('replaces the key="..." form of the reference\'s literal-license example', () => {
    const r = sign('LICENSE acme prod1 1.0 1-jan-2030 uncounted hostid=any key="1234abcd"\n');
    expect(r.text).not.toContain('key=');
    expect(statuses(r.text, keys)).toEqual(['prod1:valid']);
  });

  it('keeps CRLF line endings and a missing final newline', () => {
    const r = sign('ISV acme\r\nLICENSE acme v 1.0 permanent uncounted hostid=any');
    expect(r.text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(r.text.endsWith('"')).toBe(true);
    expect(statuses(r.text, keys)).toEqual(['v:valid']);
  });
});

describe('which lines are signed', () => {
  const MIXED = `HOST h 0000a74f88ce
ISV acme
ISV other
LICENSE acme a 1.0 permanent 1
LICENSE other b 1.0 permanent 1
UPGRADE ACME a 1.0 2.0 permanent 1
`;

  it('every LICENSE/UPGRADE of the ISV (compared without case), reporting the others', () => {
    const r = sign(MIXED, 'acme');
    expect(r.signed.map((s) => [s.line, s.kind, s.product, s.version, s.changed])).toEqual([
      [4, 'license', 'a', '1.0', true],
      [8, 'upgrade', 'a', '2.0', true],
    ]);
    expect(r.skipped).toEqual([{ line: 7, isv: 'other', product: 'b', reason: 'another ISV (other)' }]);
    expect(statuses(r.text, keys)).toEqual(['a:valid', 'b:unsigned', 'a:valid']);
  });

  it('needs to be told the ISV when the file has several', () => {
    const e = thrown(() => sign(MIXED));
    expect(e.code).toBe('LICUTIL_E_USAGE');
    expect(e.message).toContain('acme, other');
  });

  it('takes the one ISV of a file when none is named', () => {
    expect(sign('LICENSE acme v 1.0 permanent uncounted hostid=any\n').isv).toBe('acme');
  });

  it('leaves a counted license without a HOST line unsigned ("If a license has a non-zero count, it always requires a HOST line")', () => {
    const r = sign('ISV acme\nLICENSE acme a 1.0 permanent 4\nLICENSE acme v 1.0 permanent uncounted hostid=any\n');
    expect(r.signed.map((s) => s.product)).toEqual(['v']);
    expect(r.skipped[0]?.reason).toMatch(/counted license without a HOST line/);
  });

  it('leaves FlexLM-dialect files alone, SIGN= kept verbatim', () => {
    const text = 'SERVER this_host ANY 27000\nVENDOR simvend\nINCREMENT sim simvend 1.0 permanent 4 \\\n  SIGN="0123 4567"\n';
    const r = sign(text, 'simvend');
    expect(r.text).toBe(text);
    expect(r.signed).toEqual([]);
    expect(r.skipped[0]?.reason).toMatch(/FlexLM/);
  });

  it('refuses a file with errors, naming file:line', () => {
    const e = thrown(() => signDocument(parse('LICENSE acme a 1.0 permanent 1 bogus=1\n', 'site.lic'), keys.privateKey, { isv: 'acme' }));
    expect(e.code).toBe('LICUTIL_E_LICENSE_SYNTAX');
    expect(e.message).toMatch(/^site\.lic: not signed, the file has 1 error:\n {2}site\.lic:1:\d+: /);
  });
});

describe('sample license files', () => {
  it('re-signs an RLM file whose sig= starts at column 0 of the next line', () => {
    const text = readFileSync(path.join(OWN_FIXTURES, 'licenses', 'rlm_sig_own_line.lic'), 'utf8');
    const r = signDocument(parse(text), keys.privateKey, { isv: 'quarry' });
    expect(r.signed).toHaveLength(1);
    expect(statuses(r.text, keys)).toEqual(['loader:valid']);
    // before: someone else's signature, not ours to judge
    expect(statuses(text, keys)).toEqual(['loader:foreign']);
    expect(r.text.split('\n').slice(0, 3)).toEqual(text.split('\n').slice(0, 3));
  });
});

describe('the dry-run diff', () => {
  it('shows the changed lines of each signed statement with its unchanged lines as context', () => {
    const before = parse('# c\nLICENSE acme v 1.0 permanent uncounted\n  hostid=any\n');
    const after = signDocument(before, keys.privateKey).doc;
    const diff = unifiedDiff('a.lic', 'a.lic (signed)', statementHunks(before, after));
    const lines = diff.split('\n');
    expect(lines.slice(0, 5)).toEqual(['--- a.lic', '+++ a.lic (signed)', '@@ -2,2 +2,4 @@', ' LICENSE acme v 1.0 permanent uncounted', '   hostid=any']);
    expect(lines[5]).toMatch(/^\+ {2}sig="LU1:/);
    expect(lines[6]).toMatch(/^\+ {2}[0-9A-Z]+"$/);
    expect(unifiedDiff('a', 'b', statementHunks(after, after))).toBe('');
  });
});
