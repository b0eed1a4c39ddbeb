// interpretServerConfig: the keys of seed 000 §5.2, their types, defaults and
// ranges, with errors that name the key, its line and what is allowed.
import { describe, expect, it } from 'vitest';
import {
  COM_LOG_COUNT_MAX,
  COM_LOG_COUNT_MIN,
  formatDiagnostic,
  interpretServerConfig,
  readComPassword,
  readConfig,
  type InterpretResult,
} from '../../../src/config/index.js';
import { tree } from './helpers.js';

function interpret(text: string, file = '/etc/lte/license.cfg'): InterpretResult & { messages: string[] } {
  const r = readConfig(file, tree({ [file]: text }));
  if (r.diagnostics.length > 0) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  const out = interpretServerConfig(r.value, file, r.locations);
  // messages without hints; tests that care about a hint read diagnostics
  return { ...out, messages: out.diagnostics.map((d) => formatDiagnostic({ ...d, file: 'cfg', hint: undefined })) };
}

describe('defaults', () => {
  it('an empty file: no remote API, com_name LICENSE, com_log_count 8192, nothing locked', () => {
    const { config, messages } = interpret('');
    expect(messages).toEqual([]);
    expect(config).toMatchObject({ licenses: [], comName: 'LICENSE', comLogLock: false, comLogUs: false, comLogCount: 8192, logSync: false });
    expect(config.bindAddr).toBeUndefined();
    expect(config.comAddr).toBeUndefined();
    expect(config.comAuth).toBeUndefined();
    expect(config.comSsl).toBeUndefined();
  });
});

describe('bind_addr and com_addr: "address[:port]"', () => {
  it.each([
    ['[::]', '::', 9050, false],
    ['[::]:9051', '::', 9051, true],
    ['[::1]:9000', '::1', 9000, true],
    ['::1', '::1', 9050, false],
    ['0.0.0.0', '0.0.0.0', 9050, false],
    ['192.168.1.20:9050', '192.168.1.20', 9050, true],
    ['licenses.example.com:7000', 'licenses.example.com', 7000, true],
    ['127.0.0.1:0', '127.0.0.1', 0, true],
  ])('bind_addr %s → %s port %d ("The default port is 9050")', (addr, host, port, explicitPort) => {
    expect(interpret(`bind_addr: "${addr}"`).config.bindAddr).toEqual({ host, port, explicitPort });
  });

  it('com_addr defaults to port 9006 ("Default port is 9006")', () => {
    expect(interpret('com_addr: "[::]"').config.comAddr).toEqual({ host: '::', port: 9006, explicitPort: false });
    expect(interpret('com_addr: "127.0.0.1:9100"').config.comAddr).toEqual({ host: '127.0.0.1', port: 9100, explicitPort: true });
  });

  it.each([
    ['[::1', 'bind_addr: "[::1" has no closing \']\''],
    ['[1.2.3.4]:80', 'bind_addr: "1.2.3.4" in brackets is not an IPv6 address'],
    ['[::]9050', 'bind_addr: "9050" after \']\' is not \':port\' with a port from 0 to 65535'],
    ['1.2.3.4:65536', 'bind_addr: "65536" is not a port from 0 to 65535'],
    ['1.2.3.4:', 'bind_addr: "" is not a port from 0 to 65535'],
    [':9050', 'bind_addr: the address is empty'],
    ['', 'bind_addr must not be empty'],
    ['300.1.1.1', 'bind_addr: 300.1.1.1 is not an IPv4 address'],
    ['a b', 'bind_addr: "a b" is not an IP address or host name'],
    ['fe80::1:9050:x', 'bind_addr: "fe80::1:9050:x" is not an address'],
  ])('bind_addr %j is an error', (addr, message) => {
    expect(interpret(`\nbind_addr: "${addr}"`).messages).toEqual([`cfg:2:1: error: ${message}`]);
  });

  it('an address error says how to write one', () => {
    expect(interpret('bind_addr: "[::1"').diagnostics[0]?.hint).toBe('write IPv6 addresses as [::1] or [::1]:9050');
    expect(interpret('com_addr: "1.2.3.4:x"').diagnostics[0]?.hint).toBe('address[:port], as "[::]:9006" or "192.168.1.20:9006"');
  });

  it('a number is a type error naming the key', () => {
    expect(interpret('bind_addr: 9050').messages).toEqual(['cfg:1:1: error: bind_addr must be a string, not number 9050']);
  });
});

