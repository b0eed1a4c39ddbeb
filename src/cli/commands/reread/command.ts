// `licutil reread` (aliases `lmreread`, `rlmreread`): every server of the
// license environment re-reads its license files; each answers what changed.
import { applyArgSpec, commandString, type ArgSpec } from '../../args/spec.js';
import type { LicutilCommand } from '../../command.js';
import { ADMIN_OPTIONS, type AdminArgs } from '../../args/net.js';

export type RereadArgs = AdminArgs;

const ARGS: ArgSpec = { positionals: [], options: ADMIN_OPTIONS };

export const rereadCommand: LicutilCommand<RereadArgs> = {
  module: {
    command: commandString('reread', ARGS),
    aliases: ['lmreread', 'rlmreread'],
    describe: 'make the license servers re-read their license files, and show what changed',
    builder: (y) =>
      applyArgSpec(y, ARGS)
        .example('$0 reread -c 5053@licserver', 'reread on that server and print the added, removed and changed pools')
        .example('$0 rlmreread --isv acme --json', "only acme's pools in the diff, as JSON") as never,
    handler: () => undefined,
  },
  args: ARGS,
  run: async (args, ctx) => {
    const { runReread } = await import('./run.js');
    return runReread(args, ctx);
  },
};
