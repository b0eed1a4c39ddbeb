// Remote API authentication (seed 000 §6.2, com_auth) and TLS (com_ssl_*)
// against real server processes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { connectRemote, hmacResponse } from './remote-client.js';
import { demoLic, startConfigServer, stopAllConfigServers } from './remote-server.js';

afterAll(stopAllConfigServers);

const LIC = { 'a.lic': demoLic(['LICENSE demo seat 1.0 permanent 2']) };

describe('com_auth', () => {
  it('greets with authenticate and a challenge; refuses everything else until the right res', async () => {
    const s = await startConfigServer({
      config: 'bind_addr: "127.0.0.1:0", com_addr: "127.0.0.1:0", com_name: "LAB", com_auth: { password: "s3cret" }, licenses: ["a.lic"]',
      files: LIC,
    });
    const c = await connectRemote(s.wsUrl as string);
    expect(c.greeting).toEqual({ message: 'authenticate', type: 'LICENSE', name: 'LAB', challenge: expect.stringMatching(/^\S{16,}$/) });
    // "If any other message is sent before authentication succeeds, the error "Authentication not done" will be sent"
    expect(await c.request({ message: 'list' })).toMatchObject({ message: 'list', error: 'Authentication not done' });

    // a wrong answer: an error and a new challenge
    const wrong = await c.request({ message: 'authenticate', res: hmacResponse('LICENSE', 'guess', 'LAB', String(c.greeting.challenge)) });
    expect(wrong).toMatchObject({ message: 'authenticate', error: expect.any(String), type: 'LICENSE', name: 'LAB', challenge: expect.any(String) });
    expect(wrong.challenge).not.toBe(c.greeting.challenge);
    // the first challenge is spent: its right answer no longer works
    const stale = await c.request({ message: 'authenticate', res: hmacResponse('LICENSE', 's3cret', 'LAB', String(c.greeting.challenge)) });
    expect(stale.error).toEqual(expect.any(String));
    expect(stale.challenge).not.toBe(wrong.challenge);

    const ok = await c.authenticate('s3cret');
    expect(ok).toMatchObject({ message: 'authenticate', ready: true });
    expect(ok.error).toBeUndefined();
    const list = await c.request({ message: 'list' });
    expect(list.error).toBeUndefined();
    expect(list.licenses).toHaveLength(1);

    // every connection gets its own challenge
    const d = await connectRemote(s.wsUrl as string);
    expect(d.greeting.challenge).not.toBe(c.greeting.challenge);
    expect(await d.request({ message: 'help' })).toMatchObject({ error: 'Authentication not done' });
    await Promise.all([c.close(), d.close()]);
    await s.stop();
  });

  it('passfile holds the password; unsecure allows it in plain text', async () => {
    const s = await startConfigServer({
      config: 'bind_addr: "127.0.0.1:0", com_addr: "127.0.0.1:0", com_auth: { passfile: "pass.txt", unsecure: true }, licenses: ["a.lic"]',
      files: { ...LIC, 'pass.txt': 'from-file\n' },
    });
    const c = await connectRemote(s.wsUrl as string);
    expect((await c.request({ message: 'authenticate', password: 'nope' })).error).toEqual(expect.any(String));
    expect(await c.request({ message: 'authenticate', password: 'from-file' })).toMatchObject({ ready: true });
    const h = await connectRemote(s.wsUrl as string);
    expect(await h.authenticate('from-file')).toMatchObject({ ready: true });
    await Promise.all([c.close(), h.close()]);
    await s.stop();
  });
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

function selfSigned(dir: string, name: string, cn: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${cn}`, '-addext', `subjectAltName=IP:127.0.0.1,DNS:${cn}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

describe.skipIf(!hasOpenssl)('com_ssl_* (TLS)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'licutil-remote-tls-'));
  const server = hasOpenssl ? selfSigned(dir, 'server', '127.0.0.1') : { cert: '', key: '' };
  const client = hasOpenssl ? selfSigned(dir, 'client', 'client') : { cert: '', key: '' };

  it('com_ssl_certificate and com_ssl_key: the remote API speaks wss', async () => {
    const s = await startConfigServer({
      config: 'bind_addr: "127.0.0.1:0", com_addr: "127.0.0.1:0", com_ssl_certificate: "s.crt", com_ssl_key: "s.key", licenses: ["a.lic"]',
      files: { ...LIC, 's.crt': server.cert, 's.key': server.key },
    });
    expect(s.wsUrl).toMatch(/^wss:\/\//);
    const c = await connectRemote(s.wsUrl as string, { dispatcher: new Agent({ connect: { ca: server.cert } }) });
    expect(c.greeting.message).toBe('ready');
    expect((await c.request({ message: 'list' })).licenses).toHaveLength(1);
    await c.close();
    await s.stop();
  });

  it('com_ssl_peer_verify with com_ssl_ca: a client without an accepted certificate is refused', async () => {
    const s = await startConfigServer({
      config:
        'bind_addr: "127.0.0.1:0", com_addr: "127.0.0.1:0", com_ssl_certificate: "s.crt", com_ssl_key: "s.key", com_ssl_peer_verify: true, com_ssl_ca: "client.crt", licenses: ["a.lic"]',
      files: { ...LIC, 's.crt': server.cert, 's.key': server.key, 'client.crt': client.cert },
    });
    await expect(connectRemote(s.wsUrl as string, { dispatcher: new Agent({ connect: { ca: server.cert } }) })).rejects.toThrow(/cannot connect/);
    const c = await connectRemote(s.wsUrl as string, { dispatcher: new Agent({ connect: { ca: server.cert, cert: client.cert, key: client.key } }) });
    expect(c.greeting.message).toBe('ready');
    await c.close();
    await s.stop();
  });
});
