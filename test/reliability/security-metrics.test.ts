// Issue 14, "Smaller": /metrics must not reveal the pools behind a password
// that status hides (seed 002: a password pool looks like no such product to
// whoever lacks the password). Against a real `licutil serve` on 127.0.0.1.
import { afterAll, describe, expect, it } from 'vitest';
import { demoLicense, killAll, startServer } from '../helpers/server.js';

afterAll(killAll);

describe('/metrics and password pools', () => {
  it('neither the pool gauges nor the lease counters name a password pool; the others are counted', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo hushcad 1.0 permanent 2 _password=pw', 'LICENSE demo opencad 1.0 permanent 2']) } });
    const secret = await s.api('POST', '/v1/checkout', { product: 'hushcad', user: 'u', host: 'h', pid: 1, password: 'pw' });
    expect(secret.status).toBe(200);
    expect((await s.api('POST', '/v1/checkin', { handle: secret.json.handle })).status).toBe(200);
    const open = await s.api('POST', '/v1/checkout', { product: 'opencad', user: 'u', host: 'h', pid: 2 });
    expect(open.status).toBe(200);
    // what status shows without the password
    const st = await s.api<{ pools: Array<{ product: string }> }>('GET', '/v1/status');
    expect(st.json.pools.map((p) => p.product)).toEqual(['opencad']);
    const text = await (await fetch(`${s.url}/metrics`)).text();
    expect(text).not.toContain('hushcad');
    expect(text).toMatch(/^licutil_checkouts_total\{isv="demo",product="opencad"\} 1$/m);
    await s.stop();
  });
});