describe('licenses', () => {
  it('strings are paths (file or directory); objects have file and an optional tag', () => {
    const { config, messages } = interpret('licenses: [ "/root/.amarisoft/floating/", { file: "/k/eNB600", tag: "eNB600" }, { file: "/k/x" } ]');
    expect(messages).toEqual([]);
    expect(config.licenses).toEqual([
      { path: '/root/.amarisoft/floating/', written: '/root/.amarisoft/floating/' },
      { path: '/k/eNB600', written: '/k/eNB600', tag: 'eNB600' },
      { path: '/k/x', written: '/k/x' },
    ]);
  });

  it('relative paths are relative to the configuration file\'s directory', () => {
    expect(interpret('licenses: [ "floating", { file: "../keys/a.key" } ]').config.licenses.map((l) => l.path)).toEqual(['/etc/lte/floating', '/etc/keys/a.key']);
  });

  it.each([
    ['licenses: "/root/a"', 'cfg:1:1: error: licenses must be an array, not string "/root/a"'],
    ['licenses: [ 5 ]', 'cfg:1:13: error: licenses[0] must be a path string or an object { file, tag }, not number 5'],
    ['licenses: [ "/a", { tag: "t" } ]', 'cfg:1:19: error: licenses[1] has no file'],
    ['licenses: [ { file: "/a", tag: 7 } ]', 'cfg:1:27: error: licenses[0].tag must be a string, not number 7'],
    ['licenses: [ { file: "" } ]', 'cfg:1:15: error: licenses[0].file must not be empty'],
    ['licenses: [ { file: "/a", color: 1 } ]', 'cfg:1:27: warning: unknown key licenses[0].color is ignored'],
    ['licenses: [ { file: "/a", tga: "x" } ]', 'cfg:1:27: warning: unknown key licenses[0].tga is ignored'],
    ['licenses: [ "~/floating" ]', "cfg:1:13: warning: licenses[0]: '~' is not expanded to a home directory"],
  ])('%s', (text, message) => {
    expect(interpret(text).messages).toEqual([message]);
  });
});

describe('the remote API keys', () => {
  it('com_name is a string ("LICENSE by default")', () => {
    expect(interpret('com_name: "LAB"').config.comName).toBe('LAB');
    expect(interpret('com_name: 1').messages).toEqual(['cfg:1:1: error: com_name must be a string, not number 1']);
  });

  it('com_ssl_*: certificate and key together, peer_verify defaults to false, paths relative to the file', () => {
    const { config, messages } = interpret('com_addr: "[::]", com_ssl_certificate: "c.pem", com_ssl_key: "/k.pem"');
    expect(messages).toEqual([]);
    expect(config.comSsl).toEqual({ certificate: '/etc/lte/c.pem', key: '/k.pem', peerVerify: false });
    expect(interpret('com_addr: "[::]", com_ssl_certificate: "c", com_ssl_key: "k", com_ssl_peer_verify: 1, com_ssl_ca: "ca"').config.comSsl).toEqual({
      certificate: '/etc/lte/c', key: '/etc/lte/k', peerVerify: true, ca: '/etc/lte/ca',
    });
  });

  it('"com_ssl_key ... Mandatory if com_ssl_certificate is set"', () => {
    expect(interpret('com_addr: "[::]",\ncom_ssl_certificate: "c.pem"').messages).toEqual(['cfg:2:1: error: com_ssl_key is mandatory when com_ssl_certificate is set']);
  });

  it('SSL keys without a certificate are warned about', () => {
    expect(interpret('com_addr: "[::]", com_ssl_key: "k", com_ssl_ca: "ca"').messages).toEqual([
      'cfg:1:19: warning: com_ssl_key is ignored without com_ssl_certificate',
      'cfg:1:37: warning: com_ssl_ca is ignored without com_ssl_certificate',
    ]);
  });

  it('com_auth: password or passfile, unsecure defaults to false', () => {
    expect(interpret('com_addr: "[::]", com_auth: { password: "pw" }').config.comAuth).toEqual({ password: 'pw', unsecure: false });
    expect(interpret('com_addr: "[::]", com_auth: { passfile: "pass.txt", unsecure: true }').config.comAuth).toEqual({ passfile: '/etc/lte/pass.txt', unsecure: true });
  });

  it.each([
    ['com_auth: {}', 'cfg:1:19: error: com_auth needs password or passfile'],
    ['com_auth: "pw"', 'cfg:1:19: error: com_auth must be an object, not string "pw"'],
    ['com_auth: { password: "a", passfile: "f" }', 'cfg:1:46: warning: com_auth has both password and passfile; password is used'],
    ['com_auth: { password: "a", secure: 1 }', 'cfg:1:46: warning: unknown key com_auth.secure is ignored'],
    ['com_auth: { password: 5 }', 'cfg:1:31: error: com_auth.password must be a string, not number 5'],
  ])('com_auth %s', (text, message) => {
    expect(interpret(`com_addr: "[::]", ${text}`).messages).toEqual([message]);
  });

  it('com_auth and com_ssl_certificate without com_addr are warned about', () => {
    expect(interpret('com_auth: { password: "a" }').messages).toEqual(['cfg:1:1: warning: com_auth has no effect without com_addr (the remote API is off)']);
  });

  it('readComPassword: the password, or the first line of the passfile', () => {
    expect(readComPassword({ password: 'pw', unsecure: false }, () => 'unused')).toBe('pw');
    expect(readComPassword({ passfile: '/p', unsecure: false }, (f) => (f === '/p' ? 'secret\nignored\n' : ''))).toBe('secret');
  });
});

