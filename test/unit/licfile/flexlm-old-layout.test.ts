// Pre-v5 FlexLM grant lines (issue 16): `FEATURE f v 1.00 1-jan-99 0 KEY "vendor
// string" HOSTID` says by position what v5 and later say with VENDOR_STRING=
// and HOSTID=. The reader keeps them as the line's old layout (no "unknown
// attribute" warnings); the model locks the license to that hostid.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLicense } from '../../../src/licfile/index.js';
import type { LicenseStatement } from '../../../src/licfile/types.js';
import { licensesOf } from '../../../src/licmodel/license.js';
import { OWN_LICENSE_DIR } from './helpers.js';

const FILE = path.join(OWN_LICENSE_DIR, 'flexlm_pre_v5.lic');
const doc = () => parseLicense(readFileSync(FILE, 'utf8'), FILE);

describe('the reader', () => {
  it('reads the vendor string and hostid after the key, glued ("KEY""") or apart, plain or TYPE=value', () => {
    const grants = doc().statements.filter((s): s is LicenseStatement => s.kind === 'license');
    expect(grants.map((g) => [g.product, g.key, g.oldLayout ?? null])).toEqual([
      ['f1', '8C1E4F3A9B02', { vendor_string: '', hostid: '17001111' }],
      ['f2', '1D2E3F4A5B6C', { vendor_string: 'site license', hostid: 'ANY' }],
      ['f3', '7A6B5C4D3E2F', { vendor_string: '', hostid: 'ID=4411' }],
      ['f4', '0F1E2D3C4B5A', { vendor_string: 'node', hostid: '17001111' }],
      // no vendor string after the key: not the old layout
      ['f5', 'AB12CD34EF56', null],
    ]);
    // attributes after the old fields stay attributes
    expect(grants[3]?.attrs.map((a) => [a.key, a.value])).toEqual([['OVERDRAFT', '1']]);
  });

  it('reports none of those words as an unknown attribute', () => {
    expect(doc().diagnostics.filter((d) => d.code === 'LIC_UNKNOWN_ATTRIBUTE')).toEqual([]);
  });

  it('a v5+ line is untouched: a bare word after the key without a vendor string is still a flag', () => {
    const d = parseLicense('SERVER h ANY 27000\nVENDOR v\nFEATURE f v 1.0 permanent 1 ABCDEF123456 TS_OK\n', 'new.lic');
    const g = d.statements.find((s): s is LicenseStatement => s.kind === 'license');
    expect(g?.oldLayout).toBeUndefined();
    expect(g?.attrs.map((a) => a.key)).toEqual(['TS_OK']);
  });
});

describe('the model', () => {
  it('the hostid after the key locks the license; two-digit years and 1-jan-0 keep their FlexLM meaning', () => {
    const ls = licensesOf(doc());
    expect(ls.map((l) => [l.product, l.hostid, l.attrs.get('vendor_string') ?? null, l.expiresIso, l.count])).toEqual([
      ['f1', '17001111', '', '1999-01-01', 'uncounted'],
      ['f2', 'ANY', 'site license', '1999-12-31', 4],
      ['f3', 'ID=4411', '', 'permanent', 2],
      ['f4', '17001111', 'node', 'permanent', 'uncounted'],
      ['f5', null, null, 'permanent', 3],
    ]);
  });
});
