// Queue hand-over: one seat, eight clients queueing for it with long-poll
// checkouts. The holder keeps the seat 2 ms, checks in, and queues again; a
// sample is the time from the holder sending its checkin to the next waiter
// receiving its grant (both clients live in one process, one clock).
import { fsyncProbe } from '../lib/fsync-probe.js';
import { startLicutil, startWorker } from '../lib/proc.js';
import { loopDelay, scrape } from '../lib/server-metrics.js';
import { serverLicense } from '../lib/server-license.js';
import { fmt, fmtInt, latencySummary } from '../lib/stats.js';
import type { Figure, Suite } from '../lib/types.js';
import type { LoadInput, LoadOutput } from '../workers/load.js';

export const handoverSuite: Suite = {
  name: 'handover',
  repeat: true,
  async run(ctx) {
    const server = await startLicutil(ctx, { name: 'handover', license: serverLicense({ single: 1 }) });
    try {
      const input: LoadInput = { kind: 'handover', url: server.url, clients: 8, handovers: ctx.quick ? 300 : 2_000, holdMs: 2, product: 'single' };
      await scrape(server.url);
      const w = startWorker<LoadOutput>(ctx, 'load', input);
      const out = await w.result;
      await w.kill();
      const serverLoop = loopDelay(await scrape(server.url));
      const disk = await fsyncProbe(server.dir);
      // the first hand-overs warm the server's code paths
      const samples = out.latencies.slice(Math.min(200, Math.floor(out.latencies.length / 10)));
      const s = latencySummary(samples);
      ctx.log(`  hand-over: p50 ${fmt(s.p50, 2)} ms, p99 ${fmt(s.p99, 2)} ms, max ${fmt(s.max, 1)} ms over ${s.n}, errors ${out.errors}; fsync p99 ${fmt(disk.p99, 2)} ms`);
      return [
        {
          id: 'handover.p99',
          title: "queue hand-over: checkin sent → next waiter's grant received",
          value: s.p99,
          unit: 'ms',
          target: 'p99 ≤ 5 ms',
          pass: s.p99 <= 5 && out.errors === 0,
          spread: `${fmtInt(s.n)} hand-overs (first ${out.latencies.length - samples.length} not counted): p50 ${fmt(s.p50, 2)}, p90 ${fmt(s.p90, 2)}, p99.9 ${fmt(s.p999, 2)}, max ${fmt(s.max, 1)} ms`,
          notes: [
            `the disk under the state directory, probed right after: append + fdatasync p50 ${fmt(disk.p50, 2)} ms, p99 ${fmt(disk.p99, 2)} ms, max ${fmt(disk.max, 1)} ms — every hand-over waits for one such write (the checkin and the grant go to the journal together); the server's event loop was delayed up to ${fmt(serverLoop.p99Ms, 1)} ms (p99), ${fmt(serverLoop.maxMs, 1)} ms (max)`,
            ...(s.p99 > 5
              ? [
                  `what limits it: a hand-over is one request in, one journal commit (append + fdatasync, p99 ${fmt(disk.p99, 2)} ms on this disk now) and one answer out; the p99 follows the disk's sync latency and the run-queue waits on 2 busy cores, not the queue logic (the next waiter is found through a per-pool heap, and granted in the same step as the checkin); the server's own pauses add to it: on its one pinned core the main thread also waits for V8's background threads (garbage collection, the optimizing compiler: 40–110k instructions per checkout + checkin beside the main thread's ~330k under the pairs load, counted with callgrind)`,
                ]
              : []),
            `one seat, 8 clients each on its own connection queueing with a long-poll checkout (wait=120), holding 2 ms; the checkin goes out on a second connection; durable journal on (the checkin and the next grant are both on disk before the grant is sent); ${fmtInt(out.ops / out.seconds)} hand-overs/s; errors ${out.errors}`,
          ],
          details: { summary: s },
        },
      ] satisfies Figure[];
    } finally {
      await server.stop();
    }
  },
};
