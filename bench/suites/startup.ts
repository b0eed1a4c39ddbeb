// Start-up: wall time of short licutil commands against `node -e 0`, the least
// a Node.js program can cost. Every round runs each command once, in turn, so
// a change in machine load touches all of them alike; the rounds run in each
// environment of startupEnvs() (without and with NODE_EXTRA_CA_CERTS).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startupEnvs } from '../lib/proc.js';
import { fmt, median, spread } from '../lib/stats.js';
import type { BenchContext, Figure, Suite } from '../lib/types.js';

const SMALL_LICENSE = [
  'HOST localhost any 5053',
  'ISV demo',
  'LICENSE demo solver 2.0 permanent 10 share=uh',
  'LICENSE demo viewer 1.5 31-dec-2030 5 hold=30',
  'LICENSE demo mesher 3.1 1-jan-2029 uncounted hostid=any',
  '',
].join('\n');

interface Cmd {
  id: string;
  title: string;
  args: string[];
}

type Env = ReturnType<typeof startupEnvs>[number];

function timeOnce(ctx: BenchContext, args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(ctx.node, args, { cwd: ctx.tmp, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

/**
 * What holds each command above node -e 0, from callgrind instruction counts
 * (NODE_EXTRA_CA_CERTS unset, the compile cache warm) taken on 2026-12-07 with
 * Node.js 24.22.3 and 20.20.2: callgrind counts nearly the same whatever else
 * the machine is doing (a few M from run to run), unlike the times above.
 */
const LIMITS: Record<string, string> = {
  'startup.version':
    'what limits it: what any Node.js program that is an ES module and prints a line pays over node -e 0 (the ES module loader; process.stdout becoming a stream), shown by the floor row. licutil answers --version in its entry, before any other file of the bundle is read: under callgrind on Node 24 node -e 0 is 86M instructions, the floor 95M, `licutil --version` 98M (1.14×); on Node 20 84M, 106M and 119M.',
  'startup.env':
    'what limits it, measured under callgrind on Node 24 (node -e 0 86–91M instructions, the one-line ES module floor 95–100M): `env` 142–145M, `env --json` ~148M (was 190–205M). Taken off: Node\'s built-ins are taken through process.getBuiltinModule in the bundle, not as ES modules, whose facades read every export (node:fs loaded fs/promises, readline and the stream internals); a pipe\'s plain ASCII tables are drawn without loading cli-table3, byte for byte the same (its load and draw were ~30M); the modules of the short commands make one chunk, so env reads 5 bundle files instead of 27 (~0.8M each). Left, ~45M over the floor and not broken down further: our own code run once per process (the license environment, the reader, the host ids: V8 compiles each function at its first call), the 5 files and their resolution by the ES module loader. On Node 20 (no compile cache for ES modules) env is 184M against 83M (was 268–272M).',
  'startup.stat':
    'what limits it: as for env, plus the reader, the license model and the date and expiry checks: under callgrind on Node 24 `stat -i` is 177–184M instructions and `--json` ~177M against node -e 0 86–91M (was 220–250M); on Node 20 214M against 83M (was 293–321M). The same three changes as for env took it there (built-ins through getBuiltinModule, plain tables without cli-table3, one chunk for the short commands); node:crypto loads only when a signature is checked. Left: as for env.',
};

export const startupSuite: Suite = {
  name: 'startup',
  perNode: true,
  repeat: true,
  async run(ctx) {
    const lic = path.join(ctx.tmp, 'small.lic');
    writeFileSync(lic, SMALL_LICENSE);
    // the least a Node.js command-line program that is an ES module and prints a line costs
    const floorFile = path.join(ctx.tmp, 'print-version.mjs');
    writeFileSync(floorFile, "process.stdout.write('0.1.0\\n');\n");
    const bin = path.join(ctx.root, 'bin/licutil.js');
    const base: Cmd = { id: 'node', title: 'node -e 0', args: ['-e', '0'] };
    const floor: Cmd = { id: 'floor', title: 'node running an ES module that prints one line', args: [floorFile] };
    const cmds: Cmd[] = [
      { id: 'startup.version', title: 'start-up: `licutil --version`', args: [bin, '--version'] },
      { id: 'startup.env', title: 'start-up: `licutil env`', args: [bin, 'env', '-c', lic] },
      { id: 'startup.stat', title: 'start-up: `licutil stat -i` (3-license file)', args: [bin, 'stat', '-i', '-c', lic] },
    ];
    const all = [base, floor, ...cmds];
    const envs = startupEnvs({ LICUTIL_NOW: '2026-06-15T12:00:00Z' });
    const rounds = ctx.quick ? 5 : 30;
    const key = (e: Env, c: Cmd) => `${e.id}:${c.id}`;
    const samples = new Map<string, number[]>();
    for (const e of envs) for (const c of all) samples.set(key(e, c), []);
    // one round to warm the page cache, not counted
    for (const e of envs) for (const c of all) timeOnce(ctx, c.args, e.env);
    for (let r = 0; r < rounds; r++) {
      for (const e of envs) {
        // rotate the order so no command always runs right after another
        for (let k = 0; k < all.length; k++) {
          const c = all[(k + r) % all.length] as Cmd;
          samples.get(key(e, c))?.push(timeOnce(ctx, c.args, e.env));
        }
      }
    }
    const med = (e: Env, c: Cmd) => median(samples.get(key(e, c)) ?? []);
    for (const e of envs) ctx.log(`  ${e.label}: node -e 0 median ${fmt(med(e, base))} ms, one-line ES module ${fmt(med(e, floor))} ms`);
    const [judged, ...others] = envs as [Env, ...Env[]];
    return cmds.map((c): Figure => {
      const xs = samples.get(key(judged, c)) ?? [];
      const nodeMs = samples.get(key(judged, base)) ?? [];
      const s = spread(xs.map((x, i) => x / (nodeMs[i] as number)));
      const ratio = median(xs) / median(nodeMs);
      const pass = ratio <= 1.5;
      for (const e of envs) ctx.log(`  ${c.title} [${e.id}]: median ${fmt(med(e, c))} ms, ${fmt(med(e, c) / med(e, base), 2)}× node`);
      return {
        id: c.id,
        title: c.title,
        value: median(xs),
        unit: 'ms',
        baseline: { label: '`node -e 0`', value: median(nodeMs), unit: 'ms' },
        ratio,
        ratioStyle: '×',
        target: '≤ 1.5×',
        pass,
        spread: `${rounds} interleaved rounds; per-round ratio ${fmt(s.min, 2)}–${fmt(s.max, 2)} (IQR ${fmt(s.q1, 2)}–${fmt(s.q3, 2)}); command ${fmt(spread(xs).q1)}–${fmt(spread(xs).q3)} ms, node ${fmt(spread(nodeMs).q1)}–${fmt(spread(nodeMs).q3)} ms (IQR)`,
        notes: [
          `measured in ${judged.label}; the floor, a one-line ES module that prints, took ${fmt(med(judged, floor))} ms (${fmt(med(judged, floor) / median(nodeMs), 2)}× node -e 0)`,
          ...others.map(
            (e) =>
              `in ${e.label}: ${fmt(med(e, c))} ms vs node -e 0 ${fmt(med(e, base))} ms, ${fmt(med(e, c) / med(e, base), 2)}× — every node process there first parses the certificate bundle, which flatters the ratio`,
          ),
          ...(pass ? [] : [LIMITS[c.id] ?? '']),
        ],
        details: Object.fromEntries(envs.flatMap((e) => [[`${e.id}SamplesMs`, samples.get(key(e, c))], [`${e.id}NodeSamplesMs`, samples.get(key(e, base))]])),
      };
    });
  },
};
