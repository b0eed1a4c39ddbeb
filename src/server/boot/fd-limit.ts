// How many requests the server may hold waiting: each parked long-poll keeps a
// socket, and a server whose descriptors are all taken by waiters can no longer
// accept `hello`, status or a checkout (issue 14: 600 parked waiters under a
// limit of 256 did that). The limit is read from the platform (Linux:
// /proc/self/limits, after Node.js has raised the soft limit to the hard one);
// what the server has open once started, and a headroom kept free for everything
// else, are taken off. Where the platform does not say, waiters are not capped
// by this rule (the queue's own size cap still applies).
import { readdirSync, readFileSync } from 'node:fs';

export interface FdFacts {
  /** the soft RLIMIT_NOFILE; null when unknown or unlimited */
  limit: number | null;
  /** descriptors open now; null when unknown */
  open: number | null;
}

export interface WaitCapacity {
  /** requests the server may hold waiting; Infinity when the limit is unknown */
  maxWaiting: number;
  /**
   * connections the API port takes at once: waiters plus half the headroom, so the other half
   * always stays for files (the log rotating, a reread's licenses) however many connect at once
   */
  maxConnections: number;
  headroom: number;
  /** for the debug log and the refusal */
  why: string;
}

/** "Max open files            256                  256                  files" → 256 */
export function parseOpenFileLimit(limitsText: string): number | null {
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limitsText);
  if (!m?.[1] || m[1] === 'unlimited') return null;
  const n = Number(m[1]);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/**
 * Kept free when no --fd-headroom is given: a tenth of the limit, at least 64 —
 * room for status-page streams, remote API connections, keep-alive clients, a
 * reread's license files and the log rotating, with some to spare.
 */
export function defaultHeadroom(limit: number): number {
  return Math.max(64, Math.ceil(limit / 10));
}

export function waitCapacity(facts: FdFacts, headroom: number | undefined): WaitCapacity {
  if (facts.limit === null) {
    return { maxWaiting: Number.POSITIVE_INFINITY, maxConnections: Number.POSITIVE_INFINITY, headroom: headroom ?? 0, why: 'the open-file limit is unknown on this platform: waiters are not capped by it' };
  }
  const keep = headroom ?? defaultHeadroom(facts.limit);
  const open = facts.open ?? 0;
  const maxWaiting = Math.max(0, facts.limit - open - keep);
  const maxConnections = Math.max(1, facts.limit - open - Math.ceil(keep / 2));
  return { maxWaiting, maxConnections, headroom: keep, why: `open-file limit ${facts.limit}, ${open} open at start, ${keep} kept free` };
}

/** The process's own figures, where the platform gives them. */
export function readFdFacts(): FdFacts {
  let limit: number | null = null;
  try {
    limit = parseOpenFileLimit(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    // not Linux: unknown
  }
  let open: number | null = null;
  for (const dir of ['/proc/self/fd', '/dev/fd']) {
    try {
      open = readdirSync(dir).length;
      break;
    } catch {
      // try the next
    }
  }
  return { limit, open };
}
