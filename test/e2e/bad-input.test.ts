// Files that are not license files, given where one is expected (issue 15, "Bad
// input"): one clear error and exit 65, not thousands of warnings; a capped list
// for a text file with many problems; no raw control character echoed; and
// `env` never calls an empty or binary file ok.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';

let dir: string;
const at = (name: string): string => path.join(dir, name);

// a deterministic byte soup: no NUL, so only the share of control bytes can tell
function noise(size: number): Buffer {
  const b = Buffer.alloc(size);
  let x = 12345;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = 1 + (x % 255);
  }
  return b;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'licutil-badinput-'));
  const elf = noise(4096);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00], 0);
  writeFileSync(at('binary.lic'), elf);
  writeFileSync(at('noise.lic'), noise(1_000_000));
  writeFileSync(at('empty.lic'), '');
  // text, but 200 lines a reader cannot take, each with an escape sequence
  const junk = Array.from({ length: 200 }, (_, i) => `\x1b[31mgarbage line ${i}\x1b[0m`).join('\n');
  writeFileSync(at('junk.lic'), `ISV acme\nLICENSE acme solver 1.0 permanent 3 sig="x"\n${junk}\n`);
  writeFileSync(at('good.lic'), 'ISV acme\nLICENSE acme solver 1.0 permanent 3 sig="x"\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a binary file as a license file', () => {
  for (const name of ['binary.lic', 'noise.lic']) {
    it(`stat -i -c ${name}: one error naming the file, exit 65`, () => {
      const r = runCli(['stat', '-i', '-c', at(name)]);
      expect(r.code).toBe(65);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(at(name));
      expect(lines[0]).toMatch(/binary file, not a license file/);
    });
  }

  it('lmdiag -c on a binary file fails the same way', () => {
    const r = runCli(['lmdiag', '-c', at('noise.lic')]);
    expect(r.code).toBe(65);
    expect(r.stderr.trim().split('\n').filter((l) => l.includes('noise.lic'))).toHaveLength(1);
  });
});

describe('serve on a binary file', () => {
  // without the check the server started and served nothing; this test would then time out
  for (const name of ['binary.lic', 'noise.lic']) {
    it(`serve ${name}: refuses to start with one error naming the file, exit 65`, () => {
      const r = runCli(['serve', at(name), '--port', '0', '--bind', '127.0.0.1', '--state-dir', at(`state-${name}`)]);
      expect(r.code).toBe(65);
      expect(r.stdout).not.toMatch(/listening/);
      const naming = r.stderr.split('\n').filter((l) => l.includes(name));
      expect(naming).toHaveLength(1);
      expect(naming[0]).toMatch(/binary file, not a license file/);
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
    });
  }

  it('serve DIR with a binary *.lic beside a good one names the binary and exits 65', () => {
    const d = at('mixed');
    mkdirSync(d);
    writeFileSync(path.join(d, 'good.lic'), 'ISV acme\nLICENSE acme solver 1.0 permanent 3 sig="x"\n');
    writeFileSync(path.join(d, 'zz.lic'), noise(200_000));
    const r = runCli(['serve', d, '--port', '0', '--bind', '127.0.0.1', '--state-dir', at('state-mixed')]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain(path.join(d, 'zz.lic'));
    expect(r.stderr).not.toContain('good.lic');
  });
});

describe('a text file with many problems', () => {
  it('shows at most 20 per file, counts the rest, and escapes control characters', () => {
    const r = runCli(['stat', '-i', '-c', at('junk.lic')]);
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(21);
    expect(lines[lines.length - 1]).toMatch(/junk\.lic: \.\.\. and \d+ more/);
    // eslint-disable-next-line no-control-regex
    expect(r.stderr + r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });

  it('--json still lists every diagnostic', () => {
    const { json } = runJson<{ diagnostics: unknown[] }>(['stat', '-i', '-c', at('junk.lic')]);
    expect(json.diagnostics.length).toBeGreaterThan(20);
  });
});

describe('env', () => {
  for (const name of ['empty.lic', 'binary.lic']) {
    it(`does not call ${name} ok`, () => {
      const r = runCli(['env', '-c', at(name)]);
      expect(r.stdout).not.toMatch(/\bok\b/);
      expect(r.stdout).toContain('unusable');
      expect(r.code).toBe(66);
      const { json } = runJson<{ sources: Array<{ usable: boolean; problems: string[] }> }>(['env', '-c', at(name)]);
      expect(json.sources[0]?.usable).toBe(false);
      expect(json.sources[0]?.problems.join(' ')).toMatch(/empty|binary/);
    });
  }

  it('still calls a good file ok', () => {
    const r = runCli(['env', '-c', at('good.lic')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\bok\b/);
  });
});
