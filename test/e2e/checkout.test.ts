// `licutil checkout -- CMD`, `--detach`, `checkin`, `heartbeat` against real
// `licutil serve` processes on 127.0.0.1 (issue 5, "Done means").
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { demoLicense, eventually, killAll, sleep, startServer, tempDir, type ServerHandle } from '../helpers/server.js';
import { freePort, killStarted, poolOf, run, shellStatus, start, statusOf } from './checkout-support.js';

afterAll(killAll);
// a failed test must not leave a seat held for the next one
afterEach(killStarted);

const LICENSES = {
  'demo.lic': demoLicense([
    'LICENSE demo seat 1.0 permanent 2',
    'LICENSE demo solo 1.0 permanent 1',
    'LICENSE demo pair 1.0 permanent 2',
    // seed 002: min_remove (default 120 s) is how long a checkout must be held before it can be removed
    'LICENSE demo victim 1.0 permanent 1 min_remove=0',
  ]),
};

let server: ServerHandle;
let C: string[];

beforeAll(async () => {
  server = await startServer({ licenses: LICENSES });
  C = ['-c', `${server.port}@127.0.0.1`];
});

describe('checkout -- CMD', () => {
  it('exits with the status of the command: `checkout -- sh -c "exit 7"` exits 7', async () => {
    const r = await run(['checkout', 'seat', ...C, '--', 'sh', '-c', 'exit 7']);
    expect(r.code).toBe(7);
    expect(r.stderr).toBe('');
    expect((await poolOf(server, 'seat')).in_use).toBe(0);
  });

  it('gives the command LICUTIL_HANDLE and LICUTIL_SERVER, and holds the seat while it runs', async () => {
    const dir = tempDir('licutil-co-');
    const out = path.join(dir, 'env.txt');
    const r = await run(['checkout', 'solo', ...C, '--', 'sh', '-c', `echo "$LICUTIL_HANDLE $LICUTIL_SERVER" > ${out}; sleep 0.3`]);
    expect(r.code).toBe(0);
    const [handle, srv] = readFileSync(out, 'utf8').trim().split(' ');
    expect(handle).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(srv).toBe(`${server.port}@127.0.0.1`);
    expect((await poolOf(server, 'solo')).in_use).toBe(0);
  });

  it('the command gets its arguments exactly as written (no number parsing: .0 007 1e3 0x10 stay)', async () => {
    const r = await run(['checkout', 'seat', ...C, '--', 'echo', '.0', '007', '1e3', '0x10', '-n', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('.0 007 1e3 0x10 -n --json\n');
  });

  it('the stdio of the command is inherited: its stdout is ours', async () => {
    const r = await run(['checkout', 'seat', ...C, '--', 'sh', '-c', 'echo hello from the command; echo to stderr >&2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('hello from the command\n');
    expect(r.stderr).toBe('to stderr\n');
  });

  it('a command killed by SIGTERM gives 143 (the signal is re-raised) and its seat is returned', async () => {
    const direct = await run(['checkout', 'seat', ...C, '--', 'sh', '-c', 'kill -TERM $$']);
    expect(direct.signal).toBe('SIGTERM');
    const viaShell = await shellStatus(['checkout', 'seat', ...C, '--', 'sh', '-c', 'kill -TERM $$']);
    expect(viaShell.status).toBe(143);
    expect((await poolOf(server, 'seat')).in_use).toBe(0);
  });

  it('forwards SIGTERM sent to licutil to the command, checks the seat in, then dies by the same signal', async () => {
    const r = start(['checkout', 'solo', ...C, '--', 'sleep', '30']);
    await eventually(async () => ((await poolOf(server, 'solo')).in_use === 1 ? true : undefined));
    // even as the grant is still on its way, the signal is not lost: the seat is returned either way
    r.proc.kill('SIGTERM');
    const end = await r.ended;
    expect(end.signal).toBe('SIGTERM');
    expect((await poolOf(server, 'solo')).in_use).toBe(0);
  });

  it('forwards SIGINT: a command that exits 0 on SIGINT makes licutil exit 0', async () => {
    const r = start(['checkout', 'solo', ...C, '--', 'sh', '-c', 'trap "exit 0" INT; while :; do sleep 0.05; done']);
    await eventually(async () => ((await poolOf(server, 'solo')).in_use === 1 ? true : undefined));
    await sleep(100);
    r.proc.kill('SIGINT');
    const end = await r.ended;
    expect(end.code).toBe(0);
    expect((await poolOf(server, 'solo')).in_use).toBe(0);
  });

  it('127 when the command cannot be started, with a one-line reason; the seat is returned', async () => {
    const r = await run(['checkout', 'seat', ...C, '--', 'licutil-no-such-command-here']);
    expect(r.code).toBe(127);
    expect(r.stderr).toMatch(/^licutil: cannot start licutil-no-such-command-here: no such command \(ENOENT\)$/m);
    expect((await poolOf(server, 'seat')).in_use).toBe(0);
  });

  it('exit 75 at once when every seat is in use and there is no --wait', async () => {
    const holder = start(['checkout', 'solo', ...C, '--', 'sleep', '30']);
    await eventually(async () => ((await poolOf(server, 'solo')).in_use === 1 ? true : undefined));
    const t0 = Date.now();
    const r = await run(['checkout', 'solo', ...C, '--', 'true']);
    expect(r.code).toBe(75);
    expect(r.stderr).toMatch(/^licutil: .*in use/m);
    expect(Date.now() - t0).toBeLessThan(10_000);
    holder.proc.kill('SIGTERM');
    await holder.ended;
  });

  it('exit 75 when no seat frees within --wait', async () => {
    const holder = start(['checkout', 'solo', ...C, '--', 'sleep', '30']);
    await eventually(async () => ((await poolOf(server, 'solo')).in_use === 1 ? true : undefined));
    const r = await run(['checkout', 'solo', ...C, '--wait', '1s', '-q', '--', 'true']);
    expect(r.code).toBe(75);
    expect(r.stderr).toMatch(/^licutil: /m);
    holder.proc.kill('SIGTERM');
    await holder.ended;
  });

  it('65 for a product no server has (waiting cannot fix it)', async () => {
    const r = await run(['checkout', 'nosuchproduct', ...C, '--wait', '5', '--', 'true']);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/^licutil: .*nosuchproduct/m);
  });

  it('five concurrent `checkout --wait 30` on a count-2 pool all finish, never more than two at once, in FIFO order of queueing', async () => {
    const dir = tempDir('licutil-fifo-');
    const log = path.join(dir, 'log');
    appendFileSync(log, '');
    // $PPID of the shell is the licutil process: the pid the server lists the waiter with
    const script = `echo start $PPID >> ${log}; sleep 0.5; echo end $PPID >> ${log}`;
    const procs = Array.from({ length: 5 }, () => start(['checkout', 'pair', ...C, '--wait', '30', '-q', '--', 'sh', '-c', script]));
    // watch the server: the order it queued them in, and the order it granted them seats
    // (the snapshot a checkout first shows up in: one seen earlier was granted earlier)
    const queueOrder: number[] = [];
    const grantedIn = new Map<number, number>();
    const done = Promise.all(procs.map((p) => p.ended));
    let finished = false;
    void done.then(() => (finished = true));
    for (let snapshot = 0; !finished; snapshot++) {
      const st = await statusOf(server);
      const waiters = st.queues.find((q) => q.product === 'pair')?.waiters ?? [];
      for (const w of [...waiters].sort((a, b) => a.position - b.position)) if (!queueOrder.includes(w.pid)) queueOrder.push(w.pid);
      for (const c of st.pools.find((p) => p.product === 'pair')?.checkouts ?? []) if (!grantedIn.has(c.pid)) grantedIn.set(c.pid, snapshot);
      await sleep(20);
    }
    const ends = await done;
    for (const e of ends) expect(e.code).toBe(0);
    // never more than two at once: a seat passes on only after its command has ended
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(10);
    let active = 0;
    let most = 0;
    for (const l of lines) {
      active += l.startsWith('start ') ? 1 : -1;
      most = Math.max(most, active);
    }
    expect(most).toBeLessThanOrEqual(2);
    expect(most).toBe(2);
    // at least three of the five had to queue; none was granted before one queued ahead of it
    expect(queueOrder.length).toBeGreaterThanOrEqual(3);
    for (const pid of queueOrder) expect(grantedIn.has(pid), `waiter ${pid} seen holding its seat`).toBe(true);
    for (let i = 1; i < queueOrder.length; i++) {
      const before = grantedIn.get(queueOrder[i - 1] ?? -1) ?? Infinity;
      const after = grantedIn.get(queueOrder[i] ?? -1) ?? -Infinity;
      expect(before, `queued ${queueOrder.join(', ')}; granted in snapshots ${JSON.stringify([...grantedIn])}`).toBeLessThanOrEqual(after);
    }
    expect((await poolOf(server, 'pair')).in_use).toBe(0);
  });

  it('with --wait and no TTY, the place in the queue is a plain stderr line; -q prints nothing', async () => {
    const holder = start(['checkout', 'solo', ...C, '--', 'sleep', '30']);
    await eventually(async () => ((await poolOf(server, 'solo')).in_use === 1 ? true : undefined));
    const waiter = start(['checkout', 'solo', ...C, '--wait', '30', '--', 'true']);
    await eventually(async () => (/position 1 of/.test(waiter.stderr()) ? true : undefined));
    const quiet = start(['checkout', 'solo', ...C, '--wait', '30', '-q', '--', 'true']);
    await eventually(async () => ((await statusOf(server)).queues.find((q) => q.product === 'solo')?.waiters.length === 2 ? true : undefined));
    holder.proc.kill('SIGTERM');
    const [w, q] = await Promise.all([waiter.ended, quiet.ended]);
    await holder.ended;
    expect(w.code).toBe(0);
    expect(w.stderr).toMatch(new RegExp(`^licutil: waiting for solo on ${server.port}@127\\.0\\.0\\.1: position 1 of \\d+, \\d+ s so far$`, 'm'));
    expect(w.stderr).toMatch(/^licutil: got solo on .* after \d+ s in the queue$/m);
    expect(q.code).toBe(0);
    expect(q.stderr).toBe('');
  });

  it('SIGINT while queued leaves the queue and ends licutil by SIGINT (130 in a shell)', async () => {
    const holder = start(['checkout', 'solo', ...C, '--', 'sleep', '30']);
    await eventually(async () => ((await poolOf(server, 'solo')).in_use === 1 ? true : undefined));
    const waiter = start(['checkout', 'solo', ...C, '--wait', '30', '-q', '--', 'true']);
    await eventually(async () => ((await statusOf(server)).queues.find((q) => q.product === 'solo')?.waiters.length === 1 ? true : undefined));
    waiter.proc.kill('SIGINT');
    const end = await waiter.ended;
    expect(end.signal).toBe('SIGINT');
    expect(end.stderr).toMatch(/^licutil: interrupted by SIGINT while waiting for solo; left the queue$/m);
    await eventually(async () => (((await statusOf(server)).queues.find((q) => q.product === 'solo')?.waiters.length ?? 0) === 0 ? true : undefined));
    holder.proc.kill('SIGTERM');
    await holder.ended;
  });

  it('heartbeats keep a short lease alive past its length while the command runs', async () => {
    const dir = tempDir('licutil-hb-');
    const out = path.join(dir, 'handle');
    const r = start(['checkout', 'solo', ...C, '--lease', '1', '--', 'sh', '-c', `echo $LICUTIL_HANDLE > ${out}; sleep 3.5`]);
    const handle = await eventually(async () => {
      try {
        return readFileSync(out, 'utf8').trim() || undefined;
      } catch {
        return undefined;
      }
    });
    await sleep(2_500);
    // 2.5 s after the start of a 1 s lease the checkout is still there, renewed
    const p = await poolOf(server, 'solo');
    expect(p.checkouts).toHaveLength(1);
    // status shows the public id, never the holder's handle
    expect(JSON.stringify(p)).not.toContain(handle);
    const end = await r.ended;
    expect(end.code).toBe(0);
    expect(end.stderr).toBe('');
    expect((await poolOf(server, 'solo')).in_use).toBe(0);
  });

  it('--on-lost kill stops the command when an administrator removes the seat; warn lets it run', async () => {
    const killed = start(['checkout', 'victim', ...C, '--lease', '1', '--on-lost', 'kill', '--', 'sleep', '30']);
    const handle = await eventually(async () => (await poolOf(server, 'victim')).checkouts[0]?.handle);
    expect((await server.api('POST', '/v1/remove', { handle })).status).toBe(200);
    const end = await killed.ended;
    expect(end.signal).toBe('SIGTERM');
    expect(end.stderr).toMatch(/^licutil: lost the victim seat \(removed\): /m);
    expect(end.stderr).toMatch(/^licutil: stopping the command with SIGTERM \(--on-lost kill\)$/m);

    const warned = start(['checkout', 'victim', ...C, '--lease', '1', '--', 'sleep', '2']);
    const h2 = await eventually(async () => (await poolOf(server, 'victim')).checkouts[0]?.handle);
    await server.api('POST', '/v1/remove', { handle: h2 });
    const end2 = await warned.ended;
    expect(end2.code).toBe(0);
    expect(end2.stderr).toMatch(/^licutil: lost the victim seat \(removed\): /m);
  });
});

describe('checkout --detach, checkin, heartbeat', () => {
  it('--detach prints HANDLE@PORT@HOST; checkin of it returns the seat (round trip)', async () => {
    const r = await run(['checkout', 'seat', ...C, '--detach']);
    expect(r.code).toBe(0);
    const ref = r.stdout.trim();
    expect(ref).toMatch(new RegExp(`^[A-Za-z0-9_-]+@${server.port}@127\\.0\\.0\\.1$`));
    const handle = ref.split('@')[0] as string;
    const seat = await poolOf(server, 'seat');
    expect(seat.checkouts).toHaveLength(1);
    expect(JSON.stringify(seat)).not.toContain(handle);
    // nothing else is needed: the reference names the server
    const hb = await run(['heartbeat', ref]);
    expect(hb.code).toBe(0);
    expect(hb.stdout).toMatch(/^renewed .* lease \d+ s, until /);
    const ci = await run(['checkin', ref]);
    expect(ci.code).toBe(0);
    expect(ci.stdout).toMatch(new RegExp(`^checked in ${handle} at ${server.port}@127\\.0\\.0\\.1`));
    expect((await poolOf(server, 'seat')).in_use).toBe(0);
    // a second checkin: the seat is back already, which is what was asked (issue 15)
    const again = await run(['checkin', ref]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^already checked in: /);
  });

  it('--detach --json has handle, server, product, version and lease_seconds; a bare handle checks in with -c or LICUTIL_SERVER', async () => {
    const r = await run(['checkout', 'seat:1.0', ...C, '--detach', '--json', '--lease', '5m']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ server: `${server.port}@127.0.0.1`, product: 'seat', version: '1.0', isv: 'demo', count: 1, lease_seconds: 300 });
    expect(typeof j.handle).toBe('string');
    expect(j.ref).toBe(`${String(j.handle)}@${server.port}@127.0.0.1`);
    const hb = await run(['heartbeat', String(j.handle), '--json'], { env: { LICUTIL_SERVER: `${server.port}@127.0.0.1` } });
    expect(hb.code).toBe(0);
    expect(JSON.parse(hb.stdout)).toMatchObject({ handle: j.handle, lease_seconds: 300 });
    const ci = await run(['checkin', String(j.handle), ...C, '--json']);
    expect(ci.code).toBe(0);
    expect(JSON.parse(ci.stdout)).toEqual({ schema: 'licutil.checkin', schema_version: 1, handle: j.handle, server: `${server.port}@127.0.0.1`, held_seconds: 0, already_checked_in: false, reason: null });
  });

  it('`licutil heartbeat` keeps a detached short lease alive past its length', async () => {
    const r = await run(['checkout', 'solo', ...C, '--detach', '--lease', '2']);
    const ref = r.stdout.trim();
    for (let i = 0; i < 4; i++) {
      await sleep(800);
      expect((await run(['heartbeat', ref])).code).toBe(0);
    }
    // 3.2 s and more after a 2 s lease
    expect((await poolOf(server, 'solo')).in_use).toBe(1);
    expect((await run(['checkin', ref])).code).toBe(0);
  });

  it('a lapsed detached lease: heartbeat says so and exits 75', async () => {
    const r = await run(['checkout', 'solo', ...C, '--detach', '--lease', '1']);
    const ref = r.stdout.trim();
    await eventually(async () => ((await poolOf(server, 'solo')).in_use === 0 ? true : undefined));
    const hb = await run(['heartbeat', ref]);
    expect(hb.code).toBe(75);
    expect(hb.stderr).toMatch(/^licutil: .*reclaimed/m);
  });

  it('usage errors: no command and no --detach; --detach with a command; a bad DURATION', async () => {
    const a = await run(['checkout', 'seat', ...C]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^licutil: checkout needs a command to run \(after --\) or --detach$/m);
    const b = await run(['checkout', 'seat', ...C, '--detach', '--', 'true']);
    expect(b.code).toBe(2);
    const c = await run(['checkout', 'seat', ...C, '--wait', 'soon', '--', 'true']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--wait "soon" is not a duration/);
    const d = await run(['checkin', 'not a handle!']);
    expect(d.code).toBe(2);
  });
});

describe('servers that do not answer', () => {
  it('exit 69 when nothing listens, naming the address and "connection refused"', async () => {
    const port = await freePort();
    const r = await run(['checkout', 'seat', '-c', `${port}@127.0.0.1`, '--', 'true']);
    expect(r.code).toBe(69);
    expect(r.stderr).toMatch(new RegExp(`^licutil: nothing listens on ${port}@127\\.0\\.0\\.1 \\(connection refused\\)$`, 'm'));
  });

  it('"not a licutil server" when a plain HTTP server answers, exit 69', async () => {
    const plain = http.createServer((_q, s) => {
      s.writeHead(200, { 'content-type': 'text/html' });
      s.end('<html>hello</html>');
    });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const port = (plain.address() as AddressInfo).port;
    try {
      const r = await run(['checkout', 'seat', '-c', `${port}@127.0.0.1`, '--', 'true']);
      expect(r.code).toBe(69);
      expect(r.stderr).toMatch(new RegExp(`^licutil: something is listening on ${port}@127\\.0\\.0\\.1 but it is not a licutil server — a FlexNet or RLM daemon\\?`, 'm'));
    } finally {
      plain.close();
    }
  });

  it('a redundant list p1@127.0.0.1,p2@127.0.0.1 whose first server is down still works', async () => {
    const down = await freePort();
    const r = await run(['checkout', 'seat', '-c', `${down}@127.0.0.1,${server.port}@127.0.0.1`, '--', 'sh', '-c', 'echo $LICUTIL_SERVER']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`${server.port}@127.0.0.1`);
    expect(r.stderr).toBe('');
  });

  it('two servers: the product only the second has is checked out there', async () => {
    const second = await startServer({ licenses: { 'b.lic': demoLicense(['LICENSE demo other 1.0 permanent 1']) } });
    const r = await run(['checkout', 'other', '-c', `${server.port}@127.0.0.1:${second.port}@127.0.0.1`, '--', 'sh', '-c', 'echo $LICUTIL_SERVER']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`${second.port}@127.0.0.1`);
    await second.stop();
  });

  it('keeps renewing while the server is briefly gone (restarted on the same port and state), and the command finishes', async () => {
    const dir = tempDir('licutil-restart-');
    const first = await startServer({ licenses: LICENSES, dir });
    const port = first.port;
    const marker = path.join(dir, 'running');
    const r = start(['checkout', 'solo', '-c', `${port}@127.0.0.1`, '--lease', '4', '--', 'sh', '-c', `touch ${marker}; sleep 6`]);
    // the command runs: licutil has its grant (killing the server earlier could lose the answer)
    await eventually(async () => (existsSync(marker) ? true : undefined));
    await first.kill();
    await eventually(async () => (/cannot renew the solo seat/.test(r.stderr()) ? true : undefined), 10_000).catch((e: unknown) => {
      throw new Error(`${String(e)}; stderr: ${r.stderr()}`);
    });
    const second = await startServer({ dir, files: ['demo.lic'], port });
    const end = await r.ended;
    expect(end.code).toBe(0);
    expect(end.stderr).toMatch(/^licutil: cannot renew the solo seat at .*; retrying for the \d+ s left on the lease$/m);
    expect(end.stderr).toMatch(/^licutil: renewed the solo seat at .* again$/m);
    expect((await poolOf(second, 'solo')).in_use).toBe(0);
    await second.stop();
  });

  it('a TLS server: LICUTIL_TLS_CA trusts its CA; without it the one-line reason is the TLS failure (69)', async () => {
    const dir = tempDir('licutil-tls-');
    const cert = path.join(ROOT, 'test/e2e/checkout-tls-cert.pem');
    const key = path.join(ROOT, 'test/e2e/checkout-tls-key.pem');
    const tls = await startServer({ dir, licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) }, args: ['--tls-cert', cert, '--tls-key', key] });
    const c = ['-c', `${tls.port}@127.0.0.1`];
    const ok = await run(['checkout', 'seat', ...c, '--', 'true'], { env: { LICUTIL_TLS_CA: cert } });
    expect(ok.code).toBe(0);
    const bad = await run(['checkout', 'seat', ...c, '--', 'true'], { env: { LICUTIL_TLS: '1' } });
    expect(bad.code).toBe(69);
    expect(bad.stderr).toMatch(new RegExp(`^licutil: TLS with ${tls.port}@127\\.0\\.0\\.1 failed: `, 'm'));
    const plain = await run(['checkout', 'seat', ...c, '--', 'true']);
    expect(plain.code).toBe(69);
    expect(plain.stderr).toMatch(/^licutil: /m);
    await tls.stop();
  });
});
