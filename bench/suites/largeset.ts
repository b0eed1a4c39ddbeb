// Large license sets: sites with one license line per feature per contract have
// 100,000s of lines. Start-up of `licutil serve` against `stat -i` reading the
// same file (both read, check and pool every line; serve also installs the
// pools and opens its journal), at 10,000, 100,000 and 1,000,000 lines, with the
// time per line to show that it grows linearly; and how long the server stops
// answering while it rereads 100,000 lines (the reread runs in a worker thread):
// the same file again, one line changed, and every line changed; and while
// GET /metrics lists those 100,000 pools.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanEnv, nodeCommand, startLicutil } from '../lib/proc.js';
import { loopDelay, scrape } from '../lib/server-metrics.js';
import { fmt, median } from '../lib/stats.js';
import type { BenchContext, Figure, Suite } from '../lib/types.js';

function licenseOf(lines: number): string {
  const out = ['HOST localhost any 5053', 'ISV acme'];
  for (let i = 0; i < lines; i++) out.push(`LICENSE acme p${i} 1.0 permanent 5`);
  return `${out.join('\n')}\n`;
}

/** Wall ms of `stat -i --json` on `file`, or why it failed (1,000,000 lines once ran out of heap). */
function statMs(ctx: BenchContext, file: string): { ms: number; failed: string | null } {
  const t0 = performance.now();
  const [cmd, args] = nodeCommand(ctx, null, [path.join(ctx.root, 'bin/licutil.js'), 'stat', '-i', '-c', file, '--json']);
  const r = spawnSync(cmd, args, { cwd: ctx.tmp, env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 2 ** 20 });
  const ms = performance.now() - t0;
  if (r.status === 0 || r.status === 1) return { ms, failed: null };
  const err = r.stderr.toString();
  const why = /heap out of memory|Allocation failed/i.test(err) ? 'out of heap' : `exit ${r.status ?? r.signal}: ${err.trim().split('\n').slice(-1)[0]?.slice(0, 200) ?? ''}`;
  return { ms, failed: why };
}

async function serveMs(ctx: BenchContext, file: string, lines: number): Promise<number> {
  const t0 = performance.now();
  const s = await startLicutil(ctx, { name: `large-${lines}`, license: '', licenseFile: file, readyMs: 30 * 60_000 });
  const ms = performance.now() - t0;
  await s.stop();
  return ms;
}

interface Stall {
  what: string;
  rereadMs: number;
  maxHelloMs: number;
  loopMaxMs: number;
  changed: number;
}

