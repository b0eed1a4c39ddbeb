// FlexLM license files: SERVER/VENDOR/USE_SERVER, FEATURE/INCREMENT, UPGRADE,
// PACKAGE, backslash continuation and upper-case attributes.
import { describe, expect, it } from 'vitest';
import { grants } from '../../../src/licfile/index.js';
import { codes, parse } from './helpers.js';

const flex = (text: string) => parse(text, { dialect: 'flexlm' });

describe('FlexLM statements', () => {
  it('FEATURE feature vendor version exp count: vendor is the isv, feature the product', () => {
    const doc = parse('SERVER h 0123456789ab 27000\nVENDOR foundry\nFEATURE nuke_i foundry 2014.0409 permanent 1 SIGN="0349 D352"\n');
    expect(doc.dialect.dialect).toBe('flexlm');
    expect(codes(doc)).toEqual([]);
    expect(grants(doc)[0]).toMatchObject({ isv: 'foundry', product: 'nuke_i', version: '2014.0409', count: '1' });
  });

  it('reads the field guide example (seed 004) with its \\ continuations', () => {
    const doc = parse(
      'INCREMENT furnace_fxplug_i foundry 4.1 permanent uncounted \\\n' +
        'HOSTID=406c8fb8bb2d ISSUER=sf ISSUED=30-may-2013 \\\n' +
        'START=30-may-2013 TS_OK SIGN="038D AE7B 8F5F B511 DA50 77C1 \\\n' +
        'B985 3504 57E0 9638 2403 7D11 8F9C CE42 B551 482F CD38 D7E2 \\\n' +
        '8AC7 994B 441A"\n',
    );
    expect(codes(doc)).toEqual([]);
    const g = grants(doc)[0];
    expect(g).toMatchObject({ isv: 'foundry', product: 'furnace_fxplug_i', count: 'uncounted', line: 1, endLine: 5 });
    expect(g?.attrs.map((a) => [a.key, a.value])).toEqual([
      ['HOSTID', '406c8fb8bb2d'],
      ['ISSUER', 'sf'],
      ['ISSUED', '30-may-2013'],
      ['START', '30-may-2013'],
      ['TS_OK', null],
      ['SIGN', '038D AE7B 8F5F B511 DA50 77C1 B985 3504 57E0 9638 2403 7D11 8F9C CE42 B551 482F CD38 D7E2 8AC7 994B 441A'],
    ]);
  });

  it('"uncounted", "0" and "permanent" are values, not errors', () => {
    expect(codes(flex('FEATURE f v 1.0 permanent uncounted HOSTID=ANY\nINCREMENT g v 1.0 1-jan-0 0 HOSTID=ANY\n'))).toEqual([]);
  });

  it('an unknown FlexLM attribute is a warning: vendors define their own', () => {
    const doc = flex('INCREMENT f v 1.0 permanent 4 VENDOR_INFO="x" MY_OPTION=3 SIGN=0\n');
    expect(doc.diagnostics.map((d) => [d.severity, d.code, d.line, d.column])).toEqual([
      ['warning', 'LIC_UNKNOWN_ATTRIBUTE', 1, 47],
    ]);
  });

  it('keeps the old positional key after the count, and bare flags after it', () => {
    const g = grants(flex('FEATURE f xilinxd 2018.04 permanent uncounted 9BF93BA53B21 HOSTID=ANY TS_OK\n'))[0];
    expect(g?.key).toBe('9BF93BA53B21');
    expect(g?.attrs.map((a) => a.name)).toEqual(['hostid', 'ts_ok']);
  });

  it.each([
    ['a bad date', 'FEATURE f v 1.0 31-xyz-2020 1', 'LIC_BAD_DATE'],
    ['a bad count', 'FEATURE f v 1.0 permanent lots', 'LIC_BAD_COUNT'],
    ['a bad START date', 'FEATURE f v 1.0 permanent 1 START=tomorrow', 'LIC_BAD_DATE'],
    ['a missing count', 'FEATURE f v 1.0 permanent', 'LIC_MISSING_FIELD'],
  ])('reports %s as an error', (_what, line, code) => {
    expect(flex(`${line}\n`).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([code]);
  });

  it('UPGRADE feature vendor from-version to-version exp count', () => {
    const g = grants(flex('UPGRADE f v 1.0 2.0 permanent 5 SIGN=00\n'))[0];
    expect(g).toMatchObject({ kind: 'upgrade', product: 'f', isv: 'v', fromVersion: '1.0', version: '2.0', count: '5' });
  });

  it('PACKAGE package vendor [version] [key] COMPONENTS=... OPTIONS=...', () => {
    const doc = flex(
      'PACKAGE suite v 1.000 COMPONENTS="a b:2.0 c" OPTIONS=SUITE SIGN=00\nPACKAGE p2 v 0123456789AB COMPONENTS=a\nPACKAGE p3 v 1.0\n',
    );
    const pkgs = doc.statements.filter((s) => s.kind === 'package');
    expect(pkgs.map((p) => (p.kind === 'package' ? [p.product, p.isv, p.version, p.key] : []))).toEqual([
      ['suite', 'v', '1.000', null],
      ['p2', 'v', null, '0123456789AB'],
      ['p3', 'v', '1.0', null],
    ]);
    expect(codes(doc)).toEqual(['LIC_MISSING_FIELD@3:1']);
  });

  it('SERVER host hostid [port]: one or three; two is a warning', () => {
    expect(codes(flex('SERVER a 0123 27000\nSERVER b 4567 27000\nUSE_SERVER\n'))).toEqual(['LIC_SERVER_COUNT@2:1']);
    const one = flex('SERVER this_host ANY\n').statements[0];
    expect(one).toMatchObject({ kind: 'host', hostname: 'this_host', hostid: 'ANY', port: null });
  });

  it('VENDOR|DAEMON name [path] [[OPTIONS=]options] [[PORT=]port]', () => {
    const doc = flex('VENDOR adskflex port=2080\nDAEMON snpslmd /opt/snps/snpslmd /opt/snps/opt 27021\nVENDOR x OPTIONS=/o.opt PORT=7\n');
    expect(codes(doc)).toEqual([]);
    expect(doc.statements.map((s) => (s.kind === 'isv' ? [s.name, s.binary, s.options, s.port] : []))).toEqual([
      ['adskflex', null, null, 2080],
      ['snpslmd', '/opt/snps/snpslmd', '/opt/snps/opt', 27021],
      ['x', null, '/o.opt', 7],
    ]);
  });

  it('USE_SERVER takes no fields', () => {
    expect(codes(flex('USE_SERVER now\n'))).toEqual(['LIC_EXTRA_FIELD@1:12']);
  });
});

describe('FlexLM continuation', () => {
  it('a \\ before a blank line continues nothing: a warning, and the next statement is intact', () => {
    const doc = flex('INCREMENT f v 1.0 permanent 1 SIGN=00 \\\n\nINCREMENT g v 1.0 permanent 1 SIGN=00\n');
    expect(codes(doc)).toEqual(['LIC_DANGLING_CONTINUATION@1:39']);
    expect(grants(doc).map((g) => g.product)).toEqual(['f', 'g']);
  });

  it('a \\ before the next keyword line does not swallow that line', () => {
    const doc = flex('INCREMENT f v 1.0 permanent 1 \\\nINCREMENT g v 1.0 permanent 1\n');
    expect(grants(doc).map((g) => g.product)).toEqual(['f', 'g']);
    expect(doc.diagnostics[0]?.code).toBe('LIC_DANGLING_CONTINUATION');
  });

  it('a line continued without \\ is read, with a warning', () => {
    const doc = flex('INCREMENT f v 1.0 permanent 1\n  SIGN=00\n');
    expect(codes(doc)).toEqual(['LIC_MISSING_BACKSLASH@2:3']);
    expect(grants(doc)[0]?.attrs.map((a) => a.name)).toEqual(['sign']);
  });

  it('inside quotes after \\, a line that starts like a keyword is still part of the value', () => {
    const doc = flex('INCREMENT f v 1.0 permanent uncounted NOTICE="The \\\nlicense for this \\\n# core" TS_OK\n');
    expect(codes(doc)).toEqual([]);
    expect(grants(doc)[0]?.attrs.map((a) => [a.name, a.value])).toEqual([
      ['notice', 'The license for this # core'],
      ['ts_ok', null],
    ]);
  });

  it('a FlexLM quote left open ends at the next statement, which is read', () => {
    const doc = flex('INCREMENT f v 1.0 permanent 1 NOTICE="oops\nINCREMENT g v 1.0 permanent 1\n');
    expect(codes(doc)).toEqual(['LIC_UNTERMINATED_QUOTE@1:38']);
    expect(grants(doc).map((g) => g.product)).toEqual(['f', 'g']);
  });
});
