// `licutil heartbeat HANDLE`: renew the lease of a seat taken by
// `checkout --detach`, for jobs longer than the lease.
import type { LicutilCommand } from '../command.js';
import type { HandleArgs } from './checkin-run.js';

export const heartbeatCommand: LicutilCommand<HandleArgs> = {
  module: {
    command: 'heartbeat <handle>',
    describe: 'renew the lease of a seat taken by `checkout --detach`',
    builder: (y) =>
      y
        .positional('handle', { type: 'string', describe: 'what `checkout --detach` printed: HANDLE@PORT@HOST, or a bare HANDLE', demandOption: true })
        .option('timeout', { type: 'number', requiresArg: true, describe: 'seconds to wait for the server to connect and answer' })
        .example('$0 heartbeat "$H"', 'renew the lease; run it more often than lease_seconds') as never,
    handler: () => undefined,
  },
  run: async (args, ctx) => {
    const { runHeartbeat } = await import('./checkin-run.js');
    return runHeartbeat(args, ctx);
  },
};
