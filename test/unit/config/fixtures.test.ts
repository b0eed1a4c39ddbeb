// The samples in test/fixtures/config, read through the real file system:
// the whole path `licutil serve --config` takes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkConfigReport, formatDiagnostic, loadServerConfig, readComPassword, requireServerConfig } from '../../../src/config/index.js';
import { nodeConfigIo } from '../../../src/config/node-io.js';
import { LicutilError } from '../../../src/protocol/errors.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/config');
const load = (name: string) => loadServerConfig(path.join(DIR, name), nodeConfigIo);
const rel = (messages: string[]) => messages.map((m) => m.replaceAll(`${DIR}/`, ''));

describe('configuration samples', () => {
  it('license.cfg (seed 000 §4.1)', () => {
    const r = load('license.cfg');
    expect(r.diagnostics).toEqual([]);
    expect(r.config).toMatchObject({
      bindAddr: { host: '::', port: 9050, explicitPort: false },
      licenses: [{ path: '/root/.amarisoft/floating/' }],
      logFilename: '/tmp/license.log',
      logOptions: { layers: { license: { level: 'info', max_size: 1 } } },
    });
  });

  it('instance-1.cfg and instance-2.cfg (seed 000 §4.4) share an included file and differ in port', () => {
    const [a, b] = [load('instance-1.cfg'), load('instance-2.cfg')];
    expect([...a.diagnostics, ...b.diagnostics]).toEqual([]);
    expect(a.config?.bindAddr?.port).toBe(9050);
    expect(b.config?.bindAddr?.port).toBe(9051);
    expect(a.config?.logOptions).toEqual(b.config?.logOptions);
    expect(a.files.map((f) => path.relative(DIR, f))).toEqual(['instance-1.cfg', 'parts/common.cfg']);
  });

  it('tagged.cfg: tags, the remote API, paths relative to the file, the old com_logs_lock', () => {
    const r = load('tagged.cfg');
    expect(r.diagnostics).toEqual([]);
    const c = requireServerConfig(r);
    expect(c.licenses).toEqual([
      { path: '/root/.amarisoft/floating_eNB600', written: '/root/.amarisoft/floating_eNB600', tag: 'eNB600' },
      { path: '/root/.amarisoft/floating_gNB200', written: '/root/.amarisoft/floating_gNB200', tag: 'gNB200' },
      { path: path.join(DIR, 'keys'), written: 'keys' },
    ]);
    expect(c).toMatchObject({
      comAddr: { host: '::', port: 9006 },
      comName: 'LIC-LAB',
      comAuth: { passfile: path.join(DIR, 'passfile.txt'), unsecure: true },
      comSsl: { certificate: path.join(DIR, 'certs/server.pem'), key: path.join(DIR, 'certs/server.key'), peerVerify: true, ca: path.join(DIR, 'certs/client.pem') },
      comLogLock: true,
      comLogUs: true,
      comLogCount: 65536,
      logFilename: path.join(DIR, 'log/license.log'),
      logSync: true,
    });
    expect(c.logOptions).toMatchObject({ time: 'full', rotate: { kind: 'size', bytes: 10485760 }, path: path.join(DIR, 'rotated'), append: true });
    expect(readComPassword(c.comAuth ?? { unsecure: false }, (f) => nodeConfigIo.read(f))).toBe('s3cret-lab-password');
  });

  it('preprocessed.cfg: #include, #define, #if/#elif, #ifdef, include, backquote strings, a complex number', () => {
    const r = load('preprocessed.cfg');
    expect(rel(r.diagnostics.map(formatDiagnostic))).toEqual(['preprocessed.cfg:26:3: warning: unknown key gain is ignored']);
    expect(r.config).toMatchObject({
      bindAddr: { host: '::', port: 9050 },
      licenses: [{ path: '/root/.amarisoft/lab', tag: 'lab' }],
      logFilename: '/var/log/lte/license_1.log',
      comAddr: { host: '127.0.0.1', port: 9006 },
      comLogCount: 8192,
      comLogLock: false,
    });
    expect(checkConfigReport('preprocessed.cfg', r).config).toMatchObject({ gain: '1.5-0.5*I' });
  });

  it('preprocessed.cfg with INSTANCE defined by the caller', () => {
    const r = loadServerConfig(path.join(DIR, 'preprocessed.cfg'), nodeConfigIo, { defines: { INSTANCE: 2 } });
    expect(r.config).toMatchObject({ bindAddr: { port: 9051 }, logFilename: '/var/log/lte/license_2.log', comAddr: { port: 9007 }, comLogLock: true });
  });

  it('bad/cycle-a.cfg: the cycle is an error and there is no configuration', () => {
    const r = load('bad/cycle-a.cfg');
    expect(rel(r.diagnostics.map(formatDiagnostic))).toEqual(['bad/cycle-b.cfg:2:1: error: include cycle: cycle-a.cfg → cycle-b.cfg → cycle-a.cfg (remove one of these includes)']);
    expect(r.config).toBeNull();
  });

  it('bad/mistakes.cfg: syntax errors with their lines; keys are not checked until the syntax is right', () => {
    const r = load('bad/mistakes.cfg');
    expect(rel(r.diagnostics.map((d) => `${path.relative(DIR, d.file)}:${d.line}:${d.column}: ${d.message}`))).toEqual([
      "bad/mistakes.cfg:3:3: expected ',' or '}' after property value, found 'licenses'",
      'bad/mistakes.cfg:4:17: unterminated string: no closing " on this line',
      "bad/mistakes.cfg:5:3: expected ',' or '}' after property value, found 'com_name'",
    ]);
    expect(r.config).toBeNull();
  });

  it('bad/keys.cfg: every bad key named, in file order; requireServerConfig throws a LicutilError (exit 78)', () => {
    const r = load('bad/keys.cfg');
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.key}`)).toEqual([
      '1:bind_addr', '2:licenses[0]', '2:licenses[1]', '2:licenses[2].tag', '3:com_addr', '4:com_name', '5:com_auth', '5:com_auth.unsecure',
      '6:com_ssl_key', '7:com_log_lock', '8:com_log_count', '9:log_options', '9:log_options',
    ]);
    let thrown: unknown;
    try {
      requireServerConfig(r);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(LicutilError);
    expect((thrown as LicutilError).exitStatus).toBe(78);
    expect((thrown as LicutilError).message).toMatch(/^the configuration has 13 errors:\n {2}\/.*keys\.cfg:1:1: error: bind_addr/);
  });

  it('checkConfigReport: what --check-config --json prints', () => {
    const report = checkConfigReport('license.cfg', load('license.cfg'));
    expect(report).toEqual({
      file: 'license.cfg',
      ok: true,
      config: {
        log_options: 'license.level=info,all.max_size=0,license.max_size=1',
        log_filename: '/tmp/license.log',
        bind_addr: '[::]',
        licenses: ['/root/.amarisoft/floating/'],
      },
      diagnostics: [],
    });
  });
});
