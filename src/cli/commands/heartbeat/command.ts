// `licutil heartbeat HANDLE`: renew the lease of a seat taken by
// `checkout --detach`, for jobs longer than the lease.
import { defineCommand } from '../../common/command.js';
import { HANDLE_ARGS } from '../checkin/args.js';

export const heartbeatCommand = defineCommand({
  name: 'heartbeat',
  describe: 'renew the lease of a seat taken by `checkout --detach`',
  spec: HANDLE_ARGS,
  examples: [['$0 heartbeat "$H"', 'renew the lease; run it more often than lease_seconds']],
  run: async (args, ctx) => {
    const { runHeartbeat } = await import('../checkin/run.js');
    return runHeartbeat(args, ctx);
  },
});
