// `licutil stat -i` (aliases lmstat, rlmstat) end to end: the built binary
// reads license files without a server and says, line by line, what each
// grants and whether it is usable here. Needs `npm run build` first; the clock
// is LICUTIL_NOW=2026-06-15T12:00:00Z (test/helpers/cli.ts).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, runJson, type RunOptions } from '../helpers/cli.js';
import { corpusPath, describeCorpus } from '../helpers/corpus.js';

interface ReasonJson {
  code: string;
  message: string;
  hint?: string;
}
interface LicenseJson {
  kind: 'license' | 'upgrade' | 'package';
  isv: string;
  product: string;
  version: string;
  expires: string | null;
  expiry_date: string | null;
  permanent: boolean;
  count: number | null;
  type: string;
  status: string;
  file: string;
  line: number;
  problems: ReasonJson[];
  notes: ReasonJson[];
  signature: { status: string; detail: string };
}
interface DiagnosticJson {
  severity: string;
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
  hint?: string;
}
interface StatJson {
  licenses: LicenseJson[];
  diagnostics: DiagnosticJson[];
  files: string[];
}
interface ErrorJson {
  error: { code: string; message: string; hint: string };
}

/** The keys the issue requires on every license object. */
const REQUIRED_KEYS = ['kind', 'isv', 'product', 'version', 'expires', 'expiry_date', 'permanent', 'count', 'type', 'status', 'file', 'line'] as const;

const LICENSES = corpusPath('licenses');
type HandCount = Record<
  string,
  { features: Array<{ product: string; vendor: string; version: string; expiry: string; count: string }>; packages: number }