/** Hello every 10 ms until stopped; the longest answer. */
function pollHello(url: string): { stop: () => Promise<number> } {
  let maxHelloMs = 0;
  let polling = true;
  const poll = (async () => {
    while (polling) {
      const t = performance.now();
      await (await fetch(`${url}/v1/hello`)).text();
      maxHelloMs = Math.max(maxHelloMs, performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    stop: async () => {
      polling = false;
      await poll;
      return maxHelloMs;
    },
  };
}

/**
 * One server on `file`; three rereads: the file unchanged, one line changed,
 * every line changed; then two scrapes of GET /metrics, which lists the
 * 100,000 pools' gauges.
 */
async function rereadStalls(ctx: BenchContext, file: string, lines: number): Promise<{ rereads: Stall[]; metrics: Stall }> {
  const s = await startLicutil(ctx, { name: `reread-${lines}`, license: '', licenseFile: file, readyMs: 30 * 60_000 });
  const text = licenseOf(lines);
  const edits: Array<[string, string]> = [
    ['the same file', text],
    ['one line changed', text.replace('LICENSE acme p0 1.0 permanent 5', 'LICENSE acme p0 1.0 permanent 6')],
    ['every line changed', text.replaceAll(' permanent 5', ' permanent 7')],
  ];
  const rereads: Stall[] = [];
  try {
    // the reread worker gets the installed pools once the server serves; wait for that to pass
    await new Promise((r) => setTimeout(r, 3_000));
    for (const [what, licenses] of edits) {
      writeFileSync(file, licenses);
      await scrape(s.url); // the event-loop figures below count from here
      const poll = pollHello(s.url);
      const t0 = performance.now();
      const r = await fetch(`${s.url}/v1/reread`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const answerText = await r.text();
      const rereadMs = performance.now() - t0;
      const maxHelloMs = await poll.stop();
      // parsed after the polling stops: 25 MB of JSON parsed here delayed this process's own hello timings
      const answer = JSON.parse(answerText) as { changed?: unknown[] };
      rereads.push({ what, rereadMs, maxHelloMs, loopMaxMs: loopDelay(await scrape(s.url)).maxMs, changed: answer.changed?.length ?? -1 });
    }
    // a scrape resets the event-loop figures before it writes the pool gauges: the next scrape reports that work
    const poll = pollHello(s.url);
    const t0 = performance.now();
    const first = await scrape(s.url);
    const scrapeMs = performance.now() - t0;
    const loopMaxMs = loopDelay(await scrape(s.url)).maxMs;
    const maxHelloMs = await poll.stop();
    const pools = first.split('\n').filter((l) => l.startsWith('licutil_seats_total{')).length;
    return { rereads, metrics: { what: 'GET /metrics', rereadMs: scrapeMs, maxHelloMs, loopMaxMs, changed: pools } };
  } finally {
    writeFileSync(file, text);
    await s.stop();
  }
}

export const largesetSuite: Suite = {
  name: 'largeset',
  async run(ctx) {
    const sizes = ctx.quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
    const rounds = ctx.quick ? 1 : 3;
    const rows: Array<{ lines: number; stat: number; serve: number; statFailed: string | null }> = [];
    for (const lines of sizes) {
      const file = path.join(ctx.tmp, `large-${lines}.lic`);
      writeFileSync(file, licenseOf(lines));
      const n = lines >= 1_000_000 ? 1 : rounds;
      const stat: number[] = [];
      const serve: number[] = [];
      let statFailed: string | null = null;
      for (let i = 0; i < n; i++) {
        const st = statMs(ctx, file);
        statFailed ??= st.failed;
        stat.push(st.ms);
        serve.push(await serveMs(ctx, file, lines));
      }
      rows.push({ lines, stat: median(stat), serve: median(serve), statFailed });
      ctx.log(`  ${lines} lines: serve ${fmt(median(serve), 0)} ms (${serve.map((x) => fmt(x, 0)).join(', ')}), stat -i ${statFailed ? `failed (${statFailed}) after` : ''} ${fmt(median(stat), 0)} ms (${stat.map((x) => fmt(x, 0)).join(', ')})`);
    }
    const perLine = rows.map((r) =>
      r.statFailed
        ? `${r.lines.toLocaleString('en-US')} lines: serve ${fmt((r.serve * 1000) / r.lines, 1)} µs/line, stat -i failed (${r.statFailed}) after ${fmt(r.stat / 1000, 0)} s`
        : `${r.lines.toLocaleString('en-US')} lines: serve ${fmt((r.serve * 1000) / r.lines, 1)} µs/line, stat -i ${fmt((r.stat * 1000) / r.lines, 1)} µs/line (${fmt(r.serve / r.stat, 2)}×)`,
    );
    const at100k = rows.find((r) => r.lines === 100_000) as { lines: number; stat: number; serve: number };
    const ratio = at100k.serve / at100k.stat;

    const file100k = path.join(ctx.tmp, 'large-100000.lic');
    const { rereads: stalls, metrics } = await rereadStalls(ctx, file100k, 100_000);
    for (const st of stalls) ctx.log(`  reread of 100,000 lines, ${st.what}: ${fmt(st.rereadMs, 0)} ms, ${st.changed} changed, longest hello ${fmt(st.maxHelloMs, 0)} ms, event-loop max ${fmt(st.loopMaxMs, 0)} ms`);
    ctx.log(`  GET /metrics of 100,000 pools: ${fmt(metrics.rereadMs, 0)} ms, ${metrics.changed} pools, longest hello ${fmt(metrics.maxHelloMs, 0)} ms, event-loop max ${fmt(metrics.loopMaxMs, 0)} ms`);
    // "never": the worst of the three rereads, every line changed included
    const worst = stalls.reduce((a, b) => (b.loopMaxMs > a.loopMaxMs ? b : a));
    const figures: Figure[] = [
      {
        id: 'largeset.startup',
        title: 'serve start-up on 100,000 license lines',
        value: at100k.serve,
        unit: 'ms',
        baseline: { label: '`stat -i --json` reading the same file', value: at100k.stat, unit: 'ms' },
        ratio,
        ratioStyle: '×',
        target: '≤ 2×, linear in lines',
        pass: ratio <= 2,
        spread: perLine.join('; '),
        notes: ['one product per line (the worst case for pooling: as many pools as lines); serve is timed to its ready line, stat -i to its exit with the JSON written to /dev/null'],
      },
      {
        id: 'largeset.reread',
        title: 'longest stop of the event loop during a reread of 100,000 lines (the same file, one line changed, every line changed)',
        value: worst.loopMaxMs,
        unit: 'ms',
        target: '≤ 50 ms',
        pass: worst.loopMaxMs <= 50,
        spread: stalls.map((st) => `${st.what}: event loop ${fmt(st.loopMaxMs, 0)} ms, longest hello ${fmt(st.maxHelloMs, 0)} ms, answered in ${fmt(st.rereadMs, 0)} ms`).join('; '),
        notes: [
          'the worst of the three rereads is the figure (until this round it was the one-line reread; every line changed was 130 ms)',
          'the licenses are read, checked and pooled in a worker thread (on Linux 10 nice levels below the server thread, which shares its pinned core), which keeps the definitions the server installed and sends only the pools that are new or differ, in slices of 1,000 the server asks for one at a time; the server installs them 250 per call and lets the event loop turn every 5 ms; hello is polled every 10 ms throughout, and the answer is parsed by the bench only after the polling stops',
          'what the reread reports (pools added, removed, changed) is encoded as JSON by the worker and reaches the server thread as bytes, which the answer writes out part by part: the server thread neither receives 300,000 report objects nor serializes the 25 MB answer in one go (that alone was a stop of 130-160 ms of CPU)',
          'what is left on the server thread when every line changes: receiving 100,000 definitions and installing them in 5 ms slices, and the collector, whose pauses grow with the heap (the first mark-compact after start-up also clears ~300 MB of start-up garbage); under load from other processes a stop is longer than the CPU it takes, so the server thread\'s own CPU in its longest stop was measured too (process.threadCpuUsage, Node 24): 10-31 ms',
        ],
      },
      {
        id: 'largeset.metrics',
        title: 'longest stop of the event loop while GET /metrics lists 100,000 pools',
        value: metrics.loopMaxMs,
        unit: 'ms',
        target: '≤ 50 ms',
        pass: metrics.loopMaxMs <= 50,
        spread: `scrape answered in ${fmt(metrics.rereadMs, 0)} ms with ${metrics.changed} pools per gauge; longest hello ${fmt(metrics.maxHelloMs, 0)} ms`,
        notes: [
          'the three per-pool gauges are written by licutil in prom-client\'s text format, the pools read once through a lazy walk, a slice at a time with a turn of the event loop every 5 ms, and streamed; set through prom-client, 100,000 pools stopped the server for 3-5 s per scrape',
          'the event-loop figure is read by the scrape after: a scrape resets it before it writes the pool gauges',
        ],
      },
    ];
    return figures;
  },
};
