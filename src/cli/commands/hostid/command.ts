// `licutil hostid [TYPE]` (aliases `lmhostid`, `rlmhostid`): this machine's hostids,
// as rlmhostid/lmhostid print them. Detection loads when the command runs.
import type { ArgSpec } from '../../args/spec.js';
import { defineCommand, type CommandArgs } from '../../command.js';

// rlmhostid's type names, then lmhostid's spellings of the same.
const TYPES = ['all', 'ether', 'host', 'ip', 'user', '32', 'ethernet', 'hostname', 'internet', 'username'] as const;

const ARGS = {
  positionals: [{ name: 'type', choices: TYPES, describe: 'only hostids of this type, as `rlmhostid ether` (default: all)' }],
  options: {
    n: { type: 'boolean', describe: 'print only the hostids, on one line (lmhostid -n; same as -q)' },
  },
} as const satisfies ArgSpec;

export type HostidArgs = CommandArgs<typeof ARGS>;

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
