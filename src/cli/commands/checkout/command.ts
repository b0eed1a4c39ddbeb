// `licutil checkout FEATURE[:VERSION] [-- CMD ARGS...]`: hold a seat while a
// command runs, or (--detach) take one for a later `licutil checkin`. The module
// stays light: the client, the child-process wrapper and the spinner load only
// when the command runs, so `checkout -- true` starts almost as fast as node.
import type { ArgSpec } from '../../args/spec.js';
import { TIMEOUT_OPTION } from '../../args/net.js';
import { defineCommand, type CommandArgs } from '../../command.js';

const ARGS = {
  positionals: [{ name: 'feature', demand: true, describe: 'the product (feature), optionally with the lowest version: FEATURE:VERSION' }],
  options: {
    count: { alias: 'n', type: 'number', default: 1, requiresArg: true, describe: 'seats to check out' },
    wait: { type: 'string', requiresArg: true, describe: 'queue for a seat this long when none is free (DURATION: 30, 30s, 5m, 1h)' },
    lease: { type: 'string', requiresArg: true, describe: 'lease to ask for (DURATION); the seat is reclaimed if not renewed within it' },
    tag: { type: 'string', requiresArg: true, describe: 'ltelicense tag the pool serves' },
    password: { type: 'string', requiresArg: true, describe: 'license password (_password / password=)' },
    timeout: TIMEOUT_OPTION,
    'on-lost': {
      type: 'string',
      choices: ['warn', 'kill'],
      default: 'warn',
      describe: 'when the seat is removed or cannot be renewed: warn, or stop the command with SIGTERM',
    },
    detach: { type: 'boolean', default: false, describe: 'check out, print HANDLE@PORT@HOST and exit (no command)' },
  },
  dashdash: true,
} as const satisfies ArgSpec;

export type CheckoutArgs = CommandArgs<typeof ARGS>;

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
