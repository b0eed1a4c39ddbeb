// lmutil and rlmutil habits on the built binary (issue 15): the vendors'
// single-dash options under the alias names, a link named after a vendor tool
// behaving as that tool, `SERVER this_host`, and no vendor form that asked for
// an action answering with help and exit 0.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, type RunResult } from '../helpers/cli.js';
import { demoLicense, killAll, startServer, tempDir, type ServerHandle } from '../helpers/server.js';

afterAll(killAll);

interface StatJson {
  servers: { status: string; pools: { product: string; checkouts: { id?: number; handle: string }[] }[] }[];
}

const json = <T>(r: RunResult): T => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

/** yargs' help text: what a vendor form must never print when it asked for an action */
const HELP = /^Options:$|--help\s+Show help/m;

let s: ServerHandle;
let at: string;
beforeAll(async () => {
  s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 3 min_remove=0']) } });
  at = `${s.port}@127.0.0.1`;
});

describe('lmstat and rlmstat options under the alias names', () => {
  it.each([
    'lmstat -a -c',
    'lmstat -A -c',
    'lmstat -f seat -c',
    'lmstat -S demo -c',
    'lmstat -t 5 -c',
    'rlmstat -avail -c',
    'rlmstat -l demo -c',
    'rlmstat -i demo -c',
    'rlmstat -a -c',
    'rlmstat -a -z secret -c',
    'rlmstat -p seat -c',
  ])('%s PORT@HOST asks the server', (line) => {
    const words = line.split(' ');
    const r = runCli([...words, at, '--json']);
    expect(r.stdout).not.toMatch(HELP);
    const st = json<StatJson>(r);
    expect(st.servers[0]?.status).toBe('up');
    expect(st.servers[0]?.pools.map((p) => p.product)).toContain('seat');
  });

  it('lmstat -i reads the license files (FlexNet meaning); rlmstat -i ISV asks the servers (RLM meaning)', () => {
    const local = json<{ licenses: { product: string }[] }>(runCli(['lmstat', '-i', '-c', path.join(s.dir, 'demo.lic'), '--json']));
    expect(local.licenses.map((l) => l.product)).toEqual(['seat']);
    const remote = json<StatJson>(runCli(['rlmstat', '-i', 'demo', '-c', at, '--json']));
    expect(remote.servers).toHaveLength(1);
  });

  it('an unknown single-dash word is a usage error naming the vendor options, never -h read as help', () => {
    const r = runCli(['lmstat', '-hostname']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^licutil: lmstat: unknown option -hostname\n {2}hint: lmstat here accepts -A, -S, -t, -f and the options of `licutil stat --help`/);
  });
});

describe('-h under a vendor name', () => {
  it.each(['lmstat -h -a', 'lmstat -a -h', 'lmutil lmstat -h -a', 'rlmstat -h -avail', 'lmdown -h -q', 'lmreread -h -vendor demo', 'rlmhostid -h ether', 'lmpath -status -h', 'lmdiag -h seat'])(
    '%s asked for an action: a usage error (2), never help and exit 0',
    (line) => {
      const r = runCli(line.split(' '));
      expect(r.stdout).not.toMatch(HELP);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/-h asks for help, but the line also asks for/);
    },
  );

  it.each(['lmstat -h', 'lmremove -h', 'lmutil lmdiag --help'])('%s alone is help, exit 0', (line) => {
    const r = runCli(line.split(' '));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(HELP);
  });
});

