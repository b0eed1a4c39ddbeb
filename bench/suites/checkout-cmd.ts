// `licutil checkout F -- true`: the whole wall time of a wrapped command (start,
// check out from a server on 127.0.0.1, run `true`, check in, exit) against
// `node -e 0`, in interleaved rounds.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { cleanEnv, startLicutil } from '../lib/proc.js';
import { serverLicense } from '../lib/server-license.js';
import { fmt, median, spread } from '../lib/stats.js';
import { pendingFigure, type Figure, type Suite } from '../lib/types.js';

const TITLE = '`licutil checkout F -- true` total wall';
const TARGET = '≤ 2.5×';

export const checkoutCmdSuite: Suite = {
  name: 'checkout-cmd',
  async run(ctx) {
    const bin = path.join(ctx.root, 'bin/licutil.js');
    const env = cleanEnv();
    // `checkout --help` prints the general help when there is no such command: look for it in the list
    const help = spawnSync(process.execPath, [bin, '--help'], { env, encoding: 'utf8' });
    if (!/^\s+licutil checkout\b/m.test(help.stdout)) {
      return [pendingFigure('checkout.wall', TITLE, TARGET, 'pending: `licutil checkout` is not registered in this build yet (another helper is writing it)')];
    }
    const server = await startLicutil(ctx, { name: 'checkout-cmd', license: serverLicense({ seat: 100 }) });
    try {
      const spec = `${server.port}@127.0.0.1`;
      const run = (args: string[]): number => {
        const t0 = process.hrtime.bigint();
        const r = spawnSync(process.execPath, args, { cwd: ctx.tmp, env, stdio: ['ignore', 'pipe', 'pipe'] });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (r.status !== 0) throw new Error(`${args.slice(1).join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
        return ms;
      };
      const cmd = [bin, 'checkout', 'seat', '-c', spec, '--', 'true'];
      const node = ['-e', '0'];
      run(cmd);
      run(node);
      const rounds = ctx.quick ? 5 : 20;
      const c: number[] = [];
      const n: number[] = [];
      for (let r = 0; r < rounds; r++) {
        if (r % 2 === 0) {
          c.push(run(cmd));
          n.push(run(node));
        } else {
          n.push(run(node));
          c.push(run(cmd));
        }
      }
      const ratio = median(c) / median(n);
      const pr = spread(c.map((x, i) => x / (n[i] as number)));
      ctx.log(`  checkout -- true: ${fmt(median(c))} ms, node -e 0 ${fmt(median(n))} ms, ${fmt(ratio, 2)}×`);
      return [
        {
          id: 'checkout.wall',
          title: TITLE,
          value: median(c),
          unit: 'ms',
          baseline: { label: '`node -e 0`', value: median(n), unit: 'ms' },
          ratio,
          ratioStyle: '×',
          target: TARGET,
          pass: ratio <= 2.5,
          spread: `${rounds} interleaved rounds; per-round ratio ${fmt(pr.min, 2)}–${fmt(pr.max, 2)} (IQR ${fmt(pr.q1, 2)}–${fmt(pr.q3, 2)})`,
          notes: [
            'server on 127.0.0.1 with a durable journal; the command checks out, runs `true`, checks in and exits',
            ...(ratio > 2.5
              ? [
                  'what limits it: the start-up every yargs-parsed command pays (see the start-up rows: importing yargs alone is about 2× node -e 0 on this machine), then the client, two HTTP round trips each waiting for a journal fsync, and spawning `true`; the network part is a few ms of it',
                ]
              : []),
          ],
        },
      ] satisfies Figure[];
    } finally {
      await server.stop();
    }
  },
};
