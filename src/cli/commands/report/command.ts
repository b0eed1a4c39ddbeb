// `licutil report [FILES..]`: usage reports — peaks, hours, denials, who used
// what — from licutil's own report log, FlexNet debug logs and RLM report logs.
// The readers and the aggregator load only when the command runs.
import type { ArgSpec } from '../../args/spec.js';
import { defineCommand, type CommandArgs } from '../../command.js';

export const REPORT_BY = ['feature', 'user', 'host', 'day', 'hour'] as const;
const REPORT_FORMATS = ['auto', 'licutil', 'flexnet', 'rlm'] as const;

const REPORT_ARGS = {
  positionals: [{ name: 'files', variadic: true, describe: 'log files: licutil report logs (NDJSON), FlexNet debug logs, RLM report logs; .gz read as such; - for standard input' }],
  options: {
    since: { type: 'string', requiresArg: true, describe: 'only from this time: 2026-03-01, 2026-03-01T08:00 (in --tz), or ISO with a zone' },
    until: { type: 'string', requiresArg: true, describe: 'only up to this time (same forms as --since; a bare date means the end of that day)' },
    feature: { alias: 'f', type: 'string', requiresArg: true, repeatable: true, describe: 'only this feature (product)' },
    by: { type: 'string', choices: REPORT_BY, default: 'feature', describe: 'what the table shows: per feature, per user, per host, or the time series per day or hour' },
    csv: { type: 'boolean', default: false, describe: 'print the table as CSV' },
    html: { type: 'string', requiresArg: true, describe: 'also write one self-contained HTML page (tables and charts) to this file' },
    format: { type: 'string', choices: REPORT_FORMATS, default: 'auto', describe: 'read every file as this format instead of telling it from the content' },
    tz: { type: 'string', requiresArg: true, describe: "time zone of the logs' wall-clock times and of days and hours in the report (default: this machine's)" },
  },
} as const satisfies ArgSpec;

export type ReportArgs = CommandArgs<typeof REPORT_ARGS>;

export const reportCommand = defineCommand({
  name: 'report',
  describe: 'usage report from report and debug logs: peak use and when, hours, utilisation, denials, users, hosts, trends',
  spec: REPORT_ARGS,
  examples: [
    ['$0 report /var/lib/licutil/report.ndjson*', "licutil's own report log, rotated files included"],
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
