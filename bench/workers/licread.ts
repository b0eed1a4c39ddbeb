// Reads the generated license files and parses the same licenses as JSON, in
// turns within one process (run with --expose-gc: every timed run starts from a
// collected heap, and the collection its own garbage causes is part of its time).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { workerMain } from '../lib/proc.js';

export interface LicreadInput {
  files: Array<{ id: string; license: string; json: string; licenses: number }>;
  rounds: number;
}

export interface LicreadOutput {
  /** id → milliseconds per round */
  parse: Record<string, number[]>;
  json: Record<string, number[]>;
  /** from bytes: decode + parse, and toString + JSON.parse */
  parseBytes: Record<string, number[]>;
  jsonBytes: Record<string, number[]>;
  /** CPU ms (all threads, so parallel GC counts) of the parse and JSON.parse runs */
  parseCpu: Record<string, number[]>;
  jsonCpu: Record<string, number[]>;
  /** heapMiB: the V8 heap the document keeps; arrayMiB: its typed arrays' backing stores (outside the heap) */
  checks: Record<string, { statements: number; grants: number; errors: number; warnings: number; heapMiB: number; arrayMiB: number; jsonHeapMiB: number; tokensMs: number }>;
}

interface Lib {
  parseLicense: (text: string, file: string) => { statements: Array<{ kind: string; tokens?: unknown[]; attrs?: unknown[] }>; diagnostics: Array<{ severity: string; message: string }> };
  decodeLicenseBytes: (b: Uint8Array) => string;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function heapAfterGc(): number {
  return memoryAfterGc().heapUsed;
}

/** heapUsed and arrayBuffers (typed arrays' backing stores live outside the V8 heap) */
function memoryAfterGc(): { heapUsed: number; arrayBuffers: number } {
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heapUsed, arrayBuffers };
}

/** Reads one file untimed: are all licenses there without errors, and how much heap do both results keep? */
function check(lib: Lib, f: { id: string; license: string; licText: string; jsonText: string; licenses: number }): LicreadOutput['checks'][string] {
  const m0 = memoryAfterGc();
  let doc: ReturnType<Lib['parseLicense']> | null = lib.parseLicense(f.licText, f.license);
  const m1 = memoryAfterGc();
  const heapMiB = (m1.heapUsed - m0.heapUsed) / 2 ** 20;
  const arrayMiB = (m1.arrayBuffers - m0.arrayBuffers) / 2 ** 20;
  const grants = doc.statements.filter((s) => s.kind === 'license').length;
  const errors = doc.diagnostics.filter((d) => d.severity === 'error');
  if (grants !== f.licenses || errors.length > 0) {
    throw new Error(`${f.id}: read ${grants} licenses of ${f.licenses}, ${errors.length} errors (${errors[0]?.message ?? ''})`);
  }
  // what the first consumer of every statement's tokens and attributes pays (made on demand)
  const d = doc;
  const tokensMs = timed(() => {
    let n = 0;
    for (const s of d.statements) n += (s.tokens?.length ?? 0) + (s.attrs?.length ?? 0);
    return n;
  }).ms;
  const result = { statements: doc.statements.length, grants, errors: errors.length, warnings: doc.diagnostics.length - errors.length, heapMiB, arrayMiB, jsonHeapMiB: 0, tokensMs };
  doc = null;
  const h1 = heapAfterGc();
  let parsed: unknown[] | null = JSON.parse(f.jsonText) as unknown[];
  result.jsonHeapMiB = (heapAfterGc() - h1) / 2 ** 20;
  if (parsed.length !== f.licenses) throw new Error(`${f.id}: JSON has ${parsed.length} licenses`);
  parsed = null;
  return result;
}

function timed<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, value };
}

workerMain<LicreadInput, LicreadOutput>(async (input) => {
  const root = process.env.LICUTIL_BENCH_ROOT ?? '.';
  const lib = (await import(pathToFileURL(path.join(root, 'dist/lib.js')).href)) as Lib;
  const out: LicreadOutput = { parse: {}, json: {}, parseBytes: {}, jsonBytes: {}, parseCpu: {}, jsonCpu: {}, checks: {} };
  const data = input.files.map((f) => {
    const licBytes = readFileSync(f.license);
    const jsonBytes = readFileSync(f.json);
    return { ...f, licBytes, jsonBytes, licText: licBytes.toString('utf8'), jsonText: jsonBytes.toString('utf8') };
  });
  for (const f of data) {
    out.parse[f.id] = [];
    out.json[f.id] = [];
    out.parseBytes[f.id] = [];
    out.jsonBytes[f.id] = [];
    out.parseCpu[f.id] = [];
    out.jsonCpu[f.id] = [];
    // what was read, once, untimed: a check, and the heap each result keeps
    out.checks[f.id] = check(lib, f);
  }
  type Job = { kind: 'parse' | 'json' | 'parseBytes' | 'jsonBytes'; id: string; run: () => unknown };
  const jobs: Job[] = [];
  for (const f of data) {
    jobs.push({ kind: 'parse', id: f.id, run: () => lib.parseLicense(f.licText, f.license) });
    jobs.push({ kind: 'json', id: f.id, run: () => JSON.parse(f.jsonText) as unknown });
    jobs.push({ kind: 'parseBytes', id: f.id, run: () => lib.parseLicense(lib.decodeLicenseBytes(f.licBytes), f.license) });
    jobs.push({ kind: 'jsonBytes', id: f.id, run: () => JSON.parse(f.jsonBytes.toString('utf8')) as unknown });
  }
  // round 0 warms the JIT and is not kept; each result lives until the next
  // run is about to start, so its own collection is not charged to the next
  let kept: unknown = null;
  for (let r = 0; r <= input.rounds; r++) {
    for (let k = 0; k < jobs.length; k++) {
      const job = jobs[(k + r) % jobs.length] as Job;
      kept = null;
      gc();
      const t = timed(job.run);
      kept = t.value;
      if (r > 0) {
        out[job.kind][job.id]?.push(t.ms);
        if (job.kind === 'parse') out.parseCpu[job.id]?.push(t.cpuMs);
        if (job.kind === 'json') out.jsonCpu[job.id]?.push(t.cpuMs);
      }
    }
  }
  void kept;
  return out;
});
