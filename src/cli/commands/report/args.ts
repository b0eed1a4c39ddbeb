// What `report` reads on its command line, as data, and the type of the parsed
// arguments derived from it (run.ts and the views import this, never command.ts).
import type { ArgSpec } from '../../args/spec.js';
import type { CommandArgs } from '../../args/global.js';

export const REPORT_BY = ['feature', 'user', 'host', 'day', 'hour'] as const;
const REPORT_FORMATS = ['auto', 'licutil', 'flexnet', 'rlm'] as const;

export const REPORT_ARGS = {
  positionals: [{ name: 'files', variadic: true, complete: 'file', describe: 'log files: licutil report logs (NDJSON), FlexNet debug logs, RLM report logs; .gz read as such; - for standard input' }],
  options: {
    since: { type: 'string', requiresArg: true, describe: 'only from this time: 2026-03-01, 2026-03-01T08:00 (in --tz), or ISO with a zone' },
    until: { type: 'string', requiresArg: true, describe: 'only up to this time (same forms as --since; a bare date means the end of that day)' },
    feature: { alias: 'f', type: 'string', requiresArg: true, repeatable: true, describe: 'only this feature (product)' },
    by: { type: 'string', choices: REPORT_BY, default: 'feature', describe: 'what the table shows: per feature, per user, per host, or the time series per day or hour' },
    csv: { type: 'boolean', default: false, describe: 'print the table as CSV' },
    html: { type: 'string', requiresArg: true, complete: 'file', describe: 'also write one self-contained HTML page (tables and charts) to this file' },
    format: { type: 'string', choices: REPORT_FORMATS, default: 'auto', describe: 'read every file as this format instead of telling it from the content' },
    tz: { type: 'string', requiresArg: true, describe: "time zone of the logs' wall-clock times and of days and hours in the report (default: this machine's)" },
  },
} as const satisfies ArgSpec;

export type ReportArgs = CommandArgs<typeof REPORT_ARGS>;
