// What `sign` reads on its command line, as data, and the type of the parsed
// arguments derived from it (run.ts and the views import this, never command.ts).
import type { ArgSpec } from '../../args/spec.js';
import { PUB_OPTION } from '../../args/net.js';
import type { CommandArgs } from '../../args/global.js';

export const ARGS = {
  positionals: [{ name: 'files', variadic: true, complete: 'file', suggest: ['keygen'], describe: 'license files (or `keygen` to make a key pair)' }],
  options: {
    key: { type: 'string', requiresArg: true, complete: 'file', describe: 'private key to sign with (NAME.key; its ISV is NAME unless --isv says)' },
    verify: { type: 'boolean', default: false, describe: 'check the signatures instead of signing' },
    pub: { ...PUB_OPTION, describe: 'public key for --verify (NAME.pub is the key of ISV NAME); also looked for in $LICUTIL_KEYS and beside each file' },
    out: { alias: 'o', type: 'string', requiresArg: true, complete: 'file', describe: 'sign: write here (a file, or a directory) instead of in place; keygen: the directory for the keys' },
    'dry-run': { alias: 'n', type: 'boolean', default: false, describe: 'show what signing would change and write nothing' },
    force: { alias: 'f', type: 'boolean', default: false, describe: 'keygen: overwrite an existing key pair' },
  },
} as const satisfies ArgSpec;

export type SignArgs = CommandArgs<typeof ARGS>;
