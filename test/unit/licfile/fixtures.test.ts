// Every real license file in ../shared/fixtures/licenses (when present) read
// against the expectations recorded beside it: each license line accounted for, in order,
// with its fields exactly as written.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeCorpus } from '../../helpers/corpus.js';
import { grants, printDocument } from '../../../src/licfile/index.js';
import type { LicenseDocument } from '../../../src/licfile/types.js';
import { FIXTURE_DIR, FIXTURE_FILES as files, readFixture as read } from './helpers.js';

interface Expected {
  features: Array<{ count: string; expiry: string; product: string; vendor: string; version: string }>;
  feature_keywords: Record<string, number>;
  final_newline: boolean;
  format: 'rlm' | 'flexlm';
  line_endings: 'LF' | 'CRLF';
  packages: number;
  servers: number;
  upgrades: number;
  vendors: number;
  free_text_lines?: number;
  truncated?: boolean;
}

function count(doc: LicenseDocument, kind: string): number {
  return doc.statements.filter((s) => s.kind === kind).length;
}

describeCorpus('real license files', () => {
  const expected = JSON.parse(readFileSync(path.join(FIXTURE_DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;

  it('has an expectation for every fixture file', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(Object.keys(expected).sort()).toEqual([...files].sort());
  });

  describe.each(files)('%s', (name) => {
    const exp = expected[name] as Expected;
    const doc = read(name);

    it('reads every license/feature line in order, fields exactly as written', () => {
      const features = grants(doc)
        .filter((g) => g.kind === 'license')
        .map((g) => ({ count: g.count, expiry: g.expires, product: g.product, vendor: g.isv, version: g.version }));
      expect(features).toEqual(exp.features);
    });

    it('counts keywords, servers, vendors, packages and upgrades', () => {
      const keywords: Record<string, number> = {};
      for (const g of grants(doc)) {
        if (g.kind === 'license') keywords[g.keyword.toUpperCase()] = (keywords[g.keyword.toUpperCase()] ?? 0) + 1;
      }
      expect(keywords).toEqual(exp.feature_keywords);
      expect(count(doc, 'host')).toBe(exp.servers);
      expect(count(doc, 'isv')).toBe(exp.vendors);
      expect(count(doc, 'package')).toBe(exp.packages);
      expect(count(doc, 'upgrade')).toBe(exp.upgrades);
      if (exp.free_text_lines !== undefined) expect(count(doc, 'text')).toBe(exp.free_text_lines);
    });

    it('decides the dialect and records the line endings', () => {
      expect(doc.dialect.dialect).toBe(exp.format);
      expect(doc.dialect.confidence).toBe('strong');
      expect(doc.lineEnding).toBe(exp.line_endings === 'CRLF' ? '\r\n' : '\n');
      expect(doc.finalNewline).toBe(exp.final_newline);
    });

    it('accounts for every physical line: statements tile the file in order', () => {
      const lines = doc.text.split('\n');
      const total = doc.finalNewline ? lines.length - 1 : lines.length;
      let next = 1;
      for (const s of doc.statements) {
        expect(s.line).toBe(next);
        expect(s.endLine).toBeGreaterThanOrEqual(s.line);
        next = s.endLine + 1;
      }
      expect(next - 1).toBe(total);
      expect(doc.statements.filter((s) => s.kind === 'invalid')).toEqual([]);
      expect(printDocument(doc)).toBe(doc.text);
    });

    if (exp.truncated === true) {
      it('reports the cut-off end at its line and column instead of failing', () => {
        const errors = doc.diagnostics.filter((d) => d.severity === 'error');
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatchObject({ code: 'LIC_UNTERMINATED_QUOTE', file: name, line: 5, column: 15 });
        expect(errors[0]?.message).toMatch(/VENDOR_STRING/);
        expect(errors[0]?.message).toMatch(/cut off/);
      });
    } else {
      it('has no errors', () => {
        expect(doc.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      });
    }
  });

  it('keeps the quoted signature that spans lines (02) with its line break', () => {
    const g = grants(read('02_rlm_actpro_demo_leading_space.lic'))[0];
    const sig = g?.attrs.find((a) => a.name === 'sig');
    expect(sig?.value).toBe('c2S25g22QQ7eSx7XJgHoYdkvfbrwE3h1Zo8md9Wdoty=svb\n  BH6gp2VI8WIquE28');
    expect(sig?.token.line).toBe(5);
  });

  it('reads sig= on the line after the license at column 0 (14)', () => {
    const g = grants(read('14_rlm_mantech_sig_on_next_line_col0.lic'))[0];
    expect(g?.line).toBe(3);
    expect(g?.endLine).toBe(4);
    expect(g?.attrs.map((a) => a.name)).toEqual(['min_timeout', '_ck', 'sig']);
  });

  it('reads a count wrapped onto the next line after \\ (16) and the positional FlexLM key', () => {
    const g = grants(read('16_flexlm_xilinx_eval_wrapped_count_crlf.lic')).find(
      (x) => x.product === 'PetaLinux_NoSuport_Eval',
    );
    expect(g).toMatchObject({ count: 'uncounted', expires: '15-mar-2022', key: 'ABCD9F4FCDAD' });
  });

  it('joins FlexLM quoted values continued with \\ without the backslash (05, 12)', () => {
    const inc = grants(read('05_flexlm_vmware_esx_parser_fixture.lic'))[0];
    const sign = inc?.attrs.find((a) => a.name === 'sign')?.value ?? '';
    expect(sign.startsWith('0778 0B1A ')).toBe(true);
    expect(sign).not.toContain('\\');
    expect(sign.endsWith('EF5E 2A57 C6EE 641E')).toBe(true);
    const notice = grants(read('12_flexlm_xilinx_sdsoc_package_crlf.lic'))[3]?.attrs.find((a) => a.name === 'notice');
    expect(notice?.value).toMatch(/^The \r?\n?license for this core/);
    expect(notice?.value).not.toContain('\\');
  });

  it('reads PACKAGE version, key and COMPONENTS (12)', () => {
    const pkg = read('12_flexlm_xilinx_sdsoc_package_crlf.lic').statements.find((s) => s.kind === 'package');
    expect(pkg).toMatchObject({ product: 'SDSoC_Tools', isv: 'xilinxd', version: '2018.04', key: 'F21C586B7E9C' });
    const components = pkg?.kind === 'package' ? pkg.attrs.find((a) => a.name === 'components')?.value : '';
    expect(components?.split(/\s+/)).toContain('ap_sdsoc');
  });

  it('reads ISV port= (14) and three SERVER lines (09) with their ports', () => {
    const isv = read('14_rlm_mantech_sig_on_next_line_col0.lic').statements.find((s) => s.kind === 'isv');
    expect(isv).toMatchObject({ name: 'mantech', port: 5055, binary: null });
    const hosts = read('09_flexlm_three_server_tudelft_crlf.lic').statements.filter((s) => s.kind === 'host');
    expect(hosts.map((h) => (h.kind === 'host' ? [h.hostname, h.hostid, h.port] : []))).toEqual([
      ['flexserv1.tudelft.nl', '00093D142065', 27003],
      ['flexserv2.tudelft.nl', '00093D141D42', 27003],
      ['flexserv3.tudelft.nl', '00093D141A7E', 27003],
    ]);
  });

  it('keeps free text as text statements with a located warning (03)', () => {
    const doc = read('03_rlm_actpro_generated_freetext_header.lic');
    const warnings = doc.diagnostics.filter((d) => d.code === 'LIC_FREE_TEXT');
    expect(warnings.map((d) => [d.line, d.column, d.severity])).toEqual([
      [1, 1, 'warning'],
      [2, 1, 'warning'],
    ]);
  });
});
