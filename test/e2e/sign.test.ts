// `licutil sign` as a user runs it: the built binary on files in a temporary
// directory. Needs `npm run build` first.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runJson } from '../helpers/cli.js';

const SITE = `# Licenses for Example Corp, served by gt2
HOST gt2 0000a74f88ce 5053
ISV acme /opt/acme/acme
ISV other
#
# CAD seats, wrapped over three lines
LICENSE acme cad 2.0 permanent 5 share=uh
  issued=1-jan-2025 customer="Example Corp"
  _id=1
# another ISV's license: left alone
LICENSE other tool 1.0 permanent 3
LICENSE acme solver 3.1 31-dec-2099 2 soft_limit=1 hold=5
LICENSE acme viewer 1.0 permanent uncounted hostid=any
`;

let dir: string;
let keys: string;
const at = (...p: string[]) => path.join(dir, ...p);
const read = (f: string) => readFileSync(at(f), 'utf8');
const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: dir, env });
const json = <T>(args: string[], env: Record<string, string> = {}) => runJson<T>(args, { cwd: dir, env });

interface VerifyJson {
  action: string;
  ok: boolean;
  summary: Record<string, number>;
  licenses: Array<{ file: string; line: number; end_line: number; isv: string; product: string; version: string; kind: string; status: string; detail: string; key_path: string | null }>;
  errors: unknown[];
}

