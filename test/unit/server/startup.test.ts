// Start-up processing (seed 003) without a process: files, host, clock and keys
// are given, and the result is what the server would serve, on which port, and
// what it would log.
import { describe, expect, it } from 'vitest';
import { generateKeyPair, parsePrivateKey, parsePublicKey, signDocument } from '../../../src/signing/index.js';
import { parseLicense } from '../../../src/licfile/parse.js';
import type { HostFacts } from '../../../src/hostid/types.js';
import { hostLineNamesThisMachine, processStartup, type StartupFile, type StartupInput } from '../../../src/server/boot/startup.js';
import type { HostStatement } from '../../../src/licfile/types.js';

const host: HostFacts = {
  hostname: 'licsrv.example.com',
  ethernet: ['0090f5df5600'],
  ip: ['10.1.2.3'],
  user: 'lic',
  platform: 'x64_l',
  timezoneOffsetMinutes: 0,
  virtualMachine: false,
  virtualMachineEvidence: null,
  terminalServer: false,
  diskSerials: [],
};

const NOW = new Date('2026-06-15T12:00:00Z');

function run(files: Array<[string, string]>, over: Partial<StartupInput> = {}) {
  const input: StartupInput = {
    files: files.map(([path, text]): StartupFile => ({ path, text })),
    host,
    now: NOW,
    publicKey: () => null,
    requireSignatures: false,
    ...over,
  };
  return processStartup(input);
}

const texts = (r: ReturnType<typeof run>) => r.messages.map((m) => m.text).join('\n');

describe('the port (seed 003: "the port # from the first file with the hostname on which it is running")', () => {
  it('takes the first file whose HOST line names this machine by host name, hostid, or any/localhost', () => {
    const r = run([
      ['/l/a.lic', 'HOST other 0123456789ab 7000\nISV demo\nLICENSE demo x 1.0 permanent 1\n'],
      ['/l/b.lic', 'HOST licsrv 0123456789ab 7001\nISV demo\nLICENSE demo y 1.0 permanent 1\n'],
      ['/l/c.lic', 'HOST elsewhere 0090f5df5600 7002\nISV demo\nLICENSE demo z 1.0 permanent 1\n'],
    ]);
    expect(r.port).toEqual({ port: 7001, file: '/l/b.lic', line: 1 });
    expect(run([['/l/c.lic', 'HOST elsewhere 0090f5df5600 7002\nISV demo\n']]).port?.port).toBe(7002);
    expect(run([['/l/d.lic', 'HOST localhost any 7003\nISV demo\n']]).port?.port).toBe(7003);
    expect(run([['/l/e.lic', 'HOST faraway 0123456789ab 7004\nISV demo\n']]).port).toBeNull();
  });

  it('a HOST line without a port means 5053', () => {
    expect(run([['/l/a.lic', 'HOST licsrv any\nISV demo\n']]).port?.port).toBe(5053);
  });

  it('hostLineNamesThisMachine compares short names and ignores case', () => {
    const h = (hostname: string, hostid = '0123456789ab') => ({ kind: 'host', hostname, hostid, port: null }) as unknown as HostStatement;
    expect(hostLineNamesThisMachine(h('LICSRV'), host)).toBe(true);
    expect(hostLineNamesThisMachine(h('licsrv.example.com'), host)).toBe(true);
    expect(hostLineNamesThisMachine(h('licsrv2'), host)).toBe(false);
    expect(hostLineNamesThisMachine(h('x', 'ip=10.1.2.3'), host)).toBe(true);
  });
});

