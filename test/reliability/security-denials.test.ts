// Issue 14, "Abuse cannot erase the record": a client that is denied as fast as
// it can ask (the issue measured 144,050 denials in 20 s) once rotated every
// grant and checkin out of the report log. Against a real `licutil serve` on
// 127.0.0.1: grants and checkins first, then a flood of denials from one
// client (127.0.0.2, one user) and from a client that names a new user with
// every request (127.0.0.3). Afterwards:
//
// - report.ndjson holds every checkout and checkin made before the flood, and
//   no denial: denials are in denials.ndjson, rotated on its own;
// - the flooding client has at most --denials-per-minute lines of its own, the
//   rest in summary lines (`"event":"denials"`, `times`), and the server log
//   says "N more denial(s) from 127.0.0.2 mallory@evil in the last minute";
// - the client naming a new user every time dodges nothing: its address writes
//   at most 10 × --denials-per-minute lines one by one, the rest summed with
//   `"user":null` ("from 127.0.0.3 (many users)");
// - `licutil report --json` over both files counts every checkout and every
//   denial: a summary of N counts N.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runJson } from '../helpers/cli.js';
import { demoLicense, killAll, startServer } from '../helpers/server.js';
import { recordFigures, scaled, timeoutFor } from './support/figures.js';
import { ndjsonLines as lines } from './support/ndjson.js';
import { peerClient, times } from './support/peer.js';

afterAll(killAll);

const GRANTS = 20;
const FLOOD = scaled(5_000, 150_000);
const ROTATING = scaled(300, 10_000);
const PER_MINUTE = 10;


describe('a denial flood', () => {
  it(`${FLOOD} denials from one client and ${ROTATING} from a client changing its user name erase no grant and are all counted`, async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo cad 1.0 permanent 2']) } });
    const ids: string[] = [];
    for (let i = 0; i < GRANTS; i++) {
      const co = await s.api('POST', '/v1/checkout', { product: 'cad', user: i % 2 ? 'alice' : 'bob', host: 'ws1', pid: i + 1 });
      expect(co.status).toBe(200);
      ids.push(String(co.json.id));
      expect((await s.api('POST', '/v1/checkin', { handle: co.json.handle })).status).toBe(200);
    }

    const started = performance.now();
    const mallory = peerClient(s.url, '127.0.0.2', 8);
    const statuses: Record<number, number> = {};
    await times(FLOOD, 8, async (i) => {
      const r = await mallory.request('POST', '/v1/checkout', { product: 'nope', user: 'mallory', host: 'evil', pid: i });
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    });
    mallory.close();
    const rotating = peerClient(s.url, '127.0.0.3', 4);
    await times(ROTATING, 4, async (i) => {
      const r = await rotating.request('POST', '/v1/checkout', { product: 'nope', user: `m${i}`, host: 'evil', pid: i });
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    });
    rotating.close();
    const floodSeconds = (performance.now() - started) / 1000;
    expect(statuses).toEqual({ 404: FLOOD + ROTATING });
    // a grant after the flood is still recorded
    const after = await s.api('POST', '/v1/checkout', { product: 'cad', user: 'carol', host: 'ws2', pid: 99 });
    expect(after.status).toBe(200);
    // stopping writes the minute's summaries
    expect((await s.stop()).code).toBe(0);

    const report = lines(path.join(s.stateDir, 'report.ndjson'));
    const checkouts = report.filter((e) => e.event === 'checkout').map((e) => String(e.handle));
    expect(checkouts).toEqual([...ids, String(after.json.id)]);
    expect(report.filter((e) => e.event === 'checkin').map((e) => String(e.handle))).toEqual(ids);
    expect(report.filter((e) => e.event === 'denial' || e.event === 'denials')).toEqual([]);

    const files = readdirSync(s.stateDir)
      .filter((f) => /^(report|denials)\.ndjson(\.\d+)?$/.test(f))
      .map((f) => path.join(s.stateDir, f));
    const denials = files.filter((f) => path.basename(f).startsWith('denials')).flatMap(lines);
    const fromMallory = denials.filter((e) => e.from === '127.0.0.2');
    const oneByOne = fromMallory.filter((e) => e.event === 'denial');
    const summaries = fromMallory.filter((e) => e.event === 'denials');
    expect(oneByOne.length).toBeLessThanOrEqual(PER_MINUTE * Math.ceil(floodSeconds / 60 + 1));
    expect(summaries.length).toBeGreaterThan(0);
    expect(oneByOne.length + summaries.reduce((n, e) => n + Number(e.times), 0)).toBe(FLOOD);
    expect(summaries[0]).toMatchObject({ user: 'mallory', host: 'evil', product: 'nope', code: 'LICUTIL_E_NO_SUCH_PRODUCT', since: expect.any(String) });
    // the client that changes its name every time is limited by its address: 10 × N lines a minute one by one, the rest summed without a user
    const rotatingOneByOne = denials.filter((e) => e.from === '127.0.0.3' && e.event === 'denial');
    const rotatingSums = denials.filter((e) => e.from === '127.0.0.3' && e.event === 'denials');
    expect(rotatingOneByOne.length).toBeLessThanOrEqual(10 * PER_MINUTE * Math.ceil(floodSeconds / 60 + 1));
    expect(rotatingOneByOne.length + rotatingSums.reduce((n, e) => n + Number(e.times), 0)).toBe(ROTATING);
    expect(rotatingSums[0]).toMatchObject({ user: null, host: null, product: 'nope' });
    expect(s.stderr()).toMatch(/\d+ more denial\(s\) from 127\.0\.0\.3 \(many users\) in the last minute/);

    // the server log names the flooding client once a minute, not once a denial
    const said = [...s.stderr().matchAll(/(\d+) more denial\(s\) from 127\.0\.0\.2 mallory@evil in the last minute/g)].map((m) => Number(m[1]));
    expect(said.length).toBeGreaterThan(0);
    expect(said.length).toBeLessThanOrEqual(Math.ceil(floodSeconds / 60 + 1));
    expect(said.reduce((a, b) => a + b, 0)).toBe(FLOOD - oneByOne.length);

    const r = runJson<{ features: Array<{ feature: string; checkouts: number; denials: { total: number; by_reason: Record<string, number> } }>; unread: { count: number } }>(['report', ...files]);
    expect(r.code).toBe(0);
    expect(r.json.unread.count).toBe(0);
    const by = new Map(r.json.features.map((f) => [f.feature, f]));
    expect(by.get('cad')?.checkouts).toBe(GRANTS + 1);
    expect(by.get('nope')?.denials.total).toBe(FLOOD + ROTATING);
    expect(by.get('nope')?.denials.by_reason).toEqual({ LICUTIL_E_NO_SUCH_PRODUCT: FLOOD + ROTATING });

    recordFigures('security-denials', {
      grants: GRANTS + 1,
      flood_denials: FLOOD,
      rotating_user_denials: ROTATING,
      rotating_user_lines_one_by_one: rotatingOneByOne.length,
      flood_seconds: Math.round(floodSeconds * 10) / 10,
      denials_per_second: Math.round((FLOOD + ROTATING) / floodSeconds),
      flooder_lines_one_by_one: oneByOne.length,
      flooder_summary_lines: summaries.length,
      denial_lines_total: denials.length,
      report_lines: report.length,
      report_counted_denials: by.get('nope')?.denials.total ?? 0,
    });
  }, timeoutFor(120_000, 1_200_000));
});
