// Hostile input for the ltelicense configuration reader, along the path
// `licutil serve --config` takes: read (syntax, preprocessor, includes, merge),
// interpret the server keys, refuse with LICUTIL_E_CONFIG when there are
// errors, then turn it into the server's effective settings. Whatever the
// files hold, nothing throws except that one refusal, no input takes long, the
// reader never falls back to its internal-error diagnostic, every diagnostic
// points at a line and column that exist in the file it names, and a refusal
// lists located errors. CI: >= 10^4 inputs; SOAK=1: 10^6.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { configToJson, loadServerConfig, requireServerConfig, type ConfigDiagnostic } from '../../src/config/index.js';
import { LicutilError } from '../../src/protocol/errors.js';
import { effectiveServe, effectiveToJson } from '../../src/server/boot/serve-config.js';
import { tree } from '../unit/config/helpers.js';
import { quantile, recordFigures, round, scaled, timeoutFor } from './support/figures.js';

const PER_GENERATOR = scaled(2_500, 250_000);
const MAX_MS_PER_INPUT = 1_000;
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/config');

function samples(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? samples(p) : n.endsWith('.cfg') ? [readFileSync(p, 'utf8')] : [];
  });
}

const SAMPLES = [
  ...samples(FIXTURES),
  '{ bind_addr: "0.0.0.0:9000", licenses: [ { path: "/l/a.lic", tag: "lab" }, "/l/b.lic" ], com_addr: "127.0.0.1:9050", com_name: "LICENSE" }',
  'log_options: "all.level=debug", log_count: 10, com_log_count: 4096, com_auth: { password: "x", unsecure: true }',
  '#define PORT 9000\nbind_addr: `0.0.0.0:${PORT}`, licenses: ["a.lic"]',
];

const PIECES = [
  '{', '}', '[', ']', '(', ')', ':', ',', ' ', '\n', '\r\n', '\t', '"', '`', '${', '\\', '/*', '*/', '//', '#define X 1\n',
  '#if X\n', '#ifdef Y\n', '#else\n', '#endif\n', '#include "b.cfg"\n', 'include "b.cfg",', 'include "main.cfg",',
  'bind_addr: ', 'licenses: ', 'com_addr: ', 'com_name: ', 'com_auth: ', 'com_ssl: ', 'com_cert: ', 'com_key: ',
  'com_log_count: ', 'log_options: ', 'log_filename: ', 'log_sync: ', 'log_count: ', 'path: ', 'tag: ', 'password: ',
  'passfile: ', 'unsecure: ', '"0.0.0.0:9000"', '"[::]"', '"[::1]:70000"', '"host:port"', '"/l/a.lic"', '"../../etc/passwd"',
  '"all.level=debug,license.max_size=1"', '"bogus=="', 'true', 'false', 'null', '0', '1', '-1', '65536', '1e999', '3I',
  '0x1F', '"str"', '`t${1+2}`', '\uFEFF', '\u0000', '𝔘', 'é',
];
const piece = fc.constantFrom(...PIECES);
const languageish = fc.array(piece, { maxLength: 80 }).map((p) => p.join(''));
const mutated = fc
  .tuple(fc.constantFrom(...SAMPLES), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.oneof(piece, fc.string({ maxLength: 5 }))), { minLength: 1, maxLength: 8 }))
  .map(([text, edits]) => {
    let t = text;
    for (const [at, del, ins] of edits) {
      const i = at % (t.length + 1);
      t = t.slice(0, i) + ins + t.slice(i + del);
    }
    return t;
  });

function lineLengths(text: string): number[] {
  return text.replace(/^\uFEFF/, '').split('\n').map((l) => [...l].length);
}

function positionProblem(d: ConfigDiagnostic, files: Record<string, string>): string | null {
  const text = files[d.file];
  if (text === undefined) return `diagnostic names a file that is not in the tree: ${JSON.stringify(d)}`;
  const len = lineLengths(text)[d.line - 1];
  if (len === undefined || d.line < 1) return `line ${d.line} is not in ${d.file}: ${d.message}`;
  if (d.column < 1 || d.column > len + 1) return `column ${d.column} is not on line ${d.line} of ${d.file}: ${d.message}`;
  return null;
}

