// The same rules on Windows: ';' separates, drive letters are paths, variable
// names do not depend on case, and FlexLM's default file is C:\flexlm\license.dat.
import { describe, expect, it } from 'vitest';
import { licenseFilesOf, resolveLicenseEnvironment } from '../../../src/licenv/index.js';
import { windowsInput } from './fake-fs.js';

const LIC = 'LICENSE reprise joe 3.0 permanent uncounted hostid=any sig="x"\n';

describe('license environment on Windows', () => {
  it('"The separator character is \';\' for Windows systems": drive letters stay in their paths', () => {
    const r = resolveLicenseEnvironment(
      windowsInput({ tree: { 'C:\\lic\\a.lic': LIC, 'D:\\more\\b.LIC': LIC }, env: { RLM_LICENSE: '5053@h; C:\\lic\\a.lic ;D:\\more' } }),
    );
    expect(r.sources.map((s) => [s.kind, s.spec])).toEqual([
      ['server', '5053@h'],
      ['file', 'C:\\lic\\a.lic'],
      ['directory', 'D:\\more'],
    ]);
    expect(licenseFilesOf(r).map((f) => f.path)).toEqual(['C:\\lic\\a.lic', 'D:\\more\\b.LIC']);
  });

  it('relative paths resolve against the current directory, with backslashes', () => {
    const r = resolveLicenseEnvironment(windowsInput({ tree: { 'C:\\work\\sub\\x.lic': LIC }, env: { RLM_LICENSE: 'sub/x.lic' } }));
    expect(r.sources[0]?.files).toEqual(['C:\\work\\sub\\x.lic']);
  });

  it("the seed's Windows example written with ':' is caught: the '@' path problem says ';' separates on Windows", () => {
    const r = resolveLicenseEnvironment(windowsInput({ env: { RLM_LICENSE: '1700@myhost:/home/reprise/reprise.lic' } }));
    expect(r.sources).toHaveLength(1);
    expect(r.sources[0]?.problems[0]).toMatch(/'@'.*on Windows the elements are separated by ';', not ':'/);
  });

  it('variable names do not depend on case: rlm_license is RLM_LICENSE, and there is no uppercase/lowercase contest', () => {
    const r = resolveLicenseEnvironment(windowsInput({ isv: 'reprise', env: { reprise_license: '1@isv', rlm_license: '2@rlm', acme_license_file: '3@acme' } }));
    expect(r.sources.map((s) => s.origin)).toEqual(['reprise_license', 'rlm_license']);
    expect(r.setAside).toEqual([]);
    expect(r.notes).toEqual([
      'acme_license_file is set but not used: the vendor is reprise, so only REPRISE_LICENSE_FILE and REPRISE_LM_LICENSE_FILE are read',
    ]);
  });

  it('the FlexLM default is C:\\flexlm\\license.dat, and there is no $HOME/.flexlmrc', () => {
    const r = resolveLicenseEnvironment(windowsInput({ tree: { 'C:\\flexlm\\license.dat': LIC, 'C:\\Users\\u\\.flexlmrc': 'LM_LICENSE_FILE=1@rc\n' } }));
    expect(r.sources).toMatchObject([{ origin: 'FlexLM default', files: ['C:\\flexlm\\license.dat'] }]);
    expect(r.searched).not.toContain('C:\\Users\\u\\.flexlmrc');
  });

  it('*.lic matches without case on Windows, and files already listed compare without case', () => {
    const r = resolveLicenseEnvironment(windowsInput({ tree: { 'C:\\work\\A.LIC': LIC }, env: { RLM_LICENSE: 'c:\\work\\a.lic' } }));
    expect(r.sources.map((s) => s.origin)).toEqual(['RLM_LICENSE']);
    expect(r.notes[0]).toMatch(/current directory: dropped/);
  });
});
