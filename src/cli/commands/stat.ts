// `licutil stat` (aliases `lmstat`, `rlmstat`). With -i: the licenses in the
// license environment's files, read here without contacting a server.
import type { GlobalArgs, LicutilCommand } from '../command.js';
import { LicutilError } from '../../protocol/errors.js';

export interface StatArgs extends GlobalArgs {
  i: boolean;
  feature?: string | undefined;
  pub?: string | string[] | undefined;
}

export const statCommand: LicutilCommand<StatArgs> = {
  module: {
    command: 'stat [feature]',
    aliases: ['lmstat', 'rlmstat'],
    describe: 'license status; -i: the licenses in the license files, with their status on this machine',
    builder: (y) =>
      y
        .positional('feature', { type: 'string', describe: 'only this product (feature)' })
        .option('i', { type: 'boolean', default: false, describe: 'read the license files here, without contacting a server (lmstat -i)' })
        .option('pub', { type: 'string', requiresArg: true, describe: 'public key file(s) to verify licutil signatures with (NAME.pub)' })
        .example('$0 stat -i -c ./licenses', 'every license in the directory, with its status')
        .example('$0 lmstat -i solver --json', 'the solver licenses, as JSON') as never,
    handler: () => undefined,
  },
  run: async (args, ctx) => {
    if (!args.i) {
      throw new LicutilError(
        'LICUTIL_E_USAGE',
        'stat needs -i in this version: it reads license files; asking servers for their status is not built yet',
        'run `licutil stat -i` to list the licenses in the license files',
      );
    }
    const { runStatLocal } = await import('./stat-local.js');
    return runStatLocal(args, ctx);
  },
};
