// `licutil checkin HANDLE`: return a seat taken by `checkout --detach` (for CI
// jobs that check out in one step and in in a later one).
import { defineCommand } from '../../common/command.js';
import { HANDLE_ARGS } from './args.js';

export const checkinCommand = defineCommand({
  name: 'checkin',
  describe: 'return a seat taken by `checkout --detach` (HANDLE@PORT@HOST, or HANDLE with -c or LICUTIL_SERVER)',
  spec: HANDLE_ARGS,
  examples: [
    ['$0 checkin "$H"', 'return the seat `H=$(licutil checkout F --detach)` took'],
    ['$0 checkin AbC123 -c 5053@licserver', 'a bare handle: ask the servers of -c'],
  ],
  run: async (args, ctx) => {
    const { runCheckin } = await import('./run.js');
    return runCheckin(args, ctx);
  },
});
