// `licutil lmdiag [FEATURE[:VERSION]...]`: can each feature be used on this
// machine, and if not, every reason with its fix. Exit 0 only when every
// feature asked about can be used (DESIGN.md "Output and exit codes").
import type { LicutilCommand } from '../command.js';
import { withTimeout, type NetArgs } from './net-client.js';

export interface LmdiagArgs extends NetArgs {
  features?: string[] | undefined;
  n: boolean;
  pub?: string | string[] | undefined;
  password?: string | undefined;
  /** false with --no-checkout: no test checkout on the servers */
  checkout: boolean;
  lmutil?: string | undefined;
  rlmutil?: string | undefined;
}

export const lmdiagCommand: LicutilCommand<LmdiagArgs> = {
  module: {
    command: 'lmdiag [features..]',
    describe: 'diagnose why a feature can or cannot be used here, with the fix for each reason',
    builder: (y) =>
      withTimeout(y)
        .positional('features', { type: 'string', array: true, describe: 'FEATURE or FEATURE:VERSION; none: every licensed feature' })
        .option('n', {
          type: 'boolean',
          default: false,
          describe: 'non-interactive (lmutil habit): test the servers even when no port@host is given, through the HOST lines of counted licenses',
        })
        .option('checkout', { type: 'boolean', default: true, describe: 'try a test checkout and checkin on each server (--no-checkout: only look at its pools)' })
        .option('lmutil', { type: 'string', requiresArg: true, describe: 'FlexNet lmutil to ask a server that is not licutil (default: lmutil on PATH)' })
        .option('rlmutil', { type: 'string', requiresArg: true, describe: 'RLM rlmutil to ask a server that is not licutil (default: rlmutil on PATH)' })
        .option('pub', { type: 'string', requiresArg: true, describe: 'public key file(s) to verify licutil signatures with (NAME.pub)' })
        .option('password', {
          type: 'string',
          requiresArg: true,
          describe: 'license password to assume (default: RLM_LICENSE_PASSWORD)',
        })
        .example('$0 lmdiag solver:3.0 -c acme.lic', 'can version 3.0 of solver be used here?')
        .example('$0 lmdiag -n --json', 'every feature, as JSON')
        .example('$0 lmdiag seat -c 5053@licserver', 'resolve, connect, hello, pools and a test checkout of seat on that server') as never,
    handler: () => undefined,
  },
  run: async (args, ctx) => {
    const { runLmdiag } = await import('./lmdiag-run.js');
    return runLmdiag(args, ctx);
  },
};
