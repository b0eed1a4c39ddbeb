// `licutil report`: reads the logs (src/report/read.ts) and aggregates them
// (the pure core of src/report/aggregate.ts) in a worker thread
// (src/report/in-worker.ts says why), and returns the report for main to
// print as a table, CSV or JSON; --html also writes the page.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LicutilError } from '../../../protocol/errors.js';
import { isTimeZone, wallTime } from '../../../legacy/common/time.js';
import type { UsageReport } from '../../../report/figures.js';
import { reportInWorker } from '../../../report/in-worker.js';
import { UnknownFormatError } from '../../../report/read.js';
import type { CliContext, CommandOutput, Message } from '../../common/command.js';
import { licenseSpecs } from '../../common/command.js';
import type { ReportArgs } from './args.js';
import { issuedFromLicenses, parseWhen } from './inputs.js';
import { startProgress } from './progress.js';
import { reportCsv, reportText } from './view.js';

export async function runReport(args: ReportArgs, ctx: CliContext): Promise<CommandOutput> {
  const files = args.files ?? [];
  if (files.length === 0) {
    throw new LicutilError('LICUTIL_E_USAGE', 'name the log files to read', 'for example `licutil report /var/lib/licutil/report.ndjson`, or `-` for standard input');
  }
  const unknown = files.find((f) => f.startsWith('-') && f !== '-');
  if (unknown !== undefined) throw new LicutilError('LICUTIL_E_USAGE', `Unknown argument: ${unknown.replace(/=.*/, '')}`, 'see `licutil report --help`');
  if (args.csv && args.json) throw new LicutilError('LICUTIL_E_USAGE', '--csv and --json cannot be used together', 'choose one output format');
  const timeZone = args.tz ?? (ctx.env.TZ || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  if (!isTimeZone(timeZone)) throw new LicutilError('LICUTIL_E_USAGE', `--tz ${timeZone}: not a time zone`, 'use an IANA name such as Europe/Paris, America/New_York or UTC');
  const since = args.since === undefined ? null : parseWhen(args.since, '--since', timeZone, false);
  const until = args.until === undefined ? null : parseWhen(args.until, '--until', timeZone, true);
  if (since !== null && until !== null && until < since) throw new LicutilError('LICUTIL_E_USAGE', '--until is before --since', 'swap them');
  let total = 0;
  for (const f of files) {
    if (f === '-') continue;
    try {
      const st = statSync(f);
      if (st.isDirectory()) throw new LicutilError('LICUTIL_E_FILE', `${f}: is a directory`, 'name the log files in it, e.g. dir/report.ndjson*');
      total += st.size;
    } catch (e) {
      if (e instanceof LicutilError) throw e;
      const code = (e as { code?: string }).code ?? String(e);
      throw new LicutilError('LICUTIL_E_FILE', `${f}: cannot read the log (${code})`, 'check the path and its permissions');
    }
  }
  const by = args.by ?? 'feature';
  const features = args.feature === undefined ? null : ([] as string[]).concat(args.feature);
  const licensed = licenseSpecs(args) === undefined ? new Map<string, number>() : issuedFromLicenses(args, ctx);
  const now = wallTime(ctx.now(), timeZone);
  const progress = args.json || args.quiet ? null : startProgress(total);
  let report: UsageReport;
  try {
    report = await reportInWorker(
      {
        files,
        format: args.format === undefined || args.format === 'auto' ? null : args.format,
        timeZone,
        today: { year: now.year, month: now.month, day: now.day },
        since,
        until,
        features,
        bucket: by === 'hour' ? 'hour' : 'day',
        licensed: [...licensed],
      },
      { onProgress: progress?.update },
    );
  } catch (e) {
    if (e instanceof UnknownFormatError) {
      throw new LicutilError('LICUTIL_E_LOG_FORMAT', e.message, 'name the format with --format licutil|flexnet|rlm if it is one of these');
    }
    const { code, file } = e as { code?: string; file?: string };
    const name = file === '-' ? 'standard input' : file;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      throw new LicutilError(
        'LICUTIL_E_LOG_FORMAT',
        `${name ?? 'a .gz input'}: the gzip data is damaged or cut short (${code})`,
        `check it with \`gzip -t ${file !== undefined && file !== '-' ? file : 'FILE'}\`; leave it out, or give the log it came from uncompressed`,
      );
    }
    if (code !== undefined) throw new LicutilError('LICUTIL_E_FILE', `${name ?? 'a log'}: cannot read it (${code})`, 'check the path and its permissions');
    throw e;
  } finally {
    progress?.stop();
  }
  const unreadable = unreadableInputs(report, args.format !== undefined && args.format !== 'auto');
  const leftOut = denialsLeftOut(files);
  const messages = [...notesOf(report), ...unreadable.map((text): Message => ({ level: 'warning', text })), ...leftOut.map((text): Message => ({ level: 'info', text }))];
  // in the document too (--json, --html): a report of nothing, or without its denials, must say why
  report.notes.push(...unreadable, ...leftOut);
  if (args.html !== undefined) {
    const { reportHtml } = await import('../../../report/html.js');
    try {
      writeFileSync(args.html, reportHtml(report, { generated: ctx.now().toISOString() }));
    } catch (e) {
      throw new LicutilError('LICUTIL_E_FILE', `${args.html}: cannot write the page (${(e as { code?: string }).code ?? String(e)})`, 'check the directory exists and is writable');
    }
    messages.push({ level: 'info', text: `wrote ${args.html}` });
  }
  return {
    json: report,
    human: (r) => (args.csv ? reportCsv(report, by) : reportText(report, by, r)),
    messages,
    exitCode: 0,
  };
}

