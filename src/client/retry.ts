// Riding out a server that cannot be reached for a while (restarted, the
// network dropped): the same call again after 250 ms, doubling to 4 s, until a
// budget runs out. Used by a checkout that waits (the budget is its wait) and
// by the CLI's checkin and heartbeat of a detached seat. Refusals are never
// retried: only failures where another try can go differently.
import { LicutilError } from '../protocol/errors.js';
import { failsOver } from './lease-failover.js';
import type { CheckoutRetry } from './types.js';

const FIRST_MS = 250;
const MAX_MS = 4_000;

/** No server could be asked, or one was going down or could not journal: a later try may work. */
export function worthRetrying(e: unknown): e is LicutilError {
  return failsOver(e) || (e instanceof LicutilError && e.code === 'LICUTIL_E_UNAVAILABLE');
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('the request was cancelled', 'AbortError');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', cancel);
    };
    const cancel = () => {
      done();
      reject(abortError(signal as AbortSignal));
    };
    const t = setTimeout(() => {
      done();
      resolve();
    }, ms);
    signal?.addEventListener('abort', cancel, { once: true });
  });
}

export interface RetryBudget {
  /** monotonic milliseconds (performance.now()) after which no new attempt starts */
  deadline: number;
  signal?: AbortSignal | undefined;
  onRetry?: ((r: CheckoutRetry) => void) | undefined;
}

/**
 * `call(attempt)` until it succeeds, fails in a way another try cannot fix, or
 * the budget would run out before the next try; then the last failure is thrown.
 */
export async function retryWhileUnreachable<T>(call: (attempt: number) => Promise<T>, budget: RetryBudget): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(attempt);
    } catch (e) {
      if (budget.signal?.aborted) throw abortError(budget.signal);
      if (!worthRetrying(e)) throw e;
      const delayMs = Math.min(MAX_MS, FIRST_MS * 2 ** attempt);
      const leftMs = budget.deadline - performance.now();
      if (leftMs <= delayMs) throw e;
      budget.onRetry?.({ error: e, attempt: attempt + 1, delayMs, remainingSeconds: leftMs / 1000 });
      await sleep(delayMs, budget.signal);
    }
  }
}
