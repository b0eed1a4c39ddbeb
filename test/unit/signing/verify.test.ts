// verifyGrant's five verdicts and verifyDocument's per-line report.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../../src/signing/keys.js';
import { DETAIL_INVALID, keyLookup, signatureOf, verifyDocument, verifyGrant } from '../../../src/signing/verify.js';
import { grant, makeKeys, parse, signText, type Keys } from './helpers.js';

let keys: Keys;
let other: Keys;
let signed: string;
beforeAll(() => {
  keys = makeKeys();
  other = makeKeys();
  signed = signText('HOST h 0000a74f88ce\nISV acme\nLICENSE acme cad 2.0 permanent 5\n', keys);
});

const one = (text: string, k: Keys | null) => {
  const doc = parse(text);
  return verifyGrant(doc, grant(doc), k?.publicKey ?? null);
};

describe('verifyGrant', () => {
  it('valid with the right key', () => {
    expect(one(signed, keys)).toEqual({ status: 'valid', detail: 'signature matches' });
  });

  it('invalid with another ISV\'s key, with the words lmdiag shows', () => {
    expect(one(signed, other)).toEqual({ status: 'invalid', detail: DETAIL_INVALID });
    expect(DETAIL_INVALID).toBe('signature does not match — the line was edited or belongs to another server');
  });

  it('unchecked without a key: "not checked (no public key for ISV x)"', () => {
    expect(one(signed, null)).toEqual({ status: 'unchecked', detail: 'not checked (no public key for ISV acme)' });
  });

  it('unsigned when the line has no signature of any kind', () => {
    expect(one('LICENSE acme v 1.0 permanent uncounted hostid=any\n', keys)).toEqual({ status: 'unsigned', detail: 'not signed' });
  });

  it('foreign, never valid or invalid, for FlexLM SIGN=, RLM sig= and license keys — with or without a key', () => {
    const cases: Array<[string, string]> = [
      ['INCREMENT f v 1.0 permanent uncounted HOSTID=ANY SIGN="0778 0B1A"\n', 'not verifiable here (FlexLM SIGN=)'],
      ['LICENSE acme v 1.0 permanent uncounted hostid=any sig="60PG451KTXVQ0WYBX785XAKTDKUC\n  HB7T683Y2MG22M088S8U"\n', 'not verifiable here (RLM signature)'],
      ['LICENSE acme v 1.0 permanent uncounted 987435978345973457349875397345 hostid=any\n', 'not verifiable here (license key)'],
      ['LICENSE acme v 1.0 permanent uncounted hostid=any key="1234"\n', 'not verifiable here (license key)'],
    ];
    for (const [text, detail] of cases) {
      expect(one(text, keys)).toEqual({ status: 'foreign', detail });
      expect(one(text, null)).toEqual({ status: 'foreign', detail });
    }
  });

  it('invalid when our signature is damaged, saying how', () => {
    const damaged = signed.replace(/sig="LU1:(\w{10})/, 'sig="LU1:$1#');
    expect(one(damaged, keys)).toEqual({ status: 'invalid', detail: 'signature is damaged: it holds "#", which is not Crockford base32' });
  });

  it('says when a counted license has lost its HOST line', () => {
    const v = one(signed.replace('HOST h 0000a74f88ce\n', ''), keys);
    expect(v.status).toBe('invalid');
    expect(v.detail).toBe(`${DETAIL_INVALID} (this counted license has no HOST line here)`);
  });

  it('a licutil sig= wins over a FlexLM SIGN= on the same line', () => {
    const doc = parse(signed.replace('LICENSE acme cad 2.0 permanent 5', 'LICENSE acme cad 2.0 permanent 5 sign="00 11"'));
    expect(signatureOf(grant(doc)).kind).toBe('licutil');
  });
});

describe('verifyDocument', () => {
  it('reports each LICENSE/UPGRADE line with file, lines, ISV and the key used', () => {
    const text = `${signed}# note\nLICENSE other x 1.0 permanent uncounted hostid=any\n`;
    const lookups: string[] = [];
    const res = verifyDocument(parse(text, 'site.lic'), (isv, file) => {
      lookups.push(`${isv}@${file}`);
      return { key: keys.publicKey, path: 'k/acme.pub', source: 'keys-dir' };
    });
    expect(res).toEqual([
      { status: 'valid', detail: 'signature matches', file: 'site.lic', line: 3, endLine: 5, kind: 'license', isv: 'acme', product: 'cad', version: '2.0', keyPath: 'k/acme.pub' },
      { status: 'unsigned', detail: 'not signed', file: 'site.lic', line: 7, endLine: 7, kind: 'license', isv: 'other', product: 'x', version: '1.0', keyPath: null },
    ]);
    // keys are looked up only for lines that carry a licutil signature
    expect(lookups).toEqual(['acme@site.lic']);
  });
});

describe('keyLookup', () => {
  it('finds the key beside the license file and reads each key file once', () => {
    const pem = generateKeyPair().publicPem;
    const reads: string[] = [];
    const fs = {
      readText(file: string) {
        reads.push(file);
        return file === path.join('/lic', 'acme.pub') ? pem : undefined;
      },
    };
    const lookup = keyLookup({ keysDir: '/keys' }, fs);
    expect(lookup('acme', '/lic/site.lic')).toMatchObject({ path: path.join('/lic', 'acme.pub'), source: 'beside-license' });
    expect(lookup('acme', '/lic/site.lic')).toMatchObject({ source: 'beside-license' });
    expect(reads).toEqual([path.join('/keys', 'acme.pub'), path.join('/lic', 'acme.pub')]);
  });
});
