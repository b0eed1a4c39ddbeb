// reread, remove and down against real servers: the diff reread prints after a
// license file changes, remove by handle and by FEATURE USER HOST, refusals
// explained (min_remove with the seconds left, not admin with how to pass the
// token), and down with and without its question. Needs `npm run build` first.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { demoLicense, killAll, startServer, tempDir } from '../helpers/server.js';
import { at, freePort, grab } from './net-support.js';

afterAll(killAll);

const TOKEN = 'e2e-admin-token-7d2a9c41be0f3a65';

interface Summary {
  isv: string;
  product: string;
  version: string;
  count: number;
}
interface RereadJson {
  servers: Array<{
    address: string;
    ok: boolean;
    result: { added: Summary[]; removed: Summary[]; changed: Array<{ before: Summary; after: Summary }>; orphaned_checkouts: number } | null;
    error: { code: string; message: string; hint?: string } | null;
  }>;
}
interface RemoveJson {
  removed: Array<{ handle: string; server: string; product?: string; user?: string; host?: string }>;
  refused: Array<{ handle: string; error: { code: string; message: string; hint?: string } }>;
}

const inUse = async (s: Awaited<ReturnType<typeof startServer>>, product: string) =>
  (await s.api<{ pools: Array<{ product: string; in_use: number }> }>('GET', '/v1/status')).json.pools.find((p) => p.product === product)?.in_use;

