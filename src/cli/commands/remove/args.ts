// What `remove` reads on its command line, as data, and the type of the parsed
// arguments derived from it (run.ts and the views import this, never command.ts).
import type { ArgSpec } from '../../args/spec.js';
import { ADMIN_OPTIONS } from '../../args/net.js';
import type { CommandArgs } from '../../args/global.js';

export const ARGS = {
  positionals: [
    { name: 'target', demand: true, describe: 'HANDLE or checkout ID (what stat lists), either @PORT@HOST, or FEATURE (with USER and HOST)' },
    { name: 'user', describe: 'with FEATURE: the user whose checkouts to end' },
    { name: 'host', describe: 'with FEATURE: the host they were made from' },
    { name: 'display', describe: 'with FEATURE USER HOST: the display (lmremove habit; matched when the server records one)' },
  ],
  options: ADMIN_OPTIONS,
} as const satisfies ArgSpec;

export type RemoveArgs = CommandArgs<typeof ARGS>;
