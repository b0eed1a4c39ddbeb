// `licutil stat` (aliases `lmstat`, `rlmstat`): the status of the license
// servers of the license environment — pools, checkouts, waiters. With -i: the
// licenses in the license environment's files, read here without a server.
import { defineCommand } from '../../common/command.js';
import { LicutilError } from '../../../protocol/errors.js';
import { ARGS } from './args.js';

export const statCommand = defineCommand({
  name: 'stat',
  aliases: ['lmstat', 'rlmstat'],
  describe: 'status of the license servers: pools, checkouts, queues; -i: the licenses in the license files here',
  spec: ARGS,
  examples: [
    ['$0 stat -a -c 5053@licserver', 'every pool, checkout and waiter of that server'],
    ['$0 lmstat -f solver --json', 'the solver pools and who holds them, as JSON'],
    ['$0 stat --avail', 'what is free now on the servers of the license environment'],
    ['$0 lmstat -a --format lmstat', 'the same status, laid out as lmutil lmstat -a prints it'],
    ['lmutil lmstat -a | $0 stat --from lmstat - --json', "a FlexNet server's status as licutil JSON"],
    ['$0 stat -i -c ./licenses', 'every license in the directory, with its status here'],
  ],
  run: async (args, ctx) => {
    const feature = args.f ?? args.feature;
    if (args.i) {
      if (args.from !== undefined || args.format !== 'table') {
        throw new LicutilError('LICUTIL_E_USAGE', '-i reads license files; --format and --from are for the status of servers', 'drop -i, or drop --format/--from');
      }
      const { runStatLocal } = await import('./local.js');
      return runStatLocal({ ...args, feature }, ctx);
    }
    if (args.json && args.format !== 'table') {
      // two layouts for one output: a script would get one of them without having chosen it
      throw new LicutilError('LICUTIL_E_USAGE', `--format ${args.format} and --json cannot be used together`, `choose one: --json for licutil's JSON, --format ${args.format} for the vendor's text`);
    }
    const legacy = args.format !== 'table' || args.from !== undefined ? await import('./legacy.js') : null;
    const render = legacy && args.format !== 'table' ? legacy.legacyRenderer(args.format, args) : null;
    if (legacy && args.from !== undefined) {
      // with --from the positional is the FILE; -f names the feature. yargs gives a lone "-" as "".
      const file = args.feature === undefined || args.feature === '' ? '-' : args.feature;
      return legacy.runStatFrom(args.from, file, { ...args, feature: args.f }, ctx, render);
    }
    const { runStatRemote } = await import('./remote.js');
    return runStatRemote({ ...args, feature }, ctx, render);
  },
});
