// While a checkout waits in a server's queue, the long-poll request itself says
// nothing until a seat is granted; the place in the queue comes from the
// server's status, looked up now and then for the caller's progress display.
import type * as W from '../protocol/messages.js';
import type { QueuePosition } from './types.js';
import type { ServerConnection } from './server.js';

/** Start watching; returns the function that stops it. Failures of the lookups are ignored. */
export function watchQueuePosition(
  api: ServerConnection,
  req: W.CheckoutRequest,
  onQueued: (q: QueuePosition) => void,
  intervalMs: number,
  signal: AbortSignal | undefined,
): () => void {
  const started = performance.now();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const lower = req.product.toLowerCase();
  const look = async () => {
    try {
      const s = await api.status({ product: req.product, ...(req.password !== undefined ? { password: req.password } : {}) });
      if (stopped) return;
      const queue = s.queues.find((q) => q.product.toLowerCase() === lower);
      const waiters = queue?.waiters ?? [];
      const me = waiters.find((w) => w.pid === req.pid && w.host === req.host && w.user === req.user);
      onQueued({ endpoint: api.endpoint, position: me?.position ?? null, waiting: waiters.length, elapsedSeconds: (performance.now() - started) / 1000 });
    } catch {
      // the progress display is a courtesy; the checkout itself reports real failures
    }
    if (!stopped) schedule(intervalMs);
  };
  const schedule = (ms: number) => {
    timer = setTimeout(() => void look(), ms);
    timer.unref();
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
  };
  signal?.addEventListener('abort', stop);
  // give the checkout request a moment to reach the queue before the first look
  schedule(Math.min(300, intervalMs));
  return stop;
}
