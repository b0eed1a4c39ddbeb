// RLM license files as seed 002 ("The License File") describes them. Each rule
// is quoted from the reference in the test name or beside it.
import { describe, expect, it } from 'vitest';
import { decodeLicenseBytes, grants, printDocument } from '../../../src/licfile/index.js';
import type { IsvStatement, LicenseStatement } from '../../../src/licfile/types.js';
import { codes, parse } from './helpers.js';

function only(text: string): LicenseStatement {
  const g = grants(parse(text));
  expect(g).toHaveLength(1);
  const first = g[0];
  if (first?.kind !== 'license') throw new Error('expected one LICENSE');
  return first;
}

describe('RLM statements', () => {
  it('"LICENSE isv product version exp-date count [sig=]license-key [optional parameters]"', () => {
    const l = only('LICENSE reprise calc 1.0 1-aug-2008 5 987435978345973457349875398749587345987345\n');
    expect(l).toMatchObject({
      kind: 'license',
      keyword: 'LICENSE',
      isv: 'reprise',
      product: 'calc',
      version: '1.0',
      expires: '1-aug-2008',
      count: '5',
      key: '987435978345973457349875398749587345987345',
    });
  });

  it('reads the comment example of the reference: two licenses, signatures on the next line', () => {
    const text = [
      '#',
      '# Licenses served by host gt2',
      '#',
      'HOST gt2 0000a74f88ce 5053',
      'ISV reprise',
      '#',
      '# Original license for v3.0 (10 seats)',
      '#',
      'LICENSE reprise joe 3.0 permanent 10 _ck=f81efcf79a',
      'sig="60PG451KTXVQ0WYBX785XAKTDKUCHB7T683Y2MG22M088S8UAFR0VKPMFGPKH',
      '4XW4H5QQ8JSFFJG"',
      '#',
      '# v4.0 license (5 additional seats)',
      '#',
      'LICENSE reprise joe 4.0 permanent 5 _ck=3b1efcd48c',
      'sig="60P045145JSKEJSR48V3GXCX29S8TM5TKE91TS022HW0XAEEWH82DRTCJB830AW',
      'EV62MUE2N7C"',
      '',
    ].join('\n');
    const doc = parse(text);
    expect(codes(doc)).toEqual([]);
    expect(grants(doc).map((g) => [g.version, g.count, g.line, g.endLine])).toEqual([
      ['3.0', '10', 9, 11],
      ['4.0', '5', 15, 17],
    ]);
    expect(grants(doc)[0]?.attrs.find((a) => a.name === 'sig')?.value).toBe(
      '60PG451KTXVQ0WYBX785XAKTDKUCHB7T683Y2MG22M088S8UAFR0VKPMFGPKH\n4XW4H5QQ8JSFFJG',
    );
    expect(doc.statements.find((s) => s.kind === 'host')).toMatchObject({ hostname: 'gt2', hostid: '0000a74f88ce', port: 5053 });
  });

  it('a license continues on following lines that do not start with a line keyword', () => {
    const doc = parse(
      'LICENSE foundry hiero_i 2014.0122 22-jan-2014 uncounted\n' +
        '  hostid=0090f5df5600 share=h min_timeout=30 start=3-jun-2013\n' +
        '\tissuer=sf issued=3-jun-2013 _ck=5ecf71bc90 sig="60PG4580HDBXRTE22HJ"\n' +
        'license foundry nuke_i 2014.0122 22-jan-2014 uncounted hostid=0090f5df5600 sig="x"\n',
    );
    expect(codes(doc)).toEqual([]);
    const [a, b] = grants(doc);
    expect(a?.attrs.map((x) => x.name)).toEqual([
      'hostid',
      'share',
      'min_timeout',
      'start',
      'issuer',
      'issued',
      '_ck',
      'sig',
    ]);
    expect([a?.line, a?.endLine, b?.line]).toEqual([1, 3, 4]);
  });

  it('"Keywords are case-insensitive": license, Host, isv, Feature, upgrade', () => {
    const doc = parse(
      'Host gt2 0000a74f88ce 5053\nisv reprise\nlicense reprise a 1.0 permanent 1 sig=x\n' +
        'Feature reprise b 1.0 permanent 1 SIG=x\nupgrade reprise b 1.0 2.0 permanent 1 sig=x\n',
    );
    expect(codes(doc)).toEqual([]);
    expect(doc.statements.map((s) => s.kind)).toEqual(['host', 'isv', 'license', 'license', 'upgrade']);
    expect(grants(doc).map((g) => [g.keyword, g.isv, g.product])).toEqual([
      ['license', 'reprise', 'a'],
      ['Feature', 'reprise', 'b'],
      ['upgrade', 'reprise', 'b'],
    ]);
  });

  it('"UPGRADE isv product from-version to-version exp-date count [sig=]upgrade-key"', () => {
    const doc = parse('LICENSE reprise write 1.0 permanent 5 sig=aaa\nUPGRADE reprise write 1.0 2.0 1-aug-2015 5 sig=bbb\n');
    expect(codes(doc)).toEqual([]);
    expect(grants(doc)[1]).toMatchObject({
      kind: 'upgrade',
      isv: 'reprise',
      product: 'write',
      fromVersion: '1.0',
      version: '2.0',
      expires: '1-aug-2015',
      count: '5',
    });
  });

  it('"token and named_user are not allowed on an UPGRADE line", nor a token count', () => {
    const doc = parse('UPGRADE reprise write 1.0 2.0 permanent token named_user token="a 1" sig=x\n');
    expect(codes(doc)).toEqual(['LIC_BAD_COUNT@1:41', 'LIC_NOT_ALLOWED@1:47', 'LIC_NOT_ALLOWED@1:58']);
  });

  it('"If the license-key is preceded by sig=, it can be present after any or all of the optional parameters"', () => {
    const l = only('LICENSE reprise a 1.0 permanent 1 share=u sig="abc def" hold=10\n');
    expect(l.key).toBeNull();
    expect(l.attrs.map((a) => [a.name, a.value])).toEqual([
      ['share', 'u'],
      ['sig', 'abc def'],
      ['hold', '10'],
    ]);
  });

  it('"The license file parser will reject unknown keywords": an error at the keyword, with a suggestion', () => {
    const doc = parse('LICENSE reprise a 1.0 permanent 1 shar=uh sig=x\nLICENSE reprise b 1.0 permanent 1 sig=y\n');
    const d = doc.diagnostics.find((x) => x.code === 'LIC_UNKNOWN_ATTRIBUTE');
    expect(d).toMatchObject({ severity: 'error', line: 1, column: 35 });
    expect(d?.message).toContain('shar=');
    expect(d?.hint).toContain('share');
    // after an error the rest of the file is still read
    expect(grants(doc).map((g) => g.product)).toEqual(['a', 'b']);
  });

  it('recognises every optional attribute of the reference', () => {
    const attrs = [
      'akey=ABCD-1234',
      'client_cache=300',
      'contract=PO-1',
      'customer="Main St. Bank"',
      'disable="TerminalServer VM"',
      'exptime=17:30',
      'hold=60',
      'host_based',
      'hostid="ip=172.16.7.200 12345678 rlmid1=83561095 user=joe"',
      'issued=1-jan-2025',
      'issuer=acme',
      '_line_item="seat pack"',
      'max_roam=-1',
      'max_roam_count=0',
      'meter_counter=1',
      'meter_dec=2',
      'meter_period=60',
      'meter_period_dec=1',
      'min_checkout=30',
      'min_remove=-1',
      'min_timeout=3600',
      'named_user="5 24"',
      'options="red green"',
      '_password=secret',
      'platforms="x64_l x64_w"',
      'replace="a b"',
      'start=2025-01-01',
      'soft_limit=3',
      'share=UHI:4',
      'timezone=1E0',
      'type="beta eval"',
      'user_based=2',
      'personal',
      'token="<prod 1.0 1>"',
      '_id=7',
      '_ck=0123456789',
      'sig="abc"',
    ];
    const l = only(`LICENSE reprise cad 2.0 permanent 5\n  ${attrs.join('\n  ')}\n`);
    expect(codes(parse(`LICENSE reprise cad 2.0 permanent 5\n  ${attrs.join('\n  ')}\n`))).toEqual([]);
    expect(l.attrs).toHaveLength(attrs.length);
  });

  it.each([
    ['hold=0', 'LIC_BAD_NUMBER'], // "n must be a positive integer"
    ['client_cache=3601', 'LIC_BAD_NUMBER'], // "The maximum cache time is one hour (3600 seconds)"
    ['share=x', 'LIC_BAD_VALUE'],
    ['timezone=1000000', 'LIC_BAD_VALUE'], // bits 0-23
    ['exptime=25:00', 'LIC_BAD_VALUE'],
    ['type=trial', 'LIC_BAD_VALUE'],
    ['disable="TerminalServer TerminalServerAllowRD"', 'LIC_BAD_VALUE'], // "they are mutually exclusive"
    ['start=31-foo-2020', 'LIC_BAD_DATE'],
    ['_id=x', 'LIC_BAD_NUMBER'],
    ['hold', 'LIC_BAD_VALUE'],
    ['hold=1 hold=2', 'LIC_DUPLICATE_ATTRIBUTE'],
  ])('rejects %s (%s)', (attr, code) => {
    const doc = parse(`LICENSE reprise a 1.0 permanent 1 ${attr} sig=x\n`);
    expect(doc.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([code]);
  });

  it('"If you specify replace, you must also specify either start= or issued="', () => {
    expect(codes(parse('LICENSE reprise a 2.0 permanent 1 replace sig=x\n'))).toEqual(['LIC_REPLACE_WITHOUT_DATE@1:35']);
    expect(codes(parse('LICENSE reprise a 2.0 permanent 1 replace=* issued=1-jan-2025 sig=x\n'))).toEqual([]);
  });

  it.each(['permanent', '1-jul-2007', '01-jan-2023', '2023-01-01', '1-jan-0', 'PERMANENT'])(
    'accepts the expiration date %s ("dd-mmm-yyyy ... or yyyy-mm-dd", "permanent", "a year of 0")',
    (date) => {
      expect(codes(parse(`LICENSE reprise a 1.0 ${date} 1 sig=x\n`))).toEqual([]);
    },
  );

  it.each(['5', '0', 'uncounted', 'single', 'token', 'token_bound', 'token_unlocked', 'meter'])(
    'accepts the count %s',
    (count) => {
      expect(codes(parse(`LICENSE reprise a 1.0 permanent ${count} sig=x\n`))).toEqual([]);
    },
  );

  it.each(['-1', 'many', '2147483648'])('rejects the count %s', (count) => {
    expect(codes(parse(`LICENSE reprise a 1.0 permanent ${count} sig=x\n`))).toEqual(['LIC_BAD_COUNT@1:33']);
  });

  it('reports a missing field at the end of what was written and reads on', () => {
    const doc = parse('LICENSE reprise write 1.0\nLICENSE reprise calc 1.0 permanent 1 sig=x\n');
    expect(doc.diagnostics[0]).toMatchObject({ code: 'LIC_MISSING_FIELD', severity: 'error', line: 1, column: 26 });
    expect(doc.diagnostics[0]?.message).toContain('expiration date');
    expect(doc.statements.map((s) => s.kind)).toEqual(['invalid', 'license']);
  });

  it('a mistyped keyword is an error naming the keyword meant, and its continuation lines stay with it', () => {
    const doc = parse('LICENCE reprise a 1.0 permanent 1\n  sig="x"\nLICENSE reprise b 1.0 permanent 1 sig=y\n');
    expect(codes(doc)).toEqual(['LIC_UNKNOWN_KEYWORD@1:1']);
    expect(doc.diagnostics[0]?.message).toContain('LICENSE');
    expect(doc.statements.map((s) => [s.kind, s.line, s.endLine])).toEqual([
      ['text', 1, 2],
      ['license', 3, 3],
    ]);
  });

  it('a mistyped keyword right after a license does not join it as a continuation', () => {
    const doc = parse('LICENSE reprise a 1.0 permanent 1 sig=x\nLICENCE reprise b 1.0 permanent 1 sig=y\nLICENSE reprise c 1.0 permanent 1 sig=z\n');
    expect(doc.statements.map((s) => s.kind)).toEqual(['license', 'text', 'license']);
    expect(codes(doc)).toEqual(['LIC_UNKNOWN_KEYWORD@2:1']);
  });

  it('a quote that is never closed stops at the blank line; the next license is read', () => {
    const doc = parse('LICENSE foundry a 1.0 permanent uncounted hostid=ANY sig="60PG4580HDB\n\nLICENSE foundry b 1.0 permanent uncounted hostid=ANY sig="x"\n');
    expect(codes(doc)).toEqual(['LIC_UNTERMINATED_QUOTE@1:58']);
    expect(grants(doc).map((g) => g.product)).toEqual(['a', 'b']);
  });
});

describe('RLM field limits ("The maximum length and types of license fields")', () => {
  const x = (n: number): string => 'x'.repeat(n);
  it.each([
    ['isv 10 characters', `LICENSE ${x(11)} a 1.0 permanent 1 sig=s`, `LICENSE ${x(10)} a 1.0 permanent 1 sig=s`],
    ['product 40 characters', `LICENSE r ${x(41)} 1.0 permanent 1 sig=s`, `LICENSE r ${x(40)} 1.0 permanent 1 sig=s`],
    ['version 10 characters', 'LICENSE r a 12345678.90 permanent 1 sig=s', 'LICENSE r a 1234567.90 permanent 1 sig=s'],
    ['hostid (single) 75 characters', `LICENSE r a 1 permanent 1 hostid=${x(76)} sig=s`, `LICENSE r a 1 permanent 1 hostid=${x(75)} sig=s`],
    [
      'hostid list: max of 25 hostids',
      `LICENSE r a 1 permanent 1 hostid="${Array(26).fill('a1').join(' ')}" sig=s`,
      `LICENSE r a 1 permanent 1 hostid="${Array(25).fill('a1').join(' ')}" sig=s`,
    ],
    [
      'hostid list 200 characters',
      `LICENSE r a 1 permanent 1 hostid="${x(100)} ${x(100)}" sig=s`,
      `LICENSE r a 1 permanent 1 hostid="${x(100)} ${x(99)}" sig=s`,
    ],
    ['hostname 64 characters', `HOST ${x(65)} any 5053`, `HOST ${x(64)} any 5053`],
    ['options 64 characters', `LICENSE r a 1 permanent 1 options=${x(65)} sig=s`, `LICENSE r a 1 permanent 1 options=${x(64)} sig=s`],
    ['password 32 characters', `LICENSE r a 1 permanent 1 _password=${x(33)} sig=s`, `LICENSE r a 1 permanent 1 _password=${x(32)} sig=s`],
    ['ISV password 32 characters', `ISV r password=${x(33)}`, `ISV r password=${x(32)}`],
    ['contract 64 characters', `LICENSE r a 1 permanent 1 contract=${x(65)} sig=s`, `LICENSE r a 1 permanent 1 contract=${x(64)} sig=s`],
    ['customer 64 characters', `LICENSE r a 1 permanent 1 customer=${x(65)} sig=s`, `LICENSE r a 1 permanent 1 customer=${x(64)} sig=s`],
    ['issuer 64 characters', `LICENSE r a 1 permanent 1 issuer=${x(65)} sig=s`, `LICENSE r a 1 permanent 1 issuer=${x(64)} sig=s`],
    ['_line_item 64 characters', `LICENSE r a 1 permanent 1 _line_item=${x(65)} sig=s`, `LICENSE r a 1 permanent 1 _line_item=${x(64)} sig=s`],
    ['platform 80 characters', `LICENSE r a 1 permanent 1 platforms=${x(81)} sig=s`, `LICENSE r a 1 permanent 1 platforms=${x(80)} sig=s`],
    ['type 14 characters', 'LICENSE r a 1 permanent 1 type="subscription eval" sig=s', 'LICENSE r a 1 permanent 1 type="demo eval beta" sig=s'],
    ['akey 40 characters with akey=', `LICENSE r a 1 permanent 1 akey=${x(36)} sig=s`, `LICENSE r a 1 permanent 1 akey=${x(35)} sig=s`],
  ])('%s', (_name, over, at) => {
    const bad = parse(`ISV r\n${over}\n`);
    expect(bad.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.line])).toEqual([
      ['LIC_FIELD_TOO_LONG', 2],
    ]);
    expect(codes(parse(`ISV r\n${at}\n`))).toEqual([]);
  });
});

