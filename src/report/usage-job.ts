// One usage report, from the log files to the document: the readers
// (read.ts), the aggregator (aggregate.ts) and the document (build.ts). A job
// is plain data, so the same job runs in this thread or in the report's
// worker thread (in-worker.ts).
import type { CivilDate } from '../legacy/logs/local-time.js';
import { UsageAggregator } from './aggregate.js';
import { bucketer, type Bucket } from './buckets.js';
import { buildReport } from './build.js';
import type { LogFormat } from './events/events.js';
import type { UsageReport } from './figures.js';
import { readLogs } from './read.js';
import type { Readable } from 'node:stream';

export interface UsageJob {
  files: string[];
  /** forced format (null: told from each file's first lines) */
  format: LogFormat | null;
  timeZone: string;
  today: CivilDate;
  since: number | null;
  until: number | null;
  /** -f: only these features (null: all) */
  features: string[] | null;
  bucket: Bucket;
  /** licenses issued per feature according to -c license sources */
  licensed: Array<[string, number]>;
}

export interface JobHooks {
  onProgress?: (bytes: number, events: number) => void;
  /** standard input, for `-` */
  stdin?: () => Readable;
}

export async function runUsageJob(job: UsageJob, hooks: JobHooks = {}): Promise<UsageReport> {
  const bucket = bucketer(job.bucket, job.timeZone);
  const aggregator = new UsageAggregator({ since: job.since, until: job.until, features: job.features === null ? null : new Set(job.features), bucket });
  const summary = await readLogs(
    job.files,
    {
      format: job.format,
      timeZone: job.timeZone,
      today: job.today,
      onProgress: hooks.onProgress,
      stdin: hooks.stdin,
      enough: () => aggregator.pastUntil,
    },
    (e) => aggregator.add(e),
  );
  return buildReport({ result: aggregator.finish(), bucket, timeZone: job.timeZone, inputs: summary.inputs, unread: summary.unread, licensed: new Map(job.licensed) });
}
