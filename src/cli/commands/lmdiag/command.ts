// `licutil lmdiag [FEATURE[:VERSION]...]`: can each feature be used on this
// machine, and if not, every reason with its fix. Exit 0 only when every
// feature asked about can be used (DESIGN.md "Output and exit codes").
import { defineCommand } from '../../common/command.js';
import { ARGS } from './args.js';

export const lmdiagCommand = defineCommand({
  name: 'lmdiag',
  describe: 'diagnose why a feature can or cannot be used here, with the fix for each reason',
  spec: ARGS,
  examples: [
    ['$0 lmdiag solver:3.0 -c acme.lic', 'can version 3.0 of solver be used here?'],
    ['$0 lmdiag -n --json', 'every feature, as JSON'],
    ['$0 lmdiag seat -c 5053@licserver', 'resolve, connect, hello, pools and a test checkout of seat on that server'],
  ],
  run: async (args, ctx) => {
    const { runLmdiag } = await import('./run.js');
    return runLmdiag(args, ctx);
  },
});
