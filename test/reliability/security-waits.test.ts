// Waiting is, with denials, an event a client makes at will: a checkout with a
// wait on a full product, dropped at once (here `wait: 0.001`, which times out
// as soon as it joins), writes a queue and a dequeue line. Unlimited, one client
// wrote 17,226 of them in 5 s into report.ndjson, enough to rotate every grant
// out of it within minutes. Against a real `licutil serve` on 127.0.0.1: grants
// and checkins first, a colleague (127.0.0.4) waiting for the seat for real,
// then a flood of waits dropped at once from one client (127.0.0.2).
// Afterwards:
//
// - report.ndjson holds every checkout and checkin, and no queue line at all:
//   queue entries and exits go where denials go, denials.ndjson;
// - the flooding client has at most --denials-per-minute lines of its own one
//   by one, the rest in summary lines (`"event":"queues"` / `"dequeues"`,
//   `times`), and the server log says "N more queue line(s) from 127.0.0.2
//   mallory@evil in the last minute";
// - the colleague's wait is there one by one, and its grant is in report.ndjson;
// - `licutil report --json` over both files counts every wait: a summary of N
//   counts N.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runJson } from '../helpers/cli.js';
import { demoLicense, eventually, killAll, startServer } from '../helpers/server.js';
import { recordFigures, scaled, timeoutFor } from './support/figures.js';
import { ndjsonLines as lines, type Line } from './support/ndjson.js';
import { peerClient, times } from './support/peer.js';

afterAll(killAll);

const GRANTS = 10;
const FLOOD = scaled(2_000, 50_000);
const PER_MINUTE = 10;


const WAIT_EVENTS = new Set(['queue', 'dequeue', 'queues', 'dequeues']);
/** How many events of `kind` the lines stand for: one by one, or `times` in a summary. */
const counted = (ls: readonly Line[], kind: 'queue' | 'dequeue') => ls.filter((e) => e.event === kind).length + ls.filter((e) => e.event === `${kind}s`).reduce((n, e) => n + Number(e.times), 0);

