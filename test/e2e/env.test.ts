// `licutil env` end to end: the built binary, real environment variables, a
// temporary directory of license files.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson, type RunOptions } from '../helpers/cli.js';

const LIC = 'HOST myhost 0000a74f88ce 5053\nISV reprise\nLICENSE reprise joe 3.0 permanent 10 sig="x"\n';

interface SourceJson {
  kind: string;
  origin: string;
  spec: string;
  style: string;
  files?: string[];
  servers?: Array<{ host: string; port: number | null; default_ports: number[] }>;
  text?: string;
  usable: boolean;
  problems: string[];
}
interface EnvJson {
  sources: SourceJson[];
  set_aside: SourceJson[];
  notes: string[];
  searched: string[];
  error?: { code: string; message: string; hint: string };
}

let root: string;
let lics: string; // a directory of *.lic
let work: string; // a working directory with one *.lic
let empty: string; // a working directory with none
let home: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'licutil-env-'));
  lics = path.join(root, 'lics');
  work = path.join(root, 'work');
  empty = path.join(root, 'empty');
  home = path.join(root, 'home');
  for (const d of [lics, work, empty, home, path.join(root, 'user@corp')]) mkdirSync(d);
  writeFileSync(path.join(lics, 'b.lic'), LIC);
  writeFileSync(path.join(lics, 'a.lic'), LIC);
  writeFileSync(path.join(lics, 'readme.txt'), 'not a license');
  writeFileSync(path.join(work, 'here.lic'), LIC);
  writeFileSync(path.join(root, 'user@corp', 'x.lic'), LIC);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Run in the empty directory with a HOME of our own, so the caller's .flexlmrc and *.lic do not leak in. */
function opts(env: Record<string, string> = {}, cwd?: string): RunOptions {
  return { cwd: cwd ?? empty, env: { HOME: home, ...env } };
}

