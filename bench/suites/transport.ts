// The two HTTP stacks behind the client's transport seam, as a short-lived
// process sees them: a fresh node process imports the library, sends one hello
// to a server on 127.0.0.1 through undici or node:http, and exits; against
// `node -e 0` in interleaved rounds. This is the cost that keeps node:http on
// the CLI's path (docs/decisions.md, "Talking to servers").
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanEnv, startLicutil } from '../lib/proc.js';
import { serverLicense } from '../lib/server-license.js';
import { fmt, median, spread } from '../lib/stats.js';
import type { Figure, Suite } from '../lib/types.js';

const STACKS = ['node', 'undici'] as const;
type Stack = (typeof STACKS)[number];
const TARGET = '≤ 2.5×';

export const transportSuite: Suite = {
  name: 'transport',
  perNode: true,
  async run(ctx) {
    const server = await startLicutil(ctx, { name: 'transport', license: serverLicense({ seat: 1 }) });
    try {
      const lib = path.join(ctx.root, 'dist/lib.js');
      const env = cleanEnv();
      // NODE_EXTRA_CA_CERTS makes every process parse a bundle first: judged without it, as start-up is
      delete env.NODE_EXTRA_CA_CERTS;
      const script = (stack: Stack) => {
        const file = path.join(ctx.tmp, `one-hello-${stack}.mjs`);
        writeFileSync(
          file,
          `import { connect } from ${JSON.stringify(lib)};\n` +
            `const c = connect('${server.port}@127.0.0.1', { env: {}, transport: '${stack}' });\n` +
            `const [r] = await c.hello();\nawait c.close();\nif (!r?.ok) process.exit(1);\n`,
        );
        return file;
      };
      const run = (args: string[]): number => {
        const t0 = process.hrtime.bigint();
        const r = spawnSync(ctx.node, args, { cwd: ctx.tmp, env, stdio: ['ignore', 'pipe', 'pipe'] });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
        return ms;
      };
      const cmds: Record<Stack | 'base', string[]> = { base: ['-e', '0'], node: [script('node')], undici: [script('undici')] };
      const samples: Record<Stack | 'base', number[]> = { base: [], node: [], undici: [] };
      const order: Array<Stack | 'base'> = ['base', ...STACKS];
      for (const k of order) run(cmds[k]);
      const rounds = ctx.quick ? 5 : 20;
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < order.length; k++) {
          const which = order[(k + r) % order.length] as Stack | 'base';
          samples[which].push(run(cmds[which]));
        }
      }
      const base = samples.base;
      return STACKS.map((stack): Figure => {
        const xs = samples[stack];
        const ratio = median(xs) / median(base);
        const s = spread(xs.map((x, i) => x / (base[i] as number)));
        ctx.log(`  one hello through ${stack}: ${fmt(median(xs))} ms, ${fmt(ratio, 2)}× node -e 0`);
        return {
          id: `transport.${stack}`,
          title: `a fresh process: import the library, one hello through ${stack === 'node' ? 'node:http' : 'undici'}, exit`,
          value: median(xs),
          unit: 'ms',
          baseline: { label: '`node -e 0`', value: median(base), unit: 'ms' },
          ratio,
          ratioStyle: '×',
          target: TARGET,
          pass: ratio <= 2.5,
          spread: `${rounds} interleaved rounds; per-round ratio ${fmt(s.min, 2)}–${fmt(s.max, 2)} (IQR ${fmt(s.q1, 2)}–${fmt(s.q3, 2)})`,
          notes: [
            'NODE_EXTRA_CA_CERTS unset; the target is the budget of `licutil checkout F -- true`, which a short-lived CLI process must keep',
            stack === 'undici'
              ? 'what limits it: undici compiles its WebAssembly HTTP parser (llhttp) in every new process; that is why the CLI talks node:http and the library keeps undici for long-running programs'
              : 'node:http needs no compile step: the difference from undici is the cost the CLI avoids',
          ],
          details: { samplesMs: xs, nodeSamplesMs: base },
        };
      });
    } finally {
      await server.stop();
    }
  },
};
