// The shared store (issue 18) against the file journal, in the same run:
// checkout + checkin pairs per second through two servers sharing one
// PostgreSQL (fsync on, as in production) against one server on the durable
// file journal, and the queue hand-over across servers (the checkin on one
// server, the waiter on the other, woken by NOTIFY) against the hand-over on
// one server. Runs of each kind take turns so machine drift touches both.
import { startPostgres } from '../../test/helpers/postgres.js';
import { startLicutil, startWorker, type LicutilServer } from '../lib/proc.js';
import { serverLicense } from '../lib/server-license.js';
import { fmt, fmtInt, latencySummary, median } from '../lib/stats.js';
import { pendingFigure, type BenchContext, type Figure, type Suite } from '../lib/types.js';
import type { LoadInput, LoadOutput } from '../workers/load.js';

const PAIRS_TITLE = 'checkout+checkin pairs/s: two servers on the shared PostgreSQL store vs one on the file journal';
const PAIRS_TARGET = '≥ 33 % of the file journal';
const HANDOVER_TITLE = "queue hand-over across servers: checkin on one → waiter's grant on the other";
const HANDOVER_TARGET = 'within milliseconds (push, not polling)';

/** Pairs/s through `urls` together, `inflight` spread over them. */
async function pairsThrough(ctx: BenchContext, urls: string[], inflight: number, durationMs: number): Promise<{ rate: number; p99: number; errors: number }> {
  const workers = urls.map((url) => {
    const input: LoadInput = { kind: 'pairs', url, via: 'undici', inflight: Math.ceil(inflight / urls.length), warmupMs: ctx.quick ? 300 : 1000, durationMs, product: 'seat' };
    return startWorker<LoadOutput>(ctx, 'load', input);
  });
  const outs = await Promise.all(workers.map((w) => w.result));
  await Promise.all(workers.map((w) => w.kill()));
  const rate = outs.reduce((n, o) => n + o.ops / o.seconds, 0);
  return { rate, p99: latencySummary(outs.flatMap((o) => o.latencies)).p99, errors: outs.reduce((n, o) => n + o.errors, 0) };
}

async function handover(ctx: BenchContext, url: string, checkinUrl: string): Promise<{ s: ReturnType<typeof latencySummary>; errors: number; rate: number }> {
  const input: LoadInput = { kind: 'handover', url, checkinUrl, clients: 8, handovers: ctx.quick ? 200 : 1_000, holdMs: 2, product: 'single' };
  const w = startWorker<LoadOutput>(ctx, 'load', input);
  const out = await w.result;
  await w.kill();
  const samples = out.latencies.slice(Math.min(100, Math.floor(out.latencies.length / 10)));
  return { s: latencySummary(samples), errors: out.errors, rate: out.ops / out.seconds };
}

export const haSuite: Suite = {
  name: 'ha',
  async run(ctx) {
    const pg = await startPostgres({ durable: true });
    if (!pg.ok) return [pendingFigure('ha.pairs', PAIRS_TITLE, PAIRS_TARGET, pg.reason), pendingFigure('ha.handover.p99', HANDOVER_TITLE, HANDOVER_TARGET, pg.reason)];
    const license = serverLicense({ seat: 100_000, single: 1 });
    const servers: LicutilServer[] = [];
    try {
      const store = await pg.pg.newDatabase('licutil_bench');
      const file = await startLicutil(ctx, { name: 'ha-file', license });
      servers.push(file);
      const a = await startLicutil(ctx, { name: 'ha-a', license, args: ['--store', store, '--init'] });
      servers.push(a);
      const b = await startLicutil(ctx, { name: 'ha-b', license, args: ['--store', store] });
      servers.push(b);
      const rounds = ctx.quick ? 1 : 3;
      const durationMs = ctx.quick ? 2_000 : 5_000;
      const inflight = 16;
      const fileRuns: number[] = [];
      const sharedRuns: number[] = [];
      let sharedP99 = 0;
      let fileP99 = 0;
      let errors = 0;
      for (let r = 0; r < rounds; r++) {
        const f = await pairsThrough(ctx, [file.url], inflight, durationMs);
        const s = await pairsThrough(ctx, [a.url, b.url], inflight, durationMs);
        fileRuns.push(f.rate);
        sharedRuns.push(s.rate);
        fileP99 = Math.max(fileP99, f.p99);
        sharedP99 = Math.max(sharedP99, s.p99);
        errors += f.errors + s.errors;
        ctx.log(`  round ${r + 1}: file journal ${fmtInt(f.rate)} pairs/s, shared store (2 servers) ${fmtInt(s.rate)} pairs/s`);
      }
      const shared = median(sharedRuns);
      const base = median(fileRuns);
      const ratio = shared / base;
      const cross = await handover(ctx, b.url, a.url);
      const local = await handover(ctx, file.url, file.url);
      ctx.log(`  hand-over across servers: p50 ${fmt(cross.s.p50, 2)} ms, p99 ${fmt(cross.s.p99, 2)} ms; one server on the file journal: p99 ${fmt(local.s.p99, 2)} ms`);
      return [
        {
          id: 'ha.pairs',
          title: PAIRS_TITLE,
          value: shared,
          unit: 'pairs/s',
          baseline: { label: 'one server, file journal', value: base, unit: 'pairs/s' },
          ratio,
          ratioStyle: '%',
          target: PAIRS_TARGET,
          pass: ratio >= 1 / 3 && errors === 0,
          spread: `${rounds} interleaved round(s): shared ${sharedRuns.map(fmtInt).join(', ')}, file ${fileRuns.map(fmtInt).join(', ')} pairs/s; latency p99 shared ${fmt(sharedP99, 1)} ms, file ${fmt(fileP99, 1)} ms; errors ${errors}`,
          notes: [
            `${inflight} pairs in flight from undici pools, split over the two servers; PostgreSQL with fsync on, on this machine's disk, every pair two transactions (lock the product, read its rows, write, commit); the file journal group-commits with O_DSYNC`,
            'what limits it: each transaction is about six round trips to PostgreSQL and one WAL flush at commit, and all transactions on one product take turns on its lock; the file journal batches many operations into one write',
          ],
        },
        {
          id: 'ha.handover.p99',
          title: HANDOVER_TITLE,
          value: cross.s.p99,
          unit: 'ms',
          baseline: { label: 'one server, file journal', value: local.s.p99, unit: 'ms' },
          ratio: cross.s.p99 / local.s.p99,
          ratioStyle: '×',
          target: HANDOVER_TARGET,
          pass: cross.errors === 0 ? null : false,
          spread: `${fmtInt(cross.s.n)} hand-overs: p50 ${fmt(cross.s.p50, 2)}, p90 ${fmt(cross.s.p90, 2)}, p99.9 ${fmt(cross.s.p999, 2)}, max ${fmt(cross.s.max, 1)} ms; one server: p50 ${fmt(local.s.p50, 2)}, p99 ${fmt(local.s.p99, 2)} ms`,
          notes: [
            "one seat, 8 clients queueing on server B (long-poll checkout, wait=120), holding 2 ms and checking in on server A: A's checkin transaction hands the seat to B's first waiter and NOTIFYs; B takes the outcome from the database and answers its client",
          ],
        },
      ] satisfies Figure[];
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await pg.pg.destroy();
    }
  },
};
