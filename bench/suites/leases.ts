// Live leases in one server process: 100,000 checkouts held and renewed at
// their lease rate (every third of the lease, as the client library does) by
// two load processes sharing 128 connections. The lease length sets the
// heartbeat rate; resident memory of the server is sampled every second.
import { cpuSecondsOf, rssOf, sleep, startLicutil, startWorker } from '../lib/proc.js';
import { serverLicense } from '../lib/server-license.js';
import { fmt, fmtInt, latencySummary } from '../lib/stats.js';
import type { Figure, Suite } from '../lib/types.js';
import type { LoadInput, LoadOutput } from '../workers/load.js';

export const leasesSuite: Suite = {
  name: 'leases',
  async run(ctx) {
    const total = ctx.quick ? 20_000 : 100_000;
    const leaseSeconds = ctx.quick ? 15 : 90;
    const server = await startLicutil(ctx, { name: 'leases', license: serverLicense({ seat: 200_000 }) });
    let maxRss = 0;
    let sampling = true;
    const rssSamples: number[] = [];
    const sampler = (async () => {
      while (sampling) {
        const r = rssOf(server.pid);
        if (Number.isFinite(r)) {
          rssSamples.push(r);
          maxRss = Math.max(maxRss, r);
        }
        await sleep(1000);
      }
    })();
    try {
      const idleRss = rssOf(server.pid);
      const loaders = 2;
      const input = (n: number): LoadInput => ({
        kind: 'leases',
        url: server.url,
        leases: n,
        leaseSeconds,
        connections: 64,
        rampInflight: 32,
        measureMs: ctx.quick ? 10_000 : (leaseSeconds * 1000) / 3,
        product: 'seat',
      });
      const cpu0 = cpuSecondsOf(server.pid);
      const t0 = performance.now();
      const ws = Array.from({ length: loaders }, () => startWorker<LoadOutput>(ctx, 'load', input(total / loaders)));
      const outs = await Promise.all(ws.map((w) => w.result));
      await Promise.all(ws.map((w) => w.kill()));
      const wall = (performance.now() - t0) / 1000;
      const serverCpu = cpuSecondsOf(server.pid) - cpu0;
      const latencies = outs.flatMap((o) => o.latencies);
      const s = latencySummary(latencies);
      const held = outs.reduce((n, o) => n + (o.extra.held ?? 0), 0);
      const errors = outs.reduce((n, o) => n + o.errors, 0);
      const rate = outs.reduce((n, o) => n + o.ops / o.seconds, 0);
      const ramp = Math.max(...outs.map((o) => o.extra.rampSeconds ?? Number.NaN));
      const late = outs.reduce((n, o) => n + (o.extra.lateSends ?? 0), 0);
      const rssMiB = maxRss / 2 ** 20;
      ctx.log(`  ${fmtInt(held)} leases held (ramp ${fmt(ramp, 1)} s), ${fmtInt(rate)} heartbeats/s, p99 ${fmt(s.p99, 2)} ms, max RSS ${fmt(rssMiB, 0)} MiB, errors ${errors}`);
      const how = `${fmtInt(total)} leases of ${leaseSeconds} s, each renewed every ${leaseSeconds / 3} s (a third of the lease, the client library's rate): ${fmtInt(total / (leaseSeconds / 3))} heartbeats/s expected; 2 load processes, 64 connections each; durable journal on`;
      const common = [
        how,
        `checkouts took ${fmt(ramp, 1)} s (${fmtInt(total / ramp)} checkouts/s while the first leases already heartbeat); heartbeats measured for ${fmt(outs[0]?.seconds ?? Number.NaN, 0)} s after that`,
        `server CPU ${fmt((serverCpu / wall) * 100, 0)} % of one core over the run; RSS idle ${fmt(idleRss / 2 ** 20, 0)} MiB, max ${fmt(rssMiB, 0)} MiB; heartbeats sent more than 50 ms late by the load generator: ${late}; errors ${errors}${outs.find((o) => o.firstError)?.firstError ? ` (${outs.find((o) => o.firstError)?.firstError})` : ''}`,
      ];
      return [
        {
          id: 'leases.count',
          title: 'live leases in one server process, heartbeating at their lease rate',
          value: held,
          unit: 'leases',
          baseline: { label: "FlexNet's guidance: 10,000 per vendor daemon (ceiling ~30,000)", value: 10_000, unit: 'clients' },
          ratio: held / 10_000,
          ratioStyle: '×',
          target: '≥ 100,000',
          pass: held >= 100_000 && errors === 0,
          spread: `${fmtInt(held)} of ${fmtInt(total)} leases still held at the end (none may lapse)`,
          notes: common,
        },
        {
          id: 'leases.rss',
          title: `resident memory of the server holding ${fmtInt(held)} leases`,
          value: rssMiB,
          unit: 'MiB',
          target: '≤ 300 MB',
          pass: maxRss <= 300e6,
          spread: `max of ${rssSamples.length} samples, one a second (idle server ${fmt(idleRss / 2 ** 20, 0)} MiB)`,
          notes: [],
        },
        {
          id: 'leases.heartbeat',
          title: `heartbeat p99 latency with ${fmtInt(held)} live leases (${fmtInt(rate)} heartbeats/s)`,
          value: s.p99,
          unit: 'ms',
          target: '≤ 5 ms',
          pass: s.p99 <= 5 && errors === 0,
          spread: `${fmtInt(s.n)} heartbeats: p50 ${fmt(s.p50, 2)}, p90 ${fmt(s.p90, 2)}, p99.9 ${fmt(s.p999, 2)}, max ${fmt(s.max, 1)} ms; load generators' event-loop delay p99 ${outs.map((o) => fmt(o.loopDelayP99Ms, 1)).join(' / ')} ms`,
          notes: [],
        },
      ] satisfies Figure[];
    } finally {
      sampling = false;
      await sampler;
      await server.stop();
    }
  },
};
