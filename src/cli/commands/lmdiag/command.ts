// `licutil lmdiag [FEATURE[:VERSION]...]`: can each feature be used on this
// machine, and if not, every reason with its fix. Exit 0 only when every
// feature asked about can be used (DESIGN.md "Output and exit codes").
import { applyArgSpec, commandString, type ArgSpec } from '../../args/spec.js';
import type { LicutilCommand } from '../../command.js';
import { TIMEOUT_OPTION, VENDOR_TOOL_OPTIONS, type NetArgs } from '../../args/net.js';

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

const ARGS: ArgSpec = {
  positionals: [{ name: 'features', variadic: true, describe: 'FEATURE or FEATURE:VERSION; none: every licensed feature' }],
  options: {
    timeout: TIMEOUT_OPTION,
    n: {
      type: 'boolean',
      default: false,
      describe: 'non-interactive (lmutil habit): test the servers even when no port@host is given, through the HOST lines of counted licenses',
    },
    checkout: { type: 'boolean', default: true, describe: 'try a test checkout and checkin on each server (--no-checkout: only look at its pools)' },
    ...VENDOR_TOOL_OPTIONS,
    pub: { type: 'string', requiresArg: true, describe: 'public key file(s) to verify licutil signatures with (NAME.pub)' },
    password: { type: 'string', requiresArg: true, describe: 'license password to assume (default: RLM_LICENSE_PASSWORD)' },
  },
};

export const lmdiagCommand: LicutilCommand<LmdiagArgs> = {
  module: {
    command: commandString('lmdiag', ARGS),
    describe: 'diagnose why a feature can or cannot be used here, with the fix for each reason',
    builder: (y) =>
      applyArgSpec(y, ARGS)
        .example('$0 lmdiag solver:3.0 -c acme.lic', 'can version 3.0 of solver be used here?')
        .example('$0 lmdiag -n --json', 'every feature, as JSON')
        .example('$0 lmdiag seat -c 5053@licserver', 'resolve, connect, hello, pools and a test checkout of seat on that server') as never,
    handler: () => undefined,
  },
  args: ARGS,
  run: async (args, ctx) => {
    const { runLmdiag } = await import('./run.js');
    return runLmdiag(args, ctx);
  },
};
