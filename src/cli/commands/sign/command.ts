// `licutil sign` (alias `rlmsign`): the ISV's tool. Makes key pairs, signs the
// LICENSE/UPGRADE lines of license files and verifies them. The module stays
// light; the signer and node:crypto load when the command runs.
import type { ArgSpec } from '../../args/spec.js';
import { PUB_OPTION } from '../../args/net.js';
import { defineCommand, type CommandArgs } from '../../command.js';

const ARGS = {
  positionals: [{ name: 'files', variadic: true, describe: 'license files (or `keygen` to make a key pair)' }],
  options: {
    key: { type: 'string', requiresArg: true, describe: 'private key to sign with (NAME.key; its ISV is NAME unless --isv says)' },
    verify: { type: 'boolean', default: false, describe: 'check the signatures instead of signing' },
    pub: { ...PUB_OPTION, describe: 'public key for --verify (NAME.pub is the key of ISV NAME); also looked for in $LICUTIL_KEYS and beside each file' },
    out: { alias: 'o', type: 'string', requiresArg: true, describe: 'sign: write here (a file, or a directory) instead of in place; keygen: the directory for the keys' },
    'dry-run': { alias: 'n', type: 'boolean', default: false, describe: 'show what signing would change and write nothing' },
    force: { alias: 'f', type: 'boolean', default: false, describe: 'keygen: overwrite an existing key pair' },
  },
} as const satisfies ArgSpec;

export type SignArgs = CommandArgs<typeof ARGS>;

export const signCommand = defineCommand({
  name: 'sign',
  aliases: ['rlmsign'],
  describe: 'sign license files with an ISV key, verify them, or make a key pair (sign keygen)',
  spec: ARGS,
  usage:
    '$0 sign keygen --isv NAME [--out DIR] [--force]\n' +
    '$0 sign --key NAME.key FILE... [--out FILE|DIR] [--dry-run] [--isv NAME]\n' +
    '$0 sign --verify [--pub NAME.pub] FILE...',
  examples: [
    ['$0 sign keygen --isv acme --out keys', 'writes keys/acme.key (mode 0600) and keys/acme.pub'],
    ['$0 sign --key keys/acme.key acme.lic', 'signs every acme license in acme.lic, in place'],
    ['$0 sign --key keys/acme.key acme.lic --dry-run', 'shows the lines that would change'],
    ['$0 sign --verify --pub keys/acme.pub acme.lic', 'valid / invalid / unsigned / foreign / unchecked per license; exit 65 if any is invalid'],
  ],
  run: async (args, ctx) => {
    const { runSign } = await import('./run.js');
    return runSign(args, ctx);
  },
});
