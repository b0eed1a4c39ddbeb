// The status view as the `licutil.status` JSON document (docs/json.md,
// docs/schema/status.schema.json). The view keeps the wire's shapes, which the
// tables and the lmstat/rlmstat writers read; the document says "not given" the
// one way the contract allows, null, where the wire and the vendor text readers
// use stand-ins ("" for a time, name or version the text does not print, pid 0,
// protocol 0, a count of 0 for an uncounted pool), and says whether a null
// expiry is permanent.
import { jsonDocument, type JsonDocument } from '../../protocol/documents.js';
import type { CheckoutInfo, PoolLicenseInfo, QueueInfo, ServerInfo, WaiterInfo } from '../../protocol/messages.js';
import type { PoolJson, ServerStatusJson, StatusJson } from './status-view.js';

type Nullable<T, K extends keyof T> = Omit<T, K> & { [P in K]: NonNullable<T[P]> | null };

export type CheckoutDoc = Nullable<CheckoutInfo, 'pid' | 'since' | 'lease_expires' | 'isv' | 'version'>;
export type WaiterDoc = Nullable<WaiterInfo, 'pid' | 'since' | 'wait_until'>;
export type PoolLicenseDoc = Nullable<PoolLicenseInfo, 'isv' | 'version'> & { permanent: boolean };

export type PoolDoc = Omit<PoolJson, 'count' | 'checkouts' | 'licenses' | 'isv' | 'version'> & {
  /** null when the vendor text names none (lmstat prints a version only on a checkout or license line) */
  isv: string | null;
  version: string | null;
  /** seats; null when no seat count applies (`uncounted`) */
  count: number | null;
  /** true when the pool never expires (`expires` null); false with a null `expires` means the text gave no expiry */
  permanent: boolean;
  checkouts: CheckoutDoc[];
  licenses?: PoolLicenseDoc[];
};

export type ServerDoc = Nullable<ServerInfo, 'started' | 'uptime_seconds' | 'protocol' | 'version' | 'host'>;

export type ServerStatusDoc = Omit<ServerStatusJson, 'server' | 'pools' | 'queues'> & {
  server: ServerDoc | null;
  pools: PoolDoc[];
  queues: Array<Omit<QueueInfo, 'waiters'> & { waiters: WaiterDoc[] }>;
};

export type StatusDocument = JsonDocument<'status', { servers: ServerStatusDoc[]; answered: number; total: number }>;

/** An instant, or null for the "" the wire and the text readers leave when none is known. */
const instant = (s: string): string | null => (s === '' ? null : s);
/** A name or version, or null for the "" the text readers leave when the text prints none. */
const given = (s: string): string | null => (s === '' ? null : s);
/** pid 0: no process named (a detached checkout, or text that prints none). */
const pidOf = (pid: number): number | null => (pid > 0 ? pid : null);

function checkoutDoc(c: CheckoutInfo): CheckoutDoc {
  return { ...c, isv: given(c.isv), version: given(c.version), pid: pidOf(c.pid), since: instant(c.since), lease_expires: instant(c.lease_expires) };
}

function waiterDoc(w: WaiterInfo): WaiterDoc {
  return { ...w, pid: pidOf(w.pid), since: instant(w.since), wait_until: instant(w.wait_until) };
}

function poolDoc(p: PoolJson): PoolDoc {
  const { licenses, ...rest } = p;
  // lmstat text without an expiry (old versions print none) reads as expires null: not known, not permanent
  const undated = licenses !== undefined && licenses.length > 0 && licenses.every((l) => l.expiry_text === null);
  return {
    ...rest,
    isv: given(p.isv),
    version: given(p.version),
    count: p.uncounted ? null : p.count,
    permanent: p.expires === null && !undated,
    checkouts: p.checkouts.map(checkoutDoc),
    ...(licenses !== undefined ? { licenses: licenses.map((l) => ({ ...l, isv: given(l.isv), version: given(l.version), permanent: l.expires === null && l.expiry_text !== null })) } : {}),
  };
}

function serverDoc(s: ServerInfo): ServerDoc {
  const started = instant(s.started);
  return {
    ...s,
    version: given(s.version),
    host: given(s.host),
    started,
    // a status read from text without an uptime has none (0 there), a server just started is up 0 s
    uptime_seconds: started === null && s.uptime_seconds === 0 ? null : s.uptime_seconds,
    protocol: s.protocol > 0 ? s.protocol : null,
  };
}

export function statusDocument(view: StatusJson): StatusDocument {
  return jsonDocument('status', {
    servers: view.servers.map((s) => ({
      ...s,
      server: s.server === null ? null : serverDoc(s.server),
      pools: s.pools.map(poolDoc),
      queues: s.queues.map((q) => ({ ...q, waiters: q.waiters.map(waiterDoc) })),
    })),
    answered: view.answered,
    total: view.total,
  });
}
