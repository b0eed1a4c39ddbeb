// Large license sets: sites with one license line per feature per contract have
// 100,000s of lines. Start-up of `licutil serve` against `stat -i` reading the
// same file (both read, check and pool every line; serve also installs the
// pools and opens its journal), at 10,000, 100,000 and 1,000,000 lines, with the
// time per line to show that it grows linearly; and how long the server stops
// answering while it rereads 100,000 lines (the reread runs in a worker thread).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanEnv, startLicutil } from '../lib/proc.js';
import { loopDelay, scrape } from '../lib/server-metrics.js';
import { fmt, median } from '../lib/stats.js';
import type { BenchContext, Figure, Suite } from '../lib/types.js';

function licenseOf(lines: number): string {
  const out = ['HOST localhost any 5053', 'ISV acme'];
  for (let i = 0; i < lines; i++) out.push(`LICENSE acme p${i} 1.0 permanent 5`);
  return `${out.join('\n')}\n`;
}

function statMs(ctx: BenchContext, file: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(ctx.root, 'bin/licutil.js'), 'stat', '-i', '-c', file, '--json'], {
    cwd: ctx.tmp,
    env: cleanEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 2 ** 20,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`stat -i on ${file} exited ${r.status}: ${r.stderr.toString().slice(0, 2000)}`);
  return ms;
}

async function serveMs(ctx: BenchContext, file: string, lines: number): Promise<number> {
  const t0 = performance.now();
  const s = await startLicutil(ctx, { name: `large-${lines}`, license: '', licenseFile: file, readyMs: 30 * 60_000 });
  const ms = performance.now() - t0;
  await s.stop();
  return ms;
}

async function rereadStall(ctx: BenchContext, file: string, lines: number): Promise<{ rereadMs: number; maxHelloMs: number; loopMaxMs: number }> {
  const s = await startLicutil(ctx, { name: `reread-${lines}`, license: '', licenseFile: file, readyMs: 30 * 60_000 });
  try {
    await scrape(s.url); // the event-loop figures below count from here
    let maxHelloMs = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const t = performance.now();
        await (await fetch(`${s.url}/v1/hello`)).text();
        maxHelloMs = Math.max(maxHelloMs, performance.now() - t);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const t0 = performance.now();
    const r = await fetch(`${s.url}/v1/reread`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await r.text();
    const rereadMs = performance.now() - t0;
    polling = false;
    await poll;
    return { rereadMs, maxHelloMs, loopMaxMs: loopDelay(await scrape(s.url)).maxMs };
  } finally {
    await s.stop();
  }
}

export const largesetSuite: Suite = {
  name: 'largeset',
  async run(ctx) {
    const sizes = ctx.quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
    const rounds = ctx.quick ? 1 : 3;
    const rows: Array<{ lines: number; stat: number; serve: number }> = [];
    for (const lines of sizes) {
      const file = path.join(ctx.tmp, `large-${lines}.lic`);
      writeFileSync(file, licenseOf(lines));
      const n = lines >= 1_000_000 ? 1 : rounds;
      const stat: number[] = [];
      const serve: number[] = [];
      for (let i = 0; i < n; i++) {
        stat.push(statMs(ctx, file));
        serve.push(await serveMs(ctx, file, lines));
      }
      rows.push({ lines, stat: median(stat), serve: median(serve) });
      ctx.log(`  ${lines} lines: serve ${fmt(median(serve), 0)} ms, stat -i ${fmt(median(stat), 0)} ms (${n} round(s))`);
    }
    const perLine = rows.map((r) => `${r.lines.toLocaleString('en-US')} lines: serve ${fmt((r.serve * 1000) / r.lines, 1)} µs/line, stat -i ${fmt((r.stat * 1000) / r.lines, 1)} µs/line (${fmt(r.serve / r.stat, 2)}×)`);
    const at100k = rows.find((r) => r.lines === 100_000) as { lines: number; stat: number; serve: number };
    const ratio = at100k.serve / at100k.stat;

    const file100k = path.join(ctx.tmp, 'large-100000.lic');
    const stall = await rereadStall(ctx, file100k, 100_000);
    ctx.log(`  reread of 100,000 lines: ${fmt(stall.rereadMs, 0)} ms, longest hello ${fmt(stall.maxHelloMs, 0)} ms, event-loop max ${fmt(stall.loopMaxMs, 0)} ms`);
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
        title: 'longest stop of the event loop during a reread of 100,000 lines',
        value: stall.loopMaxMs,
        unit: 'ms',
        target: '≤ 50 ms',
        pass: stall.loopMaxMs <= 50,
        spread: `reread answered in ${fmt(stall.rereadMs, 0)} ms; the longest GET /v1/hello during it took ${fmt(stall.maxHelloMs, 0)} ms (polled every 10 ms)`,
        notes: [
          'the licenses are read, checked and pooled in a worker thread; the server thread receives the result (a structured clone of the pool definitions), installs only the pools whose definition changed, and logs the notes of a kind up to 20 and then counts them',
          'what is left on the server thread: receiving the worker\'s result and comparing 100,000 pool definitions with the installed ones',
        ],
      },
    ];
    return figures;
  },
};
