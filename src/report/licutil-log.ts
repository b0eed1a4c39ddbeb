// licutil's own report log (src/server/adapters/report/report-log.ts): NDJSON, one
// ReportEntry per line, read into usage events. Rotated files
// (report.ndjson.1 ...) are the same server: the caller names them alike.
import type { ReportEntry } from '../server/adapters/report/report-entry.js';
import { SKIP, usageEvent, type LineParser, type LineResult, type UsageKind } from './events/events.js';

const KINDS: Record<ReportEntry['event'], UsageKind | null> = {
  checkout: 'out',
  checkin: 'in',
  removal: 'removed',
  reclaim: 'reclaimed',
  denial: 'denied',
  queue: 'queued',
  dequeue: 'dequeued',
  // the seat of a checkin with a hold comes free: the holder's use ended at the checkin
  'hold-release': null,
  // an administrator's reread, down or status-page sign-in: no seat changes hands
  admin: null,
};

export function licutilLogParser(server: string): LineParser {
  return {
    format: 'licutil',
    line(text): LineResult {
      if (text.length === 0) return SKIP;
      let e: Partial<ReportEntry>;
      try {
        e = JSON.parse(text) as Partial<ReportEntry>;
      } catch {
        return text.trim() === '' ? SKIP : { error: 'not a JSON object' };
      }
      if (e === null || typeof e !== 'object') return { error: 'not a JSON object' };
      const kind = typeof e.event === 'string' ? KINDS[e.event] : undefined;
      if (kind === undefined) return { error: `unknown event ${JSON.stringify(e.event)}` };
      if (kind === null) return SKIP;
      const time = typeof e.time === 'string' ? Date.parse(e.time) : NaN;
      if (Number.isNaN(time)) return { error: 'no "time" or not a date' };
      const reason = e.event === 'denial' ? (e.code ?? null) : e.event === 'dequeue' ? (e.reason ?? e.code ?? null) : null;
      return {
        events: [
          usageEvent({
            time,
            kind,
            server,
            vendor: e.isv ?? null,
            feature: e.product ?? null,
            version: e.version ?? null,
            user: e.user ?? null,
            host: e.host ?? null,
            count: typeof e.count === 'number' ? e.count : 1,
            handle: e.handle ?? null,
            reason,
          }),
        ],
      };
    },
    end: () => ({ events: [], unread: 0, firstUnread: [] }),
  };
}
