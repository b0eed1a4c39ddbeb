// What `explain` reads on its command line, as data, and the type of the parsed
// arguments derived from it (run.ts and the views import this, never command.ts).
import type { ArgSpec } from '../../args/spec.js';
import type { CommandArgs } from '../../args/global.js';

export const ARGS = {
  positionals: [{ name: 'code', describe: 'the code: -15, -15,570:115, -97,121, RLM_EL_EXPIRED, LM_CANTCONNECT, LICUTIL_E_EXPIRED' }],
  options: {
    rlm: { type: 'boolean', describe: "read a bare negative number as RLM's (RLM_EL_*/RLM_EH_*)" },
    flexlm: { type: 'boolean', describe: "read a bare negative number as FlexNet's (the default)" },
  },
  conflicts: [['rlm', 'flexlm']],
  dashdash: true,
} as const satisfies ArgSpec;

/** The code may also arrive as an unknown key (`-15` read as a flag) or after `--`: run() gathers it. */
export type ExplainArgs = CommandArgs<typeof ARGS> & { [key: string]: unknown };
