// `licutil stat` against real servers: two of them for redundancy and for "one
// is down", every server row with why it did not answer, the documented JSON
// shape, filters, and the exit statuses (0 when one server answered, 69 when
// none did, 66 when the environment names none). Needs `npm run build` first.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runJson } from '../helpers/cli.js';
import { demoLicense, killAll, startServer, type ServerHandle } from '../helpers/server.js';
import { at, freePort, grab, plainHttpServer, silentTcpServer } from './net-support.js';

interface CheckoutJson {
  handle: string;
  id?: number;
  user: string;
  host: string;
  pid: number;
  product: string;
  version: string;
  since: string;
  count: number;
}
interface PoolJson {
  isv: string;
  product: string;
  version: string;
  count: number;
  in_use: number;
  queued: number;
  soft_limit: number;
  expires: string | null;
  available: number;
  checkouts: CheckoutJson[];
}
interface ServerJson {
  spec: string;
  origin: string;
  address: string;
  status: 'up' | 'down';
  error: { kind: string | null; code: string; message: string; hint?: string } | null;
  server: { version: string; uptime_seconds: number; port: number } | null;
  pools: PoolJson[];
  queues: Array<{ product: string; waiters: Array<{ position: number; user: string; product: string }> }>;
}
interface StatJson {
  servers: ServerJson[];
  answered: number;
  total: number;
}

let a: ServerHandle;
let b: ServerHandle;
const dirs: string[] = [];

beforeAll(async () => {
  [a, b] = await Promise.all([
    startServer({
      licenses: {
        'demo.lic': demoLicense([
          'LICENSE demo seat 1.0 permanent 2 min_remove=0',
          'LICENSE demo cad 2.0 31-dec-2030 3 soft_limit=2',
          'LICENSE demo solo 1.0 permanent 1 min_remove=0',
        ]),
      },
    }),
    startServer({ licenses: { 'other.lic': demoLicense(['LICENSE demo viewer 3.0 permanent 5']) } }),
  ]);
});

afterAll(async () => {
  await killAll();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'licutil-stat-remote-'));
  dirs.push(d);
  return d;
}

const server = (j: StatJson, address: string) => {
  const s = j.servers.find((x) => x.address === address || x.spec === address);
  if (!s) throw new Error(`no server ${address} in ${JSON.stringify(j.servers.map((x) => x.address))}`);
  return s;
};

