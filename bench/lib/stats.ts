// Order statistics for benchmark samples. Medians and percentiles are taken by
// nearest rank on a sorted copy; a latency recorder keeps every sample (the runs
// are short enough), so p99 is exact rather than a histogram estimate.

export function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/** Nearest-rank quantile, q in [0, 1]; NaN for no samples. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = sorted(xs);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i] as number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = sorted(xs);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export interface Spread {
  n: number;
  median: number;
  min: number;
  max: number;
  /** 25th and 75th percentile */
  q1: number;
  q3: number;
}

export function spread(xs: readonly number[]): Spread {
  const s = sorted(xs);
  return {
    n: s.length,
    median: median(s),
    min: s[0] ?? Number.NaN,
    max: s[s.length - 1] ?? Number.NaN,
    q1: quantile(s, 0.25),
    q3: quantile(s, 0.75),
  };
}

export interface LatencySummary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export function latencySummary(xs: readonly number[]): LatencySummary {
  const s = sorted(xs);
  let sum = 0;
  for (const x of s) sum += x;
  return {
    n: s.length,
    p50: quantile(s, 0.5),
    p90: quantile(s, 0.9),
    p99: quantile(s, 0.99),
    p999: quantile(s, 0.999),
    max: s[s.length - 1] ?? Number.NaN,
    mean: s.length > 0 ? sum / s.length : Number.NaN,
  };
}

export function fmt(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x.toFixed(digits);
}

/** 12,345 */
export function fmtInt(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return Math.round(x).toLocaleString('en-US');
}
