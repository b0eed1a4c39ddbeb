// What a CI job sees of its seat (issue 15), on the built binary against a real
// server: a seat removed while the command runs is said at the end, a lease cut
// to the server's --lease-max is said (stderr and --json), `stat -a` shows each
// lease's end and no pid for a detached seat, a second checkin succeeds, and a
// handle no server issued is a usage error.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { demoLicense, eventually, killAll, startServer, type ServerHandle } from '../helpers/server.js';
import { killStarted, poolOf, start } from './checkout-support.js';

let server: ServerHandle;
let C: string[];

beforeAll(async () => {
  server = await startServer({
    licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 3', 'LICENSE demo victim 1.0 permanent 1 min_remove=0']) },
    args: ['--lease-max', '3600'],
  });
  C = ['-c', `${server.port}@127.0.0.1`];
});
afterEach(killStarted);
afterAll(killAll);

describe('checkout -- CMD', () => {
  it('a seat removed by an administrator while the command runs is said on stderr at the end (default --on-lost warn)', async () => {
    // the default lease (60 s) renews every 20 s: the command ends before any renewal could notice
    const r = start(['checkout', 'victim', ...C, '--', 'sleep', '3']);
    const handle = await eventually(async () => (await poolOf(server, 'victim')).checkouts[0]?.handle);
    expect((await server.api('POST', '/v1/remove', { handle })).status).toBe(200);
    const end = await r.ended;
    expect(end.code).toBe(0);
    expect(end.stderr).toMatch(/^licutil: sleep ran without its victim seat from some point on: (a license administrator removed it|the server no longer knew it) \(/m);
  });

  it('a removal while a longer command runs is said within a few seconds, and again at the end', async () => {
    const r = start(['checkout', 'victim', ...C, '--', 'sleep', '9']);
    const handle = await eventually(async () => (await poolOf(server, 'victim')).checkouts[0]?.handle);
    expect((await server.api('POST', '/v1/remove', { handle })).status).toBe(200);
    // heard at the next renewal (at most 5 s), while the command still runs
    await eventually(async () => (/^licutil: lost the victim seat \(/m.test(r.stderr()) ? true : undefined), 8_000);
    expect(r.proc.exitCode).toBeNull();
    const end = await r.ended;
    expect(end.code).toBe(0);
    expect(end.stderr).toMatch(/^licutil: sleep ran without its victim seat from some point on: /m);
  });

  it('--lease 2h on a server whose --lease-max is 1h: said on stderr, the seat still held while the command runs', async () => {
    const end = await start(['checkout', 'seat', ...C, '--lease', '2h', '--', 'true']).ended;
    expect(end.code).toBe(0);
    expect(end.stderr).toMatch(/^licutil: note: \d+@127\.0\.0\.1 granted a lease of 3600 s \(1h\), not the 7200 s \(2h\) asked \(the longest it gives, its --lease-max\); the seat is renewed while the command runs$/m);
  });
});

describe('checkout --detach, stat -a, checkin', () => {
  it('--detach --lease 2h: --json says granted vs asked, stderr says how to keep the seat', () => {
    const r = runJson<{ ref: string; lease_seconds: number; lease_asked_seconds: number | null }>(['checkout', 'seat', ...C, '--detach', '--lease', '2h']);
    expect(r.code).toBe(0);
    expect(r.json.lease_seconds).toBe(3600);
    expect(r.json.lease_asked_seconds).toBe(7200);
    expect(r.stderr).toMatch(/granted a lease of 3600 s \(1h\), not the 7200 s \(2h\) asked/);
    expect(r.stderr).toContain(`licutil heartbeat ${r.json.ref}`);
    expect(runCli(['checkin', r.json.ref]).code).toBe(0);
    const plain = runJson<{ ref: string; lease_asked_seconds: number | null }>(['checkout', 'seat', ...C, '--detach']);
    expect(plain.json.lease_asked_seconds).toBeNull();
    expect(plain.stderr).toBe('');
    expect(runCli(['checkin', plain.json.ref]).code).toBe(0);
  });

  it('stat -a: each lease shows when it ends; a detached seat shows no pid (its process is gone)', () => {
    const ref = runCli(['checkout', 'seat', ...C, '--detach', '--lease', '600']).stdout.trim();
    const j = runJson<{ servers: Array<{ pools: Array<{ product: string; checkouts: Array<{ user: string; pid: number | null; lease_expires: string }> }> }> }>(['stat', '-a', ...C]);
    const held = j.json.servers[0]?.pools.find((p) => p.product === 'seat')?.checkouts ?? [];
    // the only seat held now is the detached one: no process named
    expect(held.map((c) => c.pid)).toEqual([null]);
    expect(held[0]?.lease_expires).toMatch(/^\d{4}-\d\d-\d\dT/);
    const text = runCli(['stat', '-a', ...C]);
    expect(text.stdout).toMatch(/LEASE ENDS \(UTC\)/);
    const row = text.stdout.split('\n').find((l) => /^\s*seat\s/.test(l) && l.includes(held[0]?.user ?? '?')) ?? '';
    // PRODUCT VERSION USER HOST PID COUNT SINCE(date time) LEASE-ENDS(date time) ID
    const cells = row.trim().split(/\s+/);
    expect(cells[4]).toBe('-');
    expect(cells.slice(6, 10).join(' ')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? \d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(runCli(['checkin', ref]).code).toBe(0);
  });

  it('a second checkin of the same reference exits 0: already checked in', () => {
    const ref = runCli(['checkout', 'seat', ...C, '--detach']).stdout.trim();
    const first = runCli(['checkin', ref]);
    expect(first.code).toBe(0);
    const again = runCli(['checkin', ref]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^already checked in: /);
    const json = runJson<{ already_checked_in: boolean }>(['checkin', ref]);
    expect(json.code).toBe(0);
    expect(json.json.already_checked_in).toBe(true);
  });
  it('a handle no licutil server issued (not 32 lowercase hex digits, not an id) is a usage error (2), told without asking; the seat stays held', () => {
    const ref = runCli(['checkout', 'seat', ...C, '--detach']).stdout.trim();
    const [handle = '', ...where] = ref.split('@');
    const at = `@${where.join('@')}`;
    for (const wrong of [`${handle.slice(0, 31)}${at}`, `${handle.toUpperCase()}${at}`, `${handle}0${at}`, `sea${at}`, 'sea']) {
      for (const cmd of ['checkin', 'heartbeat']) {
        const r = runCli([cmd, wrong, ...C]);
        expect(r.code, `${cmd} ${wrong}`).toBe(2);
        expect(r.stderr).toMatch(/^licutil: ".*" is not a checkout handle any licutil server issued: a handle is 32 lowercase hex digits$/m);
        expect(r.stdout).toBe('');
      }
    }
    // nothing was returned: the seat is still held, and the right reference returns it
    expect(runCli(['heartbeat', ref]).code).toBe(0);
    expect(runCli(['checkin', ref]).stdout).toMatch(/^checked in /);
  });

  it('a handle of the right form the server does not hold exits 0 as already checked in, saying a server cannot tell it from one returned before', () => {
    const r = runCli(['checkin', `${'0123456789abcdef'.repeat(2)}@${server.port}@127.0.0.1`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^already checked in: .*a server keeps no record of returned checkouts, so a handle it never issued reads the same/);
    // said once, as the answer on stdout: no unprefixed note repeating it on stderr
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toBe('');
  });
});
