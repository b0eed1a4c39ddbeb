// Human output fits the terminal it is shown on (issue 15): on a real pseudo-
// terminal of 80 and of 60 columns (util-linux `script`, `stty cols N`), every
// line of every table-printing command is at most N columns, wrapped only
// between words (each word of the terminal's output is a word of the piped
// output), with and without colour; piped output is not fitted, one record per line.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runJson } from '../helpers/cli.js';
import { demoLicense, killAll, startServer, type ServerHandle } from '../helpers/server.js';

const HAS_SCRIPT = spawnSync('script', ['-qc', 'true', '/dev/null']).status === 0;
const NOTICE = HAS_SCRIPT ? '' : ' (skipped: util-linux script is not installed, so no pseudo-terminal)';
const BIN = path.join(ROOT, 'bin/licutil.js');
const ENV = { LICUTIL_NOW: '2026-06-15T12:00:00Z', RLM_LICENSE: '', LM_LICENSE_FILE: '' };

// eslint-disable-next-line no-control-regex -- colour codes are stripped before measuring
const ANSI = /\x1b\[[0-9;]*m/g;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The lines the command writes (stdout and stderr) on a terminal of `cols` columns. */
function onTerminal(cols: number, args: string[], color: boolean): string[] {
  const env = { ...process.env, ...ENV, ...(color ? { FORCE_COLOR: '1', NO_COLOR: undefined } : { NO_COLOR: '1' }) };
  const line = `stty cols ${cols}; ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}`;
  const r = spawnSync('script', ['-qec', line, '/dev/null'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return r.stdout
    .replace(ANSI, '')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
}

const words = (text: string) => new Set(text.split(/\s+/).filter((w) => w !== ''));

let srv: ServerHandle;
let at: string;
beforeAll(async () => {
  srv = await startServer({
    licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 3', 'LICENSE demo solver_with_a_long_name 2.0 permanent 2']) },
  });
  at = `${srv.port}@127.0.0.1`;
  const co = runCli(['checkout', 'seat', '-c', at, '--detach', '--lease', '10m']);
  expect(co.code, co.stderr).toBe(0);
});
afterAll(killAll);

const COMMANDS: Array<[string, () => string[]]> = [
  ['stat -i', () => ['stat', '-i', '-c', 'examples/licenses']],
  ['stat -a against a server', () => ['stat', '-a', '-c', at]],
  ['lmdiag', () => ['lmdiag', '-c', 'examples/licenses']],
  ['lmdiag -n FEATURE', () => ['lmdiag', '-n', 'seat', '-c', at, '--no-checkout']],
  ['env', () => ['env', '-c', 'examples/licenses', '-c', at]],
  ['report', () => ['report', 'test/fixtures/logs/flexnet-debug.log']],
  ['report --by user', () => ['report', 'test/fixtures/logs/rlm-std.rl', '--by', 'user']],
  ['explain', () => ['explain', '-15']],
  ['hostid', () => ['hostid']],
  ['sign --verify', () => ['sign', '--verify', 'examples/licenses/acme.lic']],
];

describe.skipIf(!HAS_SCRIPT)(`on a terminal${NOTICE}`, () => {
  for (const cols of [80, 60]) {
    for (const [name, args] of COMMANDS) {
      it(`${name}: every line fits ${cols} columns, broken only between words`, () => {
        for (const color of [false, true]) {
          const lines = onTerminal(cols, args(), color);
          expect(lines.join('\n').trim().length, `${name} printed nothing`).toBeGreaterThan(0);
          for (const l of lines) expect([...l].length, `${color ? 'colour' : 'plain'}: ${l}`).toBeLessThanOrEqual(cols);
          if (color) continue;
          const piped = runCli(args(), { env: ENV });
          const pipedWords = words(`${piped.stdout}\n${piped.stderr}`);
          // uptimes and ages move between the two runs; every other word is a word of the piped text
          const broken = [...words(lines.join('\n'))].filter((w) => !pipedWords.has(w) && !/^\d+[smhd]$|^\d+ms\)?$|^\(\d+$/.test(w));
          expect(broken, `${name}: words not in the piped output`).toEqual([]);
        }
      });
    }
  }

  it('a table too wide even at its longest words becomes one block per record', () => {
    const n = runJson<{ licenses: unknown[] }>(['stat', '-i', '-c', 'examples/licenses']).json.licenses.length;
    const lines = onTerminal(60, ['stat', '-i', '-c', 'examples/licenses'], false);
    expect(lines.filter((l) => /^PRODUCT\s+\S/.test(l))).toHaveLength(n);
    expect(lines).toContain('WHERE      examples/licenses/acme.lic:7');
  });
});

describe('piped output', () => {
  it('is not fitted: one record per line, however long', () => {
    const n = runJson<{ licenses: unknown[] }>(['stat', '-i', '-c', 'examples/licenses']).json.licenses.length;
    const r = runCli(['stat', '-i', '-c', 'examples/licenses'], { env: { COLUMNS: '40' } });
    const table = r.stdout.split('\n\n')[0]?.split('\n') ?? [];
    expect(table).toHaveLength(1 + n);
    expect(table[1]).toMatch(/^ cad\s+2\.0\s+acme\s+permanent\s+5\s+floating\s+ok\s+unsigned\s+examples\/licenses\/acme\.lic:7$/);
    expect(Math.max(...table.map((l) => l.length))).toBeGreaterThan(80);
  });
});
