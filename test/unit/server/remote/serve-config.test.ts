// `licutil serve --config`: the configuration joined to the command line,
// which wins wherever both say something.
import { describe, expect, it } from 'vitest';
import { emptyLogOptions, parseHostPort, type ServerConfig } from '../../../../src/config/index.js';
import { effectiveServe, effectiveToJson, redactConfig } from '../../../../src/server/boot/serve-config.js';

function cfg(p: Partial<ServerConfig> = {}): ServerConfig {
  return { configFile: '/etc/lic/license.cfg', licenses: [], comName: 'LICENSE', comLogLock: false, comLogUs: false, comLogCount: 8192, logOptions: emptyLogOptions(), logSync: false, ...p };
}
const addr = (t: string, port: number) => {
  const r = parseHostPort(t, port);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('effectiveServe', () => {
  it('without a configuration: the flags and licutil defaults', () => {
    const e = effectiveServe({ paths: ['a.lic'] }, null);
    expect(e).toMatchObject({ bind: '0.0.0.0', paths: ['a.lic'] });
    expect(e.port).toBeUndefined();
    expect(e.groups).toBeUndefined();
    expect(e.remote).toBeUndefined();
    expect(e.log).toMatchObject({ count: 8192, locked: false, settings: { layers: { license: { level: 'info' } } } });
  });

  it('bind_addr gives address and port, 9050 when it names none; --bind and --port win', () => {
    expect(effectiveServe({ paths: [] }, cfg({ bindAddr: addr('[::]', 9050) }))).toMatchObject({ bind: '::', port: 9050, portOrigin: expect.stringMatching(/default port of bind_addr/) });
    expect(effectiveServe({ paths: [], port: 7000, bind: '127.0.0.1' }, cfg({ bindAddr: addr('10.0.0.1:9051', 9050) }))).toMatchObject({ bind: '127.0.0.1', port: 7000, portOrigin: '--port' });
  });

  it('licenses with their tags, unless license files are named on the command line', () => {
    const c = cfg({ licenses: [{ path: '/l/a', written: 'a' }, { path: '/l/b', written: 'b', tag: 'lab' }] });
    expect(effectiveServe({ paths: [] }, c).groups).toEqual([{ path: '/l/a' }, { path: '/l/b', tag: 'lab' }]);
    expect(effectiveServe({ paths: ['x.lic'] }, c).groups).toBeUndefined();
  });

  it('log level: the file\'s, else info; -v/-q win', () => {
    const opts = emptyLogOptions();
    opts.layers.license = { level: 'error', max_size: 4 };
    expect(effectiveServe({ paths: [] }, cfg({ logOptions: opts })).log.settings.layers.license).toEqual({ level: 'error', max_size: 4 });
    expect(effectiveServe({ paths: [], logLevel: 'debug' }, cfg({ logOptions: opts })).log.settings.layers.license).toEqual({ level: 'debug', max_size: 4 });
    expect(effectiveServe({ paths: [] }, cfg()).log.settings.layers.license).toEqual({ level: 'info' });
  });

  it('com_* make the remote API; the password never reaches the JSON', () => {
    const e = effectiveServe({ paths: [] }, cfg({ comAddr: addr('127.0.0.1', 9006), comName: 'LAB', comAuth: { password: 'pw', unsecure: false }, comLogLock: true, comLogUs: true, comLogCount: 4096 }));
    expect(e.remote).toEqual({ host: '127.0.0.1', port: 9006, name: 'LAB', auth: { password: 'pw', unsecure: false } });
    expect(e.log).toMatchObject({ locked: true, microseconds: true, count: 4096 });
    const j = effectiveToJson(e);
    expect(j.remote_api).toEqual({ addr: '127.0.0.1:9006', name: 'LAB', auth: { password: '(hidden)', unsecure: false } });
    expect(JSON.stringify(j)).not.toContain('"pw"');
    expect(redactConfig({ com_auth: { password: 'pw', unsecure: 1 }, x: 1 })).toEqual({ com_auth: { password: '(hidden)', unsecure: 1 }, x: 1 });
    expect(redactConfig({ com_auth: { passfile: 'f' } })).toEqual({ com_auth: { passfile: 'f' } });
  });
});
