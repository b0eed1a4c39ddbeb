// `licutil hostid [TYPE]` (aliases `lmhostid`, `rlmhostid`): this machine's hostids,
// as rlmhostid/lmhostid print them. Detection loads when the command runs.
import { applyArgSpec, commandString, type ArgSpec } from '../../args/spec.js';
import type { GlobalArgs, LicutilCommand } from '../../command.js';

export interface HostidArgs extends GlobalArgs {
  type?: string | undefined;
  n?: boolean | undefined;
}

// rlmhostid's type names, then lmhostid's spellings of the same.
const TYPES = ['all', 'ether', 'host', 'ip', 'user', '32', 'ethernet', 'hostname', 'internet', 'username'];

const ARGS: ArgSpec = {
  positionals: [{ name: 'type', choices: TYPES, describe: 'only hostids of this type, as `rlmhostid ether` (default: all)' }],
  options: {
    n: { type: 'boolean', describe: 'print only the hostids, on one line (lmhostid -n; same as -q)' },
  },
};

export const hostidCommand: LicutilCommand<HostidArgs> = {
  module: {
    command: commandString('hostid', ARGS),
    aliases: ['lmhostid', 'rlmhostid'],
    describe: "print this machine's hostids (ethernet, host=, ip=, user=), its platform and whether it is a virtual machine",
    builder: (y) =>
      applyArgSpec(y, ARGS)
        .example('$0 hostid', 'every hostid of this machine, its platform and VM status')
        .example('$0 lmhostid -n ether', 'the ethernet addresses only, for HOSTID=')
        .example('$0 hostid --json', '{"hostname", "ethernet", "ip", "user", "platform", "virtual_machine", "hostids"}'),
    handler: () => undefined,
  },
  args: ARGS,
  run: async (args, ctx) => {
    const { runHostid } = await import('./run.js');
    return runHostid(args, ctx);
  },
};
