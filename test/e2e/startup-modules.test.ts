// What the short commands load at start-up (issue 17): node:crypto is one of
// the largest parts of a command's start-up, so a command that meets no
// signature must not load it; one that checks a signature does. Node's own
// modules are taken through process.getBuiltinModule, not as ES modules: the
// ES module facade of node:http reads every export, and on Node.js 24 one of
// them loads Node's internal copy of undici.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { demoLicense, killAll, startServer, type ServerHandle } from '../helpers/server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'licutil-startup-'));
// reports on stderr, at exit, every internal module of Node the process loaded
const PROBE = path.join(dir, 'probe.mjs');
writeFileSync(PROBE, "process.on('exit', () => process.stderr.write(`loaded=${process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join(',')}\\n`));\n");
const unsigned = path.join(dir, 'small.lic');
writeFileSync(unsigned, 'HOST localhost any 5053\nISV demo\nLICENSE demo solver 2.0 permanent 10 share=uh\n');

function nodeModulesLoaded(args: string[]): string[] {
  const r = runCli(args, { env: { NODE_OPTIONS: `--import=${PROBE}` } });
  const m = /^loaded=(.*)$/m.exec(r.stderr);
  if (!m) throw new Error(`no probe line (exit ${r.code}): ${r.stderr}`);
  return (m[1] as string).split(',');
}

function loadsCrypto(args: string[]): boolean {
  return nodeModulesLoaded(args).includes('crypto');
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

describe('start-up of checkout -- CMD against a plain-HTTP server', () => {
  let server: ServerHandle;
  beforeAll(async () => {
    server = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) } });
  });
  afterAll(killAll);

  it('loads neither TLS nor node:crypto nor Node\'s internal undici, and does load node:http', () => {
    const loaded = nodeModulesLoaded(['checkout', 'seat', '-c', `${server.port}@127.0.0.1`, '--', 'true']);
    expect(loaded).toContain('http');
    expect(loaded).not.toContain('tls');
    expect(loaded).not.toContain('crypto');
    expect(loaded).not.toContain('internal/deps/undici/undici');
  });
});
