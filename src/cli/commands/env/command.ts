// `licutil env` (alias `lmpath`): the license environment as licutil resolves it.
// The module stays light; the resolver and the view load when the command runs.
import { defineCommand } from '../../common/command.js';
import { ARGS } from './args.js';

export const envCommand = defineCommand({
  name: 'env',
  aliases: ['lmpath'],
  describe: 'show the license environment: every source in order, where it came from and what it resolves to',
  spec: ARGS,
  examples: [
    ['$0 env', 'the sources from RLM_LICENSE, LM_LICENSE_FILE, ... and *.lic files'],
    ['$0 env --isv acme', 'also ACME_LICENSE, and only ACME_LICENSE_FILE among the vendor variables'],
    ['$0 env -c 5053@licserver:./licenses --json', 'what -c names, as JSON'],
  ],
  run: async (args, ctx) => {
    const { runEnv } = await import('./run.js');
    return runEnv(args, ctx);
  },
});
