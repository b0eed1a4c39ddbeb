// Runs rereads off the event loop. Reading and pooling 100,000 license lines
// takes seconds of CPU; on the server's own thread a reread stopped every
// heartbeat and checkout for that long (a client on a 4 s lease lapsed). The
// job runs in a worker thread, which keeps the definitions the server has
// installed and sends back only what changed (load-job.ts), in slices: a
// message of 100,000 definitions takes the server thread a few hundred ms
// just to receive.
//
// The worker is the bundle's dist/load-worker.js. Code run from the sources
// (unit tests import src/ directly, where no worker bundle exists) runs the job
// in this thread instead: the result is the same, only the thread differs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ERROR_CODES, LicutilError, type ErrorCode } from '../../protocol/errors.js';
import type { PoolDef } from '../core/pool/types.js';
import { encodeReport, type ReportJson } from '../adapters/http/reread-answer.js';
import { LoadSession, type LoadJob } from './load-job.js';
import { LIST_KEYS, LOAD_SLICE, REPORT_KEYS, type DeltaLists, type LoadedDelta, type LoaderReply, type LoaderRequest } from './load-messages.js';

/** What the server has installed: the worker's base when it has none (first reread, or after it restarted). */
export interface InstalledPools {
  defs: Iterable<PoolDef>;
  origins: ReadonlyMap<string, readonly string[]>;
}

/** dist/load-worker.js from a bundle chunk (dist/chunks/*.js) or from dist/*.js */
function workerFile(): string | null {
  for (const rel of ['../load-worker.js', './load-worker.js']) {
    const file = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(file)) return file;
  }
  return null;
}

const stoppedError = (): LicutilError => new LicutilError('LICUTIL_E_INTERNAL', 'the server is stopping: the licenses were not read again');

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/** The next `n` items of `it` (fewer at its end): slices built as they are sent, not all at once. */
function take<T>(it: Iterator<T>, n: number): T[] {
  const out: T[] = [];
  for (let r = it.next(); ; r = it.next()) {
    if (r.done) return out;
    out.push(r.value);
    if (out.length >= n) return out;
  }
}

interface Pending {
  resolve: (d: LoadedDelta) => void;
  reject: (e: Error) => void;
  lists: DeltaLists;
  report: ReportJson;
}

export class LicenseLoader {
  private worker: Worker | null = null;
  private seq = 0;
  /** the job whose result the server installed last; the base of the next job */
  private installedSeq = 0;
  /** whether the worker (or the in-thread session) holds that base */
  private seeded = false;
  private readonly pending = new Map<number, Pending>();
  private readonly file = workerFile();
  private readonly local = new LoadSession();
  private seeding: Promise<void> | null = null;
  /** counts worker restarts: a seed sent to a worker that stopped is no base */
  private generation = 0;
  /** set by close(): no worker may start again (a seed still running would start one that nobody ends) */
  private closed = false;

  /** true when jobs run in a worker thread */
  get threaded(): boolean {
    return this.file !== null;
  }

  /** Reads the licenses again and returns what differs from `installed`. */
  async load(job: LoadJob, installed: () => InstalledPools): Promise<LoadedDelta> {
    while (!this.seeded) {
      if (this.closed) throw stoppedError();
      await this.prime(installed);
    }
    const seq = ++this.seq;
    if (this.file === null) {
      await yieldToLoop();
      const { report, ...rest } = this.local.run(job, seq, this.installedSeq);
      return { ...rest, report: encodeReport(report) };
    }
    const w = this.start(this.file);
    return new Promise((resolve, reject) => {
      const report: ReportJson = { added: { count: 0, parts: [] }, removed: { count: 0, parts: [] }, changed: { count: 0, parts: [] } };
      this.pending.set(seq, { resolve, reject, lists: { upserts: [], removed: [], origins: [] }, report });
      w.postMessage({ kind: 'job', seq, baseSeq: this.installedSeq, job } satisfies LoaderRequest);
    });
  }

  /**
   * The server installed the result of job `seq` (ok), or could not (its pools
   * are as before), or installed part of it (unknown: the next job seeds again).
   */
  settle(seq: number, outcome: 'installed' | 'not-installed' | 'unknown'): void {
    if (outcome === 'installed') this.installedSeq = seq;
    else if (outcome === 'unknown') this.seeded = false;
  }

  /** Ends the worker for good; a reread still waiting for it fails, a seed still sending stops. */
  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    for (const p of this.pending.values()) p.reject(stoppedError());
    this.pending.clear();
    if (w) await w.terminate();
  }

  /**
   * Gives the worker the installed pools as its base, a slice per turn of the
   * event loop. The server calls it once it serves, so that the first reread
   * does not wait for it; a reread calls it when the worker has no base.
   */
  prime(installed: () => InstalledPools): Promise<void> {
    if (this.seeded) return Promise.resolve();
    this.seeding ??= this.seed(installed()).finally(() => (this.seeding = null));
    return this.seeding;
  }

  private async seed(installed: InstalledPools): Promise<void> {
    const seq = ++this.seq;
    const generation = this.generation;
    const defs = installed.defs[Symbol.iterator]();
    const origins = installed.origins[Symbol.iterator]() as Iterator<[string, string[]]>;
    for (let first = true; ; first = false) {
      if (this.closed) return;
      const d = take(defs, LOAD_SLICE);
      const o = take(origins, LOAD_SLICE);
      if (!first && d.length === 0 && o.length === 0) break;
      if (this.file === null) this.local.seed(seq, d, o);
      else this.start(this.file).postMessage({ kind: 'seed', seq, defs: d, origins: o } satisfies LoaderRequest);
      await yieldToLoop();
    }
    if (generation !== this.generation) return;
    this.installedSeq = seq;
    this.seeded = true;
  }

  private start(file: string): Worker {
    if (this.worker) return this.worker;
    if (this.closed) throw stoppedError();
    const w = new Worker(file);
    w.on('message', (r: LoaderReply) => this.onReply(r));
    const fail = (e: Error) => {
      if (this.worker !== w) return;
      this.worker = null;
      // a new worker starts without a base
      this.seeded = false;
      this.generation++;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new LicutilError('LICUTIL_E_INTERNAL', `the license reader thread stopped (exit ${code})`)));
    // an idle worker must not keep a stopping server alive; after the listeners,
    // because adding a 'message' listener refs the worker again (Node.js 20)
    w.unref();
    this.worker = w;
    return w;
  }

  private onReply(r: LoaderReply): void {
    const p = this.pending.get(r.seq);
    if (!p) return;
    if (r.kind === 'part') {
      for (const k of LIST_KEYS) for (const x of r.lists[k] ?? []) (p.lists[k] as unknown[]).push(x);
      for (const k of REPORT_KEYS) {
        const bytes = r.report[k];
        if (bytes) p.report[k].parts.push(bytes);
      }
      // ask for the next slice after a turn of the event loop, so requests are answered between slices
      setImmediate(() => this.worker?.postMessage({ kind: 'next', seq: r.seq } satisfies LoaderRequest));
      return;
    }
    this.pending.delete(r.seq);
    if (r.kind === 'done') {
      for (const k of REPORT_KEYS) p.report[k].count = r.counts[k];
      p.resolve({ ...r.delta, ...p.lists, report: p.report });
      return;
    }
    const code: ErrorCode = typeof r.error.code === 'string' && r.error.code in ERROR_CODES ? (r.error.code as ErrorCode) : 'LICUTIL_E_INTERNAL';
    p.reject(new LicutilError(code, r.error.message, typeof r.error.hint === 'string' ? r.error.hint : undefined));
  }
}
