// The worker thread of reread: runs a LoadJob and posts the StartupResult back.
// It is its own bundle entry (dist/load-worker.js); see loader.ts.
import { parentPort } from 'node:worker_threads';
import { runLoadJob, type LoadJob } from './load-job.js';

parentPort?.on('message', (msg: { seq: number; job: LoadJob }) => {
  try {
    parentPort?.postMessage({ seq: msg.seq, ok: true, result: runLoadJob(msg.job) });
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown; hint?: unknown };
    parentPort?.postMessage({ seq: msg.seq, ok: false, error: { code: err.code, message: String(err.message ?? e), hint: err.hint } });
  }
});
