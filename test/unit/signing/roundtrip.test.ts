// The round trip of issue 3: keygen → sign a file with several ISVs, comments and
// wrapped lines → verify valid → edit a covered field → that line is invalid →
// edit _id → still valid → move a counted license under another HOST → invalid.
import { describe, expect, it } from 'vitest';
import { generateKeyPair, parsePrivateKey, parsePublicKey } from '../../../src/signing/keys.js';
import { signDocument } from '../../../src/signing/sign.js';
import { DETAIL_INVALID, verifyDocument, type KeyLookup } from '../../../src/signing/verify.js';
import { edit, parse } from './helpers.js';

const FILE = `# Licenses for Example Corp, served by gt2
HOST gt2 0000a74f88ce 5053
ISV acme
ISV other
#
# CAD seats: a statement wrapped over three lines
LICENSE acme cad 2.0 permanent 5 share=uh
  issued=1-jan-2025 customer="Example Corp"
  _id=1
# not ours: another ISV's license, left alone
LICENSE other tool 1.0 permanent 3 sig="60PG451KTXVQ0WYBX785XAKTDKUCHB7T683Y2MG22M088S8UAFR0VKPMFGPKH
4XW4H5QQ8JSFFJG"
LICENSE acme solver 3.1 31-dec-2099 2 soft_limit=1 hold=5
UPGRADE acme cad 2.0 3.0 permanent 2 issued=1-feb-2025
LICENSE acme viewer 1.0 permanent uncounted hostid=any
`;

describe('sign and verify round trip', () => {
  const pair = generateKeyPair();
  const privateKey = parsePrivateKey(pair.privatePem, 'acme.key');
  const publicKey = parsePublicKey(pair.publicPem, 'acme.pub');
  const lookup: KeyLookup = (isv) => (isv === 'acme' ? { key: publicKey, path: 'acme.pub', source: 'pub' } : null);
  const verify = (text: string): string[] => verifyDocument(parse(text), lookup).map((v) => `${v.line} ${v.product} ${v.status}`);

  const result = signDocument(parse(FILE), privateKey, { isv: 'acme' });
  const signed = result.text;

  it('signs the acme lines, leaves the other ISV alone and keeps comments and wrapping', () => {
    expect(result.signed.map((s) => s.product)).toEqual(['cad', 'solver', 'cad', 'viewer']);
    expect(result.skipped).toEqual([{ line: expect.any(Number), isv: 'other', product: 'tool', reason: 'another ISV (other)' }]);
    const untouched = FILE.split('\n').filter((l) => l !== '');
    for (const line of untouched) expect(signed).toContain(line);
    expect(signed.startsWith('# Licenses for Example Corp, served by gt2\nHOST gt2 0000a74f88ce 5053\n')).toBe(true);
  });

  it('verifies: ours valid, the other ISV\'s RLM signature foreign', () => {
    expect(verify(signed)).toEqual(['7 cad valid', '13 tool foreign', '15 solver valid', '18 cad valid', '21 viewer valid']);
  });

  const edited = edit(signed, 'soft_limit=1', 'soft_limit=2');
  it('names the edited line invalid', () => {
    expect(verify(edited)).toEqual(['7 cad valid', '13 tool foreign', '15 solver invalid', '18 cad valid', '21 viewer valid']);
    const bad = verifyDocument(parse(edited, 'site.lic'), lookup).find((v) => v.status === 'invalid');
    expect(bad).toMatchObject({ file: 'site.lic', line: 15, detail: DETAIL_INVALID });
  });

  const idEdited = edit(signed, '_id=1', '_id=42');
  it('an _id edit leaves it valid', () => {
    expect(verify(idEdited)).toEqual(verify(signed));
  });

  it('a counted license moved under another HOST is invalid, the uncounted one is not', () => {
    const moved = edit(idEdited, 'HOST gt2 0000a74f88ce 5053', 'HOST other-server 00163e0a0b0c 5053');
    expect(verify(moved)).toEqual(['7 cad invalid', '13 tool foreign', '15 solver invalid', '18 cad invalid', '21 viewer valid']);
  });

  it('signing the signed file again changes nothing', () => {
    const again = signDocument(parse(signed), privateKey, { isv: 'acme' });
    expect(again.text).toBe(signed);
    expect(again.signed.every((s) => !s.changed)).toBe(true);
  });
});
