// `licutil remove` (aliases `lmremove`, `rlmremove`): end someone's checkout,
// by its handle or its public id (what `stat` and lmstat text list) or as
// lmremove does, by FEATURE USER HOST.
import { applyArgSpec, commandString, type ArgSpec } from '../../args/spec.js';
import type { LicutilCommand } from '../../command.js';
import { ADMIN_OPTIONS, type AdminArgs } from '../../args/net.js';

export interface RemoveArgs extends AdminArgs {
  target: string;
  user?: string | undefined;
  host?: string | undefined;
  display?: string | undefined;
}

const ARGS: ArgSpec = {
  positionals: [
    { name: 'target', describe: 'HANDLE or checkout ID (what stat lists), either @PORT@HOST, or FEATURE (with USER and HOST)' },
    { name: 'user', describe: 'with FEATURE: the user whose checkouts to end' },
    { name: 'host', describe: 'with FEATURE: the host they were made from' },
    { name: 'display', describe: 'with FEATURE USER HOST: the display (lmremove habit; matched when the server records one)' },
  ],
  options: ADMIN_OPTIONS,
};

export const removeCommand: LicutilCommand<RemoveArgs> = {
  module: {
    command: commandString('remove', ARGS),
    aliases: ['lmremove', 'rlmremove'],
    describe: "end a checkout: by HANDLE or ID (either @PORT@HOST), or every checkout of FEATURE by USER on HOST",
    builder: (y) =>
      applyArgSpec(y, ARGS)
        .example('$0 remove 9f2c41d0a7e3 -c 5053@licserver', 'end the checkout with that handle (licutil stat -a lists handles)')
        .example('$0 remove 27@5053@licserver', 'end checkout 27 of that server (the id stat and lmstat text show)')
        .example('$0 lmremove solver alice ws12', "end alice's solver checkouts made from ws12") as never,
    handler: () => undefined,
  },
  args: ARGS,
  run: async (args, ctx) => {
    const { runRemove } = await import('./run.js');
    return runRemove(args, ctx);
  },
};
