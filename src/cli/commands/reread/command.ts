// `licutil reread` (aliases `lmreread`, `rlmreread`): every server of the
// license environment re-reads its license files; each answers what changed.
import { defineCommand } from '../../common/command.js';
import { ARGS } from './args.js';

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
