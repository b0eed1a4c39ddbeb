// What `reread` reads on its command line, as data, and the type of the parsed
// arguments derived from it (run.ts and the views import this, never command.ts).
import type { ArgSpec } from '../../args/spec.js';
import { ADMIN_OPTIONS } from '../../args/net.js';
import type { CommandArgs } from '../../args/global.js';

export const ARGS = { positionals: [], options: ADMIN_OPTIONS } as const satisfies ArgSpec;

export type RereadArgs = CommandArgs<typeof ARGS>;
