// What `checkin` and `heartbeat` read on their command line, as data, and the
// type of the parsed arguments derived from it.
import type { ArgSpec } from '../../args/spec.js';
import { TIMEOUT_OPTION } from '../../args/net.js';
import type { CommandArgs } from '../../args/global.js';

/** checkin and heartbeat read the same command line */
export const HANDLE_ARGS = {
  positionals: [{ name: 'handle', demand: true, describe: 'what `checkout --detach` printed: HANDLE@PORT@HOST, or a bare HANDLE' }],
  options: { timeout: TIMEOUT_OPTION },
} as const satisfies ArgSpec;

export type HandleArgs = CommandArgs<typeof HANDLE_ARGS>;
