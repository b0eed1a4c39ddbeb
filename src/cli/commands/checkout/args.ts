// What `checkout` reads on its command line, as data, and the type of the parsed
// arguments derived from it (run.ts and the views import this, never command.ts).
import type { ArgSpec } from '../../args/spec.js';
import { TIMEOUT_OPTION } from '../../args/net.js';
import type { CommandArgs } from '../../args/global.js';

export const ARGS = {
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
