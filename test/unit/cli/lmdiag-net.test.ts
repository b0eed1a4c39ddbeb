// lmdiag's network decisions with a scripted network: which servers are asked,
// which steps run, and when a feature counts as usable.
import { describe, expect, it } from 'vitest';
import { ServerUnavailableError } from '../../../src/client/failure.js';
import type { Endpoint } from '../../../src/client/types.js';
import { diagnoseNetwork, networkWanted, type NetIo, type Wanted } from '../../../src/client/diagnose/diagnose.js';
import { resolveLicenseEnvironment } from '../../../src/licenv/resolve.js';
import type { FsView } from '../../../src/licenv/types.js';
import { parseLicense } from '../../../src/licfile/index.js';
import { diagnoseFeature, evaluateLicenseSet, licensesOfAll } from '../../../src/licmodel/index.js';
import type { HostFacts } from '../../../src/hostid/types.js';
import { LicutilError } from '../../../src/protocol/errors.js';
import type { PoolInfo, StatusResponse } from '../../../src/protocol/messages.js';

const noFs: FsView = {
  kind: () => 'missing',
  list: () => [],
  read: () => '',
};

function resolution(specs: string[]) {
  return resolveLicenseEnvironment({ env: {}, specs, cwd: '/', platform: 'linux', binDir: '/bin', fs: noFs });
}

const host: HostFacts = {
  hostname: 'here',
  ethernet: [],
  ip: [],
  user: 'me',
  platform: 'x64_l',
  timezoneOffsetMinutes: 0,
  virtualMachine: false,
  virtualMachineEvidence: null,
  terminalServer: false,
  diskSerials: [],
};

function evals(text: string) {
  const doc = parseLicense(text, '/l/site.lic');
  return evaluateLicenseSet(licensesOfAll([doc]), { now: new Date('2026-06-15T12:00:00Z'), host, signature: () => ({ status: 'unsigned', detail: '' }) }).evaluations;
}

function pool(product: string, version: string, count: number, inUse = 0, extra: Partial<PoolInfo> = {}): PoolInfo {
  return {
    id: `demo:${product}:${version}:0`,
    isv: 'demo',
    product,
    version,
    count,
    in_use: inUse,
    queued: 0,
    soft_limit: count,
    expires: null,
    share: null,
    hold: 0,
    min_checkout: 0,
    min_remove: 120,
    password_protected: false,
    retired: false,
    checkouts: [],
    held: [],
    ...extra,
  };
}

interface FakeServer {
  refuse?: boolean;
  pools?: PoolInfo[];
  /** checkout refusals by product */
  deny?: Record<string, LicutilError>;
}

function fakeIo(servers: Record<string, FakeServer>, log: string[] = []): NetIo {
  const at = (ep: Endpoint) => servers[ep.spec];
  let t = 0;
  return {
    now: () => (t += 1),
    lookup: async (h) => {
      if (h.endsWith('.invalid')) throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
      return ['10.0.0.1'];
    },
    connect: async (_a, port) => {
      const s = Object.entries(servers).find(([spec]) => spec.startsWith(`${port}@`))?.[1];
      if (!s || s.refuse) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    },
    hello: async (ep) => ({ server: 'licutil', version: '0.1.0', protocol: 1, host: ep.host, started: '', isvs: ['demo'], tls: false }),
    status: async (ep): Promise<StatusResponse> => ({ server: {} as StatusResponse['server'], pools: at(ep)?.pools ?? [], queues: [] }),
    checkout: async (ep, product) => {
      log.push(`checkout ${product} ${ep.spec}`);
      const denied = at(ep)?.deny?.[product];
      if (denied) throw denied;
      return {
        grant: { handle: 'h', isv: 'demo', product, version: '1.0', count: 1, lease_seconds: 60, lease_expires: '', over_soft_limit: false, shared: false, waited_seconds: 0, pool: 'p' },
        checkin: async () => {
          log.push(`checkin ${product} ${ep.spec}`);
          return { handle: 'h', held_seconds: 0 };
        },
      };
    },
    classify: (e, ep) => {
      if (e instanceof LicutilError) return e;
      const code = (e as { code?: string }).code;
      if (code === 'ENOTFOUND') return new ServerUnavailableError(ep, 'dns', 'LICUTIL_E_HOST_UNKNOWN', `cannot resolve ${ep.host}`, 'check the name');
      return new ServerUnavailableError(ep, 'refused', 'LICUTIL_E_REFUSED', `nothing listens on ${ep.spec}`, 'start it');
    },
  };
}

