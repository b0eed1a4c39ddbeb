// `licutil env` (alias `lmpath`): the license environment as licutil resolves it.
// The module stays light; the resolver and the view load when the command runs.
import { applyArgSpec, commandString, type ArgSpec } from '../../args/spec.js';
import type { LicutilCommand } from '../../command.js';

const ARGS: ArgSpec = { positionals: [], options: {} };

export const envCommand: LicutilCommand = {
  module: {
    command: commandString('env', ARGS),
    aliases: ['lmpath'],
    describe: 'show the license environment: every source in order, where it came from and what it resolves to',
    builder: (y) =>
      applyArgSpec(y, ARGS)
        .example('$0 env', 'the sources from RLM_LICENSE, LM_LICENSE_FILE, ... and *.lic files')
        .example('$0 env --isv acme', 'also ACME_LICENSE, and only ACME_LICENSE_FILE among the vendor variables')
        .example('$0 env -c 5053@licserver:./licenses --json', 'what -c names, as JSON'),
    handler: () => undefined,
  },
  args: ARGS,
  run: async (args, ctx) => {
    const { runEnv } = await import('./run.js');
    return runEnv(args, ctx);
  },
};