describe('stat: live checkouts, the JSON shape, and remove', () => {
  it('stat --json while checkouts are live shows them with handles that `remove` accepts', async () => {
    const g1 = await grab(a, 'seat', 'alice', 'ws1', 111);
    const g2 = await grab(a, 'cad', 'bob', 'ws2', 222);
    const { code, json } = runJson<StatJson>(['stat', '-c', `${at(a)}:${at(b)}`]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ answered: 2, total: 2 });
    const sa = server(json, at(a));
    expect(sa).toMatchObject({ status: 'up', origin: '-c', error: null });
    expect(sa.server?.port).toBe(a.port);
    const seat = sa.pools.find((p) => p.product === 'seat');
    // the fields licutil-stat(1) promises for every pool and every checkout
    expect(seat).toMatchObject({ isv: 'demo', product: 'seat', version: '1.0', count: 2, in_use: 1, queued: 0, soft_limit: 2, expires: null, available: 1 });
    expect(seat?.checkouts).toEqual([
      expect.objectContaining({ handle: String(g1.id), user: 'alice', host: 'ws1', pid: 111, product: 'seat', version: '1.0', since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown }),
    ]);
    const cad = sa.pools.find((p) => p.product === 'cad');
    expect(cad).toMatchObject({ soft_limit: 2, in_use: 1, expires: expect.stringMatching(/^2031-01-01T/) as unknown });
    expect(cad?.checkouts.map((c) => [c.handle, c.user])).toEqual([[String(g2.id), 'bob']]);
    expect(server(json, at(b)).pools.map((p) => [p.product, p.version, p.count])).toEqual([['viewer', '3.0', 5]]);

    // the handle from stat is what remove takes
    const rm = runJson<{ removed: Array<{ handle: string; server: string }> }>(['remove', `${g1.id}@${at(a)}`, '-c', `${at(a)}:${at(b)}`]);
    expect(rm.code).toBe(0);
    expect(rm.json.removed).toEqual([expect.objectContaining({ handle: String(g1.id), server: at(a) })]);
    const after = runJson<StatJson>(['stat', '-f', 'seat', '-c', at(a)]);
    expect(after.json.servers[0]?.pools[0]).toMatchObject({ in_use: 0, checkouts: [] });
    await a.api('POST', '/v1/checkin', { handle: g2.handle });
  });

  it('the table: a server row with version and uptime, a row per pool; -a adds every checkout with its handle', async () => {
    const g = await grab(a, 'solo', 'carol', 'ws3', 333);
    const plain = runCli(['stat', '-c', at(a)]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('\u001b');
    expect(plain.stdout).toMatch(new RegExp(`^\\s*${at(a).replace(/\./g, '\\.')}\\s+up\\s+\\d+\\.\\d+\\.\\d+\\s+\\d+[smhd]`, 'm'));
    expect(plain.stdout).toMatch(/^\s*PRODUCT\s+VERSION\s+ISV\s+COUNT\s+IN USE\s+FREE\s+QUEUED\s+SOFT LIMIT\s+EXPIRES/m);
    expect(plain.stdout).toMatch(/^\s*solo\s+1\.0\s+demo\s+1\s+1\s+0\s+0\s+1\s+permanent/m);
    expect(plain.stdout).toMatch(/^\s*cad\s+2\.0\s+demo\s+3\s+0\s+3\s+0\s+2\s+2030-12-31/m);
    expect(plain.stdout).not.toContain(g.handle);
    const all = runCli(['stat', '-a', '-c', at(a)]);
    expect(all.stdout).toMatch(new RegExp(`^\\s*solo\\s+1\\.0\\s+carol\\s+ws3\\s+333\\s+1\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+${g.id}`, 'm'));
    await a.api('POST', '/v1/checkin', { handle: g.handle });
  });

  it('-f FEATURE, -u USER and --avail narrow what is shown', async () => {
    const g1 = await grab(a, 'seat', 'dave', 'ws4', 1);
    const g2 = await grab(a, 'seat', 'erin', 'ws5', 2);
    const g3 = await grab(a, 'solo', 'erin', 'ws5', 3);
    const byUser = runJson<StatJson>(['stat', '-u', 'ERIN', '-c', at(a)]).json.servers[0];
    expect(byUser?.pools.map((p) => [p.product, p.checkouts.map((c) => c.user)])).toEqual([
      ['seat', ['erin']],
      ['solo', ['erin']],
    ]);
    const byFeature = runJson<StatJson>(['stat', '-f', 'seat', '-c', at(a)]).json.servers[0];
    expect(byFeature?.pools.map((p) => p.product)).toEqual(['seat']);
    expect(byFeature?.pools[0]?.checkouts.map((c) => c.user).sort()).toEqual(['dave', 'erin']);
    // the positional FEATURE is the same as -f
    expect(runJson<StatJson>(['stat', 'seat', '-c', at(a)]).json.servers[0]?.pools.map((p) => p.product)).toEqual(['seat']);
    const avail = runJson<StatJson>(['stat', '--avail', '-c', at(a)]).json.servers[0];
    expect(avail?.pools.map((p) => [p.product, p.available])).toEqual([['cad', 3]]);
    const text = runCli(['stat', '--avail', '-c', at(a)]);
    expect(text.stdout).toMatch(/^\s*cad\s+2\.0\s+demo\s+3 of 3/m);
    expect(text.stdout).not.toMatch(/^\s*seat\s/m);
    for (const g of [g1, g2, g3]) await a.api('POST', '/v1/checkin', { handle: g.handle });
  });

  it('waiters are listed with their place in the queue', async () => {
    const g = await grab(a, 'solo', 'frank', 'ws6', 6);
    const ctl = new AbortController();
    const waiting = a.api('POST', '/v1/checkout', { product: 'solo', user: 'gina', host: 'ws7', pid: 7, wait: 60 }, {}, ctl.signal).catch(() => null);
    let j: ServerJson | undefined;
    for (let i = 0; i < 50; i++) {
      j = runJson<StatJson>(['stat', '-a', '-c', at(a)]).json.servers[0];
      if ((j?.queues[0]?.waiters.length ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(j?.queues).toEqual([{ product: 'solo', waiters: [expect.objectContaining({ position: 1, user: 'gina', product: 'solo' })] }]);
    expect(j?.pools.find((p) => p.product === 'solo')?.queued).toBe(1);
    const text = runCli(['stat', '-a', '-c', at(a)]);
    expect(text.stdout).toMatch(/Waiting:\n\s*POSITION\s+PRODUCT.*\n\s*1\s+solo\s+any\s+gina\s+ws7\s+7\s+1/);
    ctl.abort();
    await waiting;
    await a.api('POST', '/v1/checkin', { handle: g.handle });
  });
});

describe('stat: servers that do not answer', () => {
  it('one server down: both rows, the down one saying why (refused), exit 0', async () => {
    const dead = await freePort();
    const { code, json } = runJson<StatJson>(['stat', '-c', `${at(a)}:${at(dead)}`]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ answered: 1, total: 2 });
    expect(server(json, at(a)).status).toBe('up');
    expect(server(json, at(dead))).toMatchObject({
      status: 'down',
      pools: [],
      error: { kind: 'refused', code: 'LICUTIL_E_REFUSED', message: expect.stringMatching(/connection refused/) as unknown },
    });
    const text = runCli(['stat', '-c', `${at(a)}:${at(dead)}`]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`${at(dead)}\\s+down\\s+nothing listens on ${at(dead)} \\(connection refused\\)`));
    expect(text.stdout).toMatch(/fix: the license server on 127\.0\.0\.1 is not running/);
    expect(text.stdout).toMatch(/^\s*seat\s+1\.0/m);
  });

  it('-q: the pools asked for without the servers table; a server that did not answer is said on stderr instead', async () => {
    const dead = await freePort();
    const q = runCli(['stat', '-q', '-c', `${at(a)}:${at(dead)}`]);
    expect(q.code).toBe(0);
    expect(q.stdout).not.toMatch(/SERVER|STATUS|UPTIME/);
    expect(q.stdout).toMatch(/^\s*PRODUCT\s+VERSION\s+ISV\s+COUNT/);
    expect(q.stdout).toMatch(/^\s*seat\s+1\.0/m);
    expect(q.stderr).toMatch(new RegExp(`^licutil: warning: ${at(dead)} did not answer: nothing listens on`, 'm'));
    const g = await grab(a, 'solo', 'carol', 'ws3', 333);
    const all = runCli(['stat', '-a', '-q', '-c', at(a)]);
    expect(all.stdout).not.toMatch(/UPTIME/);
    expect(all.stdout).toMatch(/^Checkouts:$/m);
    expect(all.stdout).toMatch(/^\s*solo\s+1\.0\s+carol\s+ws3\s+333/m);
    await a.api('POST', '/v1/checkin', { handle: g.handle });
  });

  it('every server down: exit 69, each row saying why', async () => {
    const dead = await freePort();
    const r = runJson<StatJson>(['stat', '-c', `${at(dead)}:5053@nowhere.invalid`]);
    expect(r.code).toBe(69);
    expect(r.json.answered).toBe(0);
    expect(server(r.json, at(dead)).error?.kind).toBe('refused');
    expect(server(r.json, '5053@nowhere.invalid').error).toMatchObject({ kind: 'dns', code: 'LICUTIL_E_HOST_UNKNOWN' });
    expect(r.stderr).toMatch(/no license server answered/);
    expect(runCli(['stat', '-c', at(dead)]).code).toBe(69);
  });

  it('something that is not a licutil server: an HTTP server is "not a licutil server", a silent port times out', async () => {
    const web = await plainHttpServer();
    const mute = await silentTcpServer();
    try {
      const r = runJson<StatJson>(['stat', '--timeout', '1', '-c', `${at(web.port)}:${at(mute.port)}:${at(a)}`]);
      expect(r.code).toBe(0);
      expect(server(r.json, at(web.port)).error).toMatchObject({
        kind: 'not-licutil',
        message: expect.stringMatching(/not a licutil server — a FlexNet or RLM daemon\?/) as unknown,
      });
      expect(server(r.json, at(mute.port)).error).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/did not answer within 1 s/) as unknown });
    } finally {
      await Promise.all([web.close(), mute.close()]);
    }
  });

  it('a redundant list p@h1,p@h2 is one entry: the first address that answers is used', async () => {
    const dead = await freePort();
    const spec = `${at(dead)},${at(a)}`;
    const r = runJson<StatJson>(['stat', '-c', spec]);
    expect(r.code).toBe(0);
    expect(r.json.servers).toEqual([expect.objectContaining({ spec, address: at(a), status: 'up' })]);
  });
});

