// `licutil remove` (aliases `lmremove`, `rlmremove`): end someone's checkout,
// by its handle or its public id (what `stat` and lmstat text list) or as
// lmremove does, by FEATURE USER HOST.
import { defineCommand } from '../../common/command.js';
import { ARGS } from './args.js';

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