/**
 * A licutil server keeps its denials and queue entries in denials.ndjson beside
 * report.ndjson (so a flood of them never rotates grants out); a report over
 * report.ndjson alone counts neither. It is not read unasked: the user is told.
 */
function denialsLeftOut(files: readonly string[]): string[] {
  const given = new Set(files.map((f) => path.resolve(f)));
  const dirs = new Set(files.filter((f) => /^report\.ndjson(\.\d+)?(\.gz)?$/.test(path.basename(f))).map((f) => path.dirname(path.resolve(f))));
  const out: string[] = [];
  for (const dir of dirs) {
    const denials = path.join(dir, 'denials.ndjson');
    if (existsSync(denials) && !given.has(denials)) {
      out.push(`the server keeps its denials and queue entries apart, in ${denials}, which was not read: add it to count them (e.g. \`licutil report ${path.join(dir, 'report.ndjson*')} ${path.join(dir, 'denials.ndjson*')}\`)`);
    }
  }
  return out;
}

const FORMAT_NAMES: Record<string, string> = { licutil: 'a licutil report log', flexnet: 'a FlexNet debug log', rlm: 'an RLM report log' };

/**
 * A file of which no line could be read is of another format than the one
 * it was read as (--format forces it on every file), or no usage log: said by
 * its name, with what to do, rather than a report of nothing.
 */
function unreadableInputs(report: UsageReport, forced: boolean): string[] {
  return report.inputs
    .filter((i) => i.events === 0 && i.unread > 0)
    .map((i) => {
      const what = `${i.file}: no line reads as ${FORMAT_NAMES[i.format] ?? i.format} (${i.unread} line${i.unread === 1 ? '' : 's'} not read)`;
      return forced ? `${what}: drop --format ${i.format} to have licutil tell each file's format from its content` : `${what}: is it a usage log?`;
    });
}

function notesOf(report: UsageReport): Message[] {
  const out: Message[] = [];
  for (const u of report.unread.first) out.push({ level: 'warning', text: `${u.file}:${u.line}: ${u.why}: ${u.text}` });
  if (report.unread.count > report.unread.first.length) out.push({ level: 'warning', text: `... and ${report.unread.count - report.unread.first.length} more lines not read` });
  for (const n of report.notes) out.push({ level: 'info', text: n });
  return out;
}