describe('stat: where the servers come from', () => {
  it('RLM_LICENSE=port@host, and the HOST line of a license file in the environment', () => {
    const env = runJson<StatJson>(['stat'], { env: { RLM_LICENSE: at(a) } });
    expect(env.code).toBe(0);
    expect(env.json.servers).toEqual([expect.objectContaining({ origin: 'RLM_LICENSE', address: at(a), status: 'up' })]);

    const d = tmp();
    const file = path.join(d, 'client.lic');
    writeFileSync(file, `HOST 127.0.0.1 any ${b.port}\nISV demo\nLICENSE demo viewer 3.0 permanent 5\n`);
    const viaHost = runJson<StatJson>(['stat', '-c', file]);
    expect(viaHost.code).toBe(0);
    expect(viaHost.json.servers).toEqual([expect.objectContaining({ origin: `HOST line of ${file}`, address: at(b), status: 'up' })]);
    expect(viaHost.json.servers[0]?.pools.map((p) => p.product)).toEqual(['viewer']);
    const lm = runJson<StatJson>(['stat'], { env: { LM_LICENSE_FILE: file } });
    expect(lm.json.servers[0]?.address).toBe(at(b));
  });

  it('no server in the license environment: exit 66 with a message pointing to -c port@host and stat -i', () => {
    const d = tmp();
    const file = path.join(d, 'local.lic');
    writeFileSync(file, 'LICENSE demo viewer 1.0 permanent uncounted hostid=any\n');
    const r = runCli(['stat', '-c', file]);
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/no license server to ask for status/);
    expect(r.stderr).toMatch(/-c PORT@HOST/);
    expect(r.stderr).toMatch(/licutil stat -i/);
    const empty = runCli(['stat'], { cwd: d, env: { HOME: d } });
    expect(empty.code).toBe(66);
  });

  it('lmstat and rlmstat are stat', () => {
    for (const alias of ['lmstat', 'rlmstat']) {
      const r = runJson<StatJson>([alias, '-a', '-c', at(b)]);
      expect(r.code, alias).toBe(0);
      expect(r.json.servers[0]?.pools.map((p) => p.product), alias).toEqual(['viewer']);
    }
  });
});

