// What the short commands load at start-up (issue 17): node:crypto is one of
// the largest parts of a command's start-up, so a command that meets no
// signature must not load it; one that checks a signature does.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'licutil-startup-'));
// reports on stderr, at exit, whether the process ever loaded node:crypto
const PROBE = path.join(dir, 'probe.mjs');
writeFileSync(PROBE, "process.on('exit', () => process.stderr.write(`crypto-loaded=${process.moduleLoadList.includes('NativeModule crypto')}\\n`));\n");
const unsigned = path.join(dir, 'small.lic');
writeFileSync(unsigned, 'HOST localhost any 5053\nISV demo\nLICENSE demo solver 2.0 permanent 10 share=uh\n');

function loadsCrypto(args: string[]): boolean {
  const r = runCli(args, { env: { NODE_OPTIONS: `--import=${PROBE}` } });
  const m = /crypto-loaded=(true|false)/.exec(r.stderr);
  if (!m) throw new Error(`no probe line (exit ${r.code}): ${r.stderr}`);
  return m[1] === 'true';
}

describe('start-up of the short commands', () => {
  it('env, stat -i and --help on a file with no signature never load node:crypto', () => {
    expect(loadsCrypto(['env', '-c', unsigned])).toBe(false);
    expect(loadsCrypto(['stat', '-i', '-c', unsigned])).toBe(false);
    expect(loadsCrypto(['stat', '-i', '-c', unsigned, '--json'])).toBe(false);
  });

  it('the probe sees node:crypto when a command does need it (sign keygen)', () => {
    expect(loadsCrypto(['sign', 'keygen', '--isv', 'acme', '--out', path.join(dir, 'keys')])).toBe(true);
  });
});
