// `licutil remove` (aliases `lmremove`, `rlmremove`): end someone's checkout,
// by its handle (what `stat` lists) or as lmremove does, by FEATURE USER HOST.
import type { LicutilCommand } from '../command.js';
import { withAdminToken, type AdminArgs } from './net-client.js';

export interface RemoveArgs extends AdminArgs {
  target: string;
  user?: string | undefined;
  host?: string | undefined;
  display?: string | undefined;
}

export const removeCommand: LicutilCommand<RemoveArgs> = {
  module: {
    command: 'remove <target> [user] [host] [display]',
    aliases: ['lmremove', 'rlmremove'],
    describe: "end a checkout: by HANDLE (or HANDLE@PORT@HOST), or every checkout of FEATURE by USER on HOST",
    builder: (y) =>
      withAdminToken(y)
        .positional('target', { type: 'string', describe: 'HANDLE, HANDLE@PORT@HOST, or FEATURE (with USER and HOST)' })
        .positional('user', { type: 'string', describe: 'with FEATURE: the user whose checkouts to end' })
        .positional('host', { type: 'string', describe: 'with FEATURE: the host they were made from' })
        .positional('display', { type: 'string', describe: 'with FEATURE USER HOST: the display (lmremove habit; matched when the server records one)' })
        .example('$0 remove 9f2c41d0a7e3 -c 5053@licserver', 'end the checkout with that handle (licutil stat -a lists handles)')
        .example('$0 lmremove solver alice ws12', "end alice's solver checkouts made from ws12") as never,
    handler: () => undefined,
  },
  run: async (args, ctx) => {
    const { runRemove } = await import('./remove-run.js');
    return runRemove(args, ctx);
  },
};
