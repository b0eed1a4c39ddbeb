// Where report lines go: what a client can make at will (denials, and the queue
// entries and exits of its waits) to denials.ndjson through the per-client
// limiter (limited-log.ts), everything else to report.ndjson. Two files with
// their own rotation, so that what accounting must keep (checkouts, checkins,
// removals, reclaims, administrators' actions) is never rotated away to make
// room for what any client can produce at will (docs/decisions.md).
import path from 'node:path';
import type { Timers } from '../../core/service.js';
import { LimitedLog, isLimited } from './limited-log.js';
import type { ReportEntry } from './report-entry.js';
import { ReportLog } from './report-log.js';

export const REPORT_FILE = 'report.ndjson';
export const DENIAL_FILE = 'denials.ndjson';

interface ReportSinkOptions {
  /** denial and queue lines written one by one per client and minute (0 = all) */
  denialsPerMinute: number;
  nowIso: () => string;
  warn: (line: string) => void;
  timers: Timers;
}

export class ReportSink {
  private constructor(
    private readonly report: ReportLog,
    private readonly denialFile: ReportLog,
    private readonly limited: LimitedLog,
  ) {}

  static async open(stateDir: string, o: ReportSinkOptions): Promise<ReportSink> {
    const report = await ReportLog.open(path.join(stateDir, REPORT_FILE), { onError: (e) => o.warn(`report log: ${e.message}`) });
    // what clients make at will is not worth more than a rotation of its own: 3 × 16 MiB at most
    const denialFile = await ReportLog.open(path.join(stateDir, DENIAL_FILE), { keep: 2, onError: (e) => o.warn(`denial log: ${e.message}`) });
    const limited = new LimitedLog({ write: (e) => denialFile.write(e), perMinute: o.denialsPerMinute, nowIso: o.nowIso, warn: o.warn, timers: o.timers });
    return new ReportSink(report, denialFile, limited);
  }

  write(entries: readonly ReportEntry[]): void {
    let others: ReportEntry[] | null = null;
    for (const e of entries) {
      if (isLimited(e)) this.limited.add(e);
      else (others ??= []).push(e);
    }
    if (others) this.report.write(others);
  }

  async close(): Promise<void> {
    // what the minute counted so far is written before the file closes
    this.limited.endMinute();
    await this.report.close();
    await this.denialFile.close();
  }
}
