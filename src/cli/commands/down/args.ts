// What `down` reads on its command line, as data, and the type of the parsed
// arguments derived from it (run.ts and the views import this, never command.ts).
import type { ArgSpec } from '../../args/spec.js';
import { ADMIN_OPTIONS } from '../../args/net.js';
import type { CommandArgs } from '../../args/global.js';

export const ARGS = {
  positionals: [],
  options: { ...ADMIN_OPTIONS, force: { type: 'boolean', default: false, describe: 'do not ask (the same as -q)' } },
} as const satisfies ArgSpec;

export type DownArgs = CommandArgs<typeof ARGS>;
