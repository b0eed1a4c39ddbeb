// Each rule of what the signature covers, tested both ways: a change to a
// covered byte makes verification fail, a change to an uncovered one does not.
// The rules come from seed 002 (quoted with each group).
import { beforeAll, describe, expect, it } from 'vitest';
import { edit, makeKeys, signText, statuses, verifyText, type Keys } from './helpers.js';

const BASE = `#
# Licenses served by host gt2
#
HOST gt2 0000a74f88ce 5053
ISV reprise /opt/reprise/reprise /opt/reprise/reprise.opt 5055
# v3 seats
LICENSE reprise joe 3.0 31-dec-2030 10 share=uh options="a b" customer="Mega Corp"
  hostid=ip=172.16.7.3 _id=4 _password=pw _line_item="Item A" _ck=f81efcf79a
UPGRADE reprise joe 3.0 4.0 permanent 5 issued=1-jan-2025
LICENSE reprise viewer 1.0 permanent uncounted hostid=any issued=1-jan-2025 replace
`;

const ALL_VALID = ['joe:valid', 'joe:valid', 'viewer:valid'];

let keys: Keys;
let signed: string;

beforeAll(() => {
  keys = makeKeys();
  signed = signText(BASE, keys);
});

/** The statuses after one edit of the signed text. */
function after(from: string | RegExp, to: string): string[] {
  return statuses(edit(signed, from, to), keys);
}

describe('the signed file', () => {
  it('verifies as signed', () => {
    expect(statuses(signed, keys)).toEqual(ALL_VALID);
  });
});

