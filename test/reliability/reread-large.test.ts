// A reread of a large license set must not stop the server: a reread of 15,000
// lines once held the event loop for 6.7 s, and a client heartbeating every
// 1.3 s on a 4 s lease lost its seat (LEASE_LAPSED). The licenses are read in
// a worker thread and only changed pools are installed, so heartbeats and
// hello keep being answered while it runs. Against the built server.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/client/connect.js';
import { demoLicense, killAll, startServer } from '../helpers/server.js';
import { recordFigures, scaled } from './support/figures.js';

afterAll(killAll);

const LINES = scaled(15_000, 100_000);

function bigLicense(n: number): string {
  const lines = ['LICENSE demo seat 1.0 permanent 2'];
  for (let i = 0; i < n; i++) lines.push(`LICENSE demo p${i} 1.0 permanent 5`);
  return demoLicense(lines);
}

describe(`reread of ${LINES} license lines`, () => {
  it('keeps a 4 s lease alive and answers hello throughout', async () => {
    const server = await startServer({ licenses: { 'big.lic': bigLicense(LINES) }, readyMs: 120_000 });
    const client = connect(`${server.port}@127.0.0.1`, { env: {} });
    const lease = await client.checkout('seat', { version: '1.0', count: 1, wait: 0, lease: 4 });
    let lost: unknown = null;
    void lease.lost.then((l) => (lost = l));

    let maxHelloMs = 0;
    let hellos = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const t = performance.now();
        const r = await server.api('GET', '/v1/hello');
        expect(r.status).toBe(200);
        maxHelloMs = Math.max(maxHelloMs, performance.now() - t);
        hellos++;
        await new Promise((res) => setTimeout(res, 20));
      }
    })();

    // the file changes between rereads, so each one installs something
    const rereads = 3;
    for (let i = 0; i < rereads; i++) {
      writeFileSync(path.join(server.dir, 'big.lic'), bigLicense(LINES).replace('LICENSE demo seat 1.0 permanent 2', `LICENSE demo seat 1.0 permanent ${2 + i + 1}`));
      const r = await server.api<{ changed: unknown[]; messages: string[] }>('POST', '/v1/reread', {});
      expect(r.status).toBe(200);
      expect(r.json.changed.length).toBe(1);
      // the notes of 15,000 unsigned licenses are counted, not listed one by one
      expect(r.json.messages.length).toBeLessThan(100);
    }
    polling = false;
    await poll;

    expect(lost).toBeNull();
    expect(lease.state).toBe('held');
    await expect(lease.checkin()).resolves.toMatchObject({ held_seconds: 0 });
    await client.close();
    expect(hellos).toBeGreaterThan(rereads);
    recordFigures('reread-large', { lines: LINES, rereads, hellos, max_hello_ms: Math.round(maxHelloMs) });
  }, 300_000);
});
