// `licutil heartbeat HANDLE`: renew the lease of a seat taken by
// `checkout --detach`, for jobs longer than the lease.
import { applyArgSpec, commandString, type ArgSpec } from '../../args/spec.js';
import type { LicutilCommand } from '../../command.js';
import type { HandleArgs } from '../checkin/run.js';

const ARGS: ArgSpec = {
  positionals: [{ name: 'handle', demand: true, describe: 'what `checkout --detach` printed: HANDLE@PORT@HOST, or a bare HANDLE' }],
  options: {
    timeout: { type: 'number', requiresArg: true, describe: 'seconds to wait for the server to connect and answer' },
  },
};

export const heartbeatCommand: LicutilCommand<HandleArgs> = {
  module: {
    command: commandString('heartbeat', ARGS),
    describe: 'renew the lease of a seat taken by `checkout --detach`',
    builder: (y) =>
      applyArgSpec(y, ARGS)
        .example('$0 heartbeat "$H"', 'renew the lease; run it more often than lease_seconds') as never,
    handler: () => undefined,
  },
  args: ARGS,
  run: async (args, ctx) => {
    const { runHeartbeat } = await import('../checkin/run.js');
    return runHeartbeat(args, ctx);
  },
};
