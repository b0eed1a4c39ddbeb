// Hostile input for the license reader, as the server meets it: random text,
// license-like text, random bytes decoded as a file read would, and the real
// sample files damaged at random go through parseLicense AND the server's whole
// start-up processing (interpretation, signature check with a real key, pools)
// and a pool manager built from the result. Nothing may throw, no input may
// take long (no hang), the reader may never fall back to its internal-error
// diagnostic, and every diagnostic names the file and a line:column inside it.
// CI: >= 10^4 inputs; SOAK=1: 10^6.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostFacts } from '../../src/hostid/types.js';
import { decodeLicenseBytes, parseLicense } from '../../src/licfile/index.js';
import type { LicenseDocument } from '../../src/licfile/types.js';
import { PoolManager } from '../../src/server/core/pool/manager.js';
import { processStartup } from '../../src/server/boot/startup.js';
import { sampleTexts } from '../unit/licfile/helpers.js';
import { quantile, recordFigures, round, scaled, timeoutFor } from './support/figures.js';

const PER_GENERATOR = scaled(2_400, 200_000);
/** one input may never take this long: a hang, or a quadratic blow-up on a few hundred characters */
const MAX_MS_PER_INPUT = 1_000;

const host: HostFacts = {
  hostname: 'licsrv',
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
const { publicKey } = generateKeyPairSync('ed25519');

const FRAGMENTS = [
  'LICENSE ', 'FEATURE ', 'INCREMENT ', 'UPGRADE ', 'PACKAGE ', 'HOST ', 'SERVER ', 'ISV ', 'VENDOR ', 'DAEMON ',
  'USE_SERVER', 'CUSTOMER ', 'demo ', 'seat ', 'localhost ', 'any ', '5053 ', '1.0 ', '2.5 ', 'permanent ',
  '31-dec-2099 ', '1-jan-2020 ', '2026-06-20 ', 'uncounted ', '0 ', '3 ', '99999999999999999999 ', 'single ',
  'sig="', 'SIGN="', 'LU1:ABCDEFGH', '_ck=', 'hostid=', 'HOSTID=ANY ', 'share=u:2 ', 'share=uhi ', 'soft_limit=1 ',
  'hold=5 ', 'min_checkout=9 ', 'min_remove=-1 ', '_password=x ', 'password=y ', 'start=1-jan-2030 ', 'replace ',
  'replace=demo ', 'TS_OK ', 'port=5053 ', 'options="a b" ', 'customer="X Y" ', '"', '\\', '\\\n', '\n', '\r\n',
  '\r', ' ', '\t', '#', '=', ':', '\uFEFF', '\u0000', '\u201d', '<x>', 'x'.repeat(80), '9'.repeat(40), '𝔘', 'é',
];
const licenseish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 80 }).map((p) => p.join(''));
const FIXTURES = sampleTexts();
const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 40 }), put: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })) });
const damaged = fc
  .tuple(fc.constantFrom(...FIXTURES), fc.array(edit, { minLength: 1, maxLength: 10 }))
  .map(([fx, edits]) => ({ name: fx.name, text: damage(fx.text, edits) }));

/** Files for this host with random grants and attributes, so interpretation and pools see many shapes. */
const ATTRS = [
  'share=u', 'share=h:3', 'share=uhi:0', 'share=x', 'soft_limit=2', 'soft_limit=-1', 'hold=30', 'hold=x', 'min_checkout=5',
  'min_remove=-1', 'min_remove=0', '_password=pw', 'password=pw', 'start=1-jan-2030', 'start=1-jan-2020', 'issued=1-jan-2025',
  'hostid=any', 'hostid=0090f5df5600', 'hostid=ip=10.1.2.3', 'replace', 'replace=seat', 'options="o p"', 'customer="C"',
  '_id=3', 'type=single', 'sig="LU1:AAAA"', 'named_user', 'timezone=1', 'platforms=x64_l', 'max_roam=2', 'contract="k"',
];
const grantLine = fc
  .record({
    kw: fc.constantFrom('LICENSE', 'FEATURE', 'UPGRADE', 'INCREMENT'),
    product: fc.constantFrom('seat', 'cad', 'sim', 'x'.repeat(70)),
    version: fc.constantFrom('1.0', '2.5', '0', '1.2.3', 'v1', '999999999999.1'),
    exp: fc.constantFrom('permanent', '31-dec-2099', '1-jan-2020', '2026-06-16', '0', 'bogus', '29-feb-2025'),
    count: fc.constantFrom('1', '5', '0', 'uncounted', 'single', '-3', '1000000', '99999999999999999999'),
    attrs: fc.array(fc.constantFrom(...ATTRS), { maxLength: 5 }),
  })
  .map((g) => `${g.kw} demo ${g.product} ${g.kw === 'UPGRADE' ? '1.0 ' : ''}${g.version} ${g.exp} ${g.count} ${g.attrs.join(' ')}`);
const hostFile = fc
  .tuple(fc.constantFrom('HOST localhost any 5053', 'HOST licsrv 0090f5df5600', 'HOST other 0123456789ab 7', 'SERVER licsrv ANY 27000', ''), fc.array(grantLine, { minLength: 1, maxLength: 8 }))
  .map(([h, lines]) => [h, 'ISV demo', ...lines, ''].join('\n'));

function damage(text: string, edits: ReadonlyArray<{ at: number; cut: number; put: string }>): string {
  let out = text;
  for (const e of edits) {
    const at = e.at % (out.length + 1);
    out = out.slice(0, at) + e.put + out.slice(at + e.cut);
  }
  return out;
}

