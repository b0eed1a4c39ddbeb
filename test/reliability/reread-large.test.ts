// A reread of a large license set must not stop the server: a reread of 15,000
// lines once held the event loop for 6.7 s, and a client heartbeating every
// 1.3 s on a 4 s lease lost its seat (LEASE_LAPSED). The licenses are read in
// a worker thread that sends back only what changed, and the changes go in a
// slice at a time, so heartbeats, hello and checkouts keep being answered
// while it runs, whether one line changed or every line did. Against the
// built server.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/client/connect.js';
import { demoLicense, killAll, startServer } from '../helpers/server.js';
import { recordFigures, scaled } from './support/figures.js';

afterAll(killAll);

const LINES = scaled(15_000, 100_000);

function bigLicense(n: number, seats: number, opts: { count?: number; skipFirst?: boolean } = {}): string {
  const lines = [`LICENSE demo seat 1.0 permanent ${seats}`];
  for (let i = opts.skipFirst ? 1 : 0; i < n; i++) lines.push(`LICENSE demo p${i} 1.0 permanent ${opts.count ?? 5}`);
  return demoLicense(lines);
}

describe(`reread of ${LINES} license lines`, () => {
  it('keeps a 4 s lease alive and answers hello and checkouts while it runs', async () => {
    const server = await startServer({ licenses: { 'big.lic': bigLicense(LINES, 2) }, readyMs: 120_000 });
    const client = connect(`${server.port}@127.0.0.1`, { env: {} });
    const lease = await client.checkout('seat', { version: '1.0', count: 1, wait: 0, lease: 4 });
    let lost: unknown = null;
    void lease.lost.then((l) => (lost = l));

    let rereading = false;
    let maxHelloMs = 0;
    let hellos = 0;
    let answeredDuringReread = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const t = performance.now();
        const r = await server.api('GET', '/v1/hello');
        expect(r.status).toBe(200);
        maxHelloMs = Math.max(maxHelloMs, performance.now() - t);
        hellos++;
        if (rereading) answeredDuringReread++;
        await new Promise((res) => setTimeout(res, 20));
      }
    })();
    // a checkout and checkin of one of the many products, over and over
    let checkouts = 0;
    const churn = (async () => {
      for (let i = 0; polling; i++) {
        const l = await client.checkout(`p${(i * 7919) % LINES}`, { version: '1.0', count: 1, wait: 0, lease: 30 });
        checkouts++;
        if (rereading) answeredDuringReread++;
        await l.checkin();
      }
    })();

    // one line changes; then every line (the changes go in slice by slice);
    // then the first goes, which moves every other in license order
    const steps = [
      { text: bigLicense(LINES, 3), changed: 1, removed: 0 },
      { text: bigLicense(LINES, 3, { count: 6 }), changed: LINES, removed: 0 },
      { text: bigLicense(LINES, 3, { count: 6, skipFirst: true }), changed: 0, removed: 1 },
    ];
    for (const step of steps) {
      writeFileSync(path.join(server.dir, 'big.lic'), step.text);
      rereading = true;
      const r = await server.api<{ changed: unknown[]; removed: unknown[]; messages: string[] }>('POST', '/v1/reread', {});
      rereading = false;
      expect(r.status).toBe(200);
      expect(r.json.changed.length).toBe(step.changed);
      expect(r.json.removed.length).toBe(step.removed);
      // the notes of 15,000 unsigned licenses are counted, not listed one by one
      expect(r.json.messages.length).toBeLessThan(100);
    }
    polling = false;
    await poll;
    await churn;

    // every pool after the first took its new count (the last slice went in too)
    const st = await server.api<{ pools: Array<{ product: string; count: number }> }>('GET', `/v1/status?product=p${LINES - 1}`);
    expect(st.json.pools.map((p) => p.count)).toEqual([6]);

    expect(lost).toBeNull();
    expect(lease.state).toBe('held');
    await expect(lease.checkin()).resolves.toMatchObject({ held_seconds: expect.any(Number) });
    await client.close();
    // the server answered while it reread, not only between rereads
    expect(answeredDuringReread).toBeGreaterThan(0);
    recordFigures('reread-large', { lines: LINES, rereads: steps.length, hellos, checkouts, answered_during_reread: answeredDuringReread, max_hello_ms: Math.round(maxHelloMs) });
  }, 300_000);
});