describe('logs', () => {
  it('com_log_lock, and "com_logs_lock is still supported for backward compatibility"', () => {
    expect(interpret('com_log_lock: true').config.comLogLock).toBe(true);
    expect(interpret('com_logs_lock: 1').config.comLogLock).toBe(true);
    expect(interpret('com_logs_lock: 1').messages).toEqual([]);
    const both = interpret('com_log_lock: false, com_logs_lock: true');
    expect(both.config.comLogLock).toBe(false);
    expect(both.messages).toEqual(['cfg:1:22: warning: com_logs_lock (the old name of com_log_lock) disagrees with com_log_lock; com_log_lock is used']);
  });

  it('booleans accept 0 and 1 ("synonyms for the boolean values"), nothing else', () => {
    expect(interpret('com_log_us: 1, log_sync: 0').config).toMatchObject({ comLogUs: true, logSync: false });
    expect(interpret('com_log_us: 2').messages).toEqual(['cfg:1:1: error: com_log_us must be a boolean (true, false, 0 or 1), not number 2']);
    expect(interpret('log_sync: "true"').messages).toEqual(['cfg:1:1: error: log_sync must be a boolean (true, false, 0 or 1), not string "true"']);
  });

  it(`com_log_count "Must be between ${COM_LOG_COUNT_MIN} and ${COM_LOG_COUNT_MAX}"`, () => {
    expect(interpret(`com_log_count: ${COM_LOG_COUNT_MIN}`).config.comLogCount).toBe(COM_LOG_COUNT_MIN);
    expect(interpret(`com_log_count: ${COM_LOG_COUNT_MAX}`).config.comLogCount).toBe(COM_LOG_COUNT_MAX);
    for (const bad of [COM_LOG_COUNT_MIN - 1, COM_LOG_COUNT_MAX + 1, 5000.5, -1]) {
      const r = interpret(`com_log_count: ${bad}`);
      expect(r.messages).toEqual([`cfg:1:1: error: com_log_count must be a whole number between 4096 and 2097152, not ${bad}`]);
      expect(r.errors[0]).toMatchObject({ code: 'CFG_RANGE', key: 'com_log_count' });
      expect(r.config.comLogCount).toBe(8192);
    }
    expect(interpret('com_log_count: "8192"').messages).toEqual(['cfg:1:1: error: com_log_count must be a number between 4096 and 2097152, not string "8192"']);
  });

  it('log_filename: "If no leading /, it is relative to the configuration file path"', () => {
    expect(interpret('log_filename: "/tmp/license.log"').config.logFilename).toBe('/tmp/license.log');
    expect(interpret('log_filename: "logs/license.log"').config.logFilename).toBe('/etc/lte/logs/license.log');
  });

  it('log_options is parsed; its problems name log_options', () => {
    const r = interpret('log_options: "license.level=info,all.max_size=0,license.max_size=1,file.path=old"');
    expect(r.messages).toEqual([]);
    expect(r.config.logOptions.layers.license).toEqual({ level: 'info', max_size: 1 });
    expect(r.config.logOptions.path).toBe('/etc/lte/old');
    expect(interpret('log_options: "license.level=loud,phy.level=debug"').messages).toEqual([
      'cfg:1:1: error: log_options: license.level=loud: expected none, error, warn, info, debug',
      'cfg:1:1: warning: log_options: log layer "phy" is not a layer of this server (license, all); phy.level is ignored',
    ]);
  });
});

