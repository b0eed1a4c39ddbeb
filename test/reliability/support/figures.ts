// What every reliability suite shares: the CI/soak switch and the figures it
// leaves behind. CI runs bounded counts; `npm run soak` sets SOAK=1 and the
// same tests run the long counts. Each suite prints one `figures` line at the
// end and writes its figures as JSON, so a run can be compared with the
// numbers recorded in docs/RELIABILITY.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `npm run soak` (SOAK=1): the long version of every suite; not part of CI. */
export const SOAK = process.env.SOAK === '1' || process.env.SOAK === 'true';

/** The CI-size value, or the soak-size one under SOAK=1. LICUTIL_SOAK_SCALE shrinks a soak run (e.g. 0.1). */
export function scaled(ci: number, soak: number): number {
  if (!SOAK) return ci;
  const f = Number(process.env.LICUTIL_SOAK_SCALE ?? '1');
  return Math.max(ci, Math.round(soak * (Number.isFinite(f) && f > 0 ? f : 1)));
}

/** A per-test timeout that grows with the soak counts. */
export function timeoutFor(ciMs: number, soakMs: number): number {
  return SOAK ? soakMs : ciMs;
}

/** Where the machine-readable summaries go (git-ignored). */
export const RESULTS_DIR = process.env.LICUTIL_RELIABILITY_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

export type Figures = Record<string, number | string | boolean | null | Record<string, number | string>>;

/**
 * Prints `figures <suite>: k=v ...` on stdout and writes
 * results/<suite>.json with the figures, the mode and the time.
 */
export function recordFigures(suite: string, figures: Figures): void {
  const doc = { suite, mode: SOAK ? 'soak' : 'ci', at: new Date().toISOString(), node: process.version, figures };
  try {
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(path.join(RESULTS_DIR, `${suite}.json`), `${JSON.stringify(doc, null, 2)}\n`);
  } catch {
    // a read-only checkout still prints the line below
  }
  const flat = Object.entries(figures)
    .map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  process.stdout.write(`figures ${suite} (${doc.mode}): ${flat}\n`);
}

/** Median and other order statistics of a list of numbers (milliseconds). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i] as number;
}

export const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
