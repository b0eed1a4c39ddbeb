// `licutil down` (aliases `lmdown`, `rlmdown`): stop the license servers of the
// license environment. Asks first, as lmdown does, unless -q or --force.
import type { LicutilCommand } from '../command.js';
import { withAdminToken, type AdminArgs } from './net-client.js';

export interface DownArgs extends AdminArgs {
  force: boolean;
}

export const downCommand: LicutilCommand<DownArgs> = {
  module: {
    command: 'down',
    aliases: ['lmdown', 'rlmdown'],
    describe: 'stop the license servers (asks first unless -q or --force)',
    builder: (y) =>
      withAdminToken(y)
        .option('force', { type: 'boolean', default: false, describe: "do not ask (the same as -q)" })
        .example('$0 down -q -c 5053@licserver', 'stop that server without asking')
        .example('echo y | $0 lmdown', 'answer the question from a script') as never,
    handler: () => undefined,
  },
  run: async (args, ctx) => {
    const { runDown } = await import('./down-run.js');
    return runDown(args, ctx);
  },
};