function run(specs: string[], servers: Record<string, FakeServer>, asked: Wanted[], opts: { text?: string; checkout?: boolean; log?: string[] } = {}) {
  const ev = evals(opts.text ?? '');
  return diagnoseNetwork({
    resolution: resolution(specs),
    asked,
    localProducts: [...new Set(ev.filter((e) => e.license.kind === 'license').map((e) => e.license.product))],
    diagnose: (w) => diagnoseFeature(ev, w.product, w.version, {}),
    checkout: opts.checkout ?? true,
    password: null,
    io: fakeIo(servers, opts.log),
  });
}

const seat: Wanted = { product: 'seat', version: null };

describe('networkWanted', () => {
  it('with -n, or whenever the environment names a port@host server', () => {
    expect(networkWanted(false, resolution(['5053@a']))).toBe(true);
    expect(networkWanted(true, resolution([]))).toBe(true);
    expect(networkWanted(false, resolution([]))).toBe(false);
  });
});

describe('diagnoseNetwork', () => {
  it('a server with the pool grants a test seat and gets it back: usable, proof "checkout"', async () => {
    const log: string[] = [];
    const d = await run(['5053@a'], { '5053@a': { pools: [pool('seat', '1.0', 2)] } }, [seat], { log });
    expect(d.features).toEqual([{ usable: true, server: '5053@a', proof: 'checkout', reasons: [] }]);
    expect(d.servers[0]?.steps.map((s) => [s.name, s.ok])).toEqual([
      ['resolve', true],
      ['connect', true],
      ['hello', true],
      ['pools', true],
      ['checkout', true],
    ]);
    expect(log).toEqual(['checkout seat 5053@a', 'checkin seat 5053@a']);
  });

  it('the first server that grants it is enough; the one that is down is still reported', async () => {
    const d = await run(['5053@a', '5054@b'], { '5053@a': { refuse: true }, '5054@b': { pools: [pool('seat', '1.0', 2)] } }, [seat]);
    expect(d.features[0]).toMatchObject({ usable: true, server: '5054@b' });
    expect(d.servers.map((s) => [s.address, s.ok])).toEqual([
      ['5053@a', false],
      ['5054@b', true],
    ]);
  });

  it('not usable: every server says why, with its fix (refused, no pool, version)', async () => {
    const d = await run(
      ['5053@a', '5054@b', '5056@d'],
      {
        '5053@a': { refuse: true },
        '5054@b': { pools: [pool('other', '1.0', 1)] },
        '5056@d': { pools: [pool('seat', '0.5', 2)] },
      },
      [{ product: 'seat', version: '1.0' }],
    );
    expect(d.features[0]?.usable).toBe(false);
    expect(d.features[0]?.reasons.map((r) => [r.code, r.message])).toEqual([
      ['server_unreachable', '5053@a: nothing listens on 5053@a'],
      ['no_pool_on_server', '5054@b: no pool of seat on this server (it serves other)'],
      ['version_not_on_server', '5056@d: the pools of seat go up to v0.5; v1.0 asked'],
    ]);
  });

  it('all seats busy on one server is usable, busy now (issue 15: busy is not unusable), with that server named', async () => {
    const busy = new LicutilError('LICUTIL_E_ALL_IN_USE', 'all 2 seats of seat are in use', 'wait');
    const d = await run(
      ['5053@a', '5055@c'],
      { '5053@a': { refuse: true }, '5055@c': { pools: [pool('seat', '1.0', 2, 2)], deny: { seat: busy } } },
      [{ product: 'seat', version: '1.0' }],
    );
    expect(d.features[0]).toMatchObject({ usable: true, busy: { server: '5055@c', count: 2, in_use: 2 } });
  });

  it('--no-checkout: the pool is enough, even with no seat free; no checkout is made', async () => {
    const log: string[] = [];
    const d = await run(['5053@a'], { '5053@a': { pools: [pool('seat', '1.0', 2, 2)] } }, [seat], { checkout: false, log });
    expect(d.features[0]).toMatchObject({ usable: true, proof: 'pool' });
    expect(d.servers[0]?.steps.at(-1)).toMatchObject({ name: 'checkout', ok: true, skipped: true });
    expect(log).toEqual([]);
  });

  it('hold / min_checkout: no test checkout (it would keep a seat from others); usable when a seat is free', async () => {
    const log: string[] = [];
    const free = await run(['5053@a'], { '5053@a': { pools: [pool('seat', '1.0', 2, 1, { hold: 300 })] } }, [seat], { log });
    expect(free.features[0]).toMatchObject({ usable: true, proof: 'pool' });
    const full = await run(['5053@a'], { '5053@a': { pools: [pool('seat', '1.0', 2, 2, { min_checkout: 60 })] } }, [seat], { log });
    // every seat held: usable, but busy now; still no test checkout
    expect(full.features[0]).toMatchObject({ usable: true, busy: { in_use: 2 } });
    expect(log).toEqual([]);
  });

  it('a counted license in the files: its HOST line is asked; an uncounted one needs no server', async () => {
    const text = 'HOST lichost any 6000\nISV demo\nLICENSE demo seat 1.0 permanent 2\nLICENSE demo free 1.0 permanent uncounted hostid=any\n';
    const d = await run([], { '6000@lichost': { pools: [pool('seat', '1.0', 2)] } }, [seat, { product: 'free', version: null }], { text });
    expect(d.servers.map((s) => [s.address, s.origin])).toEqual([['6000@lichost', 'HOST line of /l/site.lic']]);
    expect(d.features.map((f) => [f.usable, f.server])).toEqual([
      [true, '6000@lichost'],
      [true, null],
    ]);
    // the uncounted feature was not asked of the server
    expect(d.servers[0]?.steps.some((s) => s.feature === 'free')).toBe(false);
  });

  it('a counted license and no server anywhere: no_server, with where to point', async () => {
    const d = await run([], {}, [seat], { text: 'ISV demo\nLICENSE demo seat 1.0 permanent 2\n' });
    expect(d.features[0]?.reasons).toEqual([expect.objectContaining({ code: 'no_server', hint: expect.stringMatching(/-c PORT@HOST/) as unknown })]);
  });

  it('no feature named: the products of the files and of every server that answers', async () => {
    const d = await run(['5053@a'], { '5053@a': { pools: [pool('seat', '1.0', 2), pool('cad', '2.0', 1)] } }, [], {
      text: 'LICENSE demo local 1.0 permanent uncounted hostid=any\n',
    });
    expect(d.wanted.map((w) => w.product)).toEqual(['local', 'seat', 'cad']);
    expect(d.features.every((f) => f.usable)).toBe(true);
  });

  it('a name that does not resolve stops at the first step', async () => {
    const d = await run(['5053@nowhere.invalid'], {}, [seat]);
    expect(d.servers[0]?.steps).toEqual([expect.objectContaining({ name: 'resolve', ok: false, detail: 'cannot resolve nowhere.invalid', hint: 'check the name' })]);
    expect(d.features[0]?.reasons[0]?.code).toBe('server_unresolved');
  });
});