describe('unknown keys', () => {
  it('are warned about by name, with the nearest known key', () => {
    const r = interpret('bind_adr: "[::]",\nlicense_server: { server_addr: "x" },\ncom_log_counts: 5');
    expect(r.messages).toEqual([
      'cfg:1:1: warning: unknown key bind_adr is ignored',
      'cfg:2:1: warning: unknown key license_server is ignored',
      'cfg:3:1: warning: unknown key com_log_counts is ignored',
    ]);
    expect(r.diagnostics.map((d) => d.hint)).toEqual(['did you mean bind_addr?', undefined, 'did you mean com_log_count?']);
    expect(interpret('licenses: [ { file: "/a", tga: "x" } ]').diagnostics[0]?.hint).toBe('did you mean licenses[0].tag?');
    expect(interpret('com_addr: "[::]", com_auth: { password: "a", secure: 1 }').diagnostics[0]?.hint).toBe('did you mean com_auth.unsecure?');
    expect(r.warnings[0]).toBe('/etc/lte/license.cfg:1:1: warning: unknown key bind_adr is ignored (did you mean bind_addr?)');
    expect(r.errors).toEqual([]);
  });

  it('without locations, diagnostics name the file with line 0', () => {
    const r = readConfig('c.cfg', tree({ 'c.cfg': 'color: 1' }));
    const out = interpretServerConfig(r.value, 'c.cfg');
    expect(out.diagnostics[0]).toMatchObject({ file: 'c.cfg', line: 0, column: 0 });
    expect(out.warnings).toEqual(['c.cfg: warning: unknown key color is ignored']);
  });
});

describe('locations follow merges and includes', () => {
  it('an error points at the line that set the value last', () => {
    const files = { '/c/main.cfg': 'com_log_count: 8192,\ninclude "over.cfg",', '/c/over.cfg': '\n\ncom_log_count: 1' };
    const r = readConfig('/c/main.cfg', tree(files));
    const out = interpretServerConfig(r.value, '/c/main.cfg', r.locations);
    expect(out.errors.map(formatDiagnostic)).toEqual(['/c/over.cfg:3:1: error: com_log_count must be a whole number between 4096 and 2097152, not 1']);
  });

  it('an array element merged from a later duplicate points at the later one', () => {
    const r = readConfig('/m.cfg', tree({ '/m.cfg': 'licenses: ["/a", "/b"],\nlicenses: [5]' }));
    const out = interpretServerConfig(r.value, '/m.cfg', r.locations);
    expect(out.errors.map(formatDiagnostic)).toEqual(['/m.cfg:2:12: error: licenses[0] must be a path string or an object { file, tag }, not number 5']);
  });
});

describe('formatHostPort', () => {
  it('writes IPv6 in brackets, so the text parses back to the same address', async () => {
    const { formatHostPort, parseHostPort } = await import('../../../src/config/index.js');
    for (const text of ['[::]:9050', '[fe80::1]:1', '10.0.0.1:9006', 'host.example:80']) {
      const r = parseHostPort(text, 1);
      expect(r.ok && formatHostPort(r.value)).toBe(text);
    }
  });
});
