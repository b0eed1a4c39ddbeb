// Issue 14, "Leases belong to their holder": a colleague on the network who can
// read the status page tries to end or keep alive someone else's checkout. Each
// attack runs against a real `licutil serve` on 127.0.0.1. The server is started
// with --no-loopback-admin so that loopback (where the tests run) is an ordinary
// client, as a colleague's machine would be; the administrator has the token.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { demoLicense, killAll, startServer, tempDir, type ServerHandle } from '../helpers/server.js';
import { demoLic, startConfigServer, stopAllConfigServers, who } from '../e2e/remote-server.js';

afterAll(async () => {
  await killAll();
  await stopAllConfigServers();
});

const TOKEN = 'security-admin-token-5b8e1f0c2d4a6e93';
const admin = { authorization: `Bearer ${TOKEN}` };

interface Grant {
  handle: string;
  id: number;
}
interface Status {
  pools: Array<{ product: string; in_use: number; checkouts: Array<Record<string, unknown>> }>;
}

async function colleagueServer(lines: string[]): Promise<ServerHandle> {
  const dir = tempDir('licutil-sec-');
  writeFileSync(path.join(dir, 'admin.token'), `${TOKEN}\n`, { mode: 0o600 });
  return startServer({ dir, licenses: { 'demo.lic': demoLicense(lines) }, args: ['--no-loopback-admin', '--admin-token-file', path.join(dir, 'admin.token')] });
}

const inUse = async (s: ServerHandle, product: string) => (await s.api<Status>('GET', '/v1/status')).json.pools.find((p) => p.product === product)?.in_use;
const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');

