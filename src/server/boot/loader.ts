// Runs LoadJobs off the event loop. Reading and pooling 100,000 license lines
// takes seconds of CPU; on the server's own thread a reread stopped every
// heartbeat and checkout for that long (a client on a 4 s lease lapsed). The
// job runs in a worker thread and only its result comes back.
//
// The worker is the bundle's dist/load-worker.js. Code run from the sources
// (unit tests import src/ directly, where no worker bundle exists) runs the job
// in this thread instead: the result is the same, only the thread differs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ERROR_CODES, LicutilError, type ErrorCode } from '../../protocol/errors.js';
import { runLoadJob, type LoadJob } from './load-job.js';
import type { StartupResult } from './startup.js';

type Reply = { seq: number; ok: true; result: StartupResult } | { seq: number; ok: false; error: { code: unknown; message: string; hint: unknown } };

/** dist/load-worker.js from a bundle chunk (dist/chunks/*.js) or from dist/*.js */
function workerFile(): string | null {
  for (const rel of ['../load-worker.js', './load-worker.js']) {
    const file = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(file)) return file;
  }
  return null;
}

export class LicenseLoader {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: StartupResult) => void; reject: (e: Error) => void }>();
  private readonly file = workerFile();

  /** true when jobs run in a worker thread */
  get threaded(): boolean {
    return this.file !== null;
  }

  load(job: LoadJob): Promise<StartupResult> {
    if (this.file === null) return Promise.resolve().then(() => runLoadJob(job));
    const w = this.start(this.file);
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      w.postMessage({ seq, job });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private start(file: string): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(file);
    // an idle worker must not keep a stopping server alive
    w.unref();
    w.on('message', (r: Reply) => {
      const p = this.pending.get(r.seq);
      if (!p) return;
      this.pending.delete(r.seq);
      if (r.ok) p.resolve(r.result);
      else {
        const code: ErrorCode = typeof r.error.code === 'string' && r.error.code in ERROR_CODES ? (r.error.code as ErrorCode) : 'LICUTIL_E_INTERNAL';
        p.reject(new LicutilError(code, r.error.message, typeof r.error.hint === 'string' ? r.error.hint : undefined));
      }
    });
    const fail = (e: Error) => {
      this.worker = null;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new LicutilError('LICUTIL_E_INTERNAL', `the license reader thread stopped (exit ${code})`)));
    this.worker = w;
    return w;
  }
}
