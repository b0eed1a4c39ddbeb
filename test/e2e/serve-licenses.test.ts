// Seed 002's license attributes, end to end through a real server: each test
// quotes the rule it checks. (The pool manager's unit tests cover the detail;
// these prove the whole path — file, start-up, pools, wire — honours them.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoLicense, eventually, killAll, sleep, startServer, type ServerHandle } from '../helpers/server.js';

afterAll(killAll);

interface Pool {
  id: string;
  product: string;
  version: string;
  count: number;
  in_use: number;
  soft_limit: number;
  password_protected: boolean;
}

const co = (s: ServerHandle, product: string, extra: Record<string, unknown> = {}) =>
  s.api('POST', '/v1/checkout', { product, user: 'alice', host: 'ws1', pid: 1, ...extra });

async function pools(s: ServerHandle, headers: Record<string, string> = {}): Promise<Pool[]> {
  return (await s.api<{ pools: Pool[] }>('GET', '/v1/status', undefined, headers)).json.pools;
}

async function inUse(s: ServerHandle, product: string): Promise<number> {
  const p = (await pools(s)).find((x) => x.product === product);
  return p?.in_use ?? -1;
}

describe('seed 002 attributes through a real server', () => {
  it('hold: "the license will be held for N seconds after the application ... checks the license back in"', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo held 1.0 permanent 1 hold=2']) } });
    const a = await co(s, 'held');
    const ci = await s.api('POST', '/v1/checkin', { handle: a.json.handle });
    expect(ci.json).toMatchObject({ held_seconds: 2 });
    expect(await inUse(s, 'held')).toBe(1);
    expect((await co(s, 'held')).json.error?.code).toBe('LICUTIL_E_ALL_IN_USE');
    // a waiter gets the seat when the hold ends, pushed by the server's timer
    const t0 = Date.now();
    const w = await co(s, 'held', { pid: 2, wait: 10 });
    expect(w.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThan(1000);
    expect(Date.now() - t0).toBeLessThan(3500);
    await s.stop();
  });

  it('min_checkout: "held ... only if the license did not remain checked out for the minimum interval"', async () => {
    const s = await startServer({
      licenses: { 'demo.lic': demoLicense(['LICENSE demo brief 1.0 permanent 1 min_checkout=3', 'LICENSE demo quick 1.0 permanent 1 min_checkout=1']) },
    });
    const a = await co(s, 'brief');
    await sleep(1000);
    const ci = await s.api<{ held_seconds: number }>('POST', '/v1/checkin', { handle: a.json.handle });
    // kept for the rest of the 3 s: about 2 s more
    expect(ci.json.held_seconds).toBeGreaterThanOrEqual(1);
    expect(ci.json.held_seconds).toBeLessThanOrEqual(2);
    expect(await inUse(s, 'brief')).toBe(1);
    await eventually(async () => ((await inUse(s, 'brief')) === 0 ? true : undefined), 4000);

    const b = await co(s, 'quick');
    await sleep(1200);
    const ci2 = await s.api<{ held_seconds: number }>('POST', '/v1/checkin', { handle: b.json.handle });
    expect(ci2.json.held_seconds).toBe(0);
    expect(await inUse(s, 'quick')).toBe(0);
    await s.stop();
  });

  it('share=U:2: "With matching usernames, one license is consumed for every two shares"; no re-combination at checkin', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo cad 1.0 permanent 2 share=u:2']) } });
    const a1 = await co(s, 'cad', { pid: 1 });
    const a2 = await co(s, 'cad', { pid: 2 });
    expect(a2.json.shared).toBe(true);
    expect(await inUse(s, 'cad')).toBe(1);
    const a3 = await co(s, 'cad', { pid: 3 }); // the nnn+1st request consumes another license
    expect(a3.status).toBe(200);
    expect(await inUse(s, 'cad')).toBe(2);
    const bob = await co(s, 'cad', { user: 'bob', pid: 4 });
    expect(bob.json.error?.code).toBe('LICUTIL_E_ALL_IN_USE');
    // "2 licenses will continue to be in use until ... BOTH the first and second processes check in"
    await s.api('POST', '/v1/checkin', { handle: a1.json.handle });
    expect(await inUse(s, 'cad')).toBe(2);
    await s.api('POST', '/v1/checkin', { handle: a2.json.handle });
    expect(await inUse(s, 'cad')).toBe(1);
    expect((await co(s, 'cad', { user: 'bob', pid: 5 })).status).toBe(200);
    await s.stop();
  });

  it('soft_limit: "Once usage exceeds the soft_limit, checkout requests will return the RLM_EL_OVERSOFT status"; pooled soft limits add', async () => {
    const s = await startServer({
      licenses: { 'demo.lic': demoLicense(['LICENSE demo sim 1.0 permanent 2 soft_limit=1', 'LICENSE demo sim 1.0 permanent 1']) },
    });
    const p = (await pools(s)).find((x) => x.product === 'sim');
    // "the soft_limit of each license is added ... Licenses which do not specify a soft_limit use the license count"
    expect(p).toMatchObject({ count: 3, soft_limit: 2 });
    const r1 = await co(s, 'sim', { pid: 1 });
    const r2 = await co(s, 'sim', { pid: 2 });
    const r3 = await co(s, 'sim', { pid: 3 });
    expect([r1.json.over_soft_limit, r2.json.over_soft_limit, r3.json.over_soft_limit]).toEqual([false, false, true]);
    expect(r3.status).toBe(200);
    expect(String(r3.json.warning)).toMatch(/soft/i);
    expect((await co(s, 'sim', { pid: 4 })).json.error?.code).toBe('LICUTIL_E_ALL_IN_USE');
    await s.stop();
  });

  it('_password: a checkout without it is refused and status shows "no data"; ISV-line password= covers the lines after it', async () => {
    const s = await startServer({
      licenses: {
        'demo.lic': [
          'HOST localhost any 5053',
          'ISV demo',
          'LICENSE demo open 1.0 permanent 1',
          'LICENSE demo locked 1.0 permanent 1 _password=sesame',
          'ISV demo password=club',
          'LICENSE demo member 1.0 permanent 1',
          '',
        ].join('\n'),
      },
    });
    // the client is not told a password would help ("This prevents a user from knowing that a license exists")
    const denied = await co(s, 'locked');
    expect(denied.status).toBe(404);
    expect(denied.json.error?.code).toBe('LICUTIL_E_NO_SUCH_PRODUCT');
    expect((await co(s, 'locked', { password: 'wrong' })).status).toBeGreaterThanOrEqual(400);
    expect((await co(s, 'locked', { password: 'sesame' })).status).toBe(200);
    expect((await co(s, 'member')).status).toBeGreaterThanOrEqual(400);
    expect((await co(s, 'member', { password: 'club' })).status).toBe(200);
    expect((await pools(s)).map((p) => p.product)).toEqual(['open']);
    const seen = await pools(s, { 'x-licutil-password': 'sesame' });
    expect(seen.map((p) => p.product)).toContain('locked');
    expect(seen.map((p) => p.product)).not.toContain('member');
    await s.stop();
    // the report log keeps the true reason for accounting (denials in their own file)
    const report = readFileSync(path.join(s.stateDir, 'denials.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(report.find((e) => e.event === 'denial' && e.product === 'locked')).toMatchObject({ code: 'LICUTIL_E_BAD_PASSWORD', user: 'alice' });
  });

  it('version: "if the 2.0 license appears first ... and it is available, your application will receive a v2.0 license"', async () => {
    const s = await startServer({
      licenses: { 'demo.lic': demoLicense(['LICENSE demo calc 2.0 permanent 1', 'LICENSE demo calc 1.0 permanent 1', 'LICENSE demo calc 1.10 permanent 1']) },
    });
    const first = await co(s, 'calc', { version: '1.0', pid: 1 });
    expect(first.json.version).toBe('2.0');
    // "1.2 is greater than 1.10": the free 1.10 seat cannot serve 1.2, and 2.0 is busy
    expect((await co(s, 'calc', { version: '1.2', pid: 2 })).json.error?.code).toBe('LICUTIL_E_ALL_IN_USE');
    // "LICENSE/FEATURE lines are processed in the order they appear": 1.0 comes before 1.10
    expect((await co(s, 'calc', { version: '1.0', pid: 3 })).json.version).toBe('1.0');
    expect((await co(s, 'calc', { version: '1.05', pid: 4 })).json.version).toBe('1.10');
    expect((await co(s, 'calc', { version: '3.0', pid: 5 })).json.error?.code).toBe('LICUTIL_E_VERSION_TOO_HIGH');
    await s.stop();
  });

  it('"Licenses are always additive": two lines of the same product/version are one pool', async () => {
    const s = await startServer({
      licenses: {
        'demo.lic': demoLicense(['LICENSE demo joe 3.0 permanent 10', 'LICENSE demo joe 3.0 permanent 5', 'LICENSE demo joe 3.0 permanent 2 _id=7', 'LICENSE demo joe 3.0 permanent 1 _id=8']),
      },
    });
    // "a non-zero id will only pool with the same ID#": _id=7 joins the lines without an id, _id=8 then stays apart
    const p = (await pools(s)).filter((x) => x.product === 'joe');
    expect(p.map((x) => x.count)).toEqual([17, 1]);
    await s.stop();
  });

  it('replace: "replace= causes RLM to ignore the replaced license(s)"', async () => {
    const s = await startServer({
      licenses: {
        'demo.lic': demoLicense(['LICENSE demo cad 1.0 permanent 10 issued=1-jan-2024', 'LICENSE demo cad 2.0 permanent 3 replace issued=1-jun-2026']),
      },
    });
    const p = (await pools(s)).filter((x) => x.product === 'cad');
    expect(p.map((x) => [x.version, x.count])).toEqual([['2.0', 3]]);
    expect(s.stderr()).toMatch(/demo\.lic:3: LICENSE demo cad 1\.0 not served: .*replace/i);
    await s.stop();
  });

  it('UPGRADE: "Fewer upgrade licenses than base licenses - count licenses are upgraded, and the remaining base licenses remain at their old version"', async () => {
    const s = await startServer({
      licenses: { 'demo.lic': demoLicense(['LICENSE demo write 1.0 permanent 5', 'UPGRADE demo write 1.0 2.0 permanent 2']) },
    });
    const p = (await pools(s)).filter((x) => x.product === 'write');
    expect(p.map((x) => [x.version, x.count]).sort()).toEqual([
      ['1.0', 3],
      ['2.0', 2],
    ]);
    expect((await co(s, 'write', { version: '2.0', pid: 1 })).status).toBe(200);
    expect((await co(s, 'write', { version: '2.0', pid: 2 })).status).toBe(200);
    expect((await co(s, 'write', { version: '2.0', pid: 3 })).json.error?.code).toBe('LICUTIL_E_ALL_IN_USE');
    expect((await co(s, 'write', { version: '1.0', pid: 4 })).json.version).toBe('1.0');
    await s.stop();
  });
});