describe('a checkout belongs to its holder', () => {
  it('status shows the public id and never the handle; the id cannot check in or renew the seat', async () => {
    const s = await colleagueServer(['LICENSE demo seat 1.0 permanent 1 min_remove=300']);
    const alice = (await s.api<Grant>('POST', '/v1/checkout', { product: 'seat', user: 'alice', host: 'ws1', pid: 1, lease: 60 })).json;
    expect(alice.handle).toMatch(/^[0-9a-f]{32}$/);
    expect(alice.id).toBe(1);

    // what anyone can read: the id, not the handle (nor anything derived from it but a hash)
    const status = await s.api<Status>('GET', '/v1/status');
    const seen = status.json.pools.find((p) => p.product === 'seat')?.checkouts[0];
    expect(seen).toMatchObject({ handle: '1', id: 1 });
    expect(JSON.stringify(status.json)).not.toContain(alice.handle);

    // the attacks of the issue: check in or renew with what status shows
    for (const route of ['/v1/checkin', '/v1/heartbeat']) {
      const a = await s.api('POST', route, { handle: String(alice.id) });
      expect(a.status, route).toBe(403);
      expect(a.json.error?.code).toBe('LICUTIL_E_NOT_HOLDER');
      // the seat id and the lease key in status are not handles either
      const b = await s.api('POST', route, { handle: String(seen?.seat) });
      expect(b.json.error?.code, route).toBe('LICUTIL_E_NO_SUCH_HANDLE');
    }
    expect(await inUse(s, 'seat')).toBe(1);
    // the CLI with the id (what `stat` shows) is refused the same way, exit 77
    const cli = runCli(['checkin', String(alice.id), '-c', `${s.port}@127.0.0.1`]);
    expect(cli.code).toBe(77);
    expect(cli.stderr).toMatch(/only the holder of checkout 1 may return it/);
    expect(await inUse(s, 'seat')).toBe(1);
    // the refusals are in the server's log, with where they came from
    expect(s.stderr()).toMatch(/refused to return checkout 1 for 127\.0\.0\.1/);
    expect(s.stderr()).toMatch(/refused to renew checkout 1 for 127\.0\.0\.1/);

    // the holder still renews and returns it
    expect((await s.api('POST', '/v1/heartbeat', { handle: alice.handle })).status).toBe(200);
    expect((await s.api('POST', '/v1/checkin', { handle: alice.handle })).status).toBe(200);
    expect(await inUse(s, 'seat')).toBe(0);
    // the report log has one checkin, the holder's; the journal keeps only the handle's hash
    const report = readFileSync(path.join(s.stateDir, 'report.ndjson'), 'utf8');
    expect(report.match(/"event":"checkin"/g)).toHaveLength(1);
    expect(report).not.toContain(alice.handle);
    const journal = readFileSync(path.join(s.stateDir, 'journal.ndjson'), 'utf8');
    expect(journal).not.toContain(alice.handle);
    expect(journal).toContain(sha256(alice.handle));
    await s.stop();
  });

  it('an administrator removes by id; the holder then hears REMOVED on heartbeat and on checkin', async () => {
    const s = await colleagueServer(['LICENSE demo seat 1.0 permanent 1 min_remove=0']);
    const alice = (await s.api<Grant>('POST', '/v1/checkout', { product: 'seat', user: 'alice', host: 'ws1', pid: 1, lease: 60 })).json;
    expect((await s.api('POST', '/v1/remove', { handle: String(alice.id) })).status).toBe(403);
    expect((await s.api('POST', '/v1/remove', { handle: String(alice.id) }, admin)).status).toBe(200);
    const hb = await s.api('POST', '/v1/heartbeat', { handle: alice.handle });
    expect(hb.status).toBe(410);
    expect(hb.json.error?.code).toBe('LICUTIL_E_REMOVED');
    // the message names the checkout by id, never by the holder's handle
    expect(hb.json.error?.message).not.toContain(alice.handle);
    expect((await s.api('POST', '/v1/checkin', { handle: alice.handle })).json.error?.code).toBe('LICUTIL_E_REMOVED');
    await s.stop();
  });

  it('an administrator without the handle may end a checkout only as a removal: min_remove applies, the holder hears REMOVED', async () => {
    const s = await colleagueServer(['LICENSE demo seat 1.0 permanent 1 min_remove=300', 'LICENSE demo free 1.0 permanent 1 min_remove=0']);
    const a = (await s.api<Grant>('POST', '/v1/checkout', { product: 'seat', user: 'alice', host: 'ws1', pid: 1 })).json;
    const refused = await s.api('POST', '/v1/checkin', { handle: String(a.id) }, admin);
    expect(refused.json.error?.code).toBe('LICUTIL_E_REMOVE_REFUSED');
    expect(await inUse(s, 'seat')).toBe(1);
    const b = (await s.api<Grant>('POST', '/v1/checkout', { product: 'free', user: 'bob', host: 'ws2', pid: 2 })).json;
    expect((await s.api('POST', '/v1/checkin', { handle: String(b.id) }, admin)).status).toBe(200);
    expect((await s.api('POST', '/v1/heartbeat', { handle: b.handle })).json.error?.code).toBe('LICUTIL_E_REMOVED');
    const report = readFileSync(path.join(s.stateDir, 'report.ndjson'), 'utf8');
    expect(report).toMatch(/"event":"removal"/);
    expect(report).not.toMatch(/"event":"checkin"/);
    await s.stop();
  });

  it("messages meant for a holder go only to that holder: an administrator's renewal by id does not take them", async () => {
    const s = await startConfigServer({ config: 'bind_addr: "127.0.0.1:0", licenses: [ "a.lic" ]', files: { 'a.lic': demoLic(['LICENSE demo seat 1.0 permanent 2']) }, monitor: true });
    const a = (await s.api<Grant>('POST', '/v1/checkout', { product: 'seat', ...who(7), lease: 60 })).json;
    const from = s.stdout().length;
    s.command('msgto 1 for alice only');
    await s.waitOut(/Message queued for client 1/, from);
    // loopback is admin on this server: it may renew by id, but gets no messages
    const byAdmin = await s.api<{ messages?: string[] }>('POST', '/v1/heartbeat', { handle: String(a.id) });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.json.messages).toBeUndefined();
    const byHolder = await s.api<{ messages?: string[] }>('POST', '/v1/heartbeat', { handle: a.handle });
    expect(byHolder.json.messages).toEqual(['for alice only']);
  });

  it('the --detach reference carries the handle: it works where the id is refused', async () => {
    const s = await colleagueServer(['LICENSE demo seat 1.0 permanent 1']);
    const co = runCli(['checkout', 'seat', '-c', `${s.port}@127.0.0.1`, '--detach', '--json']);
    expect(co.code).toBe(0);
    const j = JSON.parse(co.stdout) as { ref: string; id: number };
    expect(runCli(['heartbeat', String(j.id), '-c', `${s.port}@127.0.0.1`]).code).toBe(77);
    expect(runCli(['heartbeat', j.ref]).code).toBe(0);
    expect(runCli(['checkin', j.ref]).code).toBe(0);
    expect(await inUse(s, 'seat')).toBe(0);
    await s.stop();
  });
});