function lineLengths(text: string): number[] {
  const parts = text.split('\n');
  if (text.endsWith('\n')) parts.pop();
  if (parts.length === 0) parts.push('');
  return parts.map((l) => [...(l.endsWith('\r') ? l.slice(0, -1) : l)].length);
}

const stats = { inputs: 0, diagnostics: 0, servedPools: 0, times: [] as number[], maxMs: 0 };

/** The reader's and start-up's invariants; returns the problems found (empty when none). */
function survive(file: string, text: string, counted = true): string[] {
  const t0 = performance.now();
  const problems: string[] = [];
  let doc: LicenseDocument;
  try {
    doc = parseLicense(text, file);
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const lens = lineLengths(body);
    for (const d of doc.diagnostics) {
      if (d.code === 'LIC_INTERNAL') problems.push(`the reader failed internally: ${d.message}`);
      const len = lens[d.line - 1];
      if (d.file !== file) problems.push(`diagnostic names ${d.file}, not ${file}`);
      if (len === undefined || d.column < 1 || d.column > len + 1) problems.push(`${d.code} at ${d.line}:${d.column} is outside the text`);
      if (!/^LIC_[A-Z_]+$/.test(d.code) || d.message.trim() === '') problems.push(`malformed diagnostic ${JSON.stringify(d)}`);
    }
    stats.diagnostics += doc.diagnostics.length;
    // the server's start-up processing of the same file, with a real key for sig= lines
    const r = processStartup({ files: [{ path: file, text }], host, now: NOW, publicKey: () => publicKey, requireSignatures: false });
    for (const m of r.messages) if (m.text.trim() === '') problems.push('an empty start-up message');
    stats.servedPools += r.defs.length;
    const m = new PoolManager(r.defs, { clock: { monotonicMs: () => 1, wallMs: () => NOW.getTime() }, randomBytes: (n) => randomBytes(n) });
    for (const d of r.defs.slice(0, 3)) m.checkout({ product: d.product, version: '0', count: 1, user: 'u', host: 'h', pid: 1 });
    JSON.stringify(m.status({ includeProtected: true }));
  } catch (e) {
    problems.push(`threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  const ms = performance.now() - t0;
  if (!counted) return problems;
  stats.inputs++;
  stats.maxMs = Math.max(stats.maxMs, ms);
  if (stats.times.length < 50_000) stats.times.push(ms);
  if (ms > MAX_MS_PER_INPUT) problems.push(`took ${Math.round(ms)} ms (limit ${MAX_MS_PER_INPUT})`);
  return problems;
}

function check(file: string, text: string): void {
  const p = survive(file, text);
  // expect() per input is slow at 10^6 inputs; fail with the input when something is wrong
  if (p.length > 0) expect({ file, text: text.slice(0, 2000), problems: p }).toEqual({ file, text: text.slice(0, 2000), problems: [] });
}

afterAll(() => {
  recordFigures('fuzz-licfile', {
    inputs: stats.inputs,
    diagnostics: stats.diagnostics,
    served_pools: stats.servedPools,
    median_ms: round(quantile(stats.times, 0.5), 3),
    p99_ms: round(quantile(stats.times, 0.99), 3),
    max_ms: round(stats.maxMs, 1),
    violations: 0,
  });
});

const T = timeoutFor(60_000, 3_600_000);

describe(`the license reader and start-up processing on hostile input (${PER_GENERATOR} inputs per generator)`, () => {
  it('random strings of any characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => check('random.lic', text)), { numRuns: PER_GENERATOR });
  }, T);

  it('random license-like text', () => {
    fc.assert(fc.property(licenseish, (text) => check('like.lic', text)), { numRuns: PER_GENERATOR });
  }, T);

  it('random bytes, decoded as reading a file would', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => check('bytes.lic', decodeLicenseBytes(bytes))), { numRuns: PER_GENERATOR });
  }, T);

  it('the real sample files, damaged at random', () => {
    fc.assert(fc.property(damaged, (d) => check(d.name, d.text)), { numRuns: PER_GENERATOR });
  }, T);

  it('license files for this host with random grants and attributes', () => {
    fc.assert(fc.property(hostFile, (text) => check('host.lic', text)), { numRuns: PER_GENERATOR });
  }, T);

  it('huge inputs are read in bounded time: a 1 MB line, 20,000 lines, deep continuation', () => {
    const inputs = [
      `LICENSE demo p 1.0 permanent 1 sig="${'A'.repeat(1_000_000)}\n`,
      'HOST localhost any 5053\nISV demo\n' + 'LICENSE demo p 1.0 permanent 1 share=u:2\n'.repeat(20_000),
      `INCREMENT f v 1.0 permanent 1 ${'A=B \\\n'.repeat(20_000)}\n`,
      `LICENSE demo p 1.0 permanent 1 options="${'\\"'.repeat(100_000)}\n`,
    ];
    for (const [i, text] of inputs.entries()) {
      const t0 = performance.now();
      const problems = survive(`huge-${i}.lic`, text, false);
      expect(problems).toEqual([]);
      expect(performance.now() - t0).toBeLessThan(15_000);
    }
  }, 60_000);

  it(`counted: at least ${PER_GENERATOR * 5} inputs were tried`, () => {
    expect(stats.inputs).toBeGreaterThanOrEqual(PER_GENERATOR * 5);
    expect(stats.inputs).toBeGreaterThanOrEqual(10_000);
  });
});