const stats = { inputs: 0, refused: 0, accepted: 0, diagnostics: 0, times: [] as number[], maxMs: 0 };

function survive(files: Record<string, string>, counted = true): string[] {
  const problems: string[] = [];
  const t0 = performance.now();
  try {
    const loaded = loadServerConfig('main.cfg', tree(files));
    stats.diagnostics += loaded.diagnostics.length;
    for (const d of loaded.diagnostics) {
      if (d.code === 'CFG_INTERNAL') problems.push(`the reader failed internally: ${d.message}`);
      const p = positionProblem(d, files);
      if (p) problems.push(p);
      if (d.message.trim() === '') problems.push(`an empty message: ${JSON.stringify(d)}`);
    }
    JSON.stringify(configToJson(loaded.value));
    try {
      const cfg = requireServerConfig(loaded);
      stats.accepted++;
      JSON.stringify(effectiveToJson(effectiveServe({ paths: [] }, cfg)));
    } catch (e) {
      // the one expected refusal: a configuration error listing located errors
      if (!(e instanceof LicutilError) || e.code !== 'LICUTIL_E_CONFIG') throw e;
      if (!/\.cfg(:\d+:\d+)?: error: /.test(e.message)) problems.push(`a refusal without a located error: ${e.message}`);
      stats.refused++;
    }
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

function check(files: Record<string, string>): void {
  const p = survive(files);
  if (p.length > 0) expect({ files, problems: p }).toEqual({ files, problems: [] });
}

afterAll(() => {
  recordFigures('fuzz-config', {
    inputs: stats.inputs,
    accepted: stats.accepted,
    refused_with_located_errors: stats.refused,
    diagnostics: stats.diagnostics,
    median_ms: round(quantile(stats.times, 0.5), 3),
    p99_ms: round(quantile(stats.times, 0.99), 3),
    max_ms: round(stats.maxMs, 1),
    violations: 0,
  });
});

const T = timeoutFor(60_000, 3_600_000);
const others = { 'b.cfg': 'b: 1', 'c.cfg': 'c: 2' };

describe(`the configuration reader on hostile input (${PER_GENERATOR} inputs per generator)`, () => {
  it('random text of any characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (t) => check({ 'main.cfg': t })), { numRuns: PER_GENERATOR });
  }, T);

  it('random pieces of the language and the server keys', () => {
    fc.assert(fc.property(languageish, (t) => check({ 'main.cfg': t, ...others })), { numRuns: PER_GENERATOR });
  }, T);

  it('the samples, damaged at random', () => {
    fc.assert(fc.property(mutated, (t) => check({ 'main.cfg': t, ...others })), { numRuns: PER_GENERATOR });
  }, T);

  it('trees of files that include each other, cycles included', () => {
    const file = fc.array(fc.oneof(piece, fc.constantFrom('include "main.cfg",', '#include "c.cfg"\n', 'include "b.cfg",', 'licenses: ["x.lic"],')), { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(fc.property(file, file, file, (m, b, c) => check({ 'main.cfg': m, 'b.cfg': b, 'c.cfg': c })), { numRuns: PER_GENERATOR });
  }, T);

  it('huge and deep inputs are read in bounded time', () => {
    const inputs = [
      `x: "${'a'.repeat(1_000_000)}"`,
      `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
      `x: ${'{ a: '.repeat(5_000)}1${' }'.repeat(5_000)}`,
      `x: ${'('.repeat(5_000)}1${')'.repeat(5_000)}`,
      '#if 1\n'.repeat(5_000),
      'licenses: ["a.lic"],\n'.repeat(20_000),
      `#define A 1\n${Array.from({ length: 30 }, (_, i) => `#define A${i + 1} A${i} A${i}`).join('\n')}\nx: A30`,
    ];
    for (const text of inputs) {
      const t0 = performance.now();
      expect(survive({ 'main.cfg': text }, false)).toEqual([]);
      expect(performance.now() - t0).toBeLessThan(15_000);
    }
  }, 120_000);

  it('counted: at least 10^4 inputs were tried', () => {
    expect(stats.inputs).toBeGreaterThanOrEqual(Math.max(10_000, PER_GENERATOR * 4));
  });
});
