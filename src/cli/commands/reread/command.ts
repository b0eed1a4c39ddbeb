// `licutil reread` (aliases `lmreread`, `rlmreread`): every server of the
// license environment re-reads its license files; each answers what changed.
import type { ArgSpec } from '../../args/spec.js';
import { ADMIN_OPTIONS } from '../../args/net.js';
import { defineCommand, type CommandArgs } from '../../command.js';

const ARGS = { positionals: [], options: ADMIN_OPTIONS } as const satisfies ArgSpec;

export type RereadArgs = CommandArgs<typeof ARGS>;

export const rereadCommand = defineCommand({
  name: 'reread',
  aliases: ['lmreread', 'rlmreread'],
  describe: 'make the license servers re-read their license files, and show what changed',
  spec: ARGS,
  examples: [
    ['$0 reread -c 5053@licserver', 'reread on that server and print the added, removed and changed pools'],
    ['$0 rlmreread --isv acme --json', "only acme's pools in the diff, as JSON"],
  ],
  run: async (args, ctx) => {
    const { runReread } = await import('./run.js');
    return runReread(args, ctx);
  },
});
