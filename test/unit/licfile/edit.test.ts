// Editing one attribute leaves every other byte of the file as it was; formatGrant
// writes a statement both readers read back.
import { describe, expect, it } from 'vitest';
import { LicutilError } from '../../../src/protocol/errors.js';
import { formatGrant, grants, removeAttribute, setAttribute } from '../../../src/licfile/index.js';
import type { GrantStatement, LicenseDocument } from '../../../src/licfile/types.js';
import { codes, parse, readOwn } from './helpers.js';

function grant(doc: LicenseDocument, i = 0): GrantStatement {
  const g = grants(doc)[i];
  if (g === undefined) throw new Error(`no grant ${i}`);
  return g;
}

describe('setAttribute', () => {
  it('replaces a value in place, matching the name case-insensitively and keeping its spelling', () => {
    const doc = parse('INCREMENT f v 1.0 permanent 1 HOSTID=ANY \\\n  SIGN="00 11"\n', { dialect: 'flexlm' });
    expect(setAttribute(doc, grant(doc), 'hostid', '0123456789ab')).toBe(
      'INCREMENT f v 1.0 permanent 1 HOSTID=0123456789ab \\\n  SIGN="00 11"\n',
    );
  });

  it('appends at the end of the last physical line, keeping CRLF and what follows', () => {
    const doc = parse('LICENSE r a 1.0 permanent 1\r\n  sig="x y" \r\n# after\r\n');
    const out = setAttribute(doc, grant(doc), '_line_item', 'seat pack');
    expect(out).toBe('LICENSE r a 1.0 permanent 1\r\n  sig="x y" _line_item="seat pack" \r\n# after\r\n');
    expect(grant(parse(out)).attrs.find((a) => a.name === '_line_item')?.value).toBe('seat pack');
  });

  it('quotes on request, writes a bare flag for null, and refuses a value with a double quote', () => {
    const doc = parse('LICENSE r a 1.0 permanent 1 issued=1-jan-2025 sig=x\n');
    expect(setAttribute(doc, grant(doc), 'contract', 'PO1', { quote: true })).toContain(' contract="PO1"');
    expect(setAttribute(doc, grant(doc), 'replace', null)).toBe('LICENSE r a 1.0 permanent 1 issued=1-jan-2025 sig=x replace\n');
    expect(() => setAttribute(doc, grant(doc), 'contract', 'say "hi"')).toThrow(LicutilError);
  });

  it('edits the right statement of a sample file and nothing else (tabs and continuations)', () => {
    const doc = readOwn('flexlm_packages_tabs.lic');
    const target = grant(doc, 1);
    const out = setAttribute(doc, target, 'SN', '999-00000000');
    const after = parse(out, { dialect: 'flexlm' });
    expect(grant(after, 1).attrs.find((a) => a.name === 'sn')?.value).toBe('999-00000000');
    const changed = after.statements.filter((s, i) => out.slice(s.start, s.end) !== doc.text.slice(doc.statements[i]?.start, doc.statements[i]?.end));
    expect(changed.map((s) => s.line)).toEqual([target.line]);
    expect(out.length - doc.text.length).toBe(0);
  });
});

describe('removeAttribute', () => {
  it('removes a token and the blank before it', () => {
    const doc = parse('LICENSE r a 1.0 permanent 1 share=u hold=5 sig=x\n');
    expect(removeAttribute(doc, grant(doc), 'HOLD')).toBe('LICENSE r a 1.0 permanent 1 share=u sig=x\n');
  });

  it('removes a line that held only that attribute (sig on its own line at column 0)', () => {
    const doc = readOwn('rlm_sig_own_line.lic');
    const out = removeAttribute(doc, grant(doc), 'sig');
    expect(out).toBe('HOST localhost ANY 5053\nISV quarry port=5055\nLICENSE quarry loader 3 20-oct-2026 12 min_timeout=90 _ck=4be01f77c2\n');
  });

  it('drops the continuation \\ of the line that becomes the last one', () => {
    const doc = parse('INCREMENT f v 1.0 permanent 1 HOSTID=ANY \\\r\n\tTS_OK\r\nUSE_SERVER\r\n');
    const out = removeAttribute(doc, grant(doc), 'ts_ok');
    expect(out).toBe('INCREMENT f v 1.0 permanent 1 HOSTID=ANY\r\nUSE_SERVER\r\n');
    expect(codes(parse(out))).toEqual([]);
  });

  it('removes the first token of a continuation line and keeps the indentation', () => {
    const doc = parse('INCREMENT f v 1.0 permanent 1 \\\n\tISSUER=x SIGN=00\n');
    expect(removeAttribute(doc, grant(doc), 'issuer')).toBe('INCREMENT f v 1.0 permanent 1 \\\n\tSIGN=00\n');
  });

  it('leaves the text alone when there is no such attribute', () => {
    const doc = parse('LICENSE r a 1.0 permanent 1 sig=x');
    expect(removeAttribute(doc, grant(doc), 'hold')).toBe(doc.text);
  });
});

describe('formatGrant', () => {
  const fields = {
    kind: 'license' as const,
    isv: 'acme',
    product: 'cad',
    version: '2.0',
    expires: 'permanent',
    count: '5',
    attrs: [
      ['share', 'uh'],
      ['customer', 'Example Corp'],
      ['replace', null],
    ] as Array<[string, string | null]>,
  };

  it('writes RLM: isv then product, quoting values with spaces', () => {
    expect(formatGrant(fields, 'rlm')).toBe('LICENSE acme cad 2.0 permanent 5 share=uh customer="Example Corp" replace');
  });

  it('writes FlexLM: feature then vendor, INCREMENT by default', () => {
    expect(formatGrant({ ...fields, attrs: [['VENDOR_STRING', 'a b'], ['TS_OK', null]] }, 'flexlm')).toBe(
      'INCREMENT cad acme 2.0 permanent 5 VENDOR_STRING="a b" TS_OK',
    );
  });

  it('writes UPGRADE with its from-version, and reads it back', () => {
    const text = formatGrant({ ...fields, kind: 'upgrade', fromVersion: '1.0', attrs: [] }, 'rlm');
    expect(text).toBe('UPGRADE acme cad 1.0 2.0 permanent 5');
    expect(grant(parse(text, { dialect: 'rlm' }))).toMatchObject({ kind: 'upgrade', fromVersion: '1.0', version: '2.0' });
  });

  it('refuses fields it cannot write', () => {
    expect(() => formatGrant({ ...fields, product: 'two words' }, 'rlm')).toThrow(/cannot be written/);
    expect(() => formatGrant({ ...fields, kind: 'upgrade' }, 'rlm')).toThrow(/from-version/);
    expect(() => formatGrant({ ...fields, attrs: [['k', 'line\nbreak']] }, 'rlm')).toThrow(LicutilError);
  });
});
