// Runs the readers and the aggregator as the command does, without the binary.
import { Readable } from 'node:stream';
import { UsageAggregator } from '../../../src/report/aggregate.js';
import { bucketer, type Bucket } from '../../../src/report/buckets.js';
import { buildReport } from '../../../src/report/build.js';
import type { FeatureFigures, UsageReport } from '../../../src/report/figures.js';
import { blankEvent, type EventOut, type LineParser, type UsageEvent } from '../../../src/report/events/events.js';
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

/**
 * Reads lines with a reader's bytes path (declined lines as text) and with
 * its text path alone, each with a parser of its own: the events and the
 * answers of both, and how many lines the bytes path took.
 */
export function bytesAndText(make: () => LineParser, lines: readonly string[]): { got: UsageEvent[]; want: UsageEvent[]; whys: Array<[string | null, string | null]>; taken: number } {
  const collect = (events: UsageEvent[]): EventOut => ({ next: () => (events.push(blankEvent()), events[events.length - 1] as UsageEvent), keep: (e) => events.push(e) });
  const text = make();
  const bytes = make();
  const want: UsageEvent[] = [];
  const got: UsageEvent[] = [];
  const whys: Array<[string | null, string | null]> = [];
  let taken = 0;
  for (const [i, line] of lines.entries()) {
    const why = text.line(line, i + 1, collect(want));
    // the line inside a larger buffer, as the reader hands it over
    const buf = Buffer.from(`x\n${line}\ny`);
    const read = bytes.bytes?.(buf, 2, buf.length - 2, collect(got)) ?? false;
    if (read) taken++;
    whys.push([why, read ? null : bytes.line(line, i + 1, collect(got))]);
  }
  return { got, want, whys, taken };
}
