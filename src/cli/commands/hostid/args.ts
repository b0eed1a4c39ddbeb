// What `hostid` reads on its command line, as data, and the type of the parsed
// arguments derived from it (run.ts and the views import this, never command.ts).
import type { ArgSpec } from '../../args/spec.js';
import type { CommandArgs } from '../../args/global.js';

// rlmhostid's type names, then lmhostid's spellings of the same.
const TYPES = ['all', 'ether', 'host', 'ip', 'user', '32', 'ethernet', 'hostname', 'internet', 'username'] as const;

export const ARGS = {
  positionals: [{ name: 'type', choices: TYPES, describe: 'only hostids of this type, as `rlmhostid ether` (default: all)' }],
  options: {
    n: { type: 'boolean', describe: 'print only the hostids, on one line (lmhostid -n; same as -q)' },
  },
} as const satisfies ArgSpec;

export type HostidArgs = CommandArgs<typeof ARGS>;
