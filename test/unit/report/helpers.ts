// Runs the readers and the aggregator as the command does, without the binary.
import { Readable } from 'node:stream';
import { UsageAggregator } from '../../../src/report/aggregate.js';
import { bucketer, type Bucket } from '../../../src/report/buckets.js';
import { buildReport } from '../../../src/report/build.js';
import type { FeatureFigures, UsageReport } from '../../../src/report/figures.js';
import { readLogs } from '../../../src/report/read.js';

export interface ReportOptions {
  since?: number;
  until?: number;
  features?: string[];
  bucket?: Bucket;
  timeZone?: string;
  /** text given as standard input for the file `-`: one chunk, or these chunks */
  stdin?: string | Buffer | Buffer[];
}

export async function reportOf(files: string[], o: ReportOptions = {}): Promise<UsageReport> {
  const timeZone = o.timeZone ?? 'UTC';
  const bucket = bucketer(o.bucket ?? 'hour', timeZone);
  const agg = new UsageAggregator({ since: o.since ?? null, until: o.until ?? null, features: o.features ? new Set(o.features) : null, bucket });
  const summary = await readLogs(
    files,
    {
      format: null,
      timeZone,
      today: { year: 2025, month: 12, day: 31 },
      enough: () => agg.pastUntil,
      stdin: () => Readable.from(Array.isArray(o.stdin) ? o.stdin : [typeof o.stdin === 'string' ? Buffer.from(o.stdin) : (o.stdin ?? Buffer.alloc(0))]),
    },
    (e) => agg.add(e),
  );
  return buildReport({ result: agg.finish(), bucket, timeZone, inputs: summary.inputs, unread: summary.unread, licensed: new Map() });
}

export function feature(r: UsageReport, name: string): FeatureFigures {
  const f = r.features.find((x) => x.feature === name);
  if (!f) throw new Error(`no feature ${name} in ${r.features.map((x) => x.feature).join(', ')}`);
  return f;
}