describe('a flood of waits dropped at once', () => {
  it(`${FLOOD} waits from one client erase no grant, are limited like denials and are all counted`, async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo cad 1.0 permanent 1']) } });
    const ids: string[] = [];
    for (let i = 0; i < GRANTS; i++) {
      const co = await s.api('POST', '/v1/checkout', { product: 'cad', user: 'alice', host: 'ws1', pid: i + 1 });
      expect(co.status).toBe(200);
      ids.push(String(co.json.id));
      expect((await s.api('POST', '/v1/checkin', { handle: co.json.handle })).status).toBe(200);
    }
    const holder = await s.api('POST', '/v1/checkout', { product: 'cad', user: 'bob', host: 'ws1', pid: 50 });
    expect(holder.status).toBe(200);
    // a colleague who really waits for the seat
    const carol = peerClient(s.url, '127.0.0.4');
    const carolAnswer = carol.request('POST', '/v1/checkout', { product: 'cad', user: 'carol', host: 'ws4', pid: 60, wait: 600 });
    await eventually(async () => ((await s.api<{ queues: Array<{ waiters: unknown[] }> }>('GET', '/v1/status')).json.queues[0]?.waiters.length === 1 ? true : undefined));

    const started = performance.now();
    const mallory = peerClient(s.url, '127.0.0.2', 8);
    const statuses: Record<string, number> = {};
    await times(FLOOD, 8, async (i) => {
      const r = await mallory.request('POST', '/v1/checkout', { product: 'cad', user: 'mallory', host: 'evil', pid: i, wait: 0.001 });
      const k = `${r.status} ${r.json.error?.code ?? ''}`;
      statuses[k] = (statuses[k] ?? 0) + 1;
    });
    mallory.close();
    const floodSeconds = (performance.now() - started) / 1000;
    expect(statuses).toEqual({ '409 LICUTIL_E_TIMED_OUT': FLOOD });

    // the seat comes back and goes to the colleague who waited
    expect((await s.api('POST', '/v1/checkin', { handle: holder.json.handle })).status).toBe(200);
    const granted = await carolAnswer;
    expect(granted.status).toBe(200);
    expect((await carol.request('POST', '/v1/checkin', { handle: granted.json.handle })).status).toBe(200);
    carol.close();
    // stopping writes the minute's summaries
    expect((await s.stop()).code).toBe(0);

    const report = lines(path.join(s.stateDir, 'report.ndjson'));
    expect(report.filter((e) => e.event === 'checkout').map((e) => String(e.handle))).toEqual([...ids, String(holder.json.id), String(granted.json.id)]);
    expect(report.filter((e) => e.event === 'checkin').map((e) => String(e.handle))).toEqual([...ids, String(holder.json.id), String(granted.json.id)]);
    expect(report.filter((e) => WAIT_EVENTS.has(String(e.event)))).toEqual([]);
    // what is left in report.ndjson does not grow with the flood
    expect(report).toHaveLength(2 * (GRANTS + 2));

    const files = readdirSync(s.stateDir)
      .filter((f) => /^(report|denials)\.ndjson(\.\d+)?$/.test(f))
      .map((f) => path.join(s.stateDir, f));
    const apart = files.filter((f) => path.basename(f).startsWith('denials')).flatMap(lines);
    const fromMallory = apart.filter((e) => e.from === '127.0.0.2');
    const oneByOne = fromMallory.filter((e) => e.event === 'queue' || e.event === 'dequeue');
    const summaries = fromMallory.filter((e) => e.event === 'queues' || e.event === 'dequeues');
    expect(oneByOne.length).toBeLessThanOrEqual(PER_MINUTE * Math.ceil(floodSeconds / 60 + 1));
    expect(counted(fromMallory, 'queue')).toBe(FLOOD);
    expect(counted(fromMallory, 'dequeue')).toBe(FLOOD);
    expect(summaries.find((e) => e.event === 'dequeues')).toMatchObject({ user: 'mallory', host: 'evil', product: 'cad', reason: 'timeout', code: 'LICUTIL_E_TIMED_OUT', since: expect.any(String) });
    // the colleague's wait is written one by one, with the address it came from
    expect(apart.filter((e) => e.user === 'carol')).toEqual([expect.objectContaining({ event: 'queue', from: '127.0.0.4', position: 1 })]);

    // the server log names the flooding client once a minute, not once a wait
    const said = [...s.stderr().matchAll(/(\d+) more queue line\(s\) from 127\.0\.0\.2 mallory@evil in the last minute/g)].map((m) => Number(m[1]));
    expect(said.length).toBeGreaterThan(0);
    expect(said.length).toBeLessThanOrEqual(Math.ceil(floodSeconds / 60 + 1));
    expect(said.reduce((a, b) => a + b, 0)).toBe(2 * FLOOD - oneByOne.length);

    const r = runJson<{ features: Array<{ feature: string; checkouts: number; queued: number }>; unread: { count: number } }>(['report', ...files]);
    expect(r.code).toBe(0);
    expect(r.json.unread.count).toBe(0);
    const cad = r.json.features.find((f) => f.feature === 'cad');
    expect(cad?.checkouts).toBe(GRANTS + 2);
    expect(cad?.queued).toBe(FLOOD + 1);

    recordFigures('security-waits', {
      flood_waits: FLOOD,
      flood_seconds: Math.round(floodSeconds * 10) / 10,
      waits_per_second: Math.round(FLOOD / floodSeconds),
      flooder_lines_one_by_one: oneByOne.length,
      flooder_summary_lines: summaries.length,
      report_lines: report.length,
      report_counted_queued: cad?.queued ?? 0,
    });
  }, timeoutFor(120_000, 1_200_000));
});
