// The argument layer on the built binary (issue 13 "One argument layer"): a
// repeatable option never takes the file after it, explicit paths are served
// exactly, and a missing one fails before anything starts.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { demoLicense, killAll, startServer, tempDir } from '../helpers/server.js';

afterAll(killAll);

interface Status {
  pools: { product: string }[];
}

/** A directory with site.lic (product seat), a decoy *.lic beside it, and the key pair of ISV demo. */
function site(): string {
  const dir = tempDir('licutil-args-');
  writeFileSync(path.join(dir, 'site.lic'), demoLicense(['LICENSE demo seat 1.0 permanent 2']));
  writeFileSync(path.join(dir, 'decoy.lic'), demoLicense(['LICENSE demo decoy 1.0 permanent 9']));
  const kg = runCli(['sign', 'keygen', '--isv', 'demo', '--out', dir]);
  expect(kg.code, kg.stderr).toBe(0);
  return dir;
}

async function products(args: string[], cwd: string, env: Record<string, string> = {}): Promise<string[]> {
  const s = await startServer({ dir: cwd, files: [], port: null, args, env });
  try {
    const st = await s.api<Status>('GET', '/v1/status');
    return st.json.pools.map((p) => p.product).sort();
  } finally {
    await s.stop();
  }
}

describe('serve reads the command line by its spec', () => {
  // (the helper puts its own --bind first: the later one wins)
  it('serve --pub acme.pub --port 0 --bind 127.0.0.1 ./site.lic serves site.lic, not what lies beside it', async () => {
    const dir = site();
    expect(await products(['--pub', 'demo.pub', '--port', '0', '--bind', '127.0.0.1', './site.lic'], dir)).toEqual(['seat']);
  });

  it('from any directory, whatever the license environment names', async () => {
    const dir = site();
    const elsewhere = path.join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(path.join(elsewhere, 'here.lic'), demoLicense(['LICENSE demo here 1.0 permanent 1']));
    const env = { RLM_LICENSE: path.join(dir, 'decoy.lic') };
    expect(await products(['--pub', path.join(dir, 'demo.pub'), '--port', '0', path.join(dir, 'site.lic')], elsewhere, env)).toEqual(['seat']);
  });

  it('--pub repeated before, between and after the files', async () => {
    const dir = site();
    const kg = runCli(['sign', 'keygen', '--isv', 'other', '--out', dir]);
    expect(kg.code, kg.stderr).toBe(0);
    for (const args of [
      ['--pub', 'demo.pub', '--pub', 'other.pub', 'site.lic', '--port', '0'],
      ['site.lic', '--port', '0', '--pub', 'demo.pub', '--pub', 'other.pub'],
      ['--pub', 'demo.pub', 'site.lic', '--pub', 'other.pub', 'decoy.lic', '--port', '0'],
    ]) {
      const want = args.includes('decoy.lic') ? ['decoy', 'seat'] : ['seat'];
      expect(await products(args, dir), args.join(' ')).toEqual(want);
    }
  });

  it('a file named on the command line that does not exist fails at once, exit 66, naming it', () => {
    const dir = site();
    const r = runCli(['serve', '--pub', 'demo.pub', '--port', '0', '--bind', '127.0.0.1', './nosuch.lic'], { cwd: dir });
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/^licutil: serve: \.\/nosuch\.lic: no such file or directory/);
    expect(r.stderr).not.toMatch(/listening/);
    const c = runCli(['serve', '-c', 'site.lic:nosuch.lic', '--port', '0', '--bind', '127.0.0.1'], { cwd: dir });
    expect(c.code).toBe(66);
    expect(c.stderr).toMatch(/^licutil: serve: -c nosuch\.lic: no such file or directory/);
  });
});

describe('repeatable and single options on the other commands', () => {
  it('-c repeated around the positional of stat -i and lmdiag', () => {
    const dir = site();
    for (const args of [
      ['stat', '-i', '-c', 'site.lic', 'seat', '-c', 'decoy.lic'],
      ['stat', '-i', 'seat', '-c', 'site.lic', '-c', 'decoy.lic'],
    ]) {
      const r = runCli([...args, '--json'], { cwd: dir });
      const json = JSON.parse(r.stdout) as { licenses: { product: string }[] };
      expect(json.licenses.map((l) => l.product), args.join(' ')).toEqual(['seat']);
    }
    const d = runCli(['lmdiag', '-c', 'site.lic', 'seat', 'decoy', '-c', 'decoy.lic', '--no-checkout', '--json'], { cwd: dir });
    const diag = JSON.parse(d.stdout) as { features: { product: string }[] };
    expect(diag.features.map((f) => f.product).sort()).toEqual(['decoy', 'seat']);
  });

  it('an option that takes one value, given twice, keeps the last', () => {
    const dir = site();
    const r = runCli(['stat', '-i', '-c', 'site.lic', '--dialect', 'flexlm', '--dialect', 'rlm', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { licenses: { dialect: string }[] }).licenses[0]?.dialect).toBe('rlm');
  });
});

describe('usage errors name the command, its help and the nearest word (issue 15)', () => {
  it('a mistyped option or command: one prefix, the command, the nearest spelling, that command’s --help', () => {
    const opt = runCli(['checkout', 'seat', '--wiat', '5m', '--detach']);
    expect(opt.code).toBe(2);
    expect(opt.stdout).toBe('');
    expect(opt.stderr).toBe('licutil: checkout: unknown option --wiat (did you mean --wait?)\n  hint: see `licutil checkout --help`\n');
    const cmd = runCli(['lmstst', '-a']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toBe('licutil: unknown command lmstst (did you mean lmstat?)\n  hint: `licutil --help` lists the commands\n');
    const missing = runCli(['checkin']);
    expect(missing.stderr).toBe('licutil: checkin needs HANDLE\n  hint: see `licutil checkin --help`\n');
  });

  it('a word where a number goes: the word as typed, never NaN, exit 2 before anything starts', () => {
    for (const [args, flag, word] of [
      [['serve', '--port', 'abc'], '--port', 'abc'],
      [['serve', '--lease-max=1h'], '--lease-max', '1h'],
      [['checkout', 'seat', '-n', 'two', '--detach'], '-n', 'two'],
      [['stat', '--timeout', '5s', '-c', '1@127.0.0.1'], '--timeout', '5s'],
    ] as const) {
      const r = runCli([...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).not.toContain('NaN');
      expect(r.stderr).toContain(`licutil: ${args[0]}: ${flag} "${word}" is not a number`);
    }
  });

  it('a mistyped feature: lmdiag and stat -i name the nearest licensed product', () => {
    const dir = site();
    const d = runCli(['lmdiag', 'saet', '-c', 'site.lic', '--no-checkout'], { cwd: dir });
    expect(d.code).toBe(1);
    expect(d.stdout).toContain('no license for saet in these license files (did you mean seat?)');
    const s = runCli(['stat', '-i', 'saet', '-c', 'site.lic'], { cwd: dir });
    expect(s.stdout).toContain('No license for saet in these license files. Did you mean seat?');
  });
});
