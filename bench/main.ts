// The benchmark suite's driver: runs the suites one after another, prints each
// figure with its ratio, and writes bench/RESULTS.md and bench/results.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killChildren } from './lib/proc.js';
import { machine, markdown, table, type RunRecord } from './lib/report.js';
import type { BenchContext, Figure, Suite } from './lib/types.js';
import { checkoutCmdSuite } from './suites/checkout-cmd.js';
import { handoverSuite } from './suites/handover.js';
import { haSuite } from './suites/ha.js';
import { largesetSuite } from './suites/largeset.js';
import { latencySuite } from './suites/latency.js';
import { leasesSuite } from './suites/leases.js';
import { licreadSuite } from './suites/licread.js';
import { reportSuite } from './suites/report.js';
import { startupSuite } from './suites/startup.js';
import { throughputSuite } from './suites/throughput.js';
import { transportSuite } from './suites/transport.js';
import { webpageSuite } from './suites/webpage.js';

const SUITES: Suite[] = [startupSuite, licreadSuite, largesetSuite, throughputSuite, latencySuite, handoverSuite, leasesSuite, checkoutCmdSuite, transportSuite, webpageSuite, haSuite, reportSuite];

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export async function main(argv: string[]): Promise<void> {
  const root = process.env.LICUTIL_BENCH_ROOT ?? process.cwd();
  const only = argValue(argv, '--only')?.split(',');
  const quick = argv.includes('--quick');
  const outDir = argValue(argv, '--out') ?? path.join(root, 'bench');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'licutil-bench-'));
  const ctx: BenchContext = {
    root,
    compiled: process.env.LICUTIL_BENCH_OUT ?? path.join(root, 'node_modules/.cache/licutil-bench'),
    tmp,
    quick,
    log: (line) => console.log(line),
    profileDir: argValue(argv, '--profile'),
  };
  const started = performance.now();
  // the suite must end by itself: whatever hangs, stop it all after 12 minutes
  const watchdog = setTimeout(() => {
    console.error('benchmarks still running after 12 minutes: stopping every process they started');
    killChildren();
    rmSync(tmp, { recursive: true, force: true });
    process.exit(1);
  }, 12 * 60_000);
  watchdog.unref();
  process.once('SIGINT', () => {
    killChildren();
    rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  });
  const m = machine();
  const run: RunRecord = { machine: m, durationS: 0, quick, suites: [], figures: [] };
  console.log(`licutil benchmarks: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, load ${m.loadBefore.map((x) => x.toFixed(2)).join(' ')}`);
  try {
    for (const suite of SUITES) {
      if (only && !only.includes(suite.name)) continue;
      const t0 = performance.now();
      const load1Before = os.loadavg()[0] ?? Number.NaN;
      console.log(`\n== ${suite.name}`);
      let figures: Figure[];
      try {
        figures = await suite.run(ctx);
      } catch (e) {
        console.error(`suite ${suite.name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        process.exitCode = 1;
        continue;
      }
      run.figures.push(...figures);
      run.suites.push({ name: suite.name, seconds: (performance.now() - t0) / 1000, load1Before, load1After: os.loadavg()[0] ?? Number.NaN });
    }
  } finally {
    clearTimeout(watchdog);
    rmSync(tmp, { recursive: true, force: true });
  }
  m.loadAfter = os.loadavg();
  run.durationS = (performance.now() - started) / 1000;
  console.log(`\n${table(run.figures)}\n\n(${run.durationS.toFixed(0)} s)`);
  const preface = readFileSync(path.join(root, 'bench/preface.md'), 'utf8');
  // a run takes minutes: never lose it to an --out directory that is not there yet
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'RESULTS.md'), markdown(run, preface));
  writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(run, null, 2)}\n`);
  console.log(`wrote ${path.join(outDir, 'RESULTS.md')} and results.json`);
}
