// lmdiag over the network against real servers: timed steps (resolve, connect,
// hello, pools, checkout) for every server, each failure with its fix, and
// the verdict: a counted feature can be used only when a server grants it (or,
// with --no-checkout, has its pool). Needs `npm run build` first.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { demoLicense, killAll, startServer, type ServerHandle } from '../helpers/server.js';
import { at, freePort, grab, plainHttpServer, silentTcpServer } from './net-support.js';

interface StepJson {
  name: string;
  feature?: string;
  ok: boolean;
  skipped?: boolean;
  ms: number;
  detail: string;
  hint: string | null;
}
interface ServerJson {
  address: string;
  spec: string;
  origin: string;
  ok: boolean;
  steps: StepJson[];
}
interface FeatureJson {
  product: string;
  usable: boolean;
  reasons: Array<{ code: string; message: string; hint?: string }>;
  network?: { usable: boolean; server: string | null; proof: string | null };
}
interface LmdiagJson {
  usable: boolean;
  network?: boolean;
  features: FeatureJson[];
  servers: ServerJson[];
}

let srv: ServerHandle;
const dirs: string[] = [];

beforeAll(async () => {
  srv = await startServer({
    licenses: {
      'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2', 'LICENSE demo solo 1.0 permanent 1', 'LICENSE demo sticky 1.0 permanent 2 hold=600']),
    },
  });
});

afterAll(async () => {
  await killAll();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'licutil-lmdiag-net-'));
  dirs.push(d);
  return d;
}

const steps = (s: ServerJson | undefined) => (s?.steps ?? []).map((x) => [x.name, x.ok]);
const inUse = async (product: string) =>
  (await srv.api<{ pools: Array<{ product: string; in_use: number }> }>('GET', '/v1/status')).json.pools.find((p) => p.product === product)?.in_use;

describe('lmdiag -n: a server with the feature', () => {
  it('every step passes, the test seat is granted and given back: exit 0', async () => {
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'seat', '-n', '-c', at(srv)]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ usable: true, network: true });
    expect(json.servers).toHaveLength(1);
    const s = json.servers[0];
    expect(s).toMatchObject({ address: at(srv), origin: '-c', ok: true });
    expect(steps(s)).toEqual([
      ['resolve', true],
      ['connect', true],
      ['hello', true],
      ['pools', true],
      ['checkout', true],
    ]);
    // every step has name, ok, ms, detail and hint
    for (const x of s?.steps ?? []) {
      expect(Object.keys(x)).toEqual(expect.arrayContaining(['name', 'ok', 'ms', 'detail', 'hint']));
      expect(x.ms).toBeGreaterThanOrEqual(0);
    }
    expect(s?.steps.find((x) => x.name === 'hello')?.detail).toMatch(/^licutil \d+\.\d+\.\d+ on .*protocol 1, ISVs demo/);
    expect(s?.steps.find((x) => x.name === 'pools')?.detail).toBe('1 pool: v1.0 2 of 2 free');
    expect(s?.steps.find((x) => x.name === 'checkout')?.detail).toBe('granted demo seat v1.0, checked in');
    expect(json.features[0]).toMatchObject({ product: 'seat', usable: true, reasons: [], network: { usable: true, server: at(srv), proof: 'checkout' } });
    expect(await inUse('seat')).toBe(0);

    const text = runCli(['lmdiag', 'seat', '-c', at(srv)]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/seat: can be used here\n\s+✓ the server at .* granted a test seat/);
    expect(text.stdout).toMatch(/✓ checkout seat\s+granted demo seat v1\.0, checked in \(\d+ ms\)/);
  });

  it('--no-checkout: the pool is enough; no seat is taken', async () => {
    const g1 = await grab(srv, 'solo');
    try {
      const { code, json } = runJson<LmdiagJson>(['lmdiag', 'solo', '--no-checkout', '-c', at(srv)]);
      expect(code).toBe(0);
      const co = json.servers[0]?.steps.find((x) => x.name === 'checkout');
      expect(co).toMatchObject({ ok: true, skipped: true, detail: 'skipped (--no-checkout)' });
      expect(json.servers[0]?.steps.find((x) => x.name === 'pools')?.detail).toMatch(/0 of 1 free; no seat free now/);
      expect(json.features[0]?.network).toMatchObject({ usable: true, proof: 'pool' });
      // without --no-checkout the real checkout is refused: every seat is in use,
      // which is busy, not unusable (issue 15): usable, exit 75, with the queue
      const busy = runJson<LmdiagJson>(['lmdiag', 'solo', '-c', at(srv)]);
      expect(busy.code).toBe(75);
      expect(busy.json.features[0]).toMatchObject({ usable: true, reasons: [], network: { busy: { server: at(srv), count: 1, in_use: 1, queued: 0 } } });
      const text = runCli(['lmdiag', 'solo', '-c', at(srv)]);
      expect(text.code).toBe(75);
      expect(text.stdout).toMatch(/solo: can be used here, but every seat is busy now/);
      expect(text.stdout).not.toMatch(/cannot be used here/);
      expect(text.stdout).toMatch(/all 1 seat is in use now \(nobody waiting\)/);
    } finally {
      await srv.api('POST', '/v1/checkin', { handle: g1.handle });
    }
  });

  it('a license that keeps a seat after checkin (hold=600) is not test-checked-out', async () => {
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'sticky', '-c', at(srv)]);
    expect(code).toBe(0);
    expect(json.servers[0]?.steps.find((x) => x.name === 'checkout')).toMatchObject({ ok: true, skipped: true, detail: expect.stringMatching(/keeps a seat 600 s after checkin/) as unknown });
    expect(await inUse('sticky')).toBe(0);
  });
});

