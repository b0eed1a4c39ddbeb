// Signed licenses on a real `serve --require-signatures --pub demo.pub`: every
// covered field changed after signing — count, expiry, version, product, ISV,
// the server's hostid, each covered attribute, attributes added or dropped,
// the signature itself — makes the license not served (at start-up and at a
// reread), while underscore attributes, the HOST line's name and port, the ISV
// line's path, comments, case, wrapping and attribute order may change freely
// (DESIGN.md "Signing"; seed 002: every field is fixed "with the exception of
// the parameters whose names begin with the underscore").
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_BIN, killAll, startServer, tempDir, type ServerHandle } from '../helpers/server.js';
import { recordFigures } from './support/figures.js';

afterAll(killAll);

const LINE = 'LICENSE demo seat 1.0 31-dec-2099 5 share=u:2 soft_limit=4 min_remove=60 options="opt" customer="Cust" issued=1-jan-2025 _id=1';
const UNSIGNED = `HOST localhost any 5053\nISV demo\n${LINE}\n`;

function cli(dir: string, args: string[]): string {
  const r = spawnSync(process.execPath, [SERVER_BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LICUTIL_NOW: '2026-06-15T12:00:00Z' } });
  if (r.status !== 0) throw new Error(`licutil ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

let dir: string;
let signed: string;
let thisHostid: string;
let server: ServerHandle;

interface Pool {
  product: string;
  version: string;
  count: number;
  soft_limit: number;
  share: string | null;
}

beforeAll(async () => {
  dir = tempDir('licutil-signed-');
  writeFileSync(path.join(dir, 'demo.lic'), UNSIGNED);
  cli(dir, ['sign', 'keygen', '--isv', 'demo', '--out', 'keys']);
  cli(dir, ['sign', '--key', 'keys/demo.key', 'demo.lic']);
  signed = readFileSync(path.join(dir, 'demo.lic'), 'utf8');
  expect(signed).toMatch(/sig="LU1:/);
  const ids = JSON.parse(cli(dir, ['hostid', '--json'])) as { hostids: Array<{ hostid: string }> };
  thisHostid = ids.hostids[0]?.hostid ?? 'any';
  server = await startServer({ dir, files: ['demo.lic'], args: ['--require-signatures', '--pub', path.join(dir, 'keys', 'demo.pub')] });
}, 60_000);

const pools = async (): Promise<Pool[]> => (await server.api<{ pools: Pool[] }>('GET', '/v1/status')).json.pools;
const line = (text: string) => text.split('\n')[2] as string;
/** the signed file with the LICENSE line's first physical line edited */
const editLine = (f: (l: string) => string) => signed.split('\n').map((l, i) => (i === 2 ? f(l) : l)).join('\n');

const COVERED: Array<[string, () => string]> = [
  ['count 5 → 6', () => editLine((l) => l.replace(' 5 share', ' 6 share'))],
  ['count 5 → 500', () => editLine((l) => l.replace(' 5 share', ' 500 share'))],
  ['expiry → 31-dec-2100', () => editLine((l) => l.replace('31-dec-2099', '31-dec-2100'))],
  ['expiry → permanent', () => editLine((l) => l.replace('31-dec-2099', 'permanent'))],
  ['version 1.0 → 2.0', () => editLine((l) => l.replace('seat 1.0', 'seat 2.0'))],
  ['version 1.0 → 1.01', () => editLine((l) => l.replace('seat 1.0', 'seat 1.01'))],
  ['product seat → seats', () => editLine((l) => l.replace('seat 1.0', 'seats 1.0'))],
  ['isv demo → acme', () => editLine((l) => l.replace('LICENSE demo', 'LICENSE acme')).replace('ISV demo', 'ISV demo\nISV acme')],
  ["the HOST line's hostid any → this machine's", () => signed.replace('HOST localhost any 5053', `HOST localhost ${thisHostid} 5053`)],
  ['share=u:2 → u:3', () => editLine((l) => l.replace('share=u:2', 'share=u:3'))],
  ['share= dropped', () => editLine((l) => l.replace(' share=u:2', ''))],
  ['soft_limit=4 → 5', () => editLine((l) => l.replace('soft_limit=4', 'soft_limit=5'))],
  ['min_remove=60 → 0', () => editLine((l) => l.replace('min_remove=60', 'min_remove=0'))],
  ['options changed', () => editLine((l) => l.replace('options="opt"', 'options="opt2"'))],
  ['customer changed', () => editLine((l) => l.replace('customer="Cust"', 'customer="Other"'))],
  ['issued changed', () => editLine((l) => l.replace('issued=1-jan-2025', 'issued=2-jan-2025'))],
  ['hold=30 added', () => editLine((l) => `${l} hold=30`)],
  ['min_checkout=60 added', () => editLine((l) => `${l} min_checkout=60`)],
  ['start= added', () => editLine((l) => `${l} start=1-jan-2025`)],
  ['hostid=any added (node lock)', () => editLine((l) => `${l} hostid=any`)],
  ['replace added', () => editLine((l) => `${l} replace`)],
  ['the signature changed by one character', () => signed.replace(/sig="LU1:(.)/, (_m, c: string) => `sig="LU1:${c === 'A' ? 'B' : 'A'}`)],
  ['the signature removed', () => signed.replace(/\s+sig="[^"]*"/, '')],
];

const UNCOVERED: Array<[string, () => string]> = [
  ['_id=1 → 7', () => editLine((l) => l.replace('_id=1', '_id=7'))],
  ['_line_item added', () => editLine((l) => `${l} _line_item="PO 42"`)],
  ['_ck added', () => editLine((l) => `${l} _ck=abc`)],
  ['HOST name and port changed', () => signed.replace('HOST localhost any 5053', 'HOST licsrv any 7070')],
  ['ISV line gets a path', () => signed.replace('ISV demo', 'ISV demo /opt/demo/bin/demo')],
  ['comments and blank lines added', () => `# site licenses\n\n${signed.replace('ISV demo', '# the vendor\nISV demo')}`],
  ['attributes reordered', () => editLine((l) => l.replace('share=u:2 soft_limit=4', 'soft_limit=4 share=u:2'))],
  ['keyword and product in other case', () => editLine((l) => l.replace('LICENSE demo seat', 'license demo SEAT'))],
  ['wrapped differently', () => editLine((l) => l.replace(' options=', '\n    options='))],
];

const figures = { covered_changes: 0, rejected: 0, uncovered_changes: 0, still_served: 0, cold_starts: 0, violations: 0 };
afterAll(() => recordFigures('signatures', figures));

describe('signed licenses on serve --require-signatures', () => {
  it('the signed file is served as written', async () => {
    expect(await pools()).toMatchObject([{ product: 'seat', version: '1.0', count: 5, soft_limit: 4, share: 'u:2' }]);
  });

  it(`each of ${COVERED.length} changes to a covered field: not served (a reread drops or refuses it; the log says why)`, async () => {
    for (const [what, make] of COVERED) {
      writeFileSync(path.join(dir, 'demo.lic'), make());
      const r = await server.api<{ removed?: unknown[]; messages?: string[] }>('POST', '/v1/reread', {});
      const served = await pools();
      figures.covered_changes++;
      // either the reread is refused (an unverifiable license: LICUTIL_E_KEY, the old pools stay) ...
      const refused = r.status === 500 && r.json.error?.code === 'LICUTIL_E_KEY';
      // ... or the changed license is left out for its signature
      const dropped = r.status === 200 && served.length === 0 && (r.json.messages ?? []).some((m) => /signature/.test(m));
      expect({ what, status: r.status, refused, dropped, served: served.map((p) => `${p.product} ${p.version} ${p.count}`) }).toMatchObject({ what, ...(refused ? { refused: true } : { dropped: true }) });
      if (refused) expect(served.map((p) => `${p.product} ${p.version} ${p.count}`)).toEqual(['seat 1.0 5']);
      figures.rejected++;
      // back to the signed file
      writeFileSync(path.join(dir, 'demo.lic'), signed);
      expect((await server.api('POST', '/v1/reread', {})).status).toBe(200);
      expect((await pools()).map((p) => p.count)).toEqual([5]);
    }
  }, 120_000);

  it(`each of ${UNCOVERED.length} changes to what the signature does not cover: still served, unchanged`, async () => {
    for (const [what, make] of UNCOVERED) {
      writeFileSync(path.join(dir, 'demo.lic'), make());
      const r = await server.api('POST', '/v1/reread', {});
      figures.uncovered_changes++;
      expect({ what, status: r.status }).toEqual({ what, status: 200 });
      expect({ what, pools: (await pools()).map((p) => [p.product.toLowerCase(), p.version, p.count, p.soft_limit, p.share]) }).toEqual({ what, pools: [['seat', '1.0', 5, 4, 'u:2']] });
      figures.still_served++;
    }
    writeFileSync(path.join(dir, 'demo.lic'), signed);
    expect((await server.api('POST', '/v1/reread', {})).status).toBe(200);
  }, 120_000);

  it('at start-up too: a server started on a changed count or expiry serves nothing, and says it is the signature', async () => {
    for (const [what, make] of COVERED.filter(([w]) => /count 5 → 6|expiry → permanent/.test(w))) {
      const d = tempDir('licutil-signed-cold-');
      writeFileSync(path.join(d, 'demo.lic'), make());
      let s: ServerHandle | null = null;
      try {
        s = await startServer({ dir: d, files: ['demo.lic'], args: ['--require-signatures', '--pub', path.join(dir, 'keys', 'demo.pub')], readyMs: 10_000 });
        expect({ what, pools: (await s.api<{ pools: Pool[] }>('GET', '/v1/status')).json.pools }).toEqual({ what, pools: [] });
        expect(s.stderr()).toMatch(/demo\.lic:3: .*not served: .*signature does not verify/);
      } catch (e) {
        // refusing to start at all (exit 78) is as good
        expect(String(e)).toMatch(/exited \(78\)[\s\S]*signature/);
      } finally {
        await s?.stop();
      }
      figures.cold_starts++;
    }
    expect(line(signed)).toBe(LINE);
  }, 60_000);
});
