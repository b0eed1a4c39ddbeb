// `licutil report --html FILE`: one self-contained page — tables and inline
// SVG charts, the styles in the page, no script, nothing fetched — that an
// administrator can mail to a manager. Pure: the report in, the page out.
import type { FeatureFigures, UsageReport } from './figures.js';
import { barChart, esc, lineChart, rankChart } from './svg.js';

const COLORS = { peak: '#1f5fbf', average: '#2a9d8f', denial: '#c0392b', users: '#6c4ab6' };
const MAX_FEATURE_CHARTS = 8;
const MAX_ROWS = 20;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;margin:0;background:#f5f6f8}
main{max-width:820px;margin:0 auto;padding:24px 28px 48px;background:#fff;min-height:100vh}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e3e6eb;padding-bottom:4px}
.sub{color:#5b6475;margin:0 0 16px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.card{flex:1 1 150px;border:1px solid #e3e6eb;border-radius:6px;padding:8px 12px}
.card b{display:block;font-size:20px}.card span{color:#5b6475;font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:4px 6px;border-bottom:1px solid #eceef2;text-align:right}
th{background:#f0f2f5;font-weight:600}td:first-child,th:first-child{text-align:left}
.chart{width:100%;height:auto;margin:8px 0}.chart .title{font-weight:600;font-size:13px;fill:#1d2330}
.chart .tick{font-size:11px;fill:#5b6475}.chart .grid{stroke:#eceef2}
.chart .limit{stroke:#c0392b;stroke-dasharray:6 4;stroke-width:1.5}.chart .limit-label{font-size:11px;fill:#c0392b}
.note{color:#5b6475;font-size:13px}ul.notes li{margin:2px 0}code{font-size:12px}
`;

export interface HtmlOptions {
  /** when the page was made (ISO), shown at the top */
  generated: string;
}

export function reportHtml(report: UsageReport, opts: HtmlOptions): string {
  const w = report.window;
  const totalHours = round(report.features.reduce((s, f) => s + f.hours, 0));
  const denials = report.features.reduce((s, f) => s + f.denials.total, 0);
  const users = new Set(report.users.filter((u) => u.checkouts > 0).map((u) => u.name)).size;
  const parts: string[] = [];
  parts.push(`<h1>License usage report</h1>`);
  parts.push(`<p class="sub">${w.start ? `${esc(day(w.start))} – ${esc(day(w.end))}` : 'no events'} · ${esc(report.time_zone)} · made ${esc(day(opts.generated))} by licutil</p>`);
  parts.push(
    `<div class="cards">${card(String(report.features.length), 'features')}${card(String(totalHours), 'seat-hours used')}${card(String(users), 'users')}${card(String(denials), 'denials')}</div>`,
  );
  parts.push(`<h2>Features</h2>${featureTable(report.features)}`);
  parts.push(`<h2>Concurrent use</h2><p class="note">Highest number of seats in use in each ${report.series.bucket} (line) and the average (shaded); the dashed line is the number of licenses issued.</p>`);
  const ranked = [...report.features].sort((a, b) => b.hours - a.hours).slice(0, MAX_FEATURE_CHARTS);
  for (const f of ranked) parts.push(useChart(report, f));
  const denialBars = denialsByBucket(report);
  if (denials > 0) parts.push(`<h2>Denials</h2>${barChart(`Denials per ${report.series.bucket}`, denialBars, COLORS.denial, 'denials')}${reasonTable(report.features)}`);
  const top = topUsers(report);
  if (top.length > 0) parts.push(`<h2>Top users</h2>${rankChart('Seat-hours by user (all features)', top, COLORS.users, 'h')}`);
  parts.push(`<h2>Users</h2>${partyTable('User', report.users)}`);
  parts.push(`<h2>Hosts</h2>${partyTable('Host', report.hosts)}`);
  parts.push(`<h2>About these figures</h2>${aboutList(report)}`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>License usage report</title><style>${STYLE}</style></head>
<body><main>
${parts.join('\n')}
</main></body></html>
`;
}

function card(value: string, label: string): string {
  return `<div class="card"><b>${esc(value)}</b><span>${esc(label)}</span></div>`;
}

function featureTable(features: FeatureFigures[]): string {
  const rows = features.map(
    (f) =>
      `<tr><td>${esc(f.feature)}</td><td>${f.issued ?? '?'}</td><td>${f.peak}</td><td>${f.peak_at ? esc(minute(f.peak_at)) : ''}</td><td>${f.hours_at_peak}</td><td>${f.average}</td><td>${f.utilisation_pct === null ? '?' : `${f.utilisation_pct}%`}</td><td>${f.hours}</td><td>${f.checkouts}</td><td>${f.denials.total}${f.denials.while_seats_free ? ` (${f.denials.while_seats_free} free)` : ''}</td><td>${f.distinct_users}</td></tr>`,
  );
  return `<table><thead><tr><th>Feature</th><th>Issued</th><th>Peak</th><th>Peak at</th><th>h at peak</th><th>Avg</th><th>Util.</th><th>Seat-h</th><th>Checkouts</th><th>Denials</th><th>Users</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function useChart(report: UsageReport, f: FeatureFigures): string {
  const points = report.series.points.filter((p) => p.feature === f.feature);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return '';
  return lineChart({
    title: f.feature,
    series: [
      { name: 'peak in use', color: COLORS.peak, points: points.map((p) => ({ x: Date.parse(p.start), y: p.peak })) },
      { name: 'average', color: COLORS.average, area: true, points: points.map((p) => ({ x: Date.parse(p.start), y: p.average })) },
    ],
    limit: f.issued !== null ? { value: f.issued, label: `${f.issued} issued` } : undefined,
    xLabels: { first: first.label, last: last.label },
    yLabel: 'seats',
  });
}

function denialsByBucket(report: UsageReport): Array<{ label: string; value: number }> {
  const by = new Map<string, number>();
  for (const p of report.series.points) by.set(p.label, (by.get(p.label) ?? 0) + p.denials);
  return [...by].map(([label, value]) => ({ label, value }));
}

function reasonTable(features: FeatureFigures[]): string {
  const rows: string[] = [];
  for (const f of features) {
    for (const [why, n] of Object.entries(f.denials.by_reason)) rows.push(`<tr><td>${esc(f.feature)}</td><td style="text-align:left">${esc(why)}</td><td>${n}</td></tr>`);
  }
  const free = features.filter((f) => f.denials.while_seats_free).map((f) => `${esc(f.feature)}: ${f.denials.while_seats_free}`);
  const note = free.length > 0 ? `<p class="note">Denied while seats were free (a policy or configuration problem, not a lack of licenses): ${free.join(', ')}.</p>` : '';
  return `<table><thead><tr><th>Feature</th><th style="text-align:left">Reason</th><th>Denials</th></tr></thead><tbody>${rows.join('')}</tbody></table>${note}`;
}

function topUsers(report: UsageReport): Array<{ label: string; value: number }> {
  const by = new Map<string, number>();
  for (const u of report.users) by.set(u.name, (by.get(u.name) ?? 0) + u.hours);
  return [...by]
    .map(([label, value]) => ({ label, value: round(value) }))
    .filter((r) => r.value > 0)
    .sort((a, b) => b.value - a.value)
    .slice(0, 15);
}

function partyTable(what: string, list: UsageReport['users']): string {
  const rows = list.slice(0, MAX_ROWS).map((p) => `<tr><td>${esc(p.name)}</td><td style="text-align:left">${esc(p.feature)}</td><td>${p.hours}</td><td>${p.checkouts}</td><td>${p.denials}</td></tr>`);
  const more = list.length > MAX_ROWS ? `<p class="note">${list.length - MAX_ROWS} more rows in <code>--by ${what.toLowerCase()} --csv</code>.</p>` : '';
  return `<table><thead><tr><th>${what}</th><th style="text-align:left">Feature</th><th>Seat-h</th><th>Checkouts</th><th>Denials</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}`;
}

function aboutList(report: UsageReport): string {
  const items = [
    'Concurrency is counted from checkout and checkin events, not sampled.',
    ...report.notes,
    ...report.inputs.map((i) => `${i.file}: ${i.format}, ${i.lines} lines, ${i.events} events${i.unread ? `, ${i.unread} lines not read` : ''}.`),
    ...report.unread.first.map((u) => `${u.file}:${u.line}: ${u.why}`),
  ];
  return `<ul class="notes note">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
}

function day(iso: string | null): string {
  return iso === null ? '' : iso.slice(0, 10);
}

function minute(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
