// The queue's limits of `serve` (issue 14): the command line or the
// configuration, checked, and the cap on waiting requests worked out from the
// process's open-file limit (fd-limit.ts).
import { LicutilError } from '../../protocol/errors.js';
import type { WaitLimits } from '../adapters/http/long-polls.js';
import type { DebugLog } from '../core/debug-log.js';
import { readFdFacts, waitCapacity } from './fd-limit.js';
import type { EffectiveServe } from './serve-config.js';

const RANGES = [
  ['--queue-per-client', 'queuePerClient', 1, 1_000_000],
  ['--fd-headroom', 'fdHeadroom', 0, 1_000_000],
  ['--poll-timeout', 'pollTimeout', 1, 3600],
] as const;

/** serve's options for the queue; undefined: --config's, else the defaults (long-polls.ts, fd-limit.ts) */
export interface QueueOptions {
  queuePerClient?: number | undefined;
  fdHeadroom?: number | undefined;
  /** seconds */
  pollTimeout?: number | undefined;
}

export function checkQueueFlags(opts: QueueOptions): void {
  for (const [flag, key, min, max] of RANGES) {
    const v = opts[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= max)) {
      throw new LicutilError('LICUTIL_E_USAGE', `${flag} must be a whole number from ${min} to ${max} (got ${v})`);
    }
  }
}

/** Read the descriptors now (the journal, the report log and the log file are open): what is left is for waiters and the headroom. */
export function waitLimitsOf(eff: EffectiveServe, log: DebugLog): Partial<WaitLimits> {
  const cap = waitCapacity(readFdFacts(), eff.queue.fdHeadroom);
  const out: Partial<WaitLimits> = { maxWaiting: cap.maxWaiting, maxWaitingWhy: cap.why, maxConnections: cap.maxConnections };
  if (eff.queue.perClient !== undefined) out.perClient = eff.queue.perClient;
  if (eff.queue.pollTimeout !== undefined) out.pollMs = eff.queue.pollTimeout * 1000;
  log.info(`waiting requests: at most ${Number.isFinite(cap.maxWaiting) ? cap.maxWaiting : 'unbounded by descriptors'} (${cap.why})`);
  if (cap.maxWaiting < 16) log.warn(`only ${cap.maxWaiting} requests can wait for a seat (${cap.why}): raise the open-file limit (LimitNOFILE=, ulimit -n) or lower --fd-headroom`);
  return out;
}
