// `licutil report [FILES..]`: usage reports — peaks, hours, denials, who used
// what — from licutil's own report log, FlexNet debug logs and RLM report logs.
// The readers and the aggregator load only when the command runs.
import { defineCommand } from '../../common/command.js';
import { REPORT_ARGS } from './args.js';

export const reportCommand = defineCommand({
  name: 'report',
  describe: 'usage report from report and debug logs: peak use and when, hours, utilisation, denials, users, hosts, trends',
  spec: REPORT_ARGS,
  examples: [
    ['$0 report STATE/{report,denials}.ndjson*', "licutil's own report log and its denials and queue entries (STATE: the server's state directory), rotated files included"],
    ['$0 report lmgrd.log --since 2026-01-01 --until 2026-03-31 -f solver', 'one feature over a quarter, from a FlexNet debug log'],
    ['$0 report acme.rl.gz --by user --csv > users.csv', 'hours per user and feature from an RLM report log, as CSV'],
    ['$0 report report.ndjson --html usage.html', 'a page with charts to mail to a manager'],
  ],
  // yargs drops a lone `-` from positionals (it re-reads them as `--files -`); taken as
  // an argument, it stays. Unknown options then arrive as files too: run() refuses
  // them. (This call replaces the parser configuration, so program.ts's settings are repeated.)
  configure: (y) => y.parserConfiguration({ 'unknown-options-as-args': true, 'populate--': true, 'parse-positional-numbers': false }),
  run: async (args, ctx) => {
    const { runReport } = await import('./run.js');
    return runReport(args, ctx);
  },
});
