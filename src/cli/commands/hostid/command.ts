// `licutil hostid [TYPE]` (aliases `lmhostid`, `rlmhostid`): this machine's hostids,
// as rlmhostid/lmhostid print them. Detection loads when the command runs.
import { defineCommand } from '../../common/command.js';
import { ARGS } from './args.js';

export const hostidCommand = defineCommand({
  name: 'hostid',
  aliases: ['lmhostid', 'rlmhostid'],
  describe: "print this machine's hostids (ethernet, host=, ip=, user=), its platform and whether it is a virtual machine",
  spec: ARGS,
  examples: [
    ['$0 hostid', 'every hostid of this machine, its platform and VM status'],
    ['$0 lmhostid -n ether', 'the ethernet addresses only, for HOSTID='],
    ['$0 hostid --json', '{"hostname", "ethernet", "ip", "user", "platform", "virtual_machine", "hostids"}'],
  ],
  run: async (args, ctx) => {
    const { runHostid } = await import('./run.js');
    return runHostid(args, ctx);
  },
});