describe('the other vendor commands', () => {
  it('lmpath -status shows the license environment', () => {
    const r = runCli(['lmpath', '-status', '-c', at, '--json']);
    expect(r.stdout).not.toMatch(HELP);
    expect(json<{ sources: unknown[] }>(r).sources.length).toBe(1);
  });

  it.each([
    ['-hostname', 'host'],
    ['-ether', 'ethernet'],
    ['-user', 'user'],
  ])('lmhostid %s prints only that kind of hostid', (flag, form) => {
    const r = runCli(['lmhostid', flag, '--json']);
    expect(r.stdout).not.toMatch(HELP);
    const j = json<{ hostids: { form: string }[] }>(r);
    for (const h of j.hostids) expect(h.form).toBe(form);
  });

  it('lmremove -h FEATURE HOST PORT HANDLE removes that checkout, never help', async () => {
    const co = runCli(['checkout', 'seat', '-c', at, '--detach']);
    expect(co.code, co.stderr).toBe(0);
    const before = json<StatJson>(runCli(['stat', '-a', '-c', at, '--json']));
    const id = before.servers[0]?.pools[0]?.checkouts[0]?.id;
    expect(id).toBeTypeOf('number');
    const r = runCli(['lmremove', '-h', 'seat', '127.0.0.1', String(s.port), String(id)]);
    expect(r.stdout).not.toMatch(HELP);
    expect(r.code, r.stderr).toBe(0);
    const after = json<StatJson>(runCli(['stat', '-a', '-c', at, '--json']));
    expect(after.servers[0]?.pools[0]?.checkouts).toEqual([]);
    const short = runCli(['lmremove', '-h', 'seat', '127.0.0.1']);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/lmremove: -h needs FEATURE HOST PORT HANDLE/);
  });

  it('lmdown -vendor V -q stops the server without asking', async () => {
    const t = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) } });
    const r = runCli(['lmdown', '-vendor', 'demo', '-q', '-c', `${t.port}@127.0.0.1`]);
    expect(r.stdout).not.toMatch(HELP);
    expect(r.code, r.stderr).toBe(0);
    expect((await t.exited).code).toBe(0);
  });
});

describe('invoked through a link named after a vendor tool', () => {
  let dir: string;
  beforeAll(() => {
    dir = path.join(tempDir('licutil-links-'), 'bin');
    mkdirSync(dir);
    for (const name of ['lmutil', 'rlmutil', 'lmstat', 'rlmstat', 'lmdiag', 'lmhostid', 'lmpath']) symlinkSync(BIN, path.join(dir, name));
  });

  const run = (tool: string, args: string[]): RunResult => {
    const r = spawnSync(path.join(dir, tool), args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', RLM_LICENSE: '', LM_LICENSE_FILE: '' } });
    return { code: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
  };

  it.each(['lmutil lmstat -a -c', 'rlmutil rlmstat -avail -c', 'lmstat -a -c', 'rlmstat -i demo -c'])('%s PORT@HOST behaves as that tool', (line) => {
    const [tool, ...args] = line.split(' ') as [string, ...string[]];
    const st = json<StatJson>(run(tool, [...args, at, '--json']));
    expect(st.servers[0]?.pools.map((p) => p.product)).toContain('seat');
  });

  it('lmhostid, lmpath and lmdiag through their links', () => {
    expect(json<{ hostids: { form: string }[] }>(run('lmhostid', ['-user', '--json'])).hostids.map((h) => h.form)).toEqual(['user']);
    expect(json<{ sources: unknown[] }>(run('lmpath', ['-status', '-c', at, '--json'])).sources).toHaveLength(1);
    const d = run('lmdiag', ['seat', '-c', path.join(s.dir, 'demo.lic'), '--no-checkout', '--json']);
    expect((JSON.parse(d.stdout) as { features: { product: string }[] }).features[0]?.product).toBe('seat');
  });
});

describe('SERVER this_host', () => {
  it('means this machine: the server takes the port of that line, a client here reaches it', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as net.AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const dir = tempDir('licutil-this-host-');
    writeFileSync(path.join(dir, 'flex.lic'), `SERVER this_host ANY ${port}\nVENDOR demo\nFEATURE seat demo 1.0 permanent 2 SIGN=0\n`);
    const t = await startServer({ dir, files: ['flex.lic'], port: null });
    expect(t.port).toBe(port);
    const st = json<StatJson>(runCli(['stat', '-c', path.join(dir, 'flex.lic'), '--json']));
    expect(st.servers[0]?.status).toBe('up');
    expect(st.servers[0]?.pools.map((p) => p.product)).toEqual(['seat']);
    await t.stop();
  });
});
