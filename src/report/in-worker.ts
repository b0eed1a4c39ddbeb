// Runs a usage report in a worker thread whose young generation is capped.
//
// Why: reading a log makes garbage in proportion to its size (every line is
// decoded to a string, ~2.5 bytes allocated per byte of log), and V8 grows
// the young generation, where that garbage lives until a scavenge, as long as
// a run goes on: up to two 16 MiB semi-spaces on Node.js 20, two 64 MiB ones
// on Node.js 24, all of it resident once used. Over a 1 GB log the semi-spaces
// alone were 128 MiB of Node.js 24's 205 MiB peak (v8.getHeapSpaceStatistics,
// --trace-gc-nvp: new_space_capacity doubling up to 64 MiB). A Worker's
// resourceLimits set its isolate's young generation: YOUNG_MB gives it
// Node.js 20's 16 MiB semi-spaces on every version (bench/suites/report.ts).
//
// The worker is the bundle's dist/report-worker.js. Code run from the sources
// (unit tests import src/ directly, where no worker bundle exists) runs the job
// in this thread instead: the report is the same, only the thread differs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { UsageReport } from './figures.js';
import { UnknownFormatError } from './read.js';
import { runUsageJob, type JobHooks, type UsageJob } from './usage-job.js';

/** young generation of the worker: 3 x its semi-space (V8 keeps as much for young large objects), so 16 MiB semi-spaces */
const YOUNG_MB = 48;

interface ErrorData {
  name: string;
  message: string;
  code?: string;
  file?: string;
  stack?: string;
}

/** what the worker is sent: the job, and whether to say how far it has read (a message per 1 MiB read) */
export interface WorkerJob {
  job: UsageJob;
  progress: boolean;
}

export type WorkerReply = { kind: 'progress'; bytes: number; events: number } | { kind: 'done'; report: UsageReport } | { kind: 'error'; error: ErrorData };

/** An error as data a message can carry. */
export function errorOf(e: unknown): ErrorData {
  if (e instanceof UnknownFormatError) return { name: 'UnknownFormatError', message: e.message, file: e.file };
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const { code, file } = e as { code?: unknown; file?: unknown };
  return { name: e.name, message: e.message, code: typeof code === 'string' ? code : undefined, file: typeof file === 'string' ? file : undefined, stack: e.stack };
}

/** The error again, as the code that reads it expects it (UnknownFormatError, or an error with its `code` and the `file` it came from). */
function errorFrom(d: ErrorData): Error {
  if (d.name === 'UnknownFormatError' && d.file !== undefined) return new UnknownFormatError(d.file);
  const e = new Error(d.message) as Error & { code?: string; file?: string };
  if (d.code !== undefined) e.code = d.code;
  if (d.file !== undefined) e.file = d.file;
  if (d.stack !== undefined) e.stack = d.stack;
  return e;
}

/** dist/report-worker.js from a bundle chunk (dist/chunks/*.js) or from dist/*.js */
function workerFile(): string | null {
  for (const rel of ['../report-worker.js', './report-worker.js']) {
    const file = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(file)) return file;
  }
  return null;
}

export function reportInWorker(job: UsageJob, hooks: JobHooks = {}): Promise<UsageReport> {
  const file = workerFile();
  if (file === null) return runUsageJob(job, hooks);
  // `-`: the worker reads file descriptor 0 itself (read.ts)
  const w = new Worker(file, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
  return new Promise<UsageReport>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      void w.terminate();
      f();
    };
    w.on('message', (r: WorkerReply) => {
      if (r.kind === 'progress') hooks.onProgress?.(r.bytes, r.events);
      else if (r.kind === 'done') settle(() => resolve(r.report));
      else settle(() => reject(errorFrom(r.error)));
    });
    w.on('error', (e) => settle(() => reject(e)));
    w.on('exit', (code) => settle(() => reject(new Error(`the report's reading thread stopped (exit ${code})`))));
    w.postMessage({ job, progress: hooks.onProgress !== undefined } satisfies WorkerJob);
  });
}
