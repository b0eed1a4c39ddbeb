// `licutil explain CODE`: what a FlexNet, RLM or licutil error code means, its
// usual causes and what to check. The tables load only when the command runs.
import type { GlobalArgs, LicutilCommand } from '../../command.js';

export interface ExplainArgs extends GlobalArgs {
  code?: string | undefined;
  rlm?: boolean | undefined;
  flexlm?: boolean | undefined;
  /** arguments after `--` (populate--), where a code such as -15,570:115 may also be given */
  '--'?: Array<string | number> | undefined;
  [key: string]: unknown;
}

export const explainCommand: LicutilCommand<ExplainArgs> = {
  module: {
    command: 'explain [code]',
    describe: 'explain a FlexNet (lmutil), RLM (rlmutil) or licutil error code: what it means, its usual causes and what to check',
    builder: (y) =>
      // "-15,570:115" starts with a dash: yargs would split it into flags -1 -5. Without option
      // groups it arrives as one unknown key, which run() turns back into the code. (This call
      // replaces the parser configuration, so main.ts's populate-- is repeated.)
      y
        .parserConfiguration({ 'short-option-groups': false, 'populate--': true })
        .strict(false)
        .positional('code', { type: 'string', describe: 'the code: -15, -15,570:115, -97,121, RLM_EL_EXPIRED, LM_CANTCONNECT, LICUTIL_E_EXPIRED' })
        .option('rlm', { type: 'boolean', describe: "read a bare negative number as RLM's (RLM_EL_*/RLM_EH_*)" })
        .option('flexlm', { type: 'boolean', describe: "read a bare negative number as FlexNet's (the default)" })
        .conflicts('rlm', 'flexlm')
        .example('$0 explain -15', 'FlexNet: cannot connect to license server system')
        .example('$0 explain -15,570:115', 'the same, with the minor code and the system error 115 (EINPROGRESS)')
        .example('$0 explain -3 --rlm', 'RLM_EL_EXPIRED')
        .example('$0 explain RLM_EH_CONN_REFUSED --json', 'as JSON'),
    handler: () => undefined,
  },
  run: async (args, ctx) => {
    const { runExplain } = await import('./run.js');
    return runExplain(args, ctx);
  },
};
