// What the report log records for each pool event: one flat JSON object per
// line for usage accounting (who used what, when, for how long, who was
// refused and why). Server-side only, so a denial carries its true reason
// (`logCode`), including a wrong password the client was not told about.
import { iso } from '../../core/pool/request.js';
import type { PoolEvent } from '../../core/pool/types.js';

type ReportEvent =
  | 'checkout'
  | 'checkin'
  | 'denial'
  /** `times` denials of one client that were not written one by one (limited-log.ts) */
  | 'denials'
  | 'queue'
  | 'dequeue'
  /** `times` queue entries, or exits, of one client that were not written one by one (limited-log.ts) */
  | 'queues'
  | 'dequeues'
  | 'removal'
  | 'reclaim'
  | 'hold-release'
  /** an administrator's reread, down or sign-in to the status page (`by` says who) */
  | 'admin';

export interface ReportEntry {
  time: string;
  event: ReportEvent;
  user: string | null;
  host: string | null;
  product: string | null;
  version: string | null;
  handle: string | null;
  isv?: string | null;
  pool?: string;
  count?: number;
  pid?: number;
  /** denials: the error code (the true reason) */
  code?: string;
  /** queue / dequeue: the waiter */
  ticket?: string;
  position?: number;
  /** dequeue: why the wait ended without a grant */
  reason?: 'timeout' | 'cancelled';
  /** checkin / reclaim: how long the seat stays held */
  heldForMs?: number;
  /** checkout: past the soft limit */
  overSoft?: boolean;
  /** checkout: granted to a waiter */
  fromQueue?: boolean;
  /** removal and admin: who asked */
  by?: string | null;
  /** admin: what was done (reread, down, sign-in, sign-in-refused, sign-out) */
  action?: string;
  /** denial, queue, dequeue and their summaries: the address the request came from */
  from?: string;
  /** denials, queues, dequeues: how many lines this summary stands for */
  times?: number;
  /** denials, queues, dequeues: when the first of them came (`time` is when the line was written) */
  since?: string;
}

/** The report line of an administrator's action that is not a pool event. */
export function adminEntryOf(atMs: number, action: string, by: string): ReportEntry {
  return { time: time(atMs), event: 'admin', user: null, host: null, product: null, version: null, handle: null, action, by };
}

/** As Date#toISOString writes it; iso() formats the date and seconds once a second. */
function time(ms: number): string {
  return iso(ms);
}

/** The report line for an event, or null for events the report does not keep (a wait grant is also a checkout). */
export function reportEntryOf(ev: PoolEvent): ReportEntry | null {
  switch (ev.type) {
    case 'checkout':
    case 'checkin':
    case 'removal':
    case 'reclaim': {
      const l = ev.lease;
      const t = time(ev.at);
      if (ev.type === 'checkout') {
        return { time: t, event: ev.type, user: l.user, host: l.host, product: l.product, version: l.version, handle: String(l.id), isv: l.isv, pool: l.poolId, count: l.count, pid: l.pid, overSoft: ev.overSoft, fromQueue: ev.fromQueue };
      }
      if (ev.type === 'removal') {
        return { time: t, event: ev.type, user: l.user, host: l.host, product: l.product, version: l.version, handle: String(l.id), isv: l.isv, pool: l.poolId, count: l.count, pid: l.pid, by: ev.by };
      }
      return { time: t, event: ev.type, user: l.user, host: l.host, product: l.product, version: l.version, handle: String(l.id), isv: l.isv, pool: l.poolId, count: l.count, pid: l.pid, heldForMs: ev.heldForMs };
    }
    case 'denial':
    case 'queue':
    case 'wait-timeout':
    case 'wait-cancelled': {
      const r = ev.request;
      const base = {
        time: time(ev.at),
        user: r.user,
        host: r.host,
        product: r.product,
        version: r.version,
        handle: null,
        isv: r.isv,
        count: r.count,
        pid: r.pid,
      };
      // the address names the client whose lines the limiter counts (limited-log.ts)
      const from = r.peer === undefined ? {} : { from: r.peer };
      if (ev.type === 'denial') return { ...base, event: 'denial', code: ev.logCode, ...from };
      if (ev.type === 'queue') return { ...base, event: 'queue', ticket: ev.ticket, position: ev.position, ...from };
      if (ev.type === 'wait-timeout') {
        return { ...base, event: 'dequeue', ticket: ev.ticket, reason: 'timeout', code: ev.denial.logCode, ...from };
      }
      return { ...base, event: 'dequeue', ticket: ev.ticket, reason: 'cancelled', ...from };
    }
    case 'hold-release':
      return {
        time: time(ev.at),
        event: 'hold-release',
        user: null,
        host: null,
        product: null,
        version: null,
        handle: null,
        pool: ev.poolId,
        count: ev.count,
      };
    case 'wait-granted':
      return null;
  }
}
