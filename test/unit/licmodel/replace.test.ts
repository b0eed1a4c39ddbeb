import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { License } from '../../../src/licmodel/license.js';
import { applyReplace, replaceTargets } from '../../../src/licmodel/replace.js';
import { file, lic } from './factory.js';

function replacedMap(ls: License[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of applyReplace(ls).replaced) out[`${r.license.product}@${r.license.line}`] = `${r.by.product}@${r.by.line}`;
  return out;
}

describe('applyReplace — seed 002 "Replacement Licenses"', () => {
  it('"If product-list is not specified, then the product name of the license containing the replace keyword will be the only product to be replaced"', () => {
    const ls = file([
      'LICENSE i a 1.0 permanent 5 issued=1-jan-2020',
      'LICENSE i b 1.0 permanent 5 issued=1-jan-2020',
      'LICENSE i a 2.0 permanent 5 issued=1-jan-2024 replace',
    ]);
    expect(replacedMap(ls)).toEqual({ 'a@1': 'a@3' });
  });

  it('"EXAMPLE: To replace products a and b, use: replace="a b" in the license."', () => {
    const ls = file([
      'LICENSE i a 1.0 permanent 5',
      'LICENSE i b 1.0 permanent 5',
      'LICENSE i c 1.0 permanent 5',
      'LICENSE i suite 1.0 permanent 5 issued=1-jan-2024 replace="a b"',
    ]);
    expect(replacedMap(ls)).toEqual({ 'a@1': 'suite@4', 'b@2': 'suite@4' });
  });

  it('"If product_list is the single character *, all licenses will be replaced" (of its ISV)', () => {
    const ls = file([
      'LICENSE i a 1.0 permanent 5',
      'LICENSE i b 1.0 permanent 5',
      'LICENSE other c 1.0 permanent 5',
      'LICENSE i new 1.0 permanent 5 start=1-jan-2024 replace=*',
    ]);
    expect(replacedMap(ls)).toEqual({ 'a@1': 'new@4', 'b@2': 'new@4' });
  });

  it('"If the license with the replace keyword specifies an issued= date, then this is the replacement date" (issued wins over start)', () => {
    const ls = file([
      'LICENSE i a 1.0 permanent 5 issued=1-jun-2022',
      'LICENSE i a 2.0 permanent 5 issued=1-jan-2022 start=1-jan-2023 replace',
    ]);
    // replacement date is 1-jan-2022 (issued), and the other was issued later: kept
    expect(replacedMap(ls)).toEqual({});
  });

  it('"If the license with the replace keyword does not have an issued date, then the replacement date is the start date of the license"', () => {
    const ls = file(['LICENSE i a 1.0 permanent 5 issued=1-jun-2022', 'LICENSE i a 2.0 permanent 5 start=1-jan-2023 replace']);
    expect(replacedMap(ls)).toEqual({ 'a@1': 'a@2' });
  });

  it('"If the license contains neither an issued date nor a start date, no licenses will be replaced."', () => {
    const ls = file(['LICENSE i a 1.0 permanent 5', 'LICENSE i a 2.0 permanent 5 replace']);
    expect(replacedMap(ls)).toEqual({});
  });

  it('"Any license in the list of products with an issued date prior to the replacement date will be replaced."', () => {
    const ls = file([
      'LICENSE i a 1.0 permanent 5 issued=31-dec-2023',
      'LICENSE i a 1.5 permanent 5 issued=2-jan-2024',
      'LICENSE i a 2.0 permanent 5 issued=1-jan-2024 replace',
    ]);
    expect(replacedMap(ls)).toEqual({ 'a@1': 'a@3' });
  });

  it('"Any license in the list of products which does not have an issued date, but which has a start date prior to the replacement date will be replaced."', () => {
    const ls = file([
      'LICENSE i a 1.0 permanent 5 start=31-dec-2023',
      'LICENSE i a 1.5 permanent 5 start=2-jan-2024',
      'LICENSE i a 2.0 permanent 5 issued=1-jan-2024 replace',
    ]);
    expect(replacedMap(ls)).toEqual({ 'a@1': 'a@3' });
  });

  it('"Finally, any license in the list of products with neither an issued nor a start date will be replaced."', () => {
    const ls = file(['LICENSE i a 1.0 permanent 5', 'LICENSE i a 2.0 permanent 5 issued=1-jan-2000 replace']);
    expect(replacedMap(ls)).toEqual({ 'a@1': 'a@2' });
  });

  it('"If two replace licenses have the same issued/start date, they will both be active after the replace determination has been made."', () => {
    const ls = file(['LICENSE i a 1.0 permanent 5 issued=1-jan-2024 replace', 'LICENSE i a 2.0 permanent 5 issued=1-jan-2024 replace']);
    const r = applyReplace(ls);
    expect(r.replaced).toEqual([]);
    expect(r.active).toHaveLength(2);
  });

  it('a newer replace license replaces an older replace license', () => {
    const ls = file(['LICENSE i a 1.0 permanent 5 issued=1-jan-2023 replace', 'LICENSE i a 2.0 permanent 5 issued=1-jan-2024 replace']);
    expect(replacedMap(ls)).toEqual({ 'a@1': 'a@2' });
  });

  it('names the latest replacer when several replace a license', () => {
    const ls = file([
      'LICENSE i a 1.0 permanent 5',
      'LICENSE i a 2.0 permanent 5 issued=1-jan-2023 replace',
      'LICENSE i a 3.0 permanent 5 issued=1-jan-2024 replace',
    ]);
    expect(replacedMap(ls)['a@1']).toBe('a@3');
  });

  it('a license that may not replace (not loaded here) replaces nothing', () => {
    const ls = file(['LICENSE i a 1.0 permanent 5', 'LICENSE i a 2.0 permanent 5 issued=1-jan-2024 replace']);
    expect(applyReplace(ls, { canReplace: () => false }).replaced).toEqual([]);
  });

  it('FlexLM SUPERSEDE works like replace, on ISSUED dates', () => {
    const ls = file(
      ['INCREMENT f v 1.0 permanent 5 ISSUED=1-jan-2020', 'INCREMENT f v 2.0 permanent 5 SUPERSEDE ISSUED=1-jan-2021'],
      { dialect: 'flexlm' },
    );
    expect(replacedMap(ls)).toEqual({ 'f@1': 'f@2' });
  });

  it('reads product lists', () => {
    expect(replaceTargets(lic('LICENSE i a 1.0 permanent 1 replace="x  y"'))).toEqual(['x', 'y']);
    expect(replaceTargets(lic('LICENSE i a 1.0 permanent 1 replace=*'))).toBe('*');
    expect(replaceTargets(lic('LICENSE i a 1.0 permanent 1 replace'))).toEqual(['a']);
    expect(replaceTargets(lic('LICENSE i a 1.0 permanent 1'))).toBeNull();
  });

  const products = ['a', 'b', 'c'];
  const dates = [null, '1-jan-2020', '1-jan-2021', '1-jan-2022'];
  const arbLicense = fc
    .record({
      product: fc.constantFrom(...products),
      issued: fc.constantFrom(...dates),
      start: fc.constantFrom(...dates),
      replace: fc.constantFrom(null, '', '*', 'a', '"a b"', 'c'),
    })
    .map((r) => {
      const parts = [`LICENSE i ${r.product} 1.0 permanent 1`];
      if (r.issued !== null) parts.push(`issued=${r.issued}`);
      if (r.start !== null) parts.push(`start=${r.start}`);
      if (r.replace === '') parts.push('replace');
      else if (r.replace !== null) parts.push(`replace=${r.replace}`);
      return parts.join(' ');
    });

  it('never replaces a license with itself and never drops one without naming its replacer (property)', () => {
    fc.assert(
      fc.property(fc.array(arbLicense, { maxLength: 8 }), (specs) => {
        const ls = file(specs);
        const r = applyReplace(ls);
        expect(r.active.length + r.replaced.length).toBe(ls.length);
        for (const x of r.replaced) {
          expect(x.by).not.toBe(x.license);
          expect(ls).toContain(x.by);
          expect(replaceTargets(x.by)).not.toBeNull();
        }
        const seen = new Set([...r.active, ...r.replaced.map((x) => x.license)]);
        expect(seen.size).toBe(ls.length);
      }),
    );
  });
});
