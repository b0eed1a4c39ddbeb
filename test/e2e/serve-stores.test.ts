// The features of the single server, through both stores (issue 18): the same
// requests against one server on the file journal and against two servers on
// one shared PostgreSQL store, each request going to either of the two.
// share, soft_limit, hold, min_checkout, _password, remove (by handle and by
// public id) and reread behave the same.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshStore, postgresForSuite, startShared } from '../helpers/shared-store.js';
import { demoLicense, killAll, sleep, startServer, type ServerHandle } from '../helpers/server.js';

afterAll(killAll);

const PG = await postgresForSuite();

const LINES = [
  'LICENSE demo shared 1.0 permanent 1 share=u',
  'LICENSE demo soft 1.0 permanent 3 soft_limit=1',
  'LICENSE demo held 1.0 permanent 1 hold=2',
  'LICENSE demo minco 1.0 permanent 1 min_checkout=2',
  'LICENSE demo secret 1.0 permanent 1 _password=opensesame',
  'LICENSE demo removable 1.0 permanent 1 min_remove=0',
];
const licenses = { 'demo.lic': demoLicense(LINES) };
const who = (pid: number, user = `u${pid}`) => ({ user, host: `h${pid}`, pid });

interface Setup {
  /** the servers requests go to, in turn */
  servers: ServerHandle[];
  stop: () => Promise<void>;
}

const STORES: Array<[string, () => Promise<Setup>]> = [
  [
    'file journal',
    async () => {
      const s = await startServer({ licenses });
      return { servers: [s], stop: async () => void (await s.stop()) };
    },
  ],
  [
    'shared store, two servers',
    async () => {
      const store = await freshStore(PG);
      const a = await startShared(store, { licenses, init: true });
      const b = await startShared(store, { licenses });
      return { servers: [a, b], stop: async () => void (await Promise.all([a.stop(), b.stop()])) };
    },
  ],
];

describe.each(STORES)('single-server features through the %s', (name, setup) => {
  it.skipIf(name.startsWith('shared') && !PG.ok)('share, soft_limit, hold, min_checkout, _password, remove and reread', async () => {
    const { servers, stop } = await setup();
    let turn = 0;
    const next = () => servers[turn++ % servers.length] as ServerHandle;
    const co = (body: object) => next().api<Record<string, unknown> & { handle: string; id?: number }>('POST', '/v1/checkout', body);

    // share=u: one user's processes share a seat; another user finds it taken
    const s1 = await co({ product: 'shared', ...who(1, 'ann') });
    const s2 = await co({ product: 'shared', ...who(2, 'ann') });
    expect([s1.status, s2.status]).toEqual([200, 200]);
    expect(s2.json.shared).toBe(true);
    expect((await co({ product: 'shared', ...who(3, 'bob') })).json.error?.code).toBe('LICUTIL_E_ALL_IN_USE');

    // soft_limit=1: the second checkout is granted past the soft limit, with the warning
    expect((await co({ product: 'soft', ...who(4) })).json.over_soft_limit).toBe(false);
    expect((await co({ product: 'soft', ...who(5) })).json.over_soft_limit).toBe(true);

    // hold=2: the seat stays in use 2 s after check-in
    const h = await co({ product: 'held', ...who(6) });
    const ci = await next().api<{ held_seconds: number }>('POST', '/v1/checkin', { handle: h.json.handle });
    expect(ci.json.held_seconds).toBe(2);
    expect((await co({ product: 'held', ...who(7) })).json.error?.code).toBe('LICUTIL_E_ALL_IN_USE');

    // min_checkout=2: returned at once, the seat is kept for the rest of the 2 s
    const m = await co({ product: 'minco', ...who(8) });
    const mci = await next().api<{ held_seconds: number }>('POST', '/v1/checkin', { handle: m.json.handle });
    expect(mci.json.held_seconds).toBeGreaterThan(1);
    expect(mci.json.held_seconds).toBeLessThanOrEqual(2);

    // _password: without it the product does not exist for the client; with it, granted
    expect((await co({ product: 'secret', ...who(9) })).json.error?.code).toBe('LICUTIL_E_NO_SUCH_PRODUCT');
    expect((await co({ product: 'secret', ...who(9), password: 'opensesame' })).status).toBe(200);

    // remove by public id on one server; the holder hears it on the other
    const r = await co({ product: 'removable', ...who(10) });
    expect(typeof r.json.id).toBe('number');
    const rm = await next().api('POST', '/v1/remove', { handle: String(r.json.id) });
    expect(rm.status).toBe(200);
    const hb = await next().api<{ error?: { code: string } }>('POST', '/v1/heartbeat', { handle: r.json.handle });
    expect(hb.json.error?.code).toBe('LICUTIL_E_REMOVED');

    // public ids are never given twice, whichever server grants
    const ids = [s1, s2, r].map((x) => x.json.id);
    expect(new Set(ids).size).toBe(ids.length);

    // after the hold, the held seat is free again
    await sleep(2_300);
    expect((await co({ product: 'held', ...who(11) })).status).toBe(200);

    // reread: every server given the larger count serves it
    for (const s of servers) writeFileSync(path.join(s.dir, 'demo.lic'), demoLicense(LINES.map((l) => l.replace('removable 1.0 permanent 1', 'removable 1.0 permanent 2'))));
    for (const s of servers) expect((await s.api('POST', '/v1/reread', {})).status).toBe(200);
    expect((await co({ product: 'removable', ...who(12) })).status).toBe(200);
    expect((await co({ product: 'removable', ...who(13) })).status).toBe(200);
    expect((await co({ product: 'removable', ...who(14) })).json.error?.code).toBe('LICUTIL_E_ALL_IN_USE');
    await stop();
  }, 60_000);
});
