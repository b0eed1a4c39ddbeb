// Inline SVG charts for the HTML report: plain markup, no script, no fonts or
// files from anywhere, so the page reads the same from a mail attachment.

export interface LinePoint {
  x: number;
  y: number;
}

export interface LineChart {
  title: string;
  /** x positions are instants (ms); labels say what the first and last are */
  series: Array<{ name: string; color: string; points: LinePoint[]; area?: boolean }>;
  /** horizontal reference line (licenses issued) */
  limit?: { value: number; label: string } | undefined;
  xLabels: { first: string; last: string };
  yLabel: string;
}

const W = 760;
const H = 220;
const PAD = { left: 48, right: 16, top: 28, bottom: 36 };

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** The top of the axis: four steps of 1, 2 or 5 × 10^k, so every tick is a round number. */
function niceMax(v: number): number {
  if (v <= 4) return 4;
  const raw = v / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return 4 * m * p;
  return 40 * p;
}

function frame(title: string, yMax: number, yLabel: string, xFirst: string, xLast: string): string {
  const ih = H - PAD.top - PAD.bottom;
  const ticks: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    const y = PAD.top + ih - (ih * i) / 4;
    ticks.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}" class="grid"/>`);
    ticks.push(`<text x="${PAD.left - 6}" y="${y + 4}" class="tick" text-anchor="end">${Number.isInteger(v) ? v : v.toFixed(1)}</text>`);
  }
  return (
    `<text x="${PAD.left}" y="16" class="title">${esc(title)}</text>` +
    `<text x="${W - PAD.right}" y="16" class="tick" text-anchor="end">${esc(yLabel)}</text>` +
    ticks.join('') +
    `<text x="${PAD.left}" y="${H - 10}" class="tick">${esc(xFirst)}</text>` +
    `<text x="${W - PAD.right}" y="${H - 10}" class="tick" text-anchor="end">${esc(xLast)}</text>`
  );
}

/** A step chart (use stays at a level until the next event) with an optional limit line. */
export function lineChart(c: LineChart): string {
  const all = c.series.flatMap((s) => s.points);
  if (all.length === 0) return '';
  const x0 = Math.min(...all.map((p) => p.x));
  const x1 = Math.max(...all.map((p) => p.x));
  const yMax = niceMax(Math.max(...all.map((p) => p.y), c.limit?.value ?? 0) * 1.1);
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + (x1 > x0 ? ((x - x0) / (x1 - x0)) * iw : iw / 2);
  const sy = (y: number) => PAD.top + ih - (y / yMax) * ih;
  const paths = c.series.map((s) => {
    let d = '';
    s.points.forEach((p, i) => {
      const x = sx(p.x).toFixed(1);
      const y = sy(p.y).toFixed(1);
      if (i === 0) d += `M${x},${y}`;
      else d += `H${x}V${y}`;
    });
    const last = s.points[s.points.length - 1];
    if (last) d += `H${(PAD.left + iw).toFixed(1)}`;
    const area = s.area && s.points.length > 0 ? `<path d="${d}V${sy(0)}H${sx(s.points[0]?.x ?? x0).toFixed(1)}Z" fill="${s.color}" opacity="0.18"/>` : '';
    return `${area}<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`;
  });
  const limit = c.limit
    ? `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${sy(c.limit.value)}" y2="${sy(c.limit.value)}" class="limit"/><text x="${W - PAD.right - 4}" y="${sy(c.limit.value) - 5}" class="limit-label" text-anchor="end">${esc(c.limit.label)}</text>`
    : '';
  const legend = c.series.map((s, i) => `<rect x="${PAD.left + 200 + i * 150}" y="7" width="12" height="12" fill="${s.color}"/><text x="${PAD.left + 216 + i * 150}" y="17" class="tick">${esc(s.name)}</text>`).join('');
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(c.title)}" class="chart">${frame(c.title, yMax, c.yLabel, c.xLabels.first, c.xLabels.last)}${paths.join('')}${limit}${legend}</svg>`;
}

/** Vertical bars over time (denials per day or hour). */
export function barChart(title: string, bars: Array<{ label: string; value: number }>, color: string, yLabel: string): string {
  if (bars.length === 0) return '';
  const yMax = niceMax(Math.max(...bars.map((b) => b.value)) * 1.1);
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const bw = iw / bars.length;
  const rects = bars
    .map((b, i) => {
      const h = (b.value / yMax) * ih;
      return b.value > 0
        ? `<rect x="${(PAD.left + i * bw + bw * 0.1).toFixed(1)}" y="${(PAD.top + ih - h).toFixed(1)}" width="${Math.max(1, bw * 0.8).toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"><title>${esc(`${b.label}: ${b.value}`)}</title></rect>`
        : '';
    })
    .join('');
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}" class="chart">${frame(title, yMax, yLabel, bars[0]?.label ?? '', bars[bars.length - 1]?.label ?? '')}${rects}</svg>`;
}

/** Horizontal bars with their names (top users by hours). */
export function rankChart(title: string, rows: Array<{ label: string; value: number }>, color: string, unit: string): string {
  if (rows.length === 0) return '';
  const rowH = 22;
  const h = PAD.top + rows.length * rowH + 10;
  const labelW = 170;
  const iw = W - labelW - PAD.right - 60;
  const max = Math.max(...rows.map((r) => r.value), 1e-9);
  const body = rows
    .map((r, i) => {
      const y = PAD.top + i * rowH;
      const w = Math.max(1, (r.value / max) * iw);
      return (
        `<text x="${labelW - 8}" y="${y + 15}" class="tick" text-anchor="end">${esc(r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label)}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${color}"/>` +
        `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 15}" class="tick">${r.value} ${esc(unit)}</text>`
      );
    })
    .join('');
  return `<svg viewBox="0 0 ${W} ${h}" role="img" aria-label="${esc(title)}" class="chart"><text x="${PAD.left}" y="16" class="title">${esc(title)}</text>${body}</svg>`;
}
