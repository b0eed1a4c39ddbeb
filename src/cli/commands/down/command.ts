// `licutil down` (aliases `lmdown`, `rlmdown`): stop the license servers of the
// license environment. Asks first, as lmdown does, unless -q or --force.
import { defineCommand } from '../../common/command.js';
import { ARGS } from './args.js';

export const downCommand = defineCommand({
  name: 'down',
  aliases: ['lmdown', 'rlmdown'],
  describe: 'stop the license servers (asks first unless -q or --force)',
  spec: ARGS,
  examples: [
    ['$0 down -q -c 5053@licserver', 'stop that server without asking'],
    ['echo y | $0 lmdown', 'answer the question from a script'],
  ],
  run: async (args, ctx) => {
    const { runDown } = await import('./run.js');
    return runDown(args, ctx);
  },
});
