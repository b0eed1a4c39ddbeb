// What `lmdiag` reads on its command line, as data, and the type of the parsed
// arguments derived from it (run.ts and the views import this, never command.ts).
import type { ArgSpec } from '../../args/spec.js';
import { PUB_OPTION, TIMEOUT_OPTION, VENDOR_TOOL_OPTIONS } from '../../args/net.js';
import type { CommandArgs } from '../../args/global.js';

export const ARGS = {
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
