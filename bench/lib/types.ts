// What a benchmark suite returns: figures with their baseline, ratio and target,
// ready for RESULTS.md and results.json.

export interface BenchContext {
  /** the package root (bin/licutil.js, dist/) */
  root: string;
  /** where the compiled suite lives (workers/*.js) */
  compiled: string;
  /** a scratch directory removed at the end */
  tmp: string;
  /** shorter runs: a smoke test of the suite, not figures to publish */
  quick: boolean;
  log: (line: string) => void;
  /** --profile DIR: servers run with --cpu-prof and write their profiles there */
  profileDir?: string | undefined;
  /** the Node.js binary every measured process runs on (--node; default: the one running the suite) */
  node: string;
  /** its version, as `node --version` prints it */
  nodeVersion: string;
  /**
   * CPU pinning (--pin, on by default where taskset exists and there are two
   * cores or more): servers on one core, load generators on another, so the
   * two do not take turns on the same core. null: not pinned.
   */
  pin: { server: string; load: string } | null;
}

export interface Baseline {
  label: string;
  value: number;
  unit: string;
}

export interface Figure {
  id: string;
  /** the row of the issue's table */
  title: string;
  value: number;
  unit: string;
  baseline?: Baseline;
  /** value / baseline (both medians of interleaved runs) */
  ratio?: number;
  /** how the ratio is written: '×' (lower is better) or '%' (higher is better) */
  ratioStyle?: '×' | '%';
  target: string;
  /** null: nothing to compare (pending, or no target) */
  pass: boolean | null;
  /** the spread of the runs, in words */
  spread: string;
  /** how it was measured, what limits it */
  notes: string[];
  details?: Record<string, unknown>;
}

export interface Suite {
  name: string;
  run: (ctx: BenchContext) => Promise<Figure[]>;
  /** start-up kinds of figure: measured again on each --also-node binary */
  perNode?: boolean;
  /** figures that flip from run to run: --runs N repeats this suite and reports the range */
  repeat?: boolean;
}

/** A result that could not be measured (e.g. a command not built yet). */
export function pendingFigure(id: string, title: string, target: string, why: string): Figure {
  return { id, title, value: Number.NaN, unit: '', target, pass: null, spread: '', notes: [why] };
}