describe('stat and the vendors\' text: --format lmstat|rlmstat, --from lmstat|rlmstat', () => {
  // the text's handle column is the checkout's public id (decimal, as lmstat prints handles)
  const summary = (j: StatJson) =>
    j.servers.flatMap((s) => s.pools.map((p) => [p.product, p.version, p.count, p.in_use, p.checkouts.map((c) => [c.user, c.host, c.id !== undefined ? String(c.id) : c.handle])]));

  it('--format lmstat and rlmstat print the live status in their layouts; --from reads it back to the same pools and checkouts', async () => {
    const g = await grab(a, 'seat', 'henry', 'ws8', 88);
    const live = runJson<StatJson>(['stat', '-c', at(a)]).json;
    const lm = runCli(['stat', '--format', 'lmstat', '--tz', 'UTC', '-c', at(a)]);
    expect(lm.code).toBe(0);
    expect(lm.stdout).toMatch(/^Users of seat: {2}\(Total of 2 licenses issued; {2}Total of 1 license in use\)$/m);
    expect(lm.stdout).toContain(`henry ws8 ws8`);
    expect(lm.stdout).toMatch(new RegExp(`henry ws8 ws8 \\(v[^)]*\\) \\([^ ]+ ${g.id}\\), start `));
    expect(lm.stdout).not.toContain(g.handle);
    const rlm = runCli(['rlmstat', '--format', 'rlmstat', '--tz', 'UTC', '-c', at(a)]);
    expect(rlm.code).toBe(0);
    expect(rlm.stdout).toMatch(/^\s*count: 2, # reservations: 0, inuse: 1, exp: permanent$/m);
    expect(rlm.stdout).toMatch(new RegExp(`seat v1\\.0: henry@ws8 1/0 at \\d\\d/\\d\\d \\d\\d:\\d\\d {2}\\(handle: ${g.id}\\)`));
    for (const [format, text] of [
      ['lmstat', lm.stdout],
      ['rlmstat', rlm.stdout],
    ] as const) {
      const back = runJson<StatJson>(['stat', '--from', format, '-', '--tz', 'UTC'], { input: text });
      expect(back.code, format).toBe(0);
      expect(summary(back.json), format).toEqual(summary(live));
    }
    await a.api('POST', '/v1/checkin', { handle: g.handle });
  });

  it('--from FILE reads lmstat -a output; -f and -a work on it as on a live server', () => {
    const file = path.join(ROOT, 'test/fixtures/lmstat/lmstat_a_triad.txt');
    const r = runJson<StatJson>(['stat', '--from', 'lmstat', file, '--tz', 'UTC', '-f', 'sim_mesh']);
    expect(r.code).toBe(0);
    expect(r.json.servers[0]).toMatchObject({ status: 'up', origin: `lmstat text from ${file}` });
    expect(r.json.servers[0]?.pools.map((p) => [p.product, p.count, p.in_use])).toEqual([['sim_mesh', 2, 2]]);
    const text = runCli(['lmstat', '--from', 'lmstat', file, '--tz', 'UTC', '-a']);
    expect(text.stdout).toMatch(/^\s*sim_core\s+2025\.1\s+simlabd\s+40\s+12\s+28/m);
  });

  it('text that is not lmstat output: exit 65; --format or --from with -i: usage error', () => {
    const r = runCli(['stat', '--from', 'lmstat', '-'], { input: 'hello\nworld\n' });
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/no lmstat status found in standard input/);
    expect(runCli(['stat', '-i', '--format', 'lmstat', '-c', at(a)]).code).toBe(2);
  });

  it('--format lmstat with --json: a usage error naming both (exit 2), not one layout chosen silently; --from lmstat with --json stays valid', () => {
    const r = runCli(['stat', '-a', '--format', 'lmstat', '--json', '-c', at(a)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format lmstat and --json cannot be used together');
    expect(r.stdout).toBe('');
    const from = runCli(['stat', '--from', 'lmstat', '-', '--json'], { input: 'hello\n' });
    expect(from.stderr).not.toContain('cannot be used together');
  });
});