describe('lmdiag -n: each failure with its fix', () => {
  it('a port where nothing listens: connect refused, exit 1 with the fix', async () => {
    const dead = await freePort();
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'seat', '-n', '-c', at(dead)]);
    expect(code).toBe(1);
    expect(steps(json.servers[0])).toEqual([
      ['resolve', true],
      ['connect', false],
    ]);
    const connect = json.servers[0]?.steps[1];
    expect(connect?.detail).toMatch(/connection refused/);
    expect(connect?.hint).toMatch(/not running, or listens on another port/);
    expect(json.features[0]?.reasons).toEqual([expect.objectContaining({ code: 'server_unreachable', hint: connect?.hint })]);
    const text = runCli(['lmdiag', 'seat', '-n', '-c', at(dead)]);
    expect(text.stdout).toMatch(/seat: cannot be used here\n\s+✗ .*\(connection refused\)\n\s+fix: /);
  });

  it('a plain HTTP server on the port: "something is listening but it is not a licutil server"', async () => {
    const web = await plainHttpServer();
    try {
      const { code, json } = runJson<LmdiagJson>(['lmdiag', 'seat', '-c', at(web.port)]);
      expect(code).toBe(1);
      expect(steps(json.servers[0])).toEqual([
        ['resolve', true],
        ['connect', true],
        ['hello', false],
        // issue 7: a server that is not licutil is handed to the vendor tool (none on this PATH)
        ['vendor tool', false],
      ]);
      expect(json.servers[0]?.steps[2]?.detail).toMatch(/something is listening on .* but it is not a licutil server — a FlexNet or RLM daemon\?/);
      expect(json.features[0]?.reasons[0]?.code).toBe('not_a_licutil_server');
    } finally {
      await web.close();
    }
  });

  it('a port that takes the connection and never answers (a vendor daemon) is not a licutil server either', async () => {
    const mute = await silentTcpServer();
    try {
      const { code, json } = runJson<LmdiagJson>(['lmdiag', 'seat', '--timeout', '1', '-c', at(mute.port)]);
      expect(code).toBe(1);
      expect(json.servers[0]?.steps[2]).toMatchObject({ name: 'hello', ok: false, detail: expect.stringMatching(/not a licutil server .*did not answer within 1 s/) as unknown });
    } finally {
      await mute.close();
    }
  });

  it('the feature is not on that server: the pools step says so, with what it serves and the fix', () => {
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'nosuch', 'seat:2.0', '-c', at(srv)]);
    expect(code).toBe(1);
    const pools = json.servers[0]?.steps.filter((x) => x.name === 'pools');
    expect(pools?.map((x) => [x.feature, x.ok])).toEqual([
      ['nosuch', false],
      ['seat:2.0', false],
    ]);
    expect(pools?.[0]?.detail).toBe('no pool of nosuch on this server (it serves seat, solo, sticky)');
    expect(pools?.[0]?.hint).toMatch(/licutil reread/);
    expect(pools?.[1]?.detail).toBe('the pools of seat go up to v1.0; v2.0 asked');
    expect(json.features.map((f) => [f.product, f.usable, f.reasons.map((r) => r.code)])).toEqual([
      ['nosuch', false, ['no_pool_on_server']],
      ['seat', false, ['version_not_on_server']],
    ]);
    // no checkout is tried where the pool step failed
    expect(json.servers[0]?.steps.some((x) => x.name === 'checkout')).toBe(false);
  });

  it('a host name that does not resolve', () => {
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'seat', '-c', '5053@nowhere.invalid']);
    expect(code).toBe(1);
    expect(json.servers[0]?.steps).toEqual([expect.objectContaining({ name: 'resolve', ok: false, detail: expect.stringMatching(/cannot resolve .*nowhere\.invalid/) as unknown })]);
    expect(json.features[0]?.reasons[0]?.code).toBe('server_unresolved');
  });

  it('two servers, one down: the feature is usable through the other; both are reported', async () => {
    const dead = await freePort();
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'seat', '-c', `${at(dead)}:${at(srv)}`]);
    expect(code).toBe(0);
    expect(json.servers.map((s) => [s.address, s.ok])).toEqual([
      [at(dead), false],
      [at(srv), true],
    ]);
  });
});

