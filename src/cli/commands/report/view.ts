// The report as a person reads it (a table per --by, the window, the notes)
// and as CSV: both from one table of columns, so they never disagree.
import type { UsageReport } from '../../../report/figures.js';
import type { Renderer } from '../../output/renderer.js';
import type { REPORT_BY } from './args.js';

type ReportBy = (typeof REPORT_BY)[number];

interface Grid {
  head: string[];
  rows: string[][];
}

const n = (v: number | null, suffix = ''): string => (v === null ? '' : `${v}${suffix}`);

/** The table --by asks for: the same cells for the screen and for CSV. */
function reportGrid(report: UsageReport, by: ReportBy): Grid {
  switch (by) {
    case 'feature':
      return {
        head: ['feature', 'issued', 'peak', 'peak_at', 'hours_at_peak', 'average', 'utilisation_pct', 'hours', 'checkouts', 'denials', 'denials_while_free', 'users', 'open_at_start', 'open_at_end'],
        rows: report.features.map((f) => [
          f.feature,
          n(f.issued),
          String(f.peak),
          f.peak_at ?? '',
          String(f.hours_at_peak),
          String(f.average),
          n(f.utilisation_pct),
          String(f.hours),
          String(f.checkouts),
          String(f.denials.total),
          n(f.denials.while_seats_free),
          String(f.distinct_users),
          String(f.open_at_start),
          String(f.open_at_end),
        ]),
      };
    case 'user':
    case 'host': {
      const list = by === 'user' ? report.users : report.hosts;
      return { head: [by, 'feature', 'hours', 'checkouts', 'denials'], rows: list.map((p) => [p.name, p.feature, String(p.hours), String(p.checkouts), String(p.denials)]) };
    }
    case 'day':
    case 'hour':
      return {
        head: [by, 'feature', 'peak', 'average', 'checkouts', 'denials'],
        rows: report.series.points.map((p) => [p.label, p.feature, String(p.peak), String(p.average), String(p.checkouts), String(p.denials)]),
      };
  }
}

export function reportCsv(report: UsageReport, by: ReportBy): string {
  const g = reportGrid(report, by);
  return [g.head, ...g.rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function reportText(report: UsageReport, by: ReportBy, r: Renderer): string {
  const out: string[] = [];
  const w = report.window;
  const events = report.inputs.reduce((s, i) => s + i.events, 0);
  out.push(
    r.c.bold(`Usage ${w.start ? `${short(w.start)} to ${short(w.end)}` : '(no events)'}`) +
      r.c.dim(` (${w.hours} h, ${report.time_zone}; ${events.toLocaleString('en-US')} events from ${report.inputs.length} file${report.inputs.length === 1 ? '' : 's'})`),
  );
  if (report.features.length === 0) {
    out.push('No usage in these logs.');
    return out.join('\n');
  }
  const g = reportGrid(report, by);
  if (by === 'feature') {
    const rows = report.features.map((f) => [
      r.c.bold(f.feature),
      f.issued === null ? r.c.dim('?') : String(f.issued),
      String(f.peak),
      f.peak_at ? short(f.peak_at) : '',
      `${f.hours_at_peak}`,
      `${f.average}`,
      f.utilisation_pct === null ? r.c.dim('?') : `${f.utilisation_pct}%`,
      `${f.hours}`,
      String(f.checkouts),
      f.denials.total === 0 ? '0' : r.c.red(String(f.denials.total)) + (f.denials.while_seats_free ? r.c.yellow(` (${f.denials.while_seats_free} free)`) : ''),
      String(f.distinct_users),
    ]);
    out.push(r.table(['FEATURE', 'ISSUED', 'PEAK', 'PEAK AT', 'H AT PEAK', 'AVG', 'UTIL', 'HOURS', 'OUT', 'DENIED', 'USERS'], rows));
    const denied = report.features.filter((f) => f.denials.total > 0);
    if (denied.length > 0) {
      out.push(r.c.bold('Denials by reason'));
      for (const f of denied) for (const [why, k] of Object.entries(f.denials.by_reason)) out.push(`  ${f.feature}: ${k} × ${why}`);
    }
  } else {
    out.push(r.table(g.head.map((h) => h.toUpperCase()), g.rows));
  }
  return out.join('\n');
}

/** 2026-03-04T14:05:00.000Z → 2026-03-04 14:05Z */
function short(iso: string | null): string {
  return iso === null ? '' : iso.replace('T', ' ').replace(/:\d\d\.\d+Z$/, 'Z');
}
