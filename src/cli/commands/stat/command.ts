// `licutil stat` (aliases `lmstat`, `rlmstat`): the status of the license
// servers of the license environment — pools, checkouts, waiters. With -i: the
// licenses in the license environment's files, read here without a server.
import type { ArgSpec } from '../../args/spec.js';
import { PUB_OPTION, TIMEOUT_OPTION, VENDOR_TOOL_OPTIONS } from '../../args/net.js';
import { defineCommand, type CommandArgs } from '../../command.js';
import { LicutilError } from '../../../protocol/errors.js';

const ARGS = {
  positionals: [{ name: 'feature', describe: 'only this product (feature); with --from: the FILE to read (- for standard input)' }],
  options: {
    timeout: TIMEOUT_OPTION,
    a: { type: 'boolean', default: false, describe: 'everything: every checkout and waiter too (lmstat -a)' },
    f: { type: 'string', requiresArg: true, describe: 'only this product (feature), with its checkouts' },
    u: { type: 'string', requiresArg: true, describe: 'only the checkouts and waiters of this user' },
    avail: { type: 'boolean', default: false, describe: 'only what is free now (rlmstat -avail)' },
    format: {
      type: 'string',
      choices: ['table', 'lmstat', 'rlmstat'],
      default: 'table',
      describe: 'print the status in the layout of lmutil lmstat -a or rlmutil rlmstat -a, for scripts that parse it',
    },
    from: {
      type: 'string',
      choices: ['lmstat', 'rlmstat'],
      describe: 'read lmstat -a / rlmstat -a text instead of asking servers: from FILE (the positional) or - (standard input)',
    },
    tz: { type: 'string', requiresArg: true, describe: "time zone of --format/--from text (IANA name; default: this machine's)" },
    ...VENDOR_TOOL_OPTIONS,
    i: { type: 'boolean', default: false, describe: 'read the license files here, without contacting a server (lmstat -i)' },
    pub: { ...PUB_OPTION, describe: `with -i: ${PUB_OPTION.describe}` },
  },
} as const satisfies ArgSpec;

export type StatArgs = CommandArgs<typeof ARGS>;

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
