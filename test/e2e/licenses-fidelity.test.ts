// `licutil stat -i` on the built binary for the FlexLM license layouts of
// issue 16: UPGRADE upgrades the closest preceding FEATURE/INCREMENT line (not
// every line until its count is used up, which is RLM's rule), and a pre-v5
// line is locked to the hostid written after its key.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runJson } from '../helpers/cli.js';

const lic = (name: string) => path.join(ROOT, 'test/fixtures/licenses', name);

interface LicenseJson {
  kind: string;
  product: string;
  version: string;
  expires: string | null;
  expiry_date: string | null;
  permanent: boolean;
  count: number | null;
  type: string;
  hostid: string | null;
  line: number;
  notes: Array<{ code: string }>;
}

describe('stat -i on FlexLM files', () => {
  it('INCREMENT 4, INCREMENT 3, UPGRADE 5: v2.0 keeps 4 seats, v3.0 has 3', () => {
    const r = runJson<{ licenses: LicenseJson[] }>(['stat', '-i', '-c', lic('flexlm_upgrade_closest.lic')]);
    expect(r.code).toBe(0);
    const grants = r.json.licenses.filter((l) => l.kind === 'license').map((l) => [l.version, l.count, l.line]);
    expect(grants).toEqual([
      ['2.0', 4, 3],
      ['3.0', 3, 4],
    ]);
  });

  it('a pre-v5 line: the hostid after the key locks it, and no word of it is an unknown attribute', () => {
    const r = runJson<{ licenses: LicenseJson[] }>(['stat', '-i', '-c', lic('flexlm_pre_v5.lic')]);
    expect(r.stderr).not.toContain('LIC_UNKNOWN_ATTRIBUTE');
    const f1 = r.json.licenses.find((l) => l.product === 'f1');
    expect(f1).toMatchObject({ hostid: '17001111', expiry_date: '1999-01-01', permanent: false, count: null, type: 'uncounted' });
    // a 32-bit hostid is the old Sun-style one: named, and said to be unverifiable here rather than "anywhere"
    expect(f1?.notes.map((n) => n.code)).toContain('hostid_unverifiable');
    expect(r.json.licenses.find((l) => l.product === 'f2')).toMatchObject({ expiry_date: '1999-12-31', hostid: 'ANY' });
    expect(r.json.licenses.find((l) => l.product === 'f3')).toMatchObject({ expires: null, expiry_date: null, permanent: true });
  });
});
