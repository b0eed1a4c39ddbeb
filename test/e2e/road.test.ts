// The one road to a server (src/client/road.ts), end to end on the built
// binary: every network command speaks TLS with LICUTIL_TLS=1 / LICUTIL_TLS_CA,
// an empty admin token file is the same error everywhere, and the admin token
// goes only to servers the user named, never in clear across a network.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/client/index.js';
import { ROOT, runCli, runJson } from '../helpers/cli.js';
import { demoLicense, killAll, startServer, tempDir, type ServerHandle } from '../helpers/server.js';
import { at } from './net-support.js';

afterAll(killAll);

const CERT = path.join(ROOT, 'test/e2e/checkout-tls-cert.pem');
const KEY = path.join(ROOT, 'test/e2e/checkout-tls-key.pem');
const TOKEN = 'e2e-road-token-51c0ffee9a7d3b24';

function tokenFile(dir: string, text = `${TOKEN}\n`): string {
  const f = path.join(dir, text.trim() === '' ? 'empty.token' : 'admin.token');
  writeFileSync(f, text, { mode: 0o600 });
  return f;
}

/** A TLS server that wants the token even from loopback, so every admin call proves the token went through. */
async function tlsServer(seats = 2): Promise<ServerHandle> {
  const dir = tempDir('licutil-road-');
  return startServer({
    dir,
    licenses: { 'demo.lic': demoLicense([`LICENSE demo seat 1.0 permanent ${seats} min_remove=0`]) },
    args: ['--tls-cert', CERT, '--tls-key', KEY, '--no-loopback-admin', '--admin-token-file', tokenFile(dir)],
  });
}

const TLS_ENV = { LICUTIL_TLS_CA: CERT, LICUTIL_ADMIN_TOKEN: TOKEN };

interface StatJson {
  answered: number;
  servers: Array<{ address: string; status: string; pools?: Array<{ product: string; in_use: number; checkouts?: Array<{ handle: string }> }> }>;
}

describe('every network command over TLS', () => {
  it('stat, reread, remove, lmdiag and down against a TLS server with LICUTIL_TLS_CA', async () => {
    const s = await tlsServer();
    expect(s.url).toMatch(/^https:/);
    const c = ['-c', at(s)];

    const st = runJson<StatJson>(['stat', '-a', ...c], { env: TLS_ENV });
    expect(st.code).toBe(0);
    expect(st.json.answered).toBe(1);

    const rr = runJson<{ servers: Array<{ ok: boolean }> }>(['reread', ...c], { env: TLS_ENV });
    expect(rr.code).toBe(0);
    expect(rr.json.servers[0]?.ok).toBe(true);

    const held = runCli(['checkout', 'seat', '--detach', ...c], { env: TLS_ENV });
    expect(held.code).toBe(0);
    const ref = held.stdout.trim();
    const rm = runJson<{ removed: Array<{ handle: string }> }>(['remove', ref], { env: TLS_ENV });
    expect(rm.code).toBe(0);
    expect(rm.json.removed).toHaveLength(1);

    const diag = runJson<{ usable: boolean; servers: Array<{ ok: boolean; steps: Array<{ name: string; ok: boolean }> }> }>(['lmdiag', 'seat', ...c], { env: TLS_ENV });
    expect(diag.code).toBe(0);
    expect(diag.json.usable).toBe(true);
    expect(diag.json.servers[0]?.steps.map((x) => [x.name, x.ok])).toEqual([
      ['resolve', true],
      ['connect', true],
      ['hello', true],
      ['pools', true],
      ['checkout', true],
    ]);

    const down = runJson<{ servers: Array<{ ok: boolean; result: { stopped: boolean } | null }> }>(['down', '-q', ...c], { env: TLS_ENV });
    expect(down.code).toBe(0);
    expect(down.json.servers[0]?.result?.stopped).toBe(true);
    expect((await s.exited).code).toBe(0);
  });

  it('LICUTIL_TLS=1 alone does not trust a private CA: each command says the TLS handshake failed (69); without TLS, the hint names LICUTIL_TLS', async () => {
    const s = await tlsServer();
    const c = ['-c', at(s)];
    const tlsFailed = new RegExp(`TLS with ${at(s).replace(/\./g, '\\.')} failed`);
    for (const cmd of [['stat'], ['reread'], ['down', '-q'], ['remove', 'abcdef']]) {
      const r = runCli([...cmd, ...c], { env: { LICUTIL_TLS: '1', LICUTIL_ADMIN_TOKEN: TOKEN } });
      expect([cmd[0], r.code]).toEqual([cmd[0], 69]);
      expect(r.stdout + r.stderr).toMatch(tlsFailed);
    }
    const diag = runJson<{ servers: Array<{ steps: Array<{ name: string; ok: boolean; detail: string }> }> }>(['lmdiag', 'seat', ...c], { env: { LICUTIL_TLS: '1' } });
    expect(diag.json.servers[0]?.steps.find((x) => x.name === 'hello')?.detail).toMatch(tlsFailed);
    // LICUTIL_TLS=1 with a CA the process trusts (here through node's own NODE_EXTRA_CA_CERTS): every command works
    const trusted = { LICUTIL_TLS: '1', NODE_EXTRA_CA_CERTS: CERT, LICUTIL_ADMIN_TOKEN: TOKEN };
    expect(runCli(['stat', ...c], { env: trusted }).code).toBe(0);
    expect(runCli(['reread', ...c], { env: trusted }).code).toBe(0);
    expect(runJson<{ usable: boolean }>(['lmdiag', 'seat', '--no-checkout', ...c], { env: trusted }).json.usable).toBe(true);
    const plain = runCli(['stat', ...c]);
    expect(plain.code).toBe(69);
    expect(plain.stdout + plain.stderr).toMatch(/LICUTIL_TLS=1/);
    await s.stop();
  });
});