describe('lmdiag: which servers are asked', () => {
  it('with -n, the HOST line of a counted license is its server; without -n and no port@host, lmdiag stays offline', () => {
    const d = tmp();
    const file = path.join(d, 'client.lic');
    writeFileSync(file, `HOST 127.0.0.1 any ${srv.port}\nISV demo\nLICENSE demo seat 1.0 permanent 2\nLICENSE demo local 1.0 permanent uncounted hostid=any\n`);
    const net = runJson<LmdiagJson>(['lmdiag', 'seat', '-n', '-c', file]);
    expect(net.code).toBe(0);
    expect(net.json.servers).toEqual([expect.objectContaining({ address: at(srv), origin: `HOST line of ${file}`, ok: true })]);
    const offline = runJson<LmdiagJson>(['lmdiag', 'seat', '-c', file]);
    expect(offline.code).toBe(0);
    expect(offline.json.network).toBeUndefined();
    expect(offline.json.servers).toBeUndefined();
    // an uncounted license needs no server: it is not asked about
    const local = runJson<LmdiagJson>(['lmdiag', 'local', '-n', '-c', file]);
    expect(local.code).toBe(0);
    expect(local.json.servers).toEqual([]);
  });

  it('a counted license whose server is down cannot be used (-n), and says which server and why', async () => {
    const dead = await freePort();
    const d = tmp();
    const file = path.join(d, 'client.lic');
    writeFileSync(file, `HOST 127.0.0.1 any ${dead}\nISV demo\nLICENSE demo seat 1.0 permanent 2\n`);
    const { code, json } = runJson<LmdiagJson>(['lmdiag', 'seat', '-n', '-c', file]);
    expect(code).toBe(1);
    expect(json.features[0]?.reasons).toEqual([expect.objectContaining({ code: 'server_unreachable', message: expect.stringContaining(at(dead)) as unknown })]);
  });

  it('-n FEATURE shows in full only the servers that serve it; the others in one line each', async () => {
    const other = await startServer({ licenses: { 'other.lic': demoLicense(['LICENSE demo other 1.0 permanent 2']) } });
    const dead = await freePort();
    const spec = ['-c', at(srv), '-c', at(other), '-c', at(dead)];
    const r = runCli(['lmdiag', '-n', 'seat', ...spec]);
    expect(r.code, r.stderr).toBe(0);
    const [full = '', rest = ''] = r.stdout.split(/^Other servers asked.*$/m);
    const listed = full.slice(full.indexOf('License servers:'));
    expect(listed).toContain(`${at(srv)} (from -c): a licutil server answers`);
    expect(listed).not.toContain(at(other));
    expect(listed).not.toContain(at(dead));
    expect(rest.trim().split('\n').map((l) => l.trim())).toEqual([`${at(other)} (from -c): does not serve seat`, `${at(dead)} (from -c): no licutil server answers`]);
    // --json keeps every server asked, and without a feature named every server is shown in full
    expect(runJson<LmdiagJson>(['lmdiag', '-n', 'seat', ...spec]).json.servers).toHaveLength(3);
    const all = runCli(['lmdiag', '-n', '--no-checkout', ...spec]);
    expect(all.stdout).toContain(`${at(other)} (from -c): a licutil server answers`);
    expect(all.stdout).not.toMatch(/Other servers asked/);
  });

  it('no feature named, only a server: every product the server serves', () => {
    const { code, json } = runJson<LmdiagJson>(['lmdiag', '--no-checkout', '-c', at(srv)]);
    expect(code).toBe(0);
    expect(json.features.map((f) => [f.product, f.usable])).toEqual([
      ['seat', true],
      ['solo', true],
      ['sticky', true],
    ]);
    expect(json.servers[0]?.steps.find((x) => x.name === 'status')?.detail).toBe('3 pools');
  });
});