describe('RLM HOST, ISV and CUSTOMER lines', () => {
  it('"HOST melody 80b918aa 2700"', () => {
    expect(parse('HOST melody 80b918aa 2700\n').statements[0]).toMatchObject({
      kind: 'host',
      hostname: 'melody',
      hostid: '80b918aa',
      port: 2700,
    });
  });

  it('"HOST hostname hostid": a missing hostid is reported', () => {
    const doc = parse('HOST melody\n');
    expect(codes(doc)).toEqual(['LIC_MISSING_FIELD@1:12']);
  });

  it('warns about a second HOST line ("There is only one HOST line per license file")', () => {
    expect(codes(parse('HOST a any 5053\nHOST b any 5053\n'))).toEqual(['LIC_SERVER_COUNT@2:1']);
  });

  function isv(line: string): IsvStatement {
    const s = parse(`${line}\n`).statements[0];
    if (s?.kind !== 'isv') throw new Error(`not an ISV line: ${JSON.stringify(s)}`);
    return s;
  }

  it('"ISV isvname [isv-binary-pathname [options-file-filename [port-number]]]"', () => {
    expect(isv('ISV reprise /home/reprise/reprise /home/reprise/reprise.opt 8765')).toMatchObject({
      name: 'reprise',
      binary: '/home/reprise/reprise',
      options: '/home/reprise/reprise.opt',
      port: 8765,
      password: null,
    });
  });

  it('keyword forms: options= binary= port= password=', () => {
    expect(isv('ISV reprise options=/home/reprise/reprise.opt binary=/home/reprise/reprise')).toMatchObject({
      binary: '/home/reprise/reprise',
      options: '/home/reprise/reprise.opt',
      port: null,
    });
    expect(isv('ISV reprise /home/reprise/reprise port=8765 password=pw')).toMatchObject({ port: 8765, password: 'pw' });
  });

  it('"If you specify the same parameter both as a positional parameter and as a keyword=value parameter, the value of the keyword=value parameter will be used"', () => {
    expect(isv('ISV reprise /home/reprise/reprise binary=/a/b/reprise').binary).toBe('/a/b/reprise');
    expect(isv('ISV reprise /bin/r /opt/r.opt 5055 port=6000 options=/etc/r.opt')).toMatchObject({
      port: 6000,
      options: '/etc/r.opt',
    });
  });

  it('rejects an unknown ISV keyword and a bad port', () => {
    expect(codes(parse('ISV reprise port=99999 colour=red\n'))).toEqual(['LIC_BAD_NUMBER@1:18', 'LIC_UNKNOWN_ATTRIBUTE@1:24']);
  });

  it('"CUSTOMER yourco isv=reprise server=ls423.rlmcloud.com port=5053 password=xyz"', () => {
    const doc = parse('CUSTOMER yourco isv=reprise server=ls423.rlmcloud.com port=5053 password=xyz\n');
    expect(codes(doc)).toEqual([]);
    expect(doc.statements[0]).toMatchObject({ kind: 'customer', name: 'yourco' });
  });
});

describe('byte-order mark ("RLM does not support byte order markers (BOMs) in license files")', () => {
  const withBom = '\uFEFFLICENSE reprise a 1.0 permanent uncounted hostid=any sig=x\n';

  it('is an error at 1:1 that says how to remove it; the rest is still read', () => {
    const doc = parse(withBom);
    expect(doc.hasBom).toBe(true);
    expect(doc.diagnostics[0]).toMatchObject({ severity: 'error', code: 'LIC_BOM', line: 1, column: 1 });
    expect(doc.diagnostics[0]?.hint).toMatch(/without BOM/);
    expect(grants(doc).map((g) => g.product)).toEqual(['a']);
    expect(printDocument(doc)).toBe(withBom.slice(1));
  });

  it('survives decoding from bytes (UTF-8 and UTF-16)', () => {
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('# x\n')]);
    expect(decodeLicenseBytes(utf8)).toBe('\uFEFF# x\n');
    const utf16 = new Uint8Array([0xff, 0xfe, 0x23, 0x00, 0x0a, 0x00]);
    expect(decodeLicenseBytes(utf16)).toBe('\uFEFF#\n');
    expect(decodeLicenseBytes(new Uint8Array([0x23, 0xe9, 0x0a]))).toBe('#é\n');
  });
});
