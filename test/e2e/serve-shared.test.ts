// Several `licutil serve --store postgres://...` processes on 127.0.0.1 sharing
// their pools in one real PostgreSQL (issue 18): counts are global, the queue
// is global and pushed across servers, a lease is renewed and returned on any
// server, lapses are reclaimed once, and servers that disagree refuse to share.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { freshStore, postgresForSuite, startShared } from '../helpers/shared-store.js';
import { demoLicense, eventually, killAll, sleep, type ServerHandle } from '../helpers/server.js';

afterAll(killAll);

const PG = await postgresForSuite();
const who = (pid: number) => ({ user: `u${pid}`, host: `h${pid}`, pid });
const lic = (count: number) => ({ 'demo.lic': demoLicense([`LICENSE demo seat 1.0 permanent ${count}`]) });

interface Status {
  pools: Array<{ product: string; in_use: number; checkouts: Array<{ handle: string; pid: number }> }>;
  queues: Array<{ product: string; waiters: Array<{ position: number; pid: number }> }>;
}

describe.skipIf(!PG.ok)('licutil serve --store postgres:// (several servers, one state)', () => {
  it('refuses a store without the schema and says how to create it', async () => {
    const store = await freshStore(PG);
    await expect(startShared(store, { licenses: lic(2), readyMs: 20_000 })).rejects.toThrow(/has no licutil schema[\s\S]*--init/);
  });

  it('counts are global: two servers never grant more than the count, and a lease is renewed and returned on either', async () => {
    const store = await freshStore(PG);
    const a = await startShared(store, { licenses: lic(5), init: true });
    const b = await startShared(store, { licenses: lic(5) });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).api('POST', '/v1/checkout', { product: 'seat', ...who(i + 1) })));
    const granted = results.filter((r) => r.status === 200);
    expect(granted).toHaveLength(5);
    for (const r of results.filter((x) => x.status !== 200)) expect(r.json.error?.code).toBe('LICUTIL_E_ALL_IN_USE');
    // each server's status shows all five, whoever granted them
    for (const s of [a, b]) {
      await eventually(async () => ((await s.api<Status>('GET', '/v1/status')).json.pools[0]?.in_use === 5 ? true : undefined));
    }
    const handle = granted[0]?.json.handle as string;
    const hb = await b.api('POST', '/v1/heartbeat', { handle });
    expect(hb.status).toBe(200);
    const hbA = await a.api('POST', '/v1/heartbeat', { handle });
    expect(hbA.status).toBe(200);
    const ci = await b.api('POST', '/v1/checkin', { handle });
    expect(ci.status).toBe(200);
    expect((await a.api('POST', '/v1/heartbeat', { handle })).status).toBe(404);
    const again = await a.api('POST', '/v1/checkout', { product: 'seat', ...who(99) });
    expect(again.status).toBe(200);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('the queue is global: a waiter on one server gets the seat checked in on another', async () => {
    const store = await freshStore(PG);
    const a = await startShared(store, { licenses: lic(1), init: true });
    const b = await startShared(store, { licenses: lic(1) });
    const first = await a.api('POST', '/v1/checkout', { product: 'seat', ...who(1) });
    expect(first.status).toBe(200);
    const queued = (n: number) =>
      eventually(async () => (((await a.api<Status>('GET', '/v1/status')).json.queues[0]?.waiters ?? []).length === n ? true : undefined));
    const order: number[] = [];
    const wait = (s: ServerHandle, pid: number) =>
      s.api('POST', '/v1/checkout', { product: 'seat', ...who(pid), wait: 30 }).then((r) => {
        order.push(pid);
        return r;
      });
    // pid 2 waits on b, then pid 3 on a: the queue (visible on either server) keeps that order
    const waits = [wait(b, 2)];
    await queued(1);
    waits.push(wait(a, 3));
    await queued(2);
    await a.api('POST', '/v1/checkin', { handle: first.json.handle });
    const second = await waits[0];
    expect(second?.status).toBe(200);
    await b.api('POST', '/v1/checkin', { handle: second?.json.handle });
    const third = await waits[1];
    expect(third?.status).toBe(200);
    expect(order).toEqual([2, 3]);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('a lease that is not renewed is reclaimed once, however many servers run', async () => {
    const store = await freshStore(PG);
    const a = await startShared(store, { licenses: lic(1), init: true });
    const b = await startShared(store, { licenses: lic(1) });
    const g = await a.api('POST', '/v1/checkout', { product: 'seat', ...who(1), lease: 1 });
    expect(g.status).toBe(200);
    await sleep(2_500);
    const hb = await b.api<{ error?: { code: string } }>('POST', '/v1/heartbeat', { handle: g.json.handle });
    expect(hb.json.error?.code).toBe('LICUTIL_E_LEASE_LAPSED');
    await eventually(async () => ((await b.api('POST', '/v1/checkout', { product: 'seat', ...who(2) })).status === 200 ? true : undefined));
    await Promise.all([a.stop(), b.stop()]);
    const reclaims = [a, b]
      .map((s) => readFileSync(path.join(s.stateDir, 'report.ndjson'), 'utf8'))
      .join('')
      .split('\n')
      .filter((l) => l.includes('"event":"reclaim"'));
    expect(reclaims).toHaveLength(1);
  });

  it('stat names the servers that share the store', async () => {
    const store = await freshStore(PG);
    const a = await startShared(store, { licenses: lic(2), init: true });
    const b = await startShared(store, { licenses: lic(2) });
    const spec = `${a.port}@127.0.0.1,${b.port}@127.0.0.1`;
    const listed = await eventually(async () => {
      const r = runJson<{ servers: Array<{ server?: { store?: { url: string; healthy: boolean; servers: Array<{ url: string }> } } }> }>(['stat', '-c', spec, '--json']);
      const st = r.json.servers[0]?.server?.store;
      // a server writes its address into the store at its first housekeeping tick after it listens
      return st && st.servers.length === 2 && st.servers.every((x) => x.url !== '') ? st : undefined;
    });
    expect(listed.url).not.toMatch(/licutil-test/);
    expect(listed.healthy).toBe(true);
    expect(listed.servers.map((x) => x.url).sort()).toEqual([a.url, b.url].sort());
    const text = runCli(['stat', '-c', spec]);
    expect(text.stdout).toMatch(/shared store postgres:\/\/licutil:\*\*\*@127\.0\.0\.1:\d+\/\w+: /);
    expect(text.stdout).toContain(a.url);
    expect(text.stdout).toContain(b.url);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('a server whose licenses differ refuses to share the store and says how', async () => {
    const store = await freshStore(PG);
    const a = await startShared(store, { licenses: lic(2), init: true });
    const err = await startShared(store, { licenses: lic(3) }).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(err).toMatch(/licenses differ[\s\S]*count 3 here, 2 in the store/);
    await a.stop();
  });
});