describe('the admin token', () => {
  it('an empty token file is the same configuration error (78) for every admin command and for connect()', async () => {
    const dir = tempDir('licutil-road-');
    const empty = tokenFile(dir, '  \n');
    const said = new Set<string>();
    for (const cmd of [['reread'], ['down', '-q'], ['remove', 'abcdef']]) {
      const r = runCli([...cmd, '-c', '1@127.0.0.1', '--admin-token-file', empty]);
      expect([cmd[0], r.code]).toEqual([cmd[0], 78]);
      said.add(r.stderr.split('\n')[0] ?? '');
    }
    expect([...said]).toEqual([`licutil: the admin token file ${empty} is empty`]);
    expect(() => connect('1@127.0.0.1', { adminTokenFile: empty })).toThrow(`the admin token file ${empty} is empty`);
  });

  it('is not sent to a server found in a *.lic of the current directory; named with -c, it is', async () => {
    const s = await tlsServer();
    const cwd = tempDir('licutil-road-cwd-');
    writeFileSync(path.join(cwd, 'site.lic'), demoLicense(['LICENSE demo seat 1.0 permanent 2'], s.port).replace('HOST localhost', 'HOST 127.0.0.1'));
    const found = runJson<{ servers: Array<{ ok: boolean; error: { code: string; message: string; hint?: string } | null }> }>(['reread'], { cwd, env: TLS_ENV });
    expect(found.code).toBe(77);
    expect(found.json.servers[0]?.error?.message).toMatch(/the admin token was not sent: .* was found in a HOST line of .*site\.lic/);
    expect(found.json.servers[0]?.error?.hint).toMatch(new RegExp(`-c ${at(s).replace(/\./g, '\\.')}`));
    // the server saw no token at all: it says so
    expect(found.json.servers[0]?.error?.message).toMatch(/no Authorization header/);
    const named = runJson<{ servers: Array<{ ok: boolean }> }>(['reread', '-c', at(s)], { cwd, env: TLS_ENV });
    expect(named.code).toBe(0);
    await s.stop();
  });

  it('never goes over plain HTTP to another host unless --allow-plain-token says so', async () => {
    const outside = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a?.family === 'IPv4' && !a.internal)?.address;
    const dir = tempDir('licutil-road-');
    const s = await startServer({
      dir,
      bind: outside === undefined ? '127.0.0.1' : '0.0.0.0',
      licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) },
      args: ['--admin-token-file', tokenFile(dir)],
    });
    // refused before any connection: the address need not even answer
    const far = runCli(['reread', '-c', '5053@192.0.2.77'], { env: { LICUTIL_ADMIN_TOKEN: TOKEN } });
    expect(far.code).toBe(2);
    expect(far.stdout + far.stderr).toMatch(/not sending the admin token to 5053@192\.0\.2\.77 over plain HTTP/);
    expect(far.stdout + far.stderr).toMatch(/--allow-plain-token/);
    // to this machine over loopback, plain HTTP is fine
    expect(runCli(['reread', '-c', at(s)], { env: { LICUTIL_ADMIN_TOKEN: TOKEN } }).code).toBe(0);
    if (outside !== undefined) {
      const spec = `${s.port}@${outside}`;
      const refused = runCli(['reread', '-c', spec], { env: { LICUTIL_ADMIN_TOKEN: TOKEN } });
      expect(refused.code).toBe(2);
      expect(runCli(['reread', '-c', spec, '--allow-plain-token'], { env: { LICUTIL_ADMIN_TOKEN: TOKEN } }).code).toBe(0);
    }
    await s.stop();
  });
});
