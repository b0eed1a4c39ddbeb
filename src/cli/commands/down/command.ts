// `licutil down` (aliases `lmdown`, `rlmdown`): stop the license servers of the
// license environment. Asks first, as lmdown does, unless -q or --force.
import { applyArgSpec, commandString, type ArgSpec } from '../../args/spec.js';
import type { LicutilCommand } from '../../command.js';
import { ADMIN_OPTIONS, type AdminArgs } from '../../args/net.js';

export interface DownArgs extends AdminArgs {
  force: boolean;
}

const ARGS: ArgSpec = {
  positionals: [],
  options: { ...ADMIN_OPTIONS, force: { type: 'boolean', default: false, describe: 'do not ask (the same as -q)' } },
};

export const downCommand: LicutilCommand<DownArgs> = {
  module: {
    command: commandString('down', ARGS),
    aliases: ['lmdown', 'rlmdown'],
    describe: 'stop the license servers (asks first unless -q or --force)',
    builder: (y) =>
      applyArgSpec(y, ARGS)
        .example('$0 down -q -c 5053@licserver', 'stop that server without asking')
        .example('echo y | $0 lmdown', 'answer the question from a script') as never,
    handler: () => undefined,
  },
  args: ARGS,
  run: async (args, ctx) => {
    const { runDown } = await import('./run.js');
    return runDown(args, ctx);
  },
};
