// Tables and colour for human output. Loaded only when something is printed
// for a person, so --json and --version never load cli-table3. chalk loads
// only when colour is on (paint.ts): with colour off — pipes, scripts, CI —
// its start-up time buys nothing (bench/RESULTS.md, start-up).
import Table from 'cli-table3';
import { fitColumns, visibleLength } from './fit.js';

/** The styles the views use; each returns its text unchanged when colour is off. */
export interface Paint {
  bold: (s: string) => string;
  dim: (s: string) => string;
  green: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
}

export interface Renderer {
  color: boolean;
  c: Paint;
  /** columns of the terminal the output goes to; null: not a terminal, nothing is fitted */
  width: number | null;
  /** a table without escape codes of its own; cells may be coloured by the caller */
  table: (head: string[], rows: string[][]) => string;
}

const same = (s: string): string => s;
export const PLAIN: Paint = { bold: same, dim: same, green: same, red: same, yellow: same };

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/**
 * Columns a table takes besides its cells' text: with borders, a padding of 1
 * each side and the borders; without, two spaces between columns (a fitted
 * table drops the padding, which only a pipe's readers are used to).
 */
function overhead(columns: number, borders: boolean): number {
  return borders ? 3 * columns + 1 : 2 * (columns - 1);
}

/**
 * A table too wide for the terminal even with every column at its longest
 * word: one block per row, `HEAD  value` on each line (fitText wraps long values).
 */
function records(head: readonly string[], rows: readonly string[][], c: Paint): string {
  const w = Math.max(...head.map((h) => visibleLength(h)));
  return rows.map((r) => head.map((h, i) => `${c.bold(h.padEnd(w))}  ${r[i] ?? ''}`.trimEnd()).join('\n')).join('\n\n');
}

/** `paint` is required for colour: main.ts loads it with chalk (paint.ts). */
export function makeRenderer(color: false, paint?: Paint, width?: number | null): Renderer;
export function makeRenderer(color: boolean, paint: Paint, width?: number | null): Renderer;
export function makeRenderer(color: boolean, paint: Paint = PLAIN, width: number | null = null): Renderer {
  const c = color ? paint : PLAIN;
  return {
    color,
    c,
    width,
    table(head, rows) {
      let colWidths: number[] | undefined;
      // borders when colour is on and they fit; else the borderless layout; else one block per record
      let borders = color;
      if (width !== null) {
        let fit = fitColumns([head, ...rows], width - overhead(head.length, borders));
        if (fit === null && borders) {
          borders = false;
          fit = fitColumns([head, ...rows], width - overhead(head.length, false));
        }
        if (fit === null) return records(head, rows, c);
        colWidths = fit.map((w) => (borders ? w + 2 : w));
      }
      const padding = colWidths && !borders ? { 'padding-left': 0, 'padding-right': 0 } : {};
      const t = new Table({
        head: head.map((h) => c.bold(h)),
        style: { head: [], border: [], compact: true, ...padding },
        chars: borders ? {} : NO_BORDERS,
        ...(colWidths ? { colWidths, wordWrap: true, wrapOnWordBoundary: true } : {}),
      });
      for (const r of rows) t.push(r);
      return t.toString().split('\n').map((l) => l.replace(/\s+$/, '')).join('\n');
    },
  };
}
