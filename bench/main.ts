// The benchmark suite's driver: runs the suites one after another, prints each
// figure with its ratio, and writes bench/RESULTS.md and bench/results.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { killChildren } from './lib/proc.js';
import { mergeRuns, onNode } from './lib/runs.js';
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

function nodeVersion(node: string): string {
  const r = spawnSync(node, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`--node ${node}: could not run it (${r.error?.message ?? r.stderr})`);
  return r.stdout.trim().replace(/^v/, '');
}

/** Servers on core 0, load on core 1, when taskset and two cores are there (--no-pin: never). */
function pinning(argv: string[]): BenchContext['pin'] {
  if (argv.includes('--no-pin') || os.cpus().length < 2 || !existsSync('/usr/bin/taskset')) return null;
  return { server: '0', load: '1' };
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
    node: argValue(argv, '--node') ?? process.execPath,
    nodeVersion: '',
    pin: pinning(argv),
  };
  ctx.nodeVersion = nodeVersion(ctx.node);
  const alsoNodes = (argValue(argv, '--also-node')?.split(',') ?? []).map((node) => ({ node, version: nodeVersion(node) }));
  const runs = Math.max(1, Number(argValue(argv, '--runs') ?? (quick ? 1 : 3)));
  const started = performance.now();
  // the suite must end by itself: whatever hangs, stop it all (a run repeated --runs times gets longer)
  const limitMin = 12 + 6 * (runs - 1) + 3 * alsoNodes.length;
  const watchdog = setTimeout(() => {
    console.error(`benchmarks still running after ${limitMin} minutes: stopping every process they started`);
    killChildren();
    rmSync(tmp, { recursive: true, force: true });
    process.exit(1);
  }, limitMin * 60_000);
  watchdog.unref();
  process.once('SIGINT', () => {
    killChildren();
    rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  });
  const m = machine();
  const pin = ctx.pin === null ? 'none' : `servers (licutil and the baselines) on CPU ${ctx.pin.server}, load generators on CPU ${ctx.pin.load} (taskset -c)`;
  const run: RunRecord = { machine: m, durationS: 0, quick, suites: [], figures: [], settings: { nodeVersion: ctx.nodeVersion, alsoNodes: alsoNodes.map((n) => n.version), pin, runs } };
  console.log(`licutil benchmarks: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${ctx.nodeVersion}, pinning ${pin}, load ${m.loadBefore.map((x) => x.toFixed(2)).join(' ')}`);
  try {
    for (const suite of SUITES) {
      if (only && !only.includes(suite.name)) continue;
      const t0 = performance.now();
      const load1Before = os.loadavg()[0] ?? Number.NaN;
      console.log(`\n== ${suite.name}`);
      let figures: Figure[] = [];
      try {
        const times = suite.repeat ? runs : 1;
        const on = async (c: BenchContext): Promise<Figure[]> => {
          const each: Figure[][] = [];
          for (let i = 0; i < times; i++) {
            if (times > 1) console.log(`  -- run ${i + 1} of ${times}${c === ctx ? '' : ` (Node.js ${c.nodeVersion})`}`);
            each.push(await suite.run(c));
          }
          return mergeRuns(each);
        };
        figures = await on(ctx);
        if (suite.perNode) for (const n of alsoNodes) figures.push(...onNode(await on({ ...ctx, node: n.node, nodeVersion: n.version }), n.version));
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
  // --merge (with --only): the other suites' figures stay as the last run left them, each suite with its date
  if (argv.includes('--merge') && existsSync(path.join(outDir, 'results.json'))) {
    const before = JSON.parse(readFileSync(path.join(outDir, 'results.json'), 'utf8')) as RunRecord;
    const ran = new Set(run.suites.map((s) => s.name));
    const mine = (id: string) => [...ran].some((name) => id.startsWith(`${name}.`));
    run.figures = [...before.figures.filter((f) => !mine(f.id)), ...run.figures];
    run.suites = [...before.suites.filter((s) => !ran.has(s.name)).map((s) => ({ ...s, date: s.date ?? before.machine.date })), ...run.suites];
  }
  writeFileSync(path.join(outDir, 'RESULTS.md'), markdown(run, preface));
  writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(run, null, 2)}\n`);
  console.log(`wrote ${path.join(outDir, 'RESULTS.md')} and results.json`);
}
