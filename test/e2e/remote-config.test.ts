// `licutil serve --config` and `--check-config` (seed 000 §4–§5): the merged
// configuration, located errors, tags, bind_addr, the log file, flags that
// override the file, and reload picking up a changed file.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { connectRemote } from './remote-client.js';
import { demoLic, startConfigServer, stopAllConfigServers, who, writeFiles } from './remote-server.js';

afterAll(stopAllConfigServers);

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'licutil-cfg-'));
  writeFiles(dir, files);
  return dir;
}

describe('licutil serve --check-config', () => {
  it('prints the merged configuration as JSON (includes, duplicates, preprocessor) and exits 0', () => {
    const dir = dirWith({
      'license.cfg': [
        '#define PORT 9050',
        'log_options: "license.level=info",',
        'include "common.cfg",',
        'bind_addr: `[::]:${PORT + 1}`,',
        'com_addr: "[::]:9006",',
        'com_auth: { password: "do-not-print" },',
        'licenses: [ { file: "/root/.amarisoft/floating_eNB600", tag: "eNB600" } ],',
      ].join('\n'),
      'common.cfg': 'log_filename: "license.log", log_options: "license.level=debug",',
    });
    const r = runCli(['serve', '--check-config', path.join(dir, 'license.cfg')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      // "overriding occuring in reading direction": the include comes after log_options
      log_options: 'license.level=debug',
      log_filename: 'license.log',
      bind_addr: '[::]:9051',
      com_addr: '[::]:9006',
      com_auth: { password: '(hidden)' },
      licenses: [{ file: '/root/.amarisoft/floating_eNB600', tag: 'eNB600' }],
    });
    expect(r.stdout).not.toContain('do-not-print');
  });

  it('--json adds the diagnostics and the effective settings, command-line flags applied', () => {
    const dir = dirWith({ 'license.cfg': 'bind_addr: "[::]", licenses: ["lic"], com_addr: "127.0.0.1", colour: 1,' });
    const r = runCli(['serve', '--check-config', 'license.cfg', '--port', '7000', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j).toMatchObject({
      ok: true,
      file: path.join(dir, 'license.cfg'),
      diagnostics: [{ severity: 'warning', code: 'CFG_UNKNOWN_KEY', line: 1, key: 'colour' }],
      effective: { bind: '::', port: 7000, licenses: [{ file: path.join(dir, 'lic') }], remote_api: { addr: '127.0.0.1:9006', name: 'LICENSE' } },
    });
    expect(r.stderr).toMatch(/^licutil: warning: .*license\.cfg:1:\d+: unknown key colour is ignored/m);
  });

  it('exits 78 and names file, line and column of every error', () => {
    const dir = dirWith({ 'license.cfg': 'bind_addr: "1.2.3.4:99999",\ncom_log_count: 12,\nlicenses: "x",\n' });
    const r = runCli(['serve', '--check-config', path.join(dir, 'license.cfg')]);
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/^licutil: .*license\.cfg:1:1: bind_addr: .*port/m);
    expect(r.stderr).toMatch(/^licutil: .*license\.cfg:2:1: com_log_count must be a whole number between 4096 and 2097152/m);
    expect(r.stderr).toMatch(/^licutil: .*license\.cfg:3:1: licenses must be an array/m);
    expect(r.stderr).toMatch(/3 errors; the server would not start/);
  });

  it('a syntax error is located too, and the server refuses to start with exit 78', () => {
    const dir = dirWith({ 'license.cfg': '{\n  bind_addr: "127.0.0.1:0"\n  licenses: []\n}\n' });
    const check = runCli(['serve', '--check-config', 'license.cfg'], { cwd: dir });
    expect(check.code).toBe(78);
    expect(check.stderr).toMatch(/license\.cfg:3:\d+: /);
    const serve = runCli(['serve', '--config', 'license.cfg', '--state-dir', path.join(dir, 'state')], { cwd: dir });
    expect(serve.code).toBe(78);
    expect(serve.stderr).toMatch(/licutil: the configuration has 1 error:\n\s+.*license\.cfg:3:\d+: error: /);
  });
});

