// Nothing lost: a dead client's seat comes back after its lease; a server killed
// with SIGKILL and restarted on the same state directory knows every checkout.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoLicense, eventually, killAll, startServer, type ServerHandle } from '../helpers/server.js';

afterAll(killAll);

interface Status {
  pools: Array<{ product: string; in_use: number; checkouts: Array<{ handle: string; pid: number; user: string }> }>;
}

async function seat(s: ServerHandle, product = 'seat') {
  const st = await s.api<Status>('GET', '/v1/status');
  const p = st.json.pools.find((x) => x.product === product);
  if (!p) throw new Error(JSON.stringify(st.json));
  return p;
}

function reportLines(s: ServerHandle): Array<Record<string, unknown>> {
  return readFileSync(path.join(s.stateDir, 'report.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A client process that checks out, prints its handle and heartbeats every 300 ms until killed. */
function spawnClient(url: string, lease: number) {
  const script = `
    const url = ${JSON.stringify(url)};
    const post = (p, b) => fetch(url + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) }).then((r) => r.json());
    post('/v1/checkout', { product: 'seat', user: 'ci', host: 'runner', pid: process.pid, lease: ${lease} }).then((g) => {
      console.log(g.handle + ' ' + g.id);
      setInterval(() => post('/v1/heartbeat', { handle: g.handle }), 300);
    });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const handle = new Promise<string>((resolve) => child.stdout.setEncoding('utf8').once('data', (d: string) => resolve(d.trim())));
  return { child, handle };
}

describe('leases', () => {
  it("a killed client's seat is reclaimed once its lease lapses, and it is logged as such", async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) } });
    const { child, handle } = spawnClient(s.url, 2);
    const [h = '', id = ''] = (await handle).split(' ');
    expect(h).toMatch(/^[A-Za-z0-9_-]+$/);
    // heartbeats keep it alive past its 2 s lease
    await new Promise((r) => setTimeout(r, 3000));
    // status and the logs name it by its public id, never by the holder's handle
    expect((await seat(s)).checkouts.map((c) => c.handle)).toEqual([id]);
    child.kill('SIGKILL');
    const killedAt = Date.now();
    await eventually(async () => ((await seat(s)).in_use === 0 ? true : undefined), 6000);
    expect(Date.now() - killedAt).toBeLessThan(4000);
    const hb = await s.api('POST', '/v1/heartbeat', { handle: h });
    expect(hb.status).toBe(410);
    expect(hb.json.error?.code).toBe('LICUTIL_E_LEASE_LAPSED');
    expect(s.stderr()).toMatch(new RegExp(`reclaimed seat .*checkout ${id}\\).*lease not renewed`));
    expect(s.stderr()).not.toContain(h);
    await s.stop();
    expect(reportLines(s).some((l) => l.event === 'reclaim' && l.handle === id)).toBe(true);
  });
});

describe('journal', () => {
  it('a server killed with SIGKILL and restarted knows every live checkout; the journal is compacted at start-up', async () => {
    const licenses = { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2']) };
    const s1 = await startServer({ licenses });
    const a = await s1.api('POST', '/v1/checkout', { product: 'seat', user: 'alice', host: 'ws1', pid: 11, lease: 600 });
    const b = await s1.api('POST', '/v1/checkout', { product: 'seat', user: 'bob', host: 'ws2', pid: 12, lease: 600 });
    const gone = await s1.api('POST', '/v1/checkout', { product: 'other', user: 'x', host: 'y', pid: 1 });
    expect(gone.status).toBe(404);
    expect([a.status, b.status]).toEqual([200, 200]);
    // one more grant and return, so compaction has something to drop
    await s1.api('POST', '/v1/checkin', { handle: a.json.handle });
    const c = await s1.api('POST', '/v1/checkout', { product: 'seat', user: 'carol', host: 'ws3', pid: 13, lease: 600 });
    await s1.kill();

    const s2 = await startServer({ dir: s1.dir, files: ['demo.lic'] });
    const p = await seat(s2);
    expect(p.in_use).toBe(2);
    expect(p.checkouts.map((x) => [x.handle, x.user]).sort()).toEqual(
      [
        [String(b.json.id), 'bob'],
        [String(c.json.id), 'carol'],
      ].sort(),
    );
    expect(s2.stderr()).toMatch(/journal restored 2 checkout\(s\)/);
    // the restored holders carry on: heartbeat and checkin work; the count still holds
    expect((await s2.api('POST', '/v1/heartbeat', { handle: b.json.handle })).status).toBe(200);
    expect((await s2.api('POST', '/v1/checkout', { product: 'seat', user: 'dave', host: 'ws4', pid: 14 })).json.error?.code).toBe('LICUTIL_E_ALL_IN_USE');
    const journal = readFileSync(path.join(s2.stateDir, 'journal.ndjson'), 'utf8').split('\n').filter(Boolean);
    expect(journal.filter((l) => l.includes('"t":"grant"'))).toHaveLength(2);
    expect(journal.some((l) => l.includes(createHash('sha256').update(String(a.json.handle)).digest('hex')))).toBe(false);
    // the journal keeps hashes of the handles, never the handles
    expect(journal.some((l) => l.includes(String(b.json.handle)))).toBe(false);
    await s2.api('POST', '/v1/checkin', { handle: c.json.handle });
    expect((await seat(s2)).in_use).toBe(1);
    await s2.stop();
  });

  it('"each restored lease gets one lease period to be renewed": an unrenewed restored lease is reclaimed', async () => {
    const licenses = { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2']) };
    const s1 = await startServer({ licenses });
    const a = await s1.api('POST', '/v1/checkout', { product: 'seat', user: 'alice', host: 'ws1', pid: 11, lease: 2 });
    const b = await s1.api('POST', '/v1/checkout', { product: 'seat', user: 'bob', host: 'ws2', pid: 12, lease: 2 });
    await s1.kill();
    const s2 = await startServer({ dir: s1.dir, files: ['demo.lic'] });
    expect((await seat(s2)).in_use).toBe(2);
    // keep bob alive, let alice lapse
    const keep = setInterval(() => void s2.api('POST', '/v1/heartbeat', { handle: b.json.handle }), 400);
    try {
      await eventually(async () => ((await seat(s2)).in_use === 1 ? true : undefined), 6000);
    } finally {
      clearInterval(keep);
    }
    expect((await seat(s2)).checkouts.map((x) => x.handle)).toEqual([String(b.json.id)]);
    expect((await s2.api('POST', '/v1/heartbeat', { handle: a.json.handle })).json.error?.code).toBe('LICUTIL_E_LEASE_LAPSED');
    await s2.stop();
  });

  it('two servers never share one state directory', async () => {
    const licenses = { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2']) };
    const s1 = await startServer({ licenses });
    await expect(startServer({ dir: s1.dir, files: ['demo.lic'], readyMs: 8000 })).rejects.toThrow(/exited \(78\)[\s\S]*another licutil server \(pid \d+\) is using the state directory/);
    await s1.stop();
  });
});
