// `licutil hostid [TYPE]` (aliases `lmhostid`, `rlmhostid`): this machine's hostids,
// as rlmhostid/lmhostid print them. Detection loads when the command runs.
import type { GlobalArgs, LicutilCommand } from '../command.js';

export interface HostidArgs extends GlobalArgs {
  type?: string | undefined;
  n?: boolean | undefined;
}

// rlmhostid's type names, then lmhostid's spellings of the same.
const TYPES = ['all', 'ether', 'host', 'ip', 'user', '32', 'ethernet', 'hostname', 'internet', 'username'];

export const hostidCommand: LicutilCommand<HostidArgs> = {
  module: {
    command: 'hostid [type]',
    aliases: ['lmhostid', 'rlmhostid'],
    describe: "print this machine's hostids (ethernet, host=, ip=, user=), its platform and whether it is a virtual machine",
    builder: (y) =>
      y
        .positional('type', {
          type: 'string',
          choices: TYPES,
          describe: 'only hostids of this type, as `rlmhostid ether` (default: all)',
        })
        .option('n', {
          type: 'boolean',
          describe: 'print only the hostids, on one line (lmhostid -n; same as -q)',
        })
        .example('$0 hostid', 'every hostid of this machine, its platform and VM status')
        .example('$0 lmhostid -n ether', 'the ethernet addresses only, for HOSTID=')
        .example('$0 hostid --json', '{"hostname", "ethernet", "ip", "user", "platform", "virtual_machine", "hostids"}'),
    handler: () => undefined,
  },
  run: async (args, ctx) => {
    const { runHostid } = await import('./hostid-run.js');
    return runHostid(args, ctx);
  },
};
