// FEATURE means "isv product" in RLM and "feature vendor" in FlexLM; the file
// says which, or the caller does (DESIGN.md "License files").
import { describe, expect, it } from 'vitest';
import { grants } from '../../../src/licfile/index.js';
import { codes, parse } from './helpers.js';

const FEATURE = 'FEATURE alpha beta 1.0 permanent uncounted hostid=any\n';

describe('dialect decision', () => {
  it.each([
    ['ISV line', `ISV alpha\n${FEATURE}`, 'rlm', 'ISV on line 1'],
    ['HOST line', `HOST h any 5053\n${FEATURE}`, 'rlm', 'HOST on line 1'],
    ['sig=', 'FEATURE alpha beta 1.0 permanent uncounted sig=abc\n', 'rlm', 'sig= on line 1'],
    ['_ck=', 'FEATURE alpha beta 1.0 permanent uncounted _ck=0a\n', 'rlm', '_ck= on line 1'],
    ['INCREMENT', `INCREMENT x beta 1.0 permanent 1\n${FEATURE}`, 'flexlm', 'INCREMENT on line 1'],
    ['USE_SERVER', `USE_SERVER\n${FEATURE}`, 'flexlm', 'USE_SERVER on line 1'],
    ['PACKAGE', `PACKAGE p beta COMPONENTS=x\n${FEATURE}`, 'flexlm', 'PACKAGE on line 1'],
    ['SIGN=', 'FEATURE alpha beta 1.0 permanent uncounted SIGN="00 11"\n', 'flexlm', 'SIGN= on line 1'],
    ['a \\ continuation', 'FEATURE alpha beta 1.0 permanent \\\n  uncounted\n', 'flexlm', '\\ continuation on line 1'],
    ['VENDOR named second', `SERVER h any\nVENDOR beta\n${FEATURE}`, 'flexlm', 'FEATURE naming VENDOR beta second on line 3'],
    ['ISV named first', `SERVER h any\nVENDOR alpha\n${FEATURE}`, 'rlm', 'FEATURE naming ISV alpha first on line 3'],
  ])('%s is strong evidence', (_what, text, dialect, evidence) => {
    const doc = parse(text);
    expect(doc.dialect).toMatchObject({ dialect, confidence: 'strong' });
    expect(doc.dialect.evidence).toContain(evidence);
    expect(doc.diagnostics.filter((d) => d.code.startsWith('LIC_DIALECT'))).toEqual([]);
  });

  it('reads FEATURE fields in the decided order: isv is always the ISV/vendor', () => {
    expect(grants(parse(`ISV alpha\n${FEATURE}`))[0]).toMatchObject({ isv: 'alpha', product: 'beta' });
    expect(grants(parse(`USE_SERVER\n${FEATURE}`))[0]).toMatchObject({ isv: 'beta', product: 'alpha' });
  });

  it('with no evidence, reads RLM and says so in an info diagnostic at the FEATURE line', () => {
    const doc = parse('# nothing to go on\nFEATURE alpha beta 1.0 permanent uncounted\n');
    expect(doc.dialect).toEqual({ dialect: 'rlm', confidence: 'weak', evidence: [] });
    expect(doc.diagnostics).toEqual([
      expect.objectContaining({ severity: 'info', code: 'LIC_DIALECT_GUESSED', line: 2, column: 1 }),
    ]);
    expect(doc.diagnostics[0]?.hint).toContain('--dialect flexlm');
  });

  it('lower-case RLM attributes alone are weak evidence', () => {
    const doc = parse(FEATURE);
    expect(doc.dialect).toEqual({ dialect: 'rlm', confidence: 'weak', evidence: ['lower-case attributes on line 1'] });
    expect(codes(doc, ['info'])).toEqual(['LIC_DIALECT_GUESSED@1:1']);
  });

  it('upper-case FlexLM attributes alone are weak evidence', () => {
    const doc = parse('FEATURE alpha beta 1.0 permanent uncounted HOSTID=ANY ISSUER=me\n');
    expect(doc.dialect).toMatchObject({ dialect: 'flexlm', confidence: 'weak' });
    expect(codes(doc, ['info'])).toEqual(['LIC_DIALECT_GUESSED@1:1']);
    expect(grants(doc)[0]).toMatchObject({ isv: 'beta', product: 'alpha' });
  });

  it('a file without FEATURE or UPGRADE needs no guess message', () => {
    const doc = parse('SERVER h any 27000\n');
    expect(doc.dialect.confidence).toBe('weak');
    expect(doc.diagnostics).toEqual([]);
  });

  it('the caller can override: --dialect flexlm reads FEATURE as feature then vendor', () => {
    const doc = parse(`ISV alpha\n${FEATURE}`, { dialect: 'flexlm' });
    expect(doc.dialect.confidence).toBe('override');
    expect(grants(doc)[0]).toMatchObject({ isv: 'beta', product: 'alpha' });
  });

  it('a file mixing both (the field guide of seed 004) is read line by line with a warning', () => {
    const doc = parse(
      'HOST 000c29322964 4101\nISV foundry\n' +
        'LICENSE foundry rlm_server_enable_vm 1.0 31-jan-2014 1 share=h\n' +
        'min_timeout=30 start=22-jan-2013 issuer=support issued=22-jan-2013\n' +
        'replace _ck=9dd6f49f70 sig="60Q04580N5XWFEV87KWHG3869F86RXNV31NE0J9\n\n' +
        'SERVER 109addb68dc8\nVENDOR foundry\n' +
        'INCREMENT nuke_i foundry 2014.0409 permanent 1 SUPERSEDE ISSUER=sf \\\n' +
        'ISSUED=27-mar-2013 START=27-mar-2013 TS_OK SIGN="0349 D352 \\\n' +
        'D5B4 EDAA 7D24 1D58 E4D2 7A33 9816 00B7 A302 E492 F200 21D3 \\\n' +
        '3F35 4411 963E 6BF6 392E D5F9 BE61\n',
    );
    // three RLM keywords against INCREMENT and its backslashes
    expect(doc.dialect.dialect).toBe('rlm');
    expect(codes(doc)).toEqual([
      'LIC_UNTERMINATED_QUOTE@5:28',
      'LIC_MISSING_FIELD@7:20',
      'LIC_DIALECT_MIXED@9:1',
      'LIC_UNTERMINATED_QUOTE@10:49',
    ]);
    expect(doc.diagnostics.find((d) => d.code === 'LIC_DIALECT_MIXED')?.message).toContain('INCREMENT on line 9');
    expect(grants(doc).map((g) => [g.keyword, g.isv, g.product])).toEqual([
      ['LICENSE', 'foundry', 'rlm_server_enable_vm'],
      ['INCREMENT', 'foundry', 'nuke_i'],
    ]);
  });
});
