// The worker thread of `licutil report` (in-worker.ts says why there is one):
// runs one job and answers with the report, or with the error that stopped it.
// It is its own bundle entry (dist/report-worker.js).
import { parentPort } from 'node:worker_threads';
import { errorOf, type WorkerJob, type WorkerReply } from './in-worker.js';
import { runUsageJob } from './usage-job.js';

const post = (r: WorkerReply): void => parentPort?.postMessage(r);

parentPort?.once('message', ({ job, progress }: WorkerJob) => {
  runUsageJob(job, { onProgress: progress ? (bytes, events) => post({ kind: 'progress', bytes, events }) : undefined }).then(
    (report) => post({ kind: 'done', report }),
    (e: unknown) => post({ kind: 'error', error: errorOf(e) }),
  );
});
