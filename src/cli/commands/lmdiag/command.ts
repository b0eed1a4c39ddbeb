// `licutil lmdiag [FEATURE[:VERSION]...]`: can each feature be used on this
// machine, and if not, every reason with its fix. Exit 0 only when every
// feature asked about can be used (DESIGN.md "Output and exit codes").
import type { ArgSpec } from '../../args/spec.js';
import { PUB_OPTION, TIMEOUT_OPTION, VENDOR_TOOL_OPTIONS } from '../../args/net.js';
import { defineCommand, type CommandArgs } from '../../command.js';

const ARGS = {
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
    pub: PUB_OPTION,
    password: { type: 'string', requiresArg: true, describe: 'license password to assume (default: RLM_LICENSE_PASSWORD)' },
  },
} as const satisfies ArgSpec;

export type LmdiagArgs = CommandArgs<typeof ARGS>;

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
