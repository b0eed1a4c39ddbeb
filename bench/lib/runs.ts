// Figures that flip from run to run (issue 17) are reported as a range over
// several runs of their suite: the figure shown is the run with the median
// ratio (or value), and its spread says how far the other runs went and in
// how many the target was met.
import { fmt, median } from './stats.js';
import type { Figure } from './types.js';

const score = (f: Figure): number => f.ratio ?? f.value;

/** One figure per id from the same suite run `runs.length` times (each inner list is one run). */
export function mergeRuns(runs: Figure[][]): Figure[] {
  if (runs.length <= 1) return runs[0] ?? [];
  const ids: string[] = [];
  const byId = new Map<string, Figure[]>();
  for (const run of runs)
    for (const f of run) {
      if (!byId.has(f.id)) ids.push(f.id);
      byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
    }
  return ids.map((id) => {
    const fs = (byId.get(id) ?? []).filter((f) => Number.isFinite(score(f)));
    if (fs.length === 0) return (byId.get(id) ?? [])[0] as Figure;
    const mid = median(fs.map(score));
    // the run nearest the median stands for all of them
    const rep = fs.reduce((best, f) => (Math.abs(score(f) - mid) < Math.abs(score(best) - mid) ? f : best));
    const scores = fs.map(score);
    const lo = Math.min(...scores);
    const hi = Math.max(...scores);
    const met = fs.filter((f) => f.pass === true).length;
    const judged = fs.filter((f) => f.pass !== null).length;
    const what = rep.ratio !== undefined ? 'ratio' : 'value';
    const digits = rep.ratio !== undefined && rep.ratioStyle !== '%' ? 2 : 1;
    const show = (x: number) => (rep.ratio !== undefined && rep.ratioStyle === '%' ? `${fmt(x * 100)} %` : fmt(x, digits));
    const range = `${fs.length} runs: ${what} ${show(lo)}–${show(hi)} (median run shown)${judged > 0 ? `, target met in ${met} of ${judged}` : ''}`;
    // a target met in some runs and missed in others is neither: say so rather than pick
    const pass = judged === 0 ? rep.pass : met === judged ? true : met === 0 ? false : rep.pass;
    return { ...rep, pass, spread: `${range}; ${rep.spread}`, details: { ...rep.details, runs: fs.map((f) => ({ value: f.value, ratio: f.ratio, pass: f.pass })) } };
  });
}

/** The figures of one run of a suite on another Node.js binary, named so they sit beside the main ones. */
export function onNode(figures: Figure[], version: string): Figure[] {
  return figures.map((f) => ({ ...f, id: `${f.id}@${version}`, title: `${f.title} on Node.js ${version}` }));
}