describe('licutil env', () => {
  it('RLM_LICENSE: port@host, a file and a directory, in the order written ("license_spec1:license_spec2:...")', () => {
    const { code, json } = runJson<EnvJson>(['env'], opts({ RLM_LICENSE: `1700@myhost:${path.join(lics, 'a.lic')}:${lics}` }));
    expect(code).toBe(0);
    expect(json.sources.map((s) => [s.origin, s.kind, s.spec])).toEqual([
      ['RLM_LICENSE', 'server', '1700@myhost'],
      ['RLM_LICENSE', 'file', path.join(lics, 'a.lic')],
      ['RLM_LICENSE', 'directory', lics],
    ]);
    expect(json.sources[0]?.servers).toEqual([{ host: 'myhost', port: 1700, default_ports: [] }]);
    // a.lic is already listed by the file element: the directory adds only b.lic, and a note says so
    expect(json.sources[2]?.files).toEqual([path.join(lics, 'b.lic')]);
    expect(json.notes.join('\n')).toMatch(/already listed earlier; read once/);
  });

  it('a directory source lists every *.lic inside, sorted, and nothing else', () => {
    const { json } = runJson<EnvJson>(['env'], opts({ LM_LICENSE_FILE: lics }));
    expect(json.sources[0]).toMatchObject({ origin: 'LM_LICENSE_FILE', kind: 'directory', style: 'flexlm', files: [path.join(lics, 'a.lic'), path.join(lics, 'b.lic')] });
  });

  it('-c names exactly the sources to use; what the environment gave is shown as set aside', () => {
    const { code, json } = runJson<EnvJson>(['env', '-c', `${lics}:27000@flexhost`], opts({ RLM_LICENSE: '5053@rlmhost' }, work));
    expect(code).toBe(0);
    expect(json.sources.map((s) => [s.origin, s.kind, s.spec])).toEqual([
      ['-c', 'directory', lics],
      ['-c', 'server', '27000@flexhost'],
    ]);
    expect(json.set_aside.map((s) => [s.origin, s.spec])).toEqual([
      ['RLM_LICENSE', '5053@rlmhost'],
      ['current directory', work],
    ]);
    const human = runCli(['env', '-c', lics], opts({ RLM_LICENSE: '5053@rlmhost' }));
    expect(human.stdout).toMatch(/Set aside \(not used\):[\s\S]*RLM_LICENSE\s+server\s+5053@rlmhost/);
  });

  it('<ISV>_LICENSE: read with --isv, uppercase wins over lowercase, the lowercase one is set aside', () => {
    const env = { REPRISE_LICENSE: '1111@upper', reprise_LICENSE: '2222@lower', RLM_LICENSE: '3333@rlm' };
    const { json } = runJson<EnvJson>(['env', '--isv', 'reprise'], opts(env));
    expect(json.sources.map((s) => `${s.origin} ${s.spec}`)).toEqual(['REPRISE_LICENSE 1111@upper', 'RLM_LICENSE 3333@rlm']);
    expect(json.set_aside.map((s) => `${s.origin} ${s.spec}`)).toEqual(['reprise_LICENSE 2222@lower']);
    expect(json.notes).toContain('reprise_LICENSE is also set; REPRISE_LICENSE is used instead (uppercase wins over lowercase)');
    const without = runJson<EnvJson>(['env'], opts(env)).json;
    expect(without.sources.map((s) => s.origin)).toEqual(['RLM_LICENSE']);
  });

  it('a missing file is reported on its source and is not fatal', () => {
    const gone = path.join(root, 'gone.lic');
    const { code, json } = runJson<EnvJson>(['env'], opts({ RLM_LICENSE: `${gone}:5053@h` }));
    expect(code).toBe(0);
    expect(json.sources[0]).toMatchObject({ kind: 'file', spec: gone, usable: false, problems: [`no such file or directory: ${gone}`] });
    expect(json.sources[1]).toMatchObject({ kind: 'server', usable: true });
    const human = runCli(['env'], opts({ RLM_LICENSE: `${gone}:5053@h` }));
    expect(human.stdout).toMatch(/Problems:\n\s+#1 RLM_LICENSE: no such file or directory/);
  });

  it(`"The license file cannot be placed in a path where any component of the pathname contains the '@' character": an error that says so`, () => {
    const bad = path.join(root, 'user@corp', 'x.lic');
    const { code, json } = runJson<EnvJson>(['env', '-c', bad], opts());
    expect(code).toBe(66);
    expect(json.sources[0]?.files).toEqual([]);
    expect(json.sources[0]?.problems[0]).toMatch(/component containing '@' \("user@corp"\)/);
  });

  it('*.lic in the current directory is a source', () => {
    const { json } = runJson<EnvJson>(['env'], opts({}, work));
    expect(json.sources).toMatchObject([{ origin: 'current directory', kind: 'directory', files: [path.join(work, 'here.lic')] }]);
  });

  it('--json prints {"sources", "set_aside", "notes"}; every source has kind, origin and spec', () => {
    const r = runCli(['env', '--json'], opts({ RLM_LICENSE: `5053@h:${lics}:<LICENSE reprise joe 1.0 permanent uncounted hostid=any>`, LM_LICENSE_FILE: '@flex' }, work));
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as EnvJson;
    expect(Object.keys(json)).toEqual(['schema', 'schema_version', 'sources', 'set_aside', 'notes', 'searched']);
    expect(json.sources.map((s) => s.kind)).toEqual(['server', 'directory', 'literal', 'server', 'directory']);
    for (const s of json.sources) {
      expect(typeof s.kind).toBe('string');
      expect(typeof s.origin).toBe('string');
      expect(typeof s.spec).toBe('string');
    }
    expect(json.sources[2]?.text).toBe('LICENSE reprise joe 1.0 permanent uncounted hostid=any');
    expect(json.sources[3]?.servers?.[0]?.default_ports).toEqual([27000, 27001, 27002, 27003, 27004, 27005, 27006, 27007, 27008, 27009]);
  });

  it('the human view is a table with origin, kind, spec and what each resolved to; lmpath is the same command', () => {
    const r = runCli(['lmpath'], opts({ RLM_LICENSE: `5053@h:${lics}` }));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/origin\s+kind\s+spec\s+resolves to\s+status/);
    expect(r.stdout).toMatch(/1\s+RLM_LICENSE\s+server\s+5053@h\s+5053@h\s+ok/);
    expect(r.stdout).toContain(path.join(lics, 'b.lic'));
    expect(r.stdout).not.toContain('\u001b['); // NO_COLOR: no escape codes
  });

  it('columns stay aligned in a pipe when a path has wide characters (a table the plain drawer leaves to cli-table3)', () => {
    const wide = path.join(root, '許可証');
    mkdirSync(wide, { recursive: true });
    writeFileSync(path.join(wide, 'w.lic'), LIC);
    const r = runCli(['env', '-c', `${wide}:${lics}`], opts());
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const head = lines.find((l) => l.includes('resolves to')) as string;
    const row = lines.find((l) => l.includes('許可証') && /\bok$/.test(l)) as string;
    const plain = lines.find((l) => l.includes(path.join(lics, 'a.lic')) && /\bok$/.test(l)) as string;
    // display columns: each of these characters takes two
    const columns = (s: string) => [...s].reduce((n, ch) => n + (/[\u3000-\u9fff]/.test(ch) ? 2 : 1), 0);
    const statusAt = (l: string) => columns(l.slice(0, l.lastIndexOf(/\bok$/.test(l) ? 'ok' : 'status')));
    expect(statusAt(row)).toBe(statusAt(head));
    expect(statusAt(plain)).toBe(statusAt(head));
  });

  it.skipIf(existsSync('/usr/local/flexlm/licenses/license.dat'))(
    'exits 66 (LICUTIL_E_NO_SOURCE) when no source is found, saying where it looked and how to set RLM_LICENSE or -c',
    () => {
      const r = runCli(['env'], opts());
      expect(r.code).toBe(66);
      expect(r.stderr).toMatch(/no license source found/);
      expect(r.stderr).toMatch(/looked at RLM_LICENSE, <VENDOR>_LICENSE_FILE, LM_LICENSE_FILE/);
      expect(r.stderr).toContain(`current directory ${path.join(empty, '*.lic')}`);
      expect(r.stderr).toMatch(/hint: set RLM_LICENSE .* or pass -c port@host\|FILE\|DIR/);
      const j = runJson<EnvJson>(['env'], opts());
      expect(j.code).toBe(66);
      expect(j.json.sources).toEqual([]);
      expect(j.json.error?.code).toBe('LICUTIL_E_NO_SOURCE');
    },
  );

  it('exits 66 when every named source is unusable', () => {
    const r = runCli(['env', '-c', path.join(root, 'nothing-here.lic')], opts());
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/1 source was named but none can be used/);
  });
});
