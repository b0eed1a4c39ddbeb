// What `stat` reads on its command line, as data, and the type of the parsed
// arguments derived from it (run.ts and the views import this, never command.ts).
import type { ArgSpec } from '../../args/spec.js';
import { PUB_OPTION, TIMEOUT_OPTION, VENDOR_TOOL_OPTIONS } from '../../args/net.js';
import type { CommandArgs } from '../../args/global.js';

export const ARGS = {
  positionals: [{ name: 'feature', describe: 'only this product (feature); with --from: the FILE to read (- for standard input)' }],
  options: {
    timeout: TIMEOUT_OPTION,
    a: { type: 'boolean', default: false, describe: 'everything: every checkout and waiter too (lmstat -a)' },
    f: { type: 'string', requiresArg: true, describe: 'only this product (feature), with its checkouts' },
    u: { type: 'string', requiresArg: true, describe: 'only the checkouts and waiters of this user' },
    avail: { type: 'boolean', default: false, describe: 'only what is free now (rlmstat -avail)' },
    format: {
      type: 'string',
      choices: ['table', 'lmstat', 'rlmstat'],
      default: 'table',
      describe: 'print the status in the layout of lmutil lmstat -a or rlmutil rlmstat -a, for scripts that parse it',
    },
    from: {
      type: 'string',
      choices: ['lmstat', 'rlmstat'],
      describe: 'read lmstat -a / rlmstat -a text instead of asking servers: from FILE (the positional) or - (standard input)',
    },
    tz: { type: 'string', requiresArg: true, describe: "time zone of --format/--from text (IANA name; default: this machine's)" },
    ...VENDOR_TOOL_OPTIONS,
    i: { type: 'boolean', default: false, describe: 'read the license files here, without contacting a server (lmstat -i)' },
    pub: { ...PUB_OPTION, describe: `with -i: ${PUB_OPTION.describe}` },
  },
} as const satisfies ArgSpec;

export type StatArgs = CommandArgs<typeof ARGS>;
