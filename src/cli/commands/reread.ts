// `licutil reread` (aliases `lmreread`, `rlmreread`): every server of the
// license environment re-reads its license files; each answers what changed.
import type { LicutilCommand } from '../command.js';
import { withAdminToken, type AdminArgs } from './net-client.js';

export type RereadArgs = AdminArgs;

export const rereadCommand: LicutilCommand<RereadArgs> = {
  module: {
    command: 'reread',
    aliases: ['lmreread', 'rlmreread'],
    describe: 'make the license servers re-read their license files, and show what changed',
    builder: (y) =>
      withAdminToken(y)
        .example('$0 reread -c 5053@licserver', 'reread on that server and print the added, removed and changed pools')
        .example('$0 rlmreread --isv acme --json', "only acme's pools in the diff, as JSON") as never,
    handler: () => undefined,
  },
  run: async (args, ctx) => {
    const { runReread } = await import('./reread-run.js');
    return runReread(args, ctx);
  },
};