describe('reread', () => {
  it('prints the diff the server returns after a license file changes (added, removed, changed)', async () => {
    const s = await startServer({
      licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2', 'LICENSE demo gone 1.0 permanent 1', 'LICENSE demo same 1.0 permanent 1']) },
    });
    writeFileSync(
      path.join(s.dir, 'demo.lic'),
      demoLicense(['LICENSE demo seat 1.0 permanent 5', 'LICENSE demo fresh 2.0 permanent 3', 'LICENSE demo same 1.0 permanent 1']),
    );
    const r = runJson<RereadJson>(['reread', '-c', at(s)]);
    expect(r.code).toBe(0);
    const res = r.json.servers[0]?.result;
    expect(res?.added.map((p) => [p.product, p.version, p.count])).toEqual([['fresh', '2.0', 3]]);
    expect(res?.removed.map((p) => p.product)).toEqual(['gone']);
    expect(res?.changed.map((c) => [c.after.product, c.before.count, c.after.count])).toEqual([['seat', 2, 5]]);

    writeFileSync(path.join(s.dir, 'demo.lic'), demoLicense(['LICENSE demo seat 1.0 permanent 4', 'LICENSE demo same 1.0 permanent 1']));
    const text = runCli(['lmreread', '-q', '-c', at(s)]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^${at(s).replace(/\./g, '\\.')}: reread$`, 'm'));
    expect(text.stdout).toMatch(/^\s+- removed demo fresh 2\.0: 3 seats/m);
    expect(text.stdout).toMatch(/^\s+~ changed demo seat 1\.0: count 5 → 4, soft limit 5 → 4$/m);
    expect(text.stdout).not.toMatch(/note:/); // -q leaves out the server's start-up notes
    const again = runCli(['rlmreread', '-c', at(s)]);
    expect(again.stdout).toMatch(/no pool changed/);
    expect(again.stdout).toMatch(/note: serving demo seat 1\.0/);
    await s.stop();
  });

  it('with one server down: the other still rereads; exit 69 says not every server did', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2']) } });
    const dead = await freePort();
    const r = runJson<RereadJson>(['reread', '-c', `${at(s)}:${at(dead)}`]);
    expect(r.code).toBe(69);
    expect(r.json.servers.map((x) => [x.address, x.ok])).toEqual([
      [at(s), true],
      [at(dead), false],
    ]);
    expect(r.json.servers[1]?.error?.code).toBe('LICUTIL_E_REFUSED');
    // the failure is an error line on stderr, with licutil's one prefix; stdout keeps what was done
    const text = runCli(['reread', '-c', `${at(s)}:${at(dead)}`]);
    expect(text.code).toBe(69);
    expect(text.stdout).toMatch(new RegExp(`${at(s).replace(/\./g, '\\.')}: reread`));
    expect(text.stdout).not.toMatch(/not reread|connection refused/);
    expect(text.stderr).toMatch(new RegExp(`^licutil: ${at(dead).replace(/\./g, '\\.')}: not reread: nothing listens on .*\n {2}hint: `, 'm'));
    await s.stop();
  });
});

describe('remove', () => {
  it('by handle, by HANDLE@PORT@HOST, and by FEATURE USER HOST (every matching checkout)', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 5 min_remove=0']) } });
    const g1 = await grab(s, 'seat', 'alice', 'ws1', 1);
    const g2 = await grab(s, 'seat', 'alice', 'ws1', 2);
    const g3 = await grab(s, 'seat', 'alice', 'ws2', 3);
    const g4 = await grab(s, 'seat', 'bob', 'ws1', 4);
    const g5 = await grab(s, 'seat', 'bob', 'ws1', 5);

    const one = runJson<RemoveJson>(['remove', g4.handle, '-c', at(s)]);
    expect(one.code).toBe(0);
    expect(one.json.removed).toEqual([{ handle: g4.handle, server: at(s), product: null, version: null, user: null, host: null }]);
    // HANDLE@PORT@HOST needs no license environment at all
    const ref = runCli(['lmremove', `${g5.handle}@${at(s)}`]);
    expect(ref.code).toBe(0);
    expect(ref.stdout).toContain(`removed checkout ${g5.handle} on ${at(s)}`);

    const many = runJson<RemoveJson>(['rlmremove', 'SEAT', 'Alice', 'ws1', '-c', at(s)]);
    expect(many.code).toBe(0);
    expect(many.json.removed.map((x) => x.handle).sort()).toEqual([String(g1.id), String(g2.id)].sort());
    expect(many.json.removed[0]).toMatchObject({ product: 'seat', user: 'alice', host: 'ws1', server: at(s) });
    expect(await inUse(s, 'seat')).toBe(1); // alice@ws2 stays
    const g3status = await s.api('POST', '/v1/heartbeat', { handle: g3.handle });
    expect(g3status.status).toBe(200);
    const removed = await s.api('POST', '/v1/heartbeat', { handle: g1.handle });
    expect(removed.json.error?.code).toBe('LICUTIL_E_REMOVED');
    await s.stop();
  });

  it('nothing to remove: an unknown handle exits 1 (nothing matched, not bad data); FEATURE USER HOST with no match says so; FEATURE USER alone is a usage error', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2 min_remove=0']) } });
    const unknown = runCli(['remove', 'abcdef0123', '-c', at(s)]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/licutil stat -a/);
    const none = runCli(['remove', 'seat', 'nobody', 'nowhere', '-c', at(s)]);
    expect(none.code).toBe(1);
    expect(runCli(['remove', 'nosuch', 'nobody', 'nowhere', '-c', at(s)]).code).toBe(1);
    expect(none.stderr).toMatch(/no checkout of seat by nobody on nowhere/);
    expect(none.stderr).toMatch(/licutil stat -f seat/);
    expect(runCli(['remove', 'seat', 'nobody', '-c', at(s)]).code).toBe(2);
    await s.stop();
  });

  it('refused inside min_remove: exit 75 (temporary) with the seconds left; min_remove=-1: never, exit 77 (seed 002)', async () => {
    const s = await startServer({
      licenses: { 'demo.lic': demoLicense(['LICENSE demo slow 1.0 permanent 2 min_remove=3600', 'LICENSE demo pinned 1.0 permanent 1 min_remove=-1']) },
    });
    const slow = await grab(s, 'slow');
    const pinned = await grab(s, 'pinned');
    const r = runJson<RemoveJson>(['remove', slow.handle, '-c', at(s)]);
    expect(r.code).toBe(75);
    expect(r.json.refused[0]?.error).toMatchObject({ code: 'LICUTIL_E_REMOVE_REFUSED', message: expect.stringMatching(/min_remove=3600/) as unknown });
    expect(r.stderr).toMatch(/not removed: checkout .* is \d+ s old; min_remove=3600 allows removal after 3600 s/);
    expect(r.stderr).toMatch(/hint: try again in \d+ s/);
    // "If min_remove is set to -1, then rlmremove ... is disabled on this license."
    const p = runCli(['remove', 'pinned', 'alice', 'ws1', '-c', at(s)]);
    expect(p.code).toBe(77);
    expect(p.stderr).toMatch(/min_remove=-1: its checkouts cannot be removed/);
    expect(await inUse(s, 'slow')).toBe(1);
    expect(await inUse(s, 'pinned')).toBe(1);
    expect(pinned.handle).toBeTruthy();
    await s.stop();
  });

  it('not admin: exit 77 saying how to pass the token (--admin-token-file, LICUTIL_ADMIN_TOKEN, or the server host); with it, done', async () => {
    const d = tempDir();
    const tokenFile = path.join(d, 'admin.token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const s = await startServer({
      dir: d,
      licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 3 min_remove=0']) },
      args: ['--no-loopback-admin', '--admin-token-file', tokenFile],
    });
    const g1 = await grab(s, 'seat');
    const g2 = await grab(s, 'seat');
    const refused = runJson<RemoveJson>(['remove', g1.handle, '-c', at(s)]);
    expect(refused.code).toBe(77);
    expect(refused.json.refused[0]?.error.code).toBe('LICUTIL_E_NOT_ADMIN');
    expect(refused.stderr).toMatch(/--admin-token-file FILE or LICUTIL_ADMIN_TOKEN=TOKEN, or run the command on the server host/);
    const rr = runJson<RereadJson>(['reread', '-c', at(s)]);
    expect(rr.code).toBe(77);
    expect(rr.json.servers[0]?.error?.hint).toMatch(/--admin-token-file/);

    expect(runCli(['remove', g1.handle, '-c', at(s)], { env: { LICUTIL_ADMIN_TOKEN: TOKEN } }).code).toBe(0);
    expect(runCli(['remove', g2.handle, '-c', at(s), '--admin-token-file', tokenFile]).code).toBe(0);
    expect(await inUse(s, 'seat')).toBe(0);
    const wrong = runCli(['reread', '-c', at(s)], { env: { LICUTIL_ADMIN_TOKEN: 'not-the-token-at-all-000' } });
    expect(wrong.code).toBe(77);
    expect(wrong.stderr).toMatch(/^licutil: .*: not reread: .*does not match/m);
    await s.stop();
  });
});

describe('down', () => {
  it('-q stops the server without asking: it exits 0 and no longer answers', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) } });
    const r = runJson<{ servers: Array<{ address: string; ok: boolean; result: { stopping: boolean; stopped: boolean } }> }>(['down', '-q', '-c', at(s)]);
    expect(r.code).toBe(0);
    expect(r.json.servers).toEqual([expect.objectContaining({ address: at(s), ok: true, result: { stopping: true, stopped: true } })]);
    expect((await s.exited).code).toBe(0);
    expect(runCli(['stat', '-c', at(s)]).code).toBe(69);
  });

  it('without -q it asks, and reads the answer from stdin as lmdown does: no answer leaves the server up, "y" stops it', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2']) } });
    await grab(s, 'seat');
    const no = runCli(['lmdown', '-c', at(s)]);
    expect(no.code).toBe(1);
    expect(no.stderr).toMatch(new RegExp(`Stop the license server ${at(s).replace(/\./g, '\\.')}\\? 1 checkout is live and will end\\. \\[y/N\\]`));
    expect(no.stderr).toMatch(/not stopped: .*pass -q or --force/);
    expect((await s.api('GET', '/v1/hello')).status).toBe(200);
    const yes = runCli(['rlmdown', '-c', at(s)], { input: 'y\n' });
    expect(yes.code).toBe(0);
    expect(yes.stdout).toMatch(new RegExp(`${at(s).replace(/\./g, '\\.')}: stopped`));
    expect((await s.exited).code).toBe(0);
  });

  it('--force does not ask either; a server that is not there: exit 69', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) } });
    expect(runCli(['down', '--force', '-c', at(s)]).code).toBe(0);
    await s.exited;
    const dead = await freePort();
    const r = runCli(['down', '-q', '-c', at(dead)]);
    expect(r.code).toBe(69);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^licutil: \S+: not stopped: nothing listens on .*\n {2}hint: /m);
    const json = runJson<{ servers: Array<{ ok: boolean; error: { code: string } | null }> }>(['down', '-q', '-c', at(dead)]);
    expect(json.code).toBe(69);
    expect(json.json.servers.map((x) => [x.ok, x.error?.code])).toEqual([[false, 'LICUTIL_E_REFUSED']]);
    // nothing answers: nothing to ask about
    const unasked = runCli(['down', '-c', at(dead)]);
    expect(unasked.code).toBe(69);
    expect(unasked.stderr).not.toMatch(/Stop the license server/);
  });
});
