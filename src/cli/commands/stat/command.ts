// `licutil stat` (aliases `lmstat`, `rlmstat`): the status of the license
// servers of the license environment — pools, checkouts, waiters. With -i: the
// licenses in the license environment's files, read here without a server.
import { applyArgSpec, commandString, type ArgSpec } from '../../args/spec.js';
import type { GlobalArgs, LicutilCommand } from '../../command.js';
import { LicutilError } from '../../../protocol/errors.js';
import { TIMEOUT_OPTION, VENDOR_TOOL_OPTIONS } from '../../args/net.js';

export interface StatArgs extends GlobalArgs {
  i: boolean;
  feature?: string | undefined;
  f?: string | undefined;
  pub?: string | string[] | undefined;
  a: boolean;
  u?: string | undefined;
  avail: boolean;
  timeout?: number | undefined;
  format: 'table' | 'lmstat' | 'rlmstat';
  from?: 'lmstat' | 'rlmstat' | undefined;
  tz?: string | undefined;
  lmutil?: string | undefined;
  rlmutil?: string | undefined;
}

const ARGS: ArgSpec = {
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
    pub: { type: 'string', requiresArg: true, describe: 'with -i: public key file(s) to verify licutil signatures with (NAME.pub)' },
  },
};

export const statCommand: LicutilCommand<StatArgs> = {
  module: {
    command: commandString('stat', ARGS),
    aliases: ['lmstat', 'rlmstat'],
    describe: 'status of the license servers: pools, checkouts, queues; -i: the licenses in the license files here',
    builder: (y) =>
      applyArgSpec(y, ARGS)
        .example('$0 stat -a -c 5053@licserver', 'every pool, checkout and waiter of that server')
        .example('$0 lmstat -f solver --json', 'the solver pools and who holds them, as JSON')
        .example('$0 stat --avail', 'what is free now on the servers of the license environment')
        .example('$0 lmstat -a --format lmstat', 'the same status, laid out as lmutil lmstat -a prints it')
        .example('lmutil lmstat -a | $0 stat --from lmstat - --json', "a FlexNet server's status as licutil JSON")
        .example('$0 stat -i -c ./licenses', 'every license in the directory, with its status here') as never,
    handler: () => undefined,
  },
  args: ARGS,
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
};
