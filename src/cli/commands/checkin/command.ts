// `licutil checkin HANDLE`: return a seat taken by `checkout --detach` (for CI
// jobs that check out in one step and in in a later one).
import { applyArgSpec, commandString, type ArgSpec } from '../../args/spec.js';
import type { LicutilCommand } from '../../command.js';
import type { HandleArgs } from './run.js';

const ARGS: ArgSpec = {
  positionals: [{ name: 'handle', demand: true, describe: 'what `checkout --detach` printed: HANDLE@PORT@HOST, or a bare HANDLE' }],
  options: {
    timeout: { type: 'number', requiresArg: true, describe: 'seconds to wait for the server to connect and answer' },
  },
};

export const checkinCommand: LicutilCommand<HandleArgs> = {
  module: {
    command: commandString('checkin', ARGS),
    describe: 'return a seat taken by `checkout --detach` (HANDLE@PORT@HOST, or HANDLE with -c or LICUTIL_SERVER)',
    builder: (y) =>
      applyArgSpec(y, ARGS)
        .example('$0 checkin "$H"', 'return the seat `H=$(licutil checkout F --detach)` took')
        .example('$0 checkin AbC123 -c 5053@licserver', 'a bare handle: ask the servers of -c') as never,
    handler: () => undefined,
  },
  args: ARGS,
  run: async (args, ctx) => {
    const { runCheckin } = await import('./run.js');
    return runCheckin(args, ctx);
  },
};
