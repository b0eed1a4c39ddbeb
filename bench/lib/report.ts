// RESULTS.md and results.json from the figures of one run.
import os from 'node:os';
import { fmt, fmtInt } from './stats.js';
import type { Figure } from './types.js';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  date: string;
  /** 1-minute load average when the run started and ended (other processes on the box) */
  loadBefore: number[];
  loadAfter: number[];
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    date: new Date().toISOString(),
    loadBefore: os.loadavg(),
    loadAfter: [],
  };
}

export interface RunRecord {
  machine: Machine;
  durationS: number;
  quick: boolean;
  /** date: the suite's figures are from an earlier run (--merge) */
  suites: Array<{ name: string; seconds: number; load1Before: number; load1After: number; date?: string }>;
  figures: Figure[];
  /** how the measured processes ran */
  settings: { nodeVersion: string; alsoNodes: string[]; pin: string; runs: number };
}

function valueText(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '—';
  if (unit === 'ms') return `${fmt(v, v < 10 ? 2 : 1)} ms`;
  if (unit === 'MiB') return `${fmt(v, 0)} MiB`;
  return `${fmtInt(v)} ${unit}`;
}

function ratioText(f: Figure): string {
  if (f.ratio === undefined || !Number.isFinite(f.ratio)) return '—';
  return f.ratioStyle === '%' ? `${fmt(f.ratio * 100, 0)} %` : `${fmt(f.ratio, 2)}×`;
}

function verdict(f: Figure): string {
  if (f.pass === null) return 'pending';
  return f.pass ? 'met' : '**missed**';
}

export function table(figures: readonly Figure[]): string {
  const rows = ['| figure | licutil | measured against, same run | ratio | target | |', '|---|---|---|---|---|---|'];
  for (const f of figures) {
    const base = f.baseline ? `${f.baseline.label}: ${valueText(f.baseline.value, f.baseline.unit)}` : '—';
    rows.push(`| ${f.title} | ${valueText(f.value, f.unit)} | ${base} | ${ratioText(f)} | ${f.target} | ${verdict(f)} |`);
  }
  return rows.join('\n');
}

export function markdown(run: RunRecord, preface: string): string {
  const m = run.machine;
  const out: string[] = [];
  out.push('# licutil benchmark results', '');
  out.push(preface.trim(), '');
  out.push('## This run', '');
  out.push(`- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB memory (${m.os})`);
  const st = run.settings;
  out.push(`- Node.js ${st.nodeVersion} runs every measured process${st.alsoNodes.length > 0 ? `; start-up figures are measured again on Node.js ${st.alsoNodes.join(', ')}` : ''} (the suite itself ran on ${m.node})`);
  out.push(`- CPU pinning: ${st.pin}`);
  out.push(`- figures that flip from run to run (start-up, pairs, latency, hand-over, \`checkout -- true\`): ${st.runs > 1 ? `their suites ran ${st.runs} times; the run with the median ratio is shown, with the range of all runs` : 'one run'}`);
  out.push(`- date: ${m.date}, suite took ${fmt(run.durationS, 0)} s${run.quick ? ' (--quick: smoke test, not for publishing)' : ''}`);
  out.push(
    `- load average (1 min) before/after: ${fmt(m.loadBefore[0] ?? Number.NaN, 2)} / ${fmt(m.loadAfter[0] ?? Number.NaN, 2)}; per suite: ` +
      run.suites.map((s) => `${s.name} ${fmt(s.load1Before, 1)}→${fmt(s.load1After, 1)} (${fmt(s.seconds, 0)} s${s.date ? `, in the run of ${s.date}` : ''})`).join(', '),
  );
  out.push('');
  const busiest = Math.max(m.loadBefore[0] ?? 0, m.loadAfter[0] ?? 0, ...run.suites.map((x) => Math.max(x.load1Before, x.load1After)));
  if (busiest > m.cores) {
    out.push(
      `> The machine was shared during this run: a 1-minute load average up to ${fmt(busiest, 1)} on ${m.cores} cores means other processes wanted the CPU too. ` +
        'Ratios of interleaved runs hold up; absolute times and every p99 latency are inflated by waiting for a core. ' +
        'Where a latency is reported, the server-side figure beside it (from its own histogram) shows what the server itself took.',
      '',
    );
  }
  out.push(table(run.figures), '');
  out.push('## Each figure', '');
  for (const f of run.figures) {
    out.push(`### ${f.title}`, '');
    out.push(`- result: ${valueText(f.value, f.unit)}${f.baseline ? ` vs ${valueText(f.baseline.value, f.baseline.unit)} (${f.baseline.label})` : ''}, ratio ${ratioText(f)}, target ${f.target}: ${verdict(f)}`);
    if (f.spread) out.push(`- spread: ${f.spread}`);
    for (const n of f.notes) out.push(`- ${n}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