describe('which licenses are served (seed 003)', () => {
  const file = [
    'HOST licsrv any 5053',
    'ISV demo',
    'LICENSE demo seat 1.0 permanent 4 share=u',
    'LICENSE demo seat 1.0 permanent 2 soft_limit=1',
    'LICENSE demo old 1.0 1-jan-2020 1',
    'LICENSE demo solo 1.0 permanent single hostid=any',
    'LICENSE demo later 1.0 permanent 1 start=1-jul-2026',
    'LICENSE demo soon 1.0 2026-06-20 1',
    '',
  ].join('\n');

  it('"ISV servers do not process single-use (count==single) licenses"; expired and not-started are left out, each logged with why', () => {
    const r = run([['/l/demo.lic', file]]);
    expect(r.defs.map((d) => d.product)).toEqual(['seat', 'seat', 'soon']);
    const log = texts(r);
    expect(log).toMatch(/demo\.lic:5: LICENSE demo old 1\.0 not served: .*expired/);
    expect(log).toMatch(/demo\.lic:6: LICENSE demo solo 1\.0 not served: .*single/);
    expect(log).toMatch(/demo\.lic:7: LICENSE demo later 1\.0 not served/);
  });

  it('"licenses that will expire within 14 days" are logged; the next start or end is when the pools are rebuilt', () => {
    const r = run([['/l/demo.lic', file]]);
    expect(texts(r)).toMatch(/demo\.lic:8: LICENSE demo soon 1\.0 expires in 5 day\(s\) \(2026-06-20\)/);
    // soon ends at the end of 2026-06-20 (UTC here), before later starts on 2026-07-01
    expect(r.nextChangeMs).toBe(Date.parse('2026-06-21T00:00:00Z'));
    const soon = r.defs.find((d) => d.product === 'soon');
    expect(soon?.expiresIso).toBe('2026-06-21T00:00:00.000Z');
  });

  it('licenses that differ in share= stay apart; pool ids are stable and in license order', () => {
    const r = run([['/l/demo.lic', file]]);
    const seats = r.defs.filter((d) => d.product === 'seat');
    expect(seats.map((d) => [d.id, d.count, d.softLimit, d.share?.user ?? false, d.order])).toEqual([
      ['demo:seat:1.0:0', 4, 4, true, 0],
      ['demo:seat:1.0:1', 2, 1, false, 1],
    ]);
    expect(run([['/l/demo.lic', file]]).defs.map((d) => d.id)).toEqual(r.defs.map((d) => d.id));
  });

  it('hold, min_checkout, min_remove and password reach the PoolDef', () => {
    const r = run([
      ['/l/a.lic', 'HOST licsrv any\nISV demo password=club\nLICENSE demo p 1.0 permanent 3 hold=30 min_checkout=60 min_remove=-1\nLICENSE demo q 1.0 permanent 1 _password=own\n'],
    ]);
    expect(r.defs.map((d) => [d.product, d.hold, d.minCheckout, d.minRemove, d.password])).toEqual([
      ['p', 30, 60, -1, 'club'],
      ['q', 0, 0, 120, 'own'],
    ]);
  });

  it('a file that cannot be read is logged and the others are still served', () => {
    const r = processStartup({
      files: [
        { path: '/l/missing.lic', text: null, error: 'ENOENT' },
        { path: '/l/ok.lic', text: 'HOST licsrv any\nISV demo\nLICENSE demo a 1.0 permanent 1\n' },
      ],
      host,
      now: NOW,
      publicKey: () => null,
      requireSignatures: false,
    });
    expect(r.defs.map((d) => d.product)).toEqual(['a']);
    expect(texts(r)).toMatch(/cannot read license file \/l\/missing\.lic: ENOENT/);
  });
});

describe('signatures', () => {
  const keys = generateKeyPair();
  const priv = parsePrivateKey(keys.privatePem, 'demo.key');
  const pub = parsePublicKey(keys.publicPem, 'demo.pub');
  const plain = 'HOST licsrv any 5053\nISV demo\nLICENSE demo seat 1.0 permanent 2\n';
  const signed = signDocument(parseLicense(plain, '/l/demo.lic'), priv).text;

  it('a signature that verifies with the ISV key is served without a warning', () => {
    const r = run([['/l/demo.lic', signed]], { publicKey: () => pub });
    expect(r.defs).toHaveLength(1);
    expect(texts(r)).not.toMatch(/without a verified signature/);
  });

  it('a changed covered field fails verification and the line is not served', () => {
    const tampered = signed.replace('permanent 2', 'permanent 20');
    const r = run([['/l/demo.lic', tampered]], { publicKey: () => pub });
    expect(r.defs).toHaveLength(0);
    expect(texts(r)).toMatch(/demo\.lic:3: LICENSE demo seat 1\.0 not served: .*signature/);
  });

  it('unknown key: served with a warning; --require-signatures makes it fatal', () => {
    const r = run([['/l/demo.lic', signed]]);
    expect(r.defs).toHaveLength(1);
    expect(r.fatal).toEqual([]);
    expect(texts(r)).toMatch(/served without a verified signature: .*no public key for ISV demo/);
    const strict = run([['/l/demo.lic', signed]], { requireSignatures: true });
    expect(strict.fatal).toHaveLength(1);
    expect(strict.fatal[0]).toMatch(/demo\.lic:\d+: LICENSE demo seat 1\.0/);
  });
});