describe('licutil serve --config', () => {
  it('"server will allocate license to client with same tag field" (seed 000 §4.3)', async () => {
    const s = await startConfigServer({
      config: 'bind_addr: "127.0.0.1:0", licenses: [ { file: "floating_eNB600", tag: "eNB600" }, { file: "floating_gNB200/", tag: "gNB200" } ]',
      files: {
        'floating_eNB600': demoLic(['LICENSE demo lteenb 1.0 permanent 1']),
        'floating_gNB200/deep/g.lic': demoLic(['LICENSE demo lteenb 1.0 permanent 2']),
      },
    });
    const ask = (tag?: string) => s.api<{ handle?: string; pool?: string; error?: { code: string } }>('POST', '/v1/checkout', { product: 'lteenb', ...who(1), ...(tag ? { tag } : {}) });
    const none = await ask();
    expect(none.status).toBeGreaterThanOrEqual(400);
    expect(none.json.error?.code).toBe('LICUTIL_E_WRONG_TAG');
    expect((await ask('other')).json.error?.code).toBe('LICUTIL_E_WRONG_TAG');
    const e = await ask('eNB600');
    expect(e.status).toBe(200);
    expect(e.json.pool).toBe('demo:lteenb:1.0:0#eNB600');
    // the eNB600 pool has one seat: a second eNB600 request cannot take a gNB200 seat
    expect((await ask('eNB600')).json.error?.code).toBe('LICUTIL_E_ALL_IN_USE');
    const g = await ask('gNB200');
    expect(g.json.pool).toBe('demo:lteenb:1.0:0#gNB200');
    const status = await s.api<{ pools: Array<{ id: string; tag?: string; count: number }> }>('GET', '/v1/status');
    expect(status.json.pools.map((p) => [p.id, p.tag, p.count])).toEqual([
      ['demo:lteenb:1.0:0#eNB600', 'eNB600', 1],
      ['demo:lteenb:1.0:0#gNB200', 'gNB200', 2],
    ]);
    await s.stop();
  });

  it('bind_addr gives the address; --port overrides its port; log_filename (relative to the file) gets the log', async () => {
    const s = await startConfigServer({
      config: 'bind_addr: "127.0.0.1:1", log_filename: "logs/license.log", log_options: "license.level=debug,time=full", licenses: ["a.lic"]',
      files: { 'a.lic': demoLic(['LICENSE demo seat 1.0 permanent 1']), 'logs/.keep': '' },
      args: ['--port', '0'],
    });
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.url).not.toMatch(/:1$/);
    const log = path.join(s.dir, 'logs', 'license.log');
    expect(readFileSync(log, 'utf8')).toMatch(/^# licutil .* license server on .*\n# started 2026-06-15T12:00:00\.\d+Z\n# configuration .*license\.cfg\n/);
    expect(readFileSync(log, 'utf8')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[LICENSE\] INFO serving demo seat 1\.0/m);
    // the debug log goes to the file, not to stderr
    expect(s.stderr()).not.toMatch(/serving demo seat/);
    expect(await s.stop()).toEqual({ code: 0, signal: null });
    expect(readFileSync(log, 'utf8')).toMatch(/\[LICENSE\] INFO stopped\n$/);
  });

  it('license files named on the command line replace the configuration\'s', async () => {
    const s = await startConfigServer({
      config: 'bind_addr: "127.0.0.1:0", licenses: ["a.lic"]',
      files: { 'a.lic': demoLic(['LICENSE demo seat 1.0 permanent 1']), 'b.lic': demoLic(['LICENSE demo other 1.0 permanent 1']) },
      args: ['b.lic'],
    });
    const status = await s.api<{ pools: Array<{ product: string }> }>('GET', '/v1/status');
    expect(status.json.pools.map((p) => p.product)).toEqual(['other']);
    await s.stop();
  });

  it('reload applies a changed configuration file: new licenses and tags, new log settings', async () => {
    const s = await startConfigServer({
      config: 'bind_addr: "127.0.0.1:0", com_addr: "127.0.0.1:0", log_options: "license.level=info", licenses: ["a.lic"]',
      files: { 'a.lic': demoLic(['LICENSE demo seat 1.0 permanent 1']), 'b.lic': demoLic(['LICENSE demo other 1.0 permanent 3']) },
    });
    const c = await connectRemote(s.wsUrl as string);
    writeFileSync(path.join(s.dir, 'license.cfg'), 'bind_addr: "127.0.0.1:0", com_addr: "127.0.0.1:0", log_options: "license.level=debug", licenses: ["a.lic", { file: "b.lic", tag: "lab" }]');
    const r = await c.request({ message: 'reload' });
    expect(r).toMatchObject({ message: 'reload', added: 1, removed: 0, config_changed: true });
    const list = await c.request({ message: 'list' });
    expect((list.licenses as Array<{ products: string; tag?: string }>).map((l) => [l.products, l.tag])).toEqual([
      ['seat', undefined],
      ['other', 'lab'],
    ]);
    expect(await c.request({ message: 'config_get' })).toMatchObject({ logs: { layers: { license: { level: 'debug' } } } });
    // a broken file: reload fails, the server keeps what it had
    writeFileSync(path.join(s.dir, 'license.cfg'), 'licenses: [');
    const bad = await c.request({ message: 'reload' });
    expect(bad.error).toMatch(/configuration has 1 error/);
    expect(((await c.request({ message: 'list' })).licenses as unknown[]).length).toBe(2);
    await c.close();
    await s.stop();
  });

  it('com_log_lock: config_set answers logs "locked"', async () => {
    const s = await startConfigServer({ config: 'bind_addr: "127.0.0.1:0", com_addr: "127.0.0.1:0", com_logs_lock: true, com_log_us: true, licenses: ["a.lic"]', files: { 'a.lic': demoLic(['LICENSE demo seat 1.0 permanent 1']) } });
    const c = await connectRemote(s.wsUrl as string);
    expect(await c.request({ message: 'config_set', logs: { layers: { license: { level: 'debug' } } } })).toMatchObject({ logs: 'locked' });
    expect(await c.request({ message: 'config_get' })).toMatchObject({ locked: true, logs: { layers: { license: { level: 'info' } } } });
    // com_log_us: timestamp_us instead of timestamp
    const logs = await c.request({ message: 'log_get', timeout: 0.1 });
    expect(logs.microseconds).toBe(true);
    expect((logs.logs as Array<Record<string, unknown>>)[0]).toMatchObject({ timestamp_us: expect.any(Number) });
    expect((logs.logs as Array<Record<string, unknown>>)[0]?.timestamp).toBeUndefined();
    await c.close();
    await s.stop();
  });

  it('a com_addr in use stops start-up with exit 78', async () => {
    const first = await startConfigServer({ config: 'bind_addr: "127.0.0.1:0", com_addr: "127.0.0.1:0", licenses: ["a.lic"]', files: { 'a.lic': demoLic(['LICENSE demo seat 1.0 permanent 1']) } });
    const port = new URL(first.wsUrl as string).port;
    const dir = dirWith({ 'license.cfg': `bind_addr: "127.0.0.1:0", com_addr: "127.0.0.1:${port}", licenses: []` });
    const r = runCli(['serve', '--config', 'license.cfg', '--state-dir', path.join(dir, 'state')], { cwd: dir });
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/cannot start the remote API on com_addr 127\.0\.0\.1:\d+/);
    expect(existsSync(path.join(dir, 'state', 'server.lock'))).toBe(false);
    await first.stop();
  });
});
