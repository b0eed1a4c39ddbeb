// `licutil checkout FEATURE[:VERSION] [-- CMD ARGS...]`: hold a seat while a
// command runs, or (--detach) take one for a later `licutil checkin`. The module
// stays light: the client, the child-process wrapper and the spinner load only
// when the command runs, so `checkout -- true` starts almost as fast as node.
import { defineCommand } from '../../common/command.js';
import { ARGS } from './args.js';

export const checkoutCommand = defineCommand({
  name: 'checkout',
  describe: 'hold a license seat while a command runs (checkout F -- CMD), or take one for a later checkin (--detach)',
  spec: ARGS,
  examples: [
    ['$0 checkout solver -c 5053@licserver -- make test', 'run make test holding one solver seat'],
    ['$0 checkout solver:2.0 -n 2 --wait 10m -- ./simulate', 'queue up to ten minutes for two seats of version 2.0 or later'],
    ['H=$($0 checkout solver --detach --lease 1h)', 'check out for a CI job; later: licutil checkin "$H"'],
  ],
  run: async (args, ctx) => {
    const { runCheckout } = await import('./run.js');
    return runCheckout(args, ctx);
  },
});
