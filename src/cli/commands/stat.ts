// `licutil stat` (aliases `lmstat`, `rlmstat`): the status of the license
// servers of the license environment — pools, checkouts, waiters. With -i: the
// licenses in the license environment's files, read here without a server.
import type { GlobalArgs, LicutilCommand } from '../command.js';
import { withTimeout } from './net-client.js';

export interface StatArgs extends GlobalArgs {
  i: boolean;
  feature?: string | undefined;
  f?: string | undefined;
  pub?: string | string[] | undefined;
  a: boolean;
  u?: string | undefined;
  avail: boolean;
  timeout?: number | undefined;
}

export const statCommand: LicutilCommand<StatArgs> = {
  module: {
    command: 'stat [feature]',
    aliases: ['lmstat', 'rlmstat'],
    describe: 'status of the license servers: pools, checkouts, queues; -i: the licenses in the license files here',
    builder: (y) =>
      withTimeout(
        y
          .positional('feature', { type: 'string', describe: 'only this product (feature)' })
          .option('a', { type: 'boolean', default: false, describe: 'everything: every checkout and waiter too (lmstat -a)' })
          .option('f', { type: 'string', requiresArg: true, describe: 'only this product (feature), with its checkouts' })
          .option('u', { type: 'string', requiresArg: true, describe: 'only the checkouts and waiters of this user' })
          .option('avail', { type: 'boolean', default: false, describe: 'only what is free now (rlmstat -avail)' })
          .option('i', { type: 'boolean', default: false, describe: 'read the license files here, without contacting a server (lmstat -i)' })
          .option('pub', { type: 'string', requiresArg: true, describe: 'with -i: public key file(s) to verify licutil signatures with (NAME.pub)' }),
      )
        .example('$0 stat -a -c 5053@licserver', 'every pool, checkout and waiter of that server')
        .example('$0 lmstat -f solver --json', 'the solver pools and who holds them, as JSON')
        .example('$0 stat --avail', 'what is free now on the servers of the license environment')
        .example('$0 stat -i -c ./licenses', 'every license in the directory, with its status here') as never,
    handler: () => undefined,
  },
  run: async (args, ctx) => {
    const feature = args.f ?? args.feature;
    if (args.i) {
      const { runStatLocal } = await import('./stat-local.js');
      return runStatLocal({ ...args, feature }, ctx);
    }
    const { runStatRemote } = await import('./stat-remote.js');
    return runStatRemote({ ...args, feature }, ctx);
  },
};
