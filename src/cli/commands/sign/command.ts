// `licutil sign` (alias `rlmsign`): the ISV's tool. Makes key pairs, signs the
// LICENSE/UPGRADE lines of license files and verifies them. The module stays
// light; the signer and node:crypto load when the command runs.
import { defineCommand } from '../../common/command.js';
import { ARGS } from './args.js';

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