>;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The hand count's `dd-mmm-yyyy` / `permanent` as `expiry_date` (`YYYY-MM-DD`) or `permanent` (see expiryOf). */
function isoExpiry(written: string): string {
  if (written.toLowerCase() === 'permanent') return 'permanent';
  const m = /^(\d{1,2})-([a-z]{3})-(\d{4})$/i.exec(written);
  if (!m) throw new Error(`the hand count has an expiry this test does not know: ${written}`);
  const [, d = '', mon = '', y = ''] = m;
  if (y === '0' || /^0+$/.test(y)) return 'permanent';
  return `${y}-${String(MONTHS.indexOf(mon.toLowerCase()) + 1).padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** The hand count writes counts as written (`0` means uncounted); the JSON has a number, or null and the type (see countOf). */
function jsonCount(written: string): number | string {
  if (written === '0') return 'uncounted';
  return /^\d+$/.test(written) ? Number(written) : written.toLowerCase();
}

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** A fresh directory with these license files, and a HOME of its own so no .flexlmrc leaks in. */
function site(files: Record<string, string>): { dir: string; at: (f: string) => string; opts: RunOptions } {
  const dir = mkdtempSync(path.join(tmpdir(), 'licutil-stat-'));
  dirs.push(dir);
  const home = path.join(dir, 'home');
  mkdirSync(home);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return { dir, at: (f) => path.join(dir, f), opts: { cwd: dir, env: { HOME: home, TZ: 'UTC' } } };
}

// One line per status; the clock is 2026-06-15T12:00Z.
const STATUS_FILE = `HOST srv1 any 5053
ISV acme
LICENSE acme fresh 1.0 permanent uncounted hostid=any
LICENSE acme old 1.0 1-jan-2020 uncounted hostid=any
LICENSE acme future 1.0 permanent uncounted hostid=any start=1-jan-2027
LICENSE acme rep 1.0 permanent 5 issued=1-jan-2024
LICENSE acme rep 2.0 permanent 5 issued=1-mar-2026 replace
LICENSE acme locked 1.0 permanent uncounted hostid=0badc0ffee99
LICENSE acme seats 3.1 31-dec-2099 7
`;

const byProductLine = (j: StatJson, product: string, line: number): LicenseJson => {
  const l = j.licenses.find((x) => x.product === product && x.line === line);
  if (!l) throw new Error(`no ${product} at line ${line} in ${JSON.stringify(j.licenses.map((x) => [x.product, x.line]))}`);
  return l;
};

describeCorpus('stat -i on every real license file of the corpus', () => {
  const files = readdirSync(LICENSES).filter((f) => f.endsWith('.lic'));
  const expected = JSON.parse(readFileSync(path.join(LICENSES, 'expected.json'), 'utf8')) as HandCount;

  it('the fixtures are all there and all in the hand count', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const f of files) expect(expected[f], f).toBeDefined();
  });

  for (const f of files) {
    it(`${f}: every FEATURE/INCREMENT/LICENSE line is a license object matching the hand count; PACKAGE lines are kind "package"`, () => {
      const { code, json, stderr } = runJson<StatJson>(['stat', '-i', '-c', path.join(LICENSES, f)]);
      const want = expected[f];
      if (!want) throw new Error(`${f} is not in expected.json`);
      // a truncated file still has all its lines accounted for, and says it is broken
      const broken = json.diagnostics.some((d) => d.severity === 'error');
      expect(code, stderr).toBe(broken ? 65 : 0);
      const licenses = json.licenses.filter((l) => l.kind === 'license');
      expect(licenses).toHaveLength(want.features.length);
      const key = (p: string, i: string, v: string, c: number | string, e: string) => JSON.stringify([p, i, v, c, e]);
      const countOf = (l: LicenseJson) => l.count ?? l.type;
      const expiryOf = (l: LicenseJson) => l.expiry_date ?? (l.permanent ? 'permanent' : 'unreadable');
      expect(licenses.map((l) => key(l.product, l.isv, l.version, countOf(l), expiryOf(l))).sort()).toEqual(
        want.features.map((w) => key(w.product, w.vendor, w.version, jsonCount(w.count), isoExpiry(w.expiry))).sort(),
      );
      expect(json.licenses.filter((l) => l.kind === 'package')).toHaveLength(want.packages);
      for (const l of json.licenses) {
        for (const k of REQUIRED_KEYS) expect(l, `${f}:${l.line} lacks ${k}`).toHaveProperty(k);
        if (l.expires !== null) expect(l.expires).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        if (l.expiry_date !== null) expect(l.expiry_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (l.permanent) expect([l.expires, l.expiry_date]).toEqual([null, null]);
        if (l.expiry_date !== null) expect(l.permanent).toBe(false);
        expect(l.count === null ? ['uncounted', 'single', 'token', 'metered'].includes(l.type) : Number.isInteger(l.count)).toBe(true);
        expect(l.file).toBe(path.join(LICENSES, f));
        expect(Number.isInteger(l.line) && l.line >= 1).toBe(true);
      }
      expect(json.files).toEqual([path.join(LICENSES, f)]);
    });
  }

  it('the truncated Synopsys file: status bad_syntax, exit 65, and stderr names file:line:column and the code', () => {
    const file = path.join(LICENSES, '30_flexlm_synopsys_doc_truncated.lic');
    const { code, json, stderr } = runJson<StatJson>(['stat', '-i', '-c', file]);
    expect(code).toBe(65);
    expect(json.licenses.map((l) => [l.product, l.status])).toEqual([['SSS', 'bad_syntax']]);
    expect(json.diagnostics[0]).toMatchObject({ severity: 'error', code: 'LIC_UNTERMINATED_QUOTE', file, line: 5 });
    expect(stderr).toContain(`${file}:5:15: LIC_UNTERMINATED_QUOTE:`);
  });
});

describe('stat -i statuses', () => {
  it('-q: the table without the "Why not ok" section (STATUS still says which); without -q the reasons follow', () => {
    const s = site({ 'site.lic': STATUS_FILE });
    const q = runCli(['stat', '-i', '-q', '-c', s.at('site.lic')], s.opts);
    expect(q.code).toBe(0);
    expect(q.stdout).toMatch(/^\s*PRODUCT\s+VERSION/);
    expect(q.stdout).toMatch(/^\s*old\s+.*\sexpired\s/m);
    expect(q.stdout).not.toMatch(/Why not ok|expired on 2020-01-01/);
    expect(runCli(['stat', '-i', '-c', s.at('site.lic')], s.opts).stdout).toMatch(/Why not ok:[\s\S]*expired on 2020-01-01/);
  });

  it('ok, expired, not_started, replaced, wrong_host, each with the reason and its fix', () => {
    const s = site({ 'site.lic': STATUS_FILE });
    const { code, json } = runJson<StatJson>(['stat', '-i', '-c', s.at('site.lic')], s.opts);
    expect(code).toBe(0); // statuses are facts to show, not failures of the command
    expect(json.licenses.map((l) => [l.product, l.line, l.status])).toEqual([
      ['fresh', 3, 'ok'],
      ['old', 4, 'expired'],
      ['future', 5, 'not_started'],
      ['rep', 6, 'replaced'],
      ['rep', 7, 'ok'],
      ['locked', 8, 'wrong_host'],
      ['seats', 9, 'ok'],
    ]);
    expect(byProductLine(json, 'fresh', 3).problems).toEqual([]);
    expect(byProductLine(json, 'old', 4).problems).toEqual([
      expect.objectContaining({ code: 'expired', message: 'expired on 2020-01-01', hint: expect.stringMatching(/Renew/) as unknown }),
    ]);
    // seed 002: "If start=dd-mmm-yyyy is specified in the license, the license cannot be used before the specified date."
    expect(byProductLine(json, 'future', 5).problems).toEqual([expect.objectContaining({ code: 'not_started', message: 'starts on 2027-01-01' })]);
    // seed 002: "Any license in the list of products with an issued date prior to the replacement date will be replaced."
    const replaced = byProductLine(json, 'rep', 6).problems;
    expect(replaced.map((p) => p.code)).toEqual(['replaced']);
    expect(replaced[0]?.message).toContain(`replaced by ${s.at('site.lic')}:7`);
    const locked = byProductLine(json, 'locked', 8).problems;
    expect(locked.map((p) => p.code)).toEqual(['wrong_host']);
    expect(locked[0]?.message).toMatch(/locked to .*0badc0ffee99/);
    expect(locked[0]?.hint).toMatch(/licutil hostid/);
  });

  it('the JSON fields of a counted and an uncounted license, value by value', () => {
    const s = site({ 'site.lic': STATUS_FILE });
    const { json } = runJson<StatJson>(['stat', '-i', '-c', s.at('site.lic')], s.opts);
    expect(byProductLine(json, 'seats', 9)).toMatchObject({
      kind: 'license',
      isv: 'acme',
      product: 'seats',
      version: '3.1',
      // the end of the last day in this machine's zone (UTC here)
      expires: '2100-01-01T00:00:00.000Z',
      expiry_date: '2099-12-31',
      permanent: false,
      count: 7,
      type: 'floating',
      status: 'ok',
      file: s.at('site.lic'),
      line: 9,
      signature: { status: 'unsigned' },
    });
    expect(byProductLine(json, 'seats', 9).notes).toContainEqual(expect.objectContaining({ code: 'needs_server', message: 'needs the server at srv1:5053' }));
    expect(byProductLine(json, 'fresh', 3)).toMatchObject({ count: null, type: 'uncounted', expires: null, expiry_date: null, permanent: true });
  });

  it('seed 002: "it is valid for the entire day of the expiration date"', () => {
    const s = site({ 'day.lic': 'LICENSE acme today 1.0 15-jun-2026 uncounted hostid=any\nLICENSE acme yesterday 1.0 14-jun-2026 uncounted hostid=any\n' });
    const { json } = runJson<StatJson>(['stat', '-i', '-c', s.at('day.lic')], s.opts);
    expect(json.licenses.map((l) => [l.product, l.status, l.expiry_date])).toEqual([
      ['today', 'ok', '2026-06-15'],
      ['yesterday', 'expired', '2026-06-14'],
    ]);
  });

  it('bad syntax: status bad_syntax, exit 65, a located diagnostic on stderr, and the rest of the file still read', () => {
    const s = site({ 'bad.lic': 'HOST srv1 any 5053\nISV acme\nLICENSE acme broken 1.0 permanent 3 colour=blue\nLICENSE acme fine 1.0 permanent 3\n' });
    const { code, json, stderr } = runJson<StatJson>(['stat', '-i', '-c', s.at('bad.lic')], s.opts);
    expect(code).toBe(65);
    expect(json.licenses.map((l) => [l.product, l.status])).toEqual([
      ['broken', 'bad_syntax'],
      ['fine', 'ok'],
    ]);
    expect(json.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'LIC_UNKNOWN_ATTRIBUTE', file: s.at('bad.lic'), line: 3, column: 37 }),
    ]);
    expect(byProductLine(json, 'broken', 3).problems[0]).toMatchObject({ code: 'syntax' });
    expect(stderr).toContain(`${s.at('bad.lic')}:3:37: LIC_UNKNOWN_ATTRIBUTE: colour= is not a LICENSE keyword`);
    expect(stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });

  it('an impossible expiry date (31-feb-2026): bad_syntax, exit 65, and a located LIC_BAD_DATE with its fix', () => {
    const s = site({ 'feb.lic': 'HOST srv1 any 5053\nISV acme\nLICENSE acme solver 1.0 31-feb-2026 uncounted hostid=any\nLICENSE acme fine 1.0 2026-02-28 uncounted hostid=any\n' });
    const { code, json, stderr } = runJson<StatJson>(['stat', '-i', '-c', s.at('feb.lic')], s.opts);
    expect(code).toBe(65);
    expect(json.licenses.map((l) => [l.product, l.status])).toEqual([
      ['solver', 'bad_syntax'],
      ['fine', 'expired'],
    ]);
    expect(json.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'LIC_BAD_DATE', file: s.at('feb.lic'), line: 3, column: 25, hint: expect.stringMatching(/Ask the vendor/) as unknown }),
    ]);
    expect(stderr).toContain(`${s.at('feb.lic')}:3:25: LIC_BAD_DATE: The expiration date "31-feb-2026" is not a date: February 2026 has 28 days.`);
    const table = runCli(['stat', '-i', '-c', s.at('feb.lic')], s.opts);
    expect(table.stdout).toContain(`${s.at('feb.lic')}:3:25: The expiration date "31-feb-2026" is not a date`);
  });

  it('kind "upgrade" for an UPGRADE line, with the version it upgrades from', () => {
    const s = site({
      'up.lic': 'HOST srv1 any 5053\nISV acme\nLICENSE acme cad 1.0 permanent 5\nUPGRADE acme cad 1.0 2.0 permanent 5\n',
    });
    const { code, json } = runJson<StatJson>(['stat', '-i', '-c', s.at('up.lic')], s.opts);
    expect(code).toBe(0);
    const up = json.licenses.find((l) => l.kind === 'upgrade');
    expect(up).toMatchObject({ kind: 'upgrade', isv: 'acme', product: 'cad', version: '2.0', from_version: '1.0', count: 5, line: 4 });
  });
});

describe('stat -i: choosing what to show', () => {
  it('FEATURE keeps only that product (case-insensitive), in both dialects', () => {
    const s = site({ 'site.lic': STATUS_FILE });
    const { code, json } = runJson<StatJson>(['stat', '-i', 'REP', '-c', s.at('site.lic')], s.opts);
    expect(code).toBe(0);
    expect(json.licenses.map((l) => [l.product, l.version, l.status])).toEqual([
      ['rep', '1.0', 'replaced'],
      ['rep', '2.0', 'ok'],
    ]);
    const flex = runJson<StatJson>(['stat', '-i', 'draftsuite_f', '-c', path.join(ROOT, 'test/fixtures/licenses/flexlm_suite_server_noport.lic')]);
    // the file's two PACKAGE lines share the FEATURE's name, so they are shown too
    expect(flex.json.licenses.map((l) => [l.kind, l.product, l.isv]).sort()).toEqual([
      ['license', 'DRAFTSUITE_F', 'studiod'],
      ['license', 'DRAFTSUITE_F', 'studiod'],
      ['package', 'DRAFTSUITE_F', 'studiod'],
      ['package', 'DRAFTSUITE_F', 'studiod'],
    ]);
    expect(flex.json.licenses.some((l) => l.product === 'DRAFTLT_2012_0F')).toBe(false);
  });

  it('FEATURE that no line names: an empty list, exit 0, and the table says so', () => {
    const s = site({ 'site.lic': STATUS_FILE });
    const { code, json } = runJson<StatJson>(['stat', '-i', 'nosuch', '-c', s.at('site.lic')], s.opts);
    expect(code).toBe(0);
    expect(json.licenses).toEqual([]);
    expect(runCli(['stat', '-i', 'nosuch', '-c', s.at('site.lic')], s.opts).stdout).toMatch(/No license for nosuch/);
  });

  it('-c DIR reads every *.lic inside, sorted, and nothing else', () => {
    const s = site({
      'b.lic': 'LICENSE acme second 1.0 permanent uncounted hostid=any\n',
      'a.lic': 'LICENSE acme first 1.0 permanent uncounted hostid=any\n',
      'notes.txt': 'LICENSE acme ignored 1.0 permanent uncounted hostid=any\n',
    });
    const { code, json } = runJson<StatJson>(['stat', '-i', '-c', s.dir], s.opts);
    expect(code).toBe(0);
    expect(json.files).toEqual([s.at('a.lic'), s.at('b.lic')]);
    expect(json.licenses.map((l) => [l.product, l.file, l.line])).toEqual([
      ['first', s.at('a.lic'), 1],
      ['second', s.at('b.lic'), 1],
    ]);
  });

  it('without -c: RLM_LICENSE, then *.lic in the current directory', () => {
    const s = site({ 'here.lic': 'LICENSE acme here 1.0 permanent uncounted hostid=any\n' });
    const other = site({ 'there.lic': 'LICENSE acme there 1.0 permanent uncounted hostid=any\n' });
    const fromCwd = runJson<StatJson>(['stat', '-i'], s.opts);
    expect(fromCwd.json.licenses.map((l) => l.product)).toEqual(['here']);
    const fromEnv = runJson<StatJson>(['stat', '-i'], { ...s.opts, env: { ...s.opts.env, RLM_LICENSE: other.at('there.lic') } });
    expect(fromEnv.json.licenses.map((l) => l.product)).toEqual(['there', 'here']);
  });

  it('no license source at all: exit 66 with what was looked at and what to do', () => {
    const s = site({});
    const human = runCli(['stat', '-i'], s.opts);
    expect(human.code).toBe(66);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(/no license source found; looked at .*RLM_LICENSE/);
    expect(human.stderr).toMatch(/hint: pass -c FILE/);
    const { code, json } = runJson<ErrorJson>(['stat', '-i'], s.opts);
    expect(code).toBe(66);
    expect(json.error.code).toBe('LICUTIL_E_NO_SOURCE');
    expect(json.error.message).toContain(s.dir);
  });

  it('a missing file among the sources is reported on stderr, not fatal; when it is the only one, exit 66 names it', () => {
    const s = site({ 'site.lic': STATUS_FILE });
    const missing = s.at('gone.lic');
    const r = runJson<StatJson>(['stat', '-i', '-c', `${missing}:${s.at('site.lic')}`], s.opts);
    expect(r.code).toBe(0);
    expect(r.json.licenses).toHaveLength(7);
    expect(r.json.files).toEqual([s.at('site.lic')]);
    expect(r.stderr).toContain(`warning: -c ${missing}: no such file or directory`);
    const alone = runCli(['stat', '-i', '-c', missing], s.opts);
    expect(alone.code).toBe(66);
    expect(alone.stderr).toMatch(new RegExp(`no license source found.*no such file or directory: ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('stat without -i asks servers; with only uncounted licenses (no HOST line) there is none: exit 66 pointing to -c PORT@HOST and stat -i', () => {
    const s = site({ 'site.lic': 'LICENSE acme viewer 1.0 permanent uncounted hostid=any\n' });
    const r = runCli(['stat', '-c', s.at('site.lic')], s.opts);
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/PORT@HOST/);
    expect(r.stderr).toMatch(/stat -i/);
  });

  it('a server source in the environment is not asked: an info message says so, the files are still read', () => {
    const s = site({ 'site.lic': STATUS_FILE });
    const r = runJson<StatJson>(['stat', '-i', '-c', `5053@nowhere.invalid:${s.at('site.lic')}`], s.opts);
    expect(r.code).toBe(0);
    expect(r.json.licenses).toHaveLength(7);
    expect(r.stderr).toMatch(/1 server source\(s\) .* not asked/);
  });
});