describe('covered: "none may be modified by the license administrator" (LICENSE and UPGRADE lines)', () => {
  const cases: Array<[string, string | RegExp, string, string[]]> = [
    ['the isv', 'LICENSE reprise joe', 'LICENSE acme joe', ['joe:invalid', 'joe:valid', 'viewer:valid']],
    ['the product', 'LICENSE reprise joe', 'LICENSE reprise jim', ['jim:invalid', 'joe:valid', 'viewer:valid']],
    ['the version', 'joe 3.0 31-dec-2030', 'joe 3.5 31-dec-2030', ['joe:invalid', 'joe:valid', 'viewer:valid']],
    ['the expiry', '31-dec-2030', '31-dec-2031', ['joe:invalid', 'joe:valid', 'viewer:valid']],
    ['the count', '31-dec-2030 10', '31-dec-2030 11', ['joe:invalid', 'joe:valid', 'viewer:valid']],
    ['an attribute value', 'share=uh', 'share=u', ['joe:invalid', 'joe:valid', 'viewer:valid']],
    ['a quoted value', 'options="a b"', 'options="a c"', ['joe:invalid', 'joe:valid', 'viewer:valid']],
    ['the case of an attribute value', 'customer="Mega Corp"', 'customer="MEGA CORP"', ['joe:invalid', 'joe:valid', 'viewer:valid']],
    ['a node-locking hostid=', 'hostid=ip=172.16.7.3', 'hostid=ip=172.16.7.4', ['joe:invalid', 'joe:valid', 'viewer:valid']],
    ['an added attribute', 'share=uh', 'share=uh hold=30', ['joe:invalid', 'joe:valid', 'viewer:valid']],
    ['a removed attribute', ' customer="Mega Corp"', '', ['joe:invalid', 'joe:valid', 'viewer:valid']],
    ['a removed flag', ' replace\n', '\n', ['joe:valid', 'joe:valid', 'viewer:invalid']],
    ['the from-version of an UPGRADE', 'joe 3.0 4.0', 'joe 2.0 4.0', ['joe:valid', 'joe:invalid', 'viewer:valid']],
    ['the to-version of an UPGRADE', 'joe 3.0 4.0', 'joe 3.0 5.0', ['joe:valid', 'joe:invalid', 'viewer:valid']],
    ['the line kind (LICENSE made an UPGRADE)', 'LICENSE reprise viewer 1.0', 'UPGRADE reprise viewer 0.5 1.0', ['joe:valid', 'joe:valid', 'viewer:invalid']],
    ['a year-less expiry is not a permanent one', '31-dec-2030', '31-dec-30', ['joe:invalid', 'joe:valid', 'viewer:valid']],
  ];
  for (const [what, from, to, want] of cases) {
    it(`a change to ${what} fails verification`, () => {
      expect(after(from, to)).toEqual(want);
    });
  }

  it('"The hostid is an input to the license key signature algorithm": a counted license fails under another HOST hostid', () => {
    expect(after('HOST gt2 0000a74f88ce 5053', 'HOST gt2 0000a74f88cf 5053')).toEqual(['joe:invalid', 'joe:invalid', 'viewer:valid']);
  });

  it('a counted license fails when its HOST line is removed', () => {
    expect(after('HOST gt2 0000a74f88ce 5053\n', '')).toEqual(['joe:invalid', 'joe:invalid', 'viewer:valid']);
  });

  it('a signature from another line does not fit this one', () => {
    const sigs = [...signed.matchAll(/sig="[^"]*"/g)].map((m) => m[0]);
    const [first, second] = sigs;
    if (first === undefined || second === undefined) throw new Error('expected signatures');
    const swapped = signed.replace(first, '@@1').replace(second, first).replace('@@1', second);
    expect(statuses(swapped, keys)).toEqual(['joe:invalid', 'joe:invalid', 'viewer:valid']);
  });

  it('a changed signature character fails', () => {
    // twelve characters name the first signature alone (one character did not: two
    // random signatures share their first character one time in 32)
    const head = /sig="LU1:([0-9A-Z]{12})/.exec(signed)?.[1] ?? '';
    const c = head[0] === 'A' ? 'B' : 'A';
    expect(after(`sig="LU1:${head}`, `sig="LU1:${c}${head.slice(1)}`)[0]).toBe('joe:invalid');
  });
});

describe('not covered: what the administrator may change', () => {
  const cases: Array<[string, string | RegExp, string]> = [
    // HOST line: "This name is not an input to the license key signature algorithm"
    ['the HOST hostname', 'HOST gt2 ', 'HOST licserver.example.com '],
    // "This number can be changed to any available port."
    ['the HOST port', '0000a74f88ce 5053', '0000a74f88ce 27000'],
    ['a HOST port removed', '0000a74f88ce 5053', '0000a74f88ce'],
    ['the case of the HOST hostid', '0000a74f88ce', '0000A74F88CE'],
    // ISV line: "Not an input to license key signature algorithm so can be changed any time."
    ['the ISV binary path', '/opt/reprise/reprise /opt', '/usr/local/bin/reprise /opt'],
    ['the ISV options file', 'reprise.opt 5055', 'site.opt 5055'],
    ['the ISV port', 'reprise.opt 5055', 'reprise.opt 6000'],
    ['ISV keyword options', /^ISV .*$/m, 'ISV reprise binary=/x/reprise options=/x/r.opt port=7000 password=secret'],
    // LICENSE line: "with the exception of the parameters whose names begin with the underscore"
    ['_id', '_id=4', '_id=99'],
    ['an added _id', 'hostid=any', 'hostid=any _id=7'],
    ['_password', '_password=pw', '_password=other'],
    ['_line_item', '_line_item="Item A"', '_line_item="Renewal 2026 seats"'],
    ['_ck', '_ck=f81efcf79a', '_ck=0000000000'],
    // "Comments may be added to a license file without invalidating the signatures of licenses"
    ['a comment', '# v3 seats', '# v3 seats, renewed 2026'],
    ['an added comment', 'UPGRADE reprise', '# upgrade bought in 2025\nUPGRADE reprise'],
    ['removed comments', '#\n# Licenses served by host gt2\n#\n', ''],
    ['white space between fields', 'LICENSE reprise joe 3.0', 'LICENSE  reprise\tjoe   3.0'],
    ['the line wrapping', ' customer="Mega Corp"\n  hostid=', '\n  customer="Mega Corp" hostid='],
    ['lines joined into one', '"Mega Corp"\n  hostid', '"Mega Corp" hostid'],
    ['a line break inside a quoted value', 'options="a b"', 'options="a\n  b"'],
    ['the attribute order', 'share=uh options="a b"', 'options="a b" share=uh'],
    ['the keyword case', 'LICENSE reprise joe', 'license reprise joe'],
    ['FEATURE for LICENSE', 'LICENSE reprise viewer', 'FEATURE reprise viewer'],
    ['the case of an attribute name', 'share=uh', 'SHARE=uh'],
    ['quotes around a plain value', 'share=uh', 'share="uh"'],
    ['the expiry written yyyy-mm-dd ("The license expiration date can be either dd-mmm-yyyy ... or ... yyyy-mm-dd")', '31-dec-2030', '2030-12-31'],
    ['the expiry month case', '31-dec-2030', '31-DEC-2030'],
    ['permanent written as a year-0 date ("any date with a year of 0 is also non-expiring")', 'joe 3.0 4.0 permanent', 'joe 3.0 4.0 1-jan-0'],
    ['uncounted written as 0 ("uncounted and 0 are 100% equivalent")', 'permanent uncounted', 'permanent 0'],
    ['the signature wrapped differently', /(_ck=f81efcf79a\s+sig="LU1:\w{20})/, '$1\n    '],
  ];
  for (const [what, from, to] of cases) {
    it(`a change to ${what} keeps every signature valid`, () => {
      expect(after(from, to)).toEqual(ALL_VALID);
    });
  }

  it('a change to the case of the isv and product keeps the signature valid ("All fields in the license line are case-insensitive")', () => {
    const v = verifyText(edit(signed, 'LICENSE reprise joe', 'LICENSE Reprise JOE'), keys);
    expect(v.map((x) => x.status)).toEqual(['valid', 'valid', 'valid']);
  });

  it('"even if there is a HOST line, the hostid of the license server is not used" for an uncounted license', () => {
    expect(after('HOST gt2 0000a74f88ce 5053', 'HOST gt2 ffffffffffff 5053')[2]).toBe('viewer:valid');
  });

  it('an uncounted license may move to a file without a HOST line', () => {
    const viewer = signed.slice(signed.indexOf('LICENSE reprise viewer'));
    expect(statuses(viewer, keys)).toEqual(['viewer:valid']);
  });

  it('the signature on one line, unwrapped, still verifies', () => {
    const joined = signed.replace(/sig="([^"]*)"/g, (_m, v: string) => `sig="${v.replace(/\s+/g, '')}"`);
    expect(joined).not.toBe(signed);
    expect(statuses(joined, keys)).toEqual(ALL_VALID);
  });

  it('CRLF line endings do not matter', () => {
    expect(statuses(signed.replace(/\n/g, '\r\n'), keys)).toEqual(ALL_VALID);
  });
});
