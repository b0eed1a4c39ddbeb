// `licutil explain CODE`: what a FlexNet, RLM or licutil error code means, its
// usual causes and what to check. The tables load only when the command runs.
import { defineCommand } from '../../common/command.js';
import { ARGS, type ExplainArgs } from './args.js';

export const explainCommand = defineCommand({
  name: 'explain',
  describe: 'explain a FlexNet (lmutil), RLM (rlmutil) or licutil error code: what it means, its usual causes and what to check',
  spec: ARGS,
  examples: [
    ['$0 explain -15', 'FlexNet: cannot connect to license server system'],
    ['$0 explain -15,570:115', 'the same, with the minor code and the system error 115 (EINPROGRESS)'],
    ['$0 explain -3 --rlm', 'RLM_EL_EXPIRED'],
    ['$0 explain RLM_EH_CONN_REFUSED --json', 'as JSON'],
  ],
  // "-15,570:115" starts with a dash: yargs would split it into flags -1 -5. Without option
  // groups it arrives as one unknown key, which run() turns back into the code. (This call
  // replaces the parser configuration, so program.ts's settings are repeated.)
  configure: (y) => y.parserConfiguration({ 'short-option-groups': false, 'populate--': true, 'parse-positional-numbers': false }).strict(false),
  run: async (args, ctx) => {
    const { runExplain } = await import('./run.js');
    return runExplain(args as ExplainArgs, ctx);
  },
});
