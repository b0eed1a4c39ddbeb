// What the lmstat and rlmstat writers share: the reference time and plurals.
import type { StatusResponse } from '../../protocol/messages.js';

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The time a status was taken when the caller does not say: the latest instant
 * the documents hold, so every start time lies on or before it and the reader's
 * year inference gives the same dates back.
 */
export function latestInstant(statuses: StatusResponse[]): Date {
  let latest = 0;
  const see = (iso: string | null | undefined) => {
    if (!iso) return;
    const t = Date.parse(iso);
    if (!Number.isNaN(t) && t > latest) latest = t;
  };
  for (const s of statuses) {
    see(s.server.started);
    for (const p of s.pools) for (const c of p.checkouts) see(c.since);
    for (const q of s.queues) for (const w of q.waiters) see(w.since);
  }
  return new Date(latest);
}

/**
 * What the text prints as a checkout's handle: a licutil server's public id
 * (decimal, as real lmstat prints its handles and as parsers of it require,
 * and what `licutil remove` takes back); the handle as read for a checkout
 * that came from vendor text.
 */
export function handleColumn(c: { handle: string; id?: number }): string {
  return c.id !== undefined ? String(c.id) : c.handle;
}

export function asList(status: StatusResponse | StatusResponse[]): StatusResponse[] {
  return Array.isArray(status) ? status : [status];
}
