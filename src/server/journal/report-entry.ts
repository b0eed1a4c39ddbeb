// What the report log records for each pool event: one flat JSON object per
// line for usage accounting (who used what, when, for how long, who was
// refused and why). Server-side only, so a denial carries its true reason
// (`logCode`), including a wrong password the client was not told about.
import type { PoolEvent } from '../pool/types.js';

export type ReportEvent =
  | 'checkout'
  | 'checkin'
  | 'denial'
  | 'queue'
  | 'dequeue'
  | 'removal'
  | 'reclaim'
  | 'hold-release';

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
  /** removal: who asked */
  by?: string | null;
}

function time(ms: number): string {
  return new Date(ms).toISOString();
}

/** The report line for an event, or null for events the report does not keep (a wait grant is also a checkout). */
export function reportEntryOf(ev: PoolEvent): ReportEntry | null {
  switch (ev.type) {
    case 'checkout':
    case 'checkin':
    case 'removal':
    case 'reclaim': {
      const l = ev.lease;
      const base: ReportEntry = {
        time: time(ev.at),
        event: ev.type,
        user: l.user,
        host: l.host,
        product: l.product,
        version: l.version,
        handle: l.handle,
        isv: l.isv,
        pool: l.poolId,
        count: l.count,
        pid: l.pid,
      };
      if (ev.type === 'checkout') return { ...base, overSoft: ev.overSoft, fromQueue: ev.fromQueue };
      if (ev.type === 'removal') return { ...base, by: ev.by };
      return { ...base, heldForMs: ev.heldForMs };
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
      if (ev.type === 'denial') return { ...base, event: 'denial', code: ev.logCode };
      if (ev.type === 'queue') return { ...base, event: 'queue', ticket: ev.ticket, position: ev.position };
      if (ev.type === 'wait-timeout') {
        return { ...base, event: 'dequeue', ticket: ev.ticket, reason: 'timeout', code: ev.denial.logCode };
      }
      return { ...base, event: 'dequeue', ticket: ev.ticket, reason: 'cancelled' };
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
