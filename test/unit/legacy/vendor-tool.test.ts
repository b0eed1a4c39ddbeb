// The vendor-tool path against fake lmutil/rlmutil scripts (test/fixtures/bin):
// found on PATH, run without a shell under LANG=C, stopped at the timeout, and
// their answer read into status documents marked as coming from the tool.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findVendorTool, readVendorStatus, runVendorTool } from '../../../src/legacy/vendor-tool.js';
import { ROOT } from '../../helpers/cli.js';

const BIN = path.join(ROOT, 'test/fixtures/bin');
const env = {
  PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`,
  LANG: 'fr_FR.UTF-8',
  FAKE_LMUTIL_OUTPUT: path.join(ROOT, 'test/fixtures/lmstat/lmstat_a_triad.txt'),
  FAKE_RLMUTIL_OUTPUT: path.join(ROOT, 'test/fixtures/rlmstat/rlmstat_a_v9.txt'),
};

describe('findVendorTool', () => {
  it('finds the first runnable one on PATH', () => {
    expect(findVendorTool('lmutil', env.PATH)).toBe(path.join(BIN, 'lmutil'));
    expect(findVendorTool('lmutil', '/nonexistent:/also/not')).toBeNull();
    expect(findVendorTool('lmutil', undefined)).toBeNull();
  });

  it('on Windows splits on ";" and tries the PATHEXT endings', () => {
    const seen: string[] = [];
    const found = findVendorTool('lmutil', 'C:\\flexlm;D:\\tools', {
      platform: 'win32',
      pathExt: '.COM;.EXE',
      isFile: (f) => {
        seen.push(f);
        return f === 'D:\\tools\\lmutil.EXE';
      },
    });
    expect(found).toBe('D:\\tools\\lmutil.EXE');
    expect(seen).toEqual(['C:\\flexlm\\lmutil', 'C:\\flexlm\\lmutil.COM', 'C:\\flexlm\\lmutil.EXE', 'D:\\tools\\lmutil', 'D:\\tools\\lmutil.COM', 'D:\\tools\\lmutil.EXE']);
  });
});

describe('runVendorTool', () => {
  it('runs without a shell, with LANG=C, and keeps arguments as given', async () => {
    const r = await runVendorTool('lmutil', ['lmstat', '-a', '-c', '27000@lic1; rm -rf /'], { timeoutMs: 10_000, env });
    // the fake refuses the odd spec only as a spec: the shell never saw the ";"
    expect(r.stderr).toContain('fake-lmutil argv=["lmstat","-a","-c","27000@lic1; rm -rf /"] LANG=C LC_ALL=C');
    expect(r).toMatchObject({ code: 0, timedOut: false, file: path.join(BIN, 'lmutil') });
  });

  it('keeps the exit status of a tool that reports a server down', async () => {
    const r = await runVendorTool('lmutil', ['lmstat', '-a', '-c', '27000@down'], { timeoutMs: 10_000, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('lmgrd is not running');
  });

  it('stops a tool that does not answer within the timeout (exit 124)', async () => {
    const started = Date.now();
    const r = await runVendorTool('lmutil', ['lmstat', '-a', '-c', '27000@hang'], { timeoutMs: 500, env });
    expect(r).toMatchObject({ code: 124, timedOut: true });
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('a tool that is not there is exit 127, as a shell would say', async () => {
    const missing = await runVendorTool('rlmutil', ['rlmstat'], { timeoutMs: 1_000, env: { PATH: '/nonexistent' } });
    expect(missing).toMatchObject({ code: 127, file: null, stderr: 'rlmutil: not found on PATH' });
    const bad = await runVendorTool('lmutil', [], { path: '/nonexistent/lmutil', timeoutMs: 1_000, env });
    expect(bad.code).toBe(127);
    expect(bad.stderr).toContain('cannot run /nonexistent/lmutil');
  });
});

describe('readVendorStatus', () => {
  it('reads lmutil lmstat -a into status documents marked as coming from lmutil', async () => {
    const s = await readVendorStatus('lmutil', '28000@host1', { timeoutMs: 10_000, env });
    expect(s.command).toEqual(['lmutil', 'lmstat', '-a', '-c', '28000@host1']);
    expect(s.result.unparsed).toEqual([]);
    expect(s.result.servers).toHaveLength(1);
    const server = s.result.servers[0];
    expect(server?.server.source).toEqual({ format: 'lmstat', tool: 'lmutil', generated_text: 'Tue 3/10/2026 09:41' });
    // lmstat_a_triad.txt: 4 features, 15 licenses in use on 7 user lines
    expect(server?.pools).toHaveLength(4);
    expect(server?.pools.reduce((n, p) => n + p.in_use, 0)).toBe(15);
  });

  it('a server down comes back as a node down with its FlexNet code', async () => {
    const s = await readVendorStatus('lmutil', '27000@down', { timeoutMs: 10_000, env });
    expect(s.run.code).toBe(1);
    expect(s.result.servers[0]?.server.nodes).toEqual([
      { host: 'down', port: 27000, status: 'down', error: '-15,570:111', message: 'Cannot connect to license server system.' },
    ]);
    expect(s.result.errors[0]).toMatchObject({ code: '-15,570:111', system_text: 'Connection refused' });
  });

  it('reads rlmutil rlmstat -a the same way', async () => {
    const s = await readVendorStatus('rlmutil', '5053@lic1', { timeoutMs: 10_000, env });
    expect(s.result.servers[0]?.server.source).toMatchObject({ format: 'rlmstat', tool: 'rlmutil' });
    expect(s.result.servers[0]?.pools.map((p) => p.product)).toEqual(['draft', 'render', 'viewer', 'solver']);
    const down = await readVendorStatus('rlmutil', '5053@down', { timeoutMs: 10_000, env });
    expect(down.run.code).toBe(255);
    expect(down.result.errors[0]?.system_text).toBe('Connection refused');
  });
});
