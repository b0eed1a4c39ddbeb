// Issue 14, "Smaller": an RSA key under 2048 bits is a configuration error
// (exit 78, naming the file), not "a bug in licutil"; the server offers only
// forward-secret TLS suites. Against a real `licutil serve` on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, SERVER_BIN, demoLicense, killAll, startServer, tempDir, writeLicenses } from '../helpers/server.js';

afterAll(killAll);

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

function selfSigned(dir: string, keyOpt: string[]): { key: string; cert: string } {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-nodes', ...keyOpt, '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return { key, cert };
}

describe.skipIf(!hasOpenssl)('TLS keys and suites', () => {
  it('an RSA key of 1024 bits: exit 78, the file and its size named, no stack trace', () => {
    const dir = tempDir('licutil-rsa-');
    const { key, cert } = selfSigned(dir, ['-newkey', 'rsa:1024']);
    writeLicenses(dir, { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) });
    const r = spawnSync(process.execPath, [SERVER_BIN, 'serve', path.join(dir, 'demo.lic'), '--port', '0', '--bind', '127.0.0.1', '--state-dir', path.join(dir, 'state'), '--tls-cert', cert, '--tls-key', key], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 20_000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain(`${key} is an RSA key of 1024 bits; the server needs 2048 bits or more`);
    expect(r.stderr).not.toMatch(/bug in licutil|\n\s+at /);
  });

  it('a client that offers only a suite without forward secrecy is refused; an ECDHE one is served', async () => {
    const dir = tempDir('licutil-fs-');
    const { key, cert } = selfSigned(dir, ['-newkey', 'rsa:2048']);
    const s = await startServer({ dir, licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) }, args: ['--tls-cert', cert, '--tls-key', key] });
    const handshake = (ciphers: string) =>
      new Promise<string>((resolve) => {
        const sock = tls.connect({ host: '127.0.0.1', port: s.port, rejectUnauthorized: false, maxVersion: 'TLSv1.2', ciphers }, () => {
          resolve(sock.getCipher().name);
          sock.end();
        });
        sock.on('error', (e) => resolve(`refused: ${e.message}`));
      });
    expect(await handshake('AES128-GCM-SHA256')).toMatch(/^refused/);
    expect(await handshake('ECDHE-RSA-AES128-GCM-SHA256')).toBe('ECDHE-RSA-AES128-GCM-SHA256');
    await s.stop();
  });
});
