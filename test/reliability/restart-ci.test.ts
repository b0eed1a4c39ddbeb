// CI jobs survive a server restart (issue 15): twelve `licutil checkout seat
// --wait 50s -- sleep 1.5` on a 3-seat server, the server SIGKILLed 2 s in and
// started again on the same port and state. A job that asked to wait keeps
// waiting within its --wait (reconnecting, queueing again, saying so on
// stderr); a holder whose command ends while the server is down keeps trying
// to check in until its lease would have ended. Every job runs its command
// once and exits 0, and the pool ends empty.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { demoLicense, eventually, killAll, sleep, startServer, tempDir } from '../helpers/server.js';
import { freePort, killStarted, poolOf, start, type Ended } from '../e2e/checkout-support.js';

afterAll(killAll);
afterEach(killStarted);

describe('a server restart under queued CI jobs', () => {
  it('12 jobs on 3 seats, server SIGKILLed and restarted 2 s in: all 12 run once and exit 0', { timeout: 120_000 }, async () => {
    const dir = tempDir('licutil-restart-');
    const port = await freePort();
    const licenses = { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 3']) };
    const first = await startServer({ dir, licenses, port });
    const log = path.join(dir, 'ran.log');
    const jobs = Array.from({ length: 12 }, (_, i) =>
      start(['checkout', 'seat', '-c', `${port}@127.0.0.1`, '--wait', '50s', '--lease', '20', '--', 'sh', '-c', `echo ${i} >> ${log}; sleep 1.5`]),
    );
    // the first three hold a seat, the others queue
    await eventually(async () => ((await poolOf(first, 'seat')).in_use === 3 ? true : undefined), 20_000);
    await sleep(2_000);
    await first.kill();
    await sleep(500);
    const second = await startServer({ dir, files: ['demo.lic'], port });
    const ends: Ended[] = await Promise.all(jobs.map((j) => j.ended));
    const report = ends.map((e, i) => `job ${i}: exit ${e.code}\n${e.stderr}`).join('\n');
    expect(ends.map((e) => e.code), report).toEqual(Array(12).fill(0));
    // every command ran exactly once
    const ran = readFileSync(log, 'utf8').trim().split('\n').map(Number).sort((a, b) => a - b);
    expect(ran).toEqual(Array.from({ length: 12 }, (_, i) => i));
    // those cut off while queued said so, and said they queued again
    const requeued = ends.filter((e) => /lost the connection to .* while waiting for seat; trying again/.test(e.stderr));
    expect(requeued.length, report).toBeGreaterThan(0);
    for (const e of requeued) expect(e.stderr).toMatch(/queued again for seat at |got seat on .* after reconnecting/);
    // no seat left behind
    await eventually(async () => ((await poolOf(second, 'seat')).in_use === 0 ? true : undefined), 30_000);
    expect(existsSync(log)).toBe(true);
    await second.stop();
  });

  it('a waiter whose server never comes back gives up when its --wait runs out: exit 69 with the reason', { timeout: 60_000 }, async () => {
    const dir = tempDir('licutil-restart-');
    const port = await freePort();
    const s = await startServer({ dir, licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) }, port });
    const holder = start(['checkout', 'seat', '-c', `${port}@127.0.0.1`, '--', 'sleep', '30']);
    await eventually(async () => ((await poolOf(s, 'seat')).in_use === 1 ? true : undefined), 20_000);
    const t0 = Date.now();
    const waiter = start(['checkout', 'seat', '-c', `${port}@127.0.0.1`, '--wait', '4s', '--', 'true']);
    await eventually(async () => ((await poolOf(s, 'seat')).queued === 1 ? true : undefined), 20_000);
    await s.kill();
    const end = await waiter.ended;
    expect(end.code, end.stderr).toBe(69);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3_500);
    expect(end.stderr).toMatch(/lost the connection to .* while waiting for seat; trying again/);
    expect(end.stderr).toMatch(/^licutil: nothing listens on /m);
    // the holder would try to check in for the rest of its lease: not this test's subject
    holder.proc.kill('SIGKILL');
    await holder.ended;
  });

  it('a detached seat: `checkin REF` while the server restarts keeps trying, and returns the seat once it is back', { timeout: 60_000 }, async () => {
    const dir = tempDir('licutil-restart-');
    const port = await freePort();
    const licenses = { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) };
    const first = await startServer({ dir, licenses, port });
    const out = await start(['checkout', 'seat', '-c', `${port}@127.0.0.1`, '--detach', '--lease', '120']).ended;
    expect(out.code, out.stderr).toBe(0);
    const ref = out.stdout.trim();
    await first.kill();
    const checkin = start(['checkin', ref]);
    await eventually(async () => (/cannot check in .* trying again/.test(checkin.stderr()) ? true : undefined), 20_000);
    const second = await startServer({ dir, files: ['demo.lic'], port });
    const end = await checkin.ended;
    expect(end.code, end.stderr).toBe(0);
    expect(end.stdout).toMatch(/^checked in /);
    expect((await poolOf(second, 'seat')).in_use).toBe(0);
    await second.stop();
  });
});
