// `licutil checkout FEATURE[:VERSION] [-- CMD ARGS...]`: hold a seat while a
// command runs, or (--detach) take one for a later `licutil checkin`. The module
// stays light: the client, the child-process wrapper and the spinner load only
// when the command runs, so `checkout -- true` starts almost as fast as node.
import { applyArgSpec, commandString, type ArgSpec } from '../../args/spec.js';
import type { GlobalArgs, LicutilCommand } from '../../command.js';

export interface CheckoutArgs extends GlobalArgs {
  feature: string;
  count: number;
  wait?: string | undefined;
  lease?: string | undefined;
  tag?: string | undefined;
  password?: string | undefined;
  timeout?: number | undefined;
  'on-lost': 'warn' | 'kill';
  detach: boolean;
  '--'?: Array<string | number> | undefined;
}

const ARGS: ArgSpec = {
  positionals: [{ name: 'feature', demand: true, describe: 'the product (feature), optionally with the lowest version: FEATURE:VERSION' }],
  options: {
    count: { alias: 'n', type: 'number', default: 1, requiresArg: true, describe: 'seats to check out' },
    wait: { type: 'string', requiresArg: true, describe: 'queue for a seat this long when none is free (DURATION: 30, 30s, 5m, 1h)' },
    lease: { type: 'string', requiresArg: true, describe: 'lease to ask for (DURATION); the seat is reclaimed if not renewed within it' },
    tag: { type: 'string', requiresArg: true, describe: 'ltelicense tag the pool serves' },
    password: { type: 'string', requiresArg: true, describe: 'license password (_password / password=)' },
    timeout: { type: 'number', requiresArg: true, describe: 'seconds to wait for a server to connect and answer (default RLM_CONNECT_TIMEOUT, else 10)' },
    'on-lost': {
      type: 'string',
      choices: ['warn', 'kill'],
      default: 'warn',
      describe: 'when the seat is removed or cannot be renewed: warn, or stop the command with SIGTERM',
    },
    detach: { type: 'boolean', default: false, describe: 'check out, print HANDLE@PORT@HOST and exit (no command)' },
  },
};

export const checkoutCommand: LicutilCommand<CheckoutArgs> = {
  module: {
    command: commandString('checkout', ARGS),
    describe: 'hold a license seat while a command runs (checkout F -- CMD), or take one for a later checkin (--detach)',
    builder: (y) =>
      applyArgSpec(y, ARGS)
        .example('$0 checkout solver -c 5053@licserver -- make test', 'run make test holding one solver seat')
        .example('$0 checkout solver:2.0 -n 2 --wait 10m -- ./simulate', 'queue up to ten minutes for two seats of version 2.0 or later')
        .example('H=$($0 checkout solver --detach --lease 1h)', 'check out for a CI job; later: licutil checkin "$H"') as never,
    handler: () => undefined,
  },
  args: ARGS,
  dashdash: true,
  run: async (args, ctx) => {
    const { runCheckout } = await import('./run.js');
    return runCheckout(args, ctx);
  },
};