function write(name: string, text: string): string {
  writeFileSync(at(name), text);
  return name;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'licutil-sign-e2e-'));
  keys = 'keys';
  const r = run(['sign', 'keygen', '--isv', 'acme', '--out', keys]);
  if (r.code !== 0) throw new Error(`keygen failed: ${r.stderr}`);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sign keygen', () => {
  it('writes NAME.key (PKCS#8, mode 0600) and NAME.pub (SPKI)', () => {
    expect(read('keys/acme.key')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(read('keys/acme.pub')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    if (process.platform !== 'win32') expect(statSync(at('keys/acme.key')).mode & 0o777).toBe(0o600);
  });

  it('reports what it wrote as JSON', () => {
    const r = json<Record<string, unknown>>(['sign', 'keygen', '--isv', 'beta', '--out', 'k2']);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({
      schema: 'licutil.sign-keygen',
      schema_version: 1,
      action: 'keygen',
      isv: 'beta',
      private_key: path.join('k2', 'beta.key'),
      public_key: path.join('k2', 'beta.pub'),
      overwritten: false,
    });
  });

  it('refuses to overwrite a key pair without --force (LICUTIL_E_EXISTS), and replaces it with --force', () => {
    const before = read('keys/acme.pub');
    const refused = json<{ error: { code: string; message: string } }>(['sign', 'keygen', '--isv', 'acme', '--out', keys]);
    expect(refused.code).toBe(73);
    expect(refused.json.error.code).toBe('LICUTIL_E_EXISTS');
    expect(refused.stderr).toContain('keys/acme.key and keys/acme.pub already exist; not overwritten');
    expect(read('keys/acme.pub')).toBe(before);

    run(['sign', 'keygen', '--isv', 'gamma', '--out', 'k3']);
    const old = read('k3/gamma.pub');
    const forced = json<{ overwritten: boolean }>(['sign', 'keygen', '--isv', 'gamma', '--out', 'k3', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.json.overwritten).toBe(true);
    expect(read('k3/gamma.pub')).not.toBe(old);
    if (process.platform !== 'win32') expect(statSync(at('k3/gamma.key')).mode & 0o777).toBe(0o600);
  });

  it('needs --isv (usage, exit 2)', () => {
    const r = run(['sign', 'keygen']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sign keygen needs --isv NAME');
  });
});

describe('sign, then verify', () => {
  beforeAll(() => {
    write('site.lic', SITE);
  });

  it('--dry-run shows the diff and writes nothing', () => {
    const r = run(['sign', '--key', 'keys/acme.key', 'site.lic', '--dry-run']);
    expect(r.code).toBe(0);
    expect(read('site.lic')).toBe(SITE);
    expect(r.stdout).toContain('--- site.lic\n+++ site.lic (signed)\n@@ -7,3 +7,5 @@\n LICENSE acme cad 2.0 permanent 5 share=uh\n');
    expect(r.stdout).toMatch(/^\+ {2}sig="LU1:[0-9A-Z]+$/m);
    expect(r.stdout).toContain('dry run, nothing written');

    const j = json<{ dry_run: boolean; files: Array<{ written: boolean; diff: string }> }>(['sign', '--key', 'keys/acme.key', 'site.lic', '-n']);
    expect(j.json.dry_run).toBe(true);
    expect(j.json.files[0]?.written).toBe(false);
    expect(j.json.files[0]?.diff).toMatch(/^--- site\.lic\n/);
    expect(read('site.lic')).toBe(SITE);
  });

  it('signs the ISV\'s lines in place, reports the other ISV\'s line as left alone', () => {
    const r = json<Record<string, unknown>>(['sign', '--key', 'keys/acme.key', 'site.lic']);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({
      schema: 'licutil.sign',
      schema_version: 1,
      action: 'sign',
      isv: 'acme',
      key: 'keys/acme.key',
      dry_run: false,
      files: [
        {
          file: 'site.lic',
          out: 'site.lic',
          written: true,
          signed: [
            { line: 7, kind: 'license', product: 'cad', version: '2.0', changed: true },
            { line: 14, kind: 'license', product: 'solver', version: '3.1', changed: true },
            { line: 17, kind: 'license', product: 'viewer', version: '1.0', changed: true },
          ],
          skipped: [{ line: 13, isv: 'other', product: 'tool', reason: 'another ISV (other)' }],
          diff: null,
        },
      ],
    });
    const text = read('site.lic');
    for (const line of SITE.split('\n')) expect(text).toContain(line);
  });

  it('--verify: every acme license valid, the other unsigned, exit 0', () => {
    const r = json<VerifyJson>(['sign', '--verify', '--pub', 'keys/acme.pub', 'site.lic']);
    expect(r.code).toBe(0);
    expect(r.json.ok).toBe(true);
    expect(r.json.summary).toEqual({ valid: 3, invalid: 0, unsigned: 1, foreign: 0, unchecked: 0 });
    expect(r.json.licenses.map((l) => `${l.line} ${l.product} ${l.status}`)).toEqual(['7 cad valid', '13 tool unsigned', '14 solver valid', '17 viewer valid']);
    expect(r.json.licenses[0]).toEqual({
      status: 'valid',
      detail: 'signature matches',
      file: 'site.lic',
      line: 7,
      end_line: 11,
      kind: 'license',
      isv: 'acme',
      product: 'cad',
      version: '2.0',
      key_path: path.join('keys', 'acme.pub'),
    });
  });

  it('an edited covered field: that line is invalid (file:line), exit 65', () => {
    write('edited.lic', read('site.lic').replace('soft_limit=1', 'soft_limit=2'));
    const r = run(['sign', '--verify', '--pub', 'keys/acme.pub', 'edited.lic']);
    expect(r.code).toBe(65);
    expect(r.stdout).toMatch(/edited\.lic:14 +acme +solver +3\.1 +invalid +signature does not match — the line was edited or belongs to another server/);
    expect(r.stdout).toMatch(/edited\.lic:7 +acme +cad +2\.0 +valid/);
  });

  it('an edited _id stays valid; a counted license under another HOST does not', () => {
    write('id.lic', read('site.lic').replace('_id=1', '_id=77'));
    expect(run(['sign', '--verify', '--pub', 'keys/acme.pub', 'id.lic']).code).toBe(0);
    write('moved.lic', read('site.lic').replace('HOST gt2 0000a74f88ce 5053', 'HOST elsewhere 00163e0a0b0c 5053'));
    const r = json<VerifyJson>(['sign', '--verify', '--pub', 'keys/acme.pub', 'moved.lic']);
    expect(r.code).toBe(65);
    expect(r.json.licenses.map((l) => `${l.product} ${l.status}`)).toEqual(['cad invalid', 'tool unsigned', 'solver invalid', 'viewer valid']);
  });

  it('finds the key in LICUTIL_KEYS or beside the file; without one: unchecked, exit 0', () => {
    expect(json<VerifyJson>(['sign', '--verify', 'site.lic'], { LICUTIL_KEYS: 'keys' }).json.summary.valid).toBe(3);
    mkdirSync(at('beside'), { recursive: true });
    copyFileSync(at('site.lic'), at('beside/site.lic'));
    copyFileSync(at('keys/acme.pub'), at('beside/acme.pub'));
    const beside = json<VerifyJson>(['sign', '--verify', 'beside/site.lic']);
    expect(beside.json.summary.valid).toBe(3);
    expect(beside.json.licenses[0]?.key_path).toBe(path.join('beside', 'acme.pub'));
    const none = run(['sign', '--verify', 'site.lic']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('not checked (no public key for ISV acme)');
  });

  it('reports FlexLM SIGN= as foreign, not verifiable here, exit 0', () => {
    copyFileSync(path.join(ROOT, 'examples/licenses/vendor.lic'), at('vendor.lic'));
    const r = json<VerifyJson>(['sign', '--verify', '--pub', 'keys/acme.pub', 'vendor.lic']);
    expect(r.code).toBe(0);
    expect(r.json.licenses.map((l) => l.detail)).toEqual(['not verifiable here (FlexLM SIGN=)', 'not verifiable here (FlexLM SIGN=)']);
    expect(r.stderr).toContain('keys/acme.pub is taken as the key of ISV acme, which has no license in these files');
  });

  it('signing again leaves the file as it is', () => {
    const before = read('site.lic');
    const r = json<{ files: Array<{ written: boolean; signed: Array<{ changed: boolean }> }> }>(['sign', '--key', 'keys/acme.key', 'site.lic']);
    expect(r.json.files[0]?.written).toBe(false);
    expect(r.json.files[0]?.signed.every((s) => !s.changed)).toBe(true);
    expect(read('site.lic')).toBe(before);
  });
});

describe('rlmsign, --out and refusals', () => {
  it('rlmsign is sign', () => {
    write('r.lic', 'LICENSE acme v 1.0 permanent uncounted hostid=any\n');
    const r = run(['rlmsign', '--key', 'keys/acme.key', 'r.lic']);
    expect(r.code).toBe(0);
    expect(read('r.lic')).toMatch(/sig="LU1:/);
    expect(run(['rlmsign', '--verify', '--pub', 'keys/acme.pub', 'r.lic']).code).toBe(0);
  });

  it('--out FILE writes there and leaves the input alone; --out DIR takes several files', () => {
    const text = 'LICENSE acme v 1.0 permanent uncounted hostid=any\n';
    write('in1.lic', text);
    write('in2.lic', text.replace(' v ', ' w '));
    expect(run(['sign', '--key', 'keys/acme.key', 'in1.lic', '--out', 'signed1.lic']).code).toBe(0);
    expect(read('in1.lic')).toBe(text);
    expect(read('signed1.lic')).toMatch(/sig="LU1:/);
    const r = json<{ files: Array<{ out: string; written: boolean }> }>(['sign', '--key', 'keys/acme.key', 'in1.lic', 'in2.lic', '--out', 'outdir']);
    expect(r.code).toBe(0);
    expect(r.json.files.map((f) => [f.out, f.written])).toEqual([
      [path.join('outdir', 'in1.lic'), true],
      [path.join('outdir', 'in2.lic'), true],
    ]);
    expect(read('outdir/in2.lic')).toMatch(/^LICENSE acme w /);
  });

  it('takes the ISV from --isv when the key file is named otherwise; warns when nothing was signed', () => {
    copyFileSync(at('keys/acme.key'), at('vendor-signing.key'));
    write('n.lic', 'LICENSE acme v 1.0 permanent uncounted hostid=any\n');
    const none = run(['sign', '--key', 'vendor-signing.key', 'n.lic']);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('warning: no license of ISV vendor-signing was signed');
    expect(read('n.lic')).not.toContain('sig=');
    expect(run(['sign', '--key', 'vendor-signing.key', '--isv', 'acme', 'n.lic']).code).toBe(0);
    expect(run(['sign', '--verify', '--pub', 'keys/acme.pub', 'n.lic']).stdout).toMatch(/n\.lic:1 .* valid/);
  });

  it('refuses a file with errors (exit 65), names file:line, and writes nothing at all', () => {
    const good = write('good.lic', 'LICENSE acme v 1.0 permanent uncounted hostid=any\n');
    const bad = write('bad.lic', 'ISV acme\nLICENSE acme v 1.0 permanent uncounted hostid=any bogus=1\n');
    const r = json<{ error: { code: string } }>(['sign', '--key', 'keys/acme.key', good, bad]);
    expect(r.code).toBe(65);
    expect(r.json.error.code).toBe('LICUTIL_E_LICENSE_SYNTAX');
    expect(r.stderr).toMatch(/bad\.lic:2:\d+: /);
    expect(read('good.lic')).not.toContain('sig=');
  });

  it('explains a wrong or missing key', () => {
    const missing = run(['sign', '--key', 'keys/nope.key', 'good.lic']);
    expect(missing.code).toBe(78);
    expect(missing.stderr).toContain('keys/nope.key: no such private key file');
    const pub = run(['sign', '--key', 'keys/acme.pub', 'good.lic']);
    expect(pub.code).toBe(78);
    expect(pub.stderr).toContain('keys/acme.pub: this is a public key; signing needs the private key');
    expect(run(['sign', 'good.lic']).stderr).toContain('signing needs the private key: --key NAME.key');
  });

  it('verifies an RLM file signed by RLM itself as foreign', () => {
    copyFileSync(path.join(ROOT, 'test/fixtures/licenses/rlm_sig_own_line.lic'), at('quarry.lic'));
    const r = json<VerifyJson>(['sign', '--verify', 'quarry.lic']);
    expect(r.code).toBe(0);
    expect(r.json.licenses.map((l) => [l.line, l.status, l.detail])).toEqual([[3, 'foreign', 'not verifiable here (RLM signature)']]);
  });
});