describe('stat -i aliases and the table', () => {
  // rlmstat -i names an ISV (RLM's meaning, issue 15): only lmstat's -i reads the files
  it('lmstat -i gives the same JSON as stat -i', () => {
    const s = site({ 'site.lic': STATUS_FILE });
    const stat = runJson<StatJson>(['stat', '-i', '-c', s.at('site.lic')], s.opts);
    for (const alias of ['lmstat']) {
      const r = runJson<StatJson>([alias, '-i', '-c', s.at('site.lic')], s.opts);
      expect(r.code, alias).toBe(0);
      expect(r.json, alias).toEqual(stat.json);
    }
  });

  it('the table has a row per license with its status and file:line, the reasons below, and no escape codes under NO_COLOR', () => {
    const s = site({ 'site.lic': STATUS_FILE });
    const r = runCli(['stat', '-i', '-c', s.at('site.lic')], s.opts);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/PRODUCT\s+VERSION\s+ISV\s+EXPIRES\s+COUNT\s+TYPE\s+STATUS/);
    const row = (product: string, where: string) => lines.find((l) => l.includes(` ${product} `) && l.includes(where)) ?? '';
    expect(row('old', 'site.lic:4')).toMatch(/old\s+1\.0\s+acme\s+2020-01-01\s+uncounted\s+uncounted\s+expired/);
    expect(row('seats', 'site.lic:9')).toMatch(/seats\s+3\.1\s+acme\s+2099-12-31\s+7\s+floating\s+ok/);
    expect(row('future', 'site.lic:5')).toMatch(/not_started/);
    expect(row('rep', 'site.lic:6')).toMatch(/replaced/);
    expect(row('locked', 'site.lic:8')).toMatch(/wrong_host/);
    // paths below the working directory are shown relative to it
    expect(r.stdout).not.toContain(`${s.dir}/site.lic:4 `);
    expect(r.stdout).toMatch(/Why not ok:/);
    expect(r.stdout).toMatch(/expired on 2020-01-01\n\s+fix: Renew the license/);
  });
});
