// `licutil remove` (aliases `lmremove`, `rlmremove`): end someone's checkout,
// by its handle or its public id (what `stat` and lmstat text list) or as
// lmremove does, by FEATURE USER HOST.
import type { ArgSpec } from '../../args/spec.js';
import { ADMIN_OPTIONS } from '../../args/net.js';
import { defineCommand, type CommandArgs } from '../../command.js';

const ARGS = {
  positionals: [
    { name: 'target', demand: true, describe: 'HANDLE or checkout ID (what stat lists), either @PORT@HOST, or FEATURE (with USER and HOST)' },
    { name: 'user', describe: 'with FEATURE: the user whose checkouts to end' },
    { name: 'host', describe: 'with FEATURE: the host they were made from' },
    { name: 'display', describe: 'with FEATURE USER HOST: the display (lmremove habit; matched when the server records one)' },
  ],
  options: ADMIN_OPTIONS,
} as const satisfies ArgSpec;

export type RemoveArgs = CommandArgs<typeof ARGS>;

export const removeCommand = defineCommand({
  name: 'remove',
  aliases: ['lmremove', 'rlmremove'],
  describe: 'end a checkout: by HANDLE or ID (either @PORT@HOST), or every checkout of FEATURE by USER on HOST',
  spec: ARGS,
  examples: [
    ['$0 remove 9f2c41d0a7e3 -c 5053@licserver', 'end the checkout with that handle (licutil stat -a lists handles)'],
    ['$0 remove 27@5053@licserver', 'end checkout 27 of that server (the id stat and lmstat text show)'],
    ['$0 lmremove solver alice ws12', "end alice's solver checkouts made from ws12"],
    ['$0 lmremove -h solver licserver 5053 27', 'lmremove -h FEATURE HOST PORT HANDLE: checkout 27 of 5053@licserver'],
  ],
  run: async (args, ctx) => {
    const { runRemove } = await import('./run.js');
    return runRemove(args, ctx);
  },
});
