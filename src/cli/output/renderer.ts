// Tables and colour for human output. Loaded only when something is printed
// for a person and the plain tables of plain-table.ts do not do, so --json,
// --version and a pipe's ASCII tables never load cli-table3. chalk loads
// only when colour is on (paint.ts): with colour off — pipes, scripts, CI —
// its start-up time buys nothing (bench/RESULTS.md, start-up).
import Table from 'cli-table3';
import { atMostWidth, fitColumns, visibleLength } from './fit.js';
import { PLAIN, plainTable } from './plain-table.js';
import type { Paint, Renderer } from './paint-types.js';

export type { Paint, Renderer };
export { PLAIN };

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
      } else if (!borders) {
        const plain = plainTable(head, rows);
        if (plain !== null) return plain;
      }
      return drawTable3(head, rows, c, borders, colWidths);
    },
  };
}

/** The table as cli-table3 draws it: with borders or without, fitted to colWidths when given. */
export function drawTable3(head: string[], rows: string[][], c: Paint, borders: boolean, colWidths: number[] | undefined): string {
  const padding = colWidths && !borders ? { 'padding-left': 0, 'padding-right': 0 } : {};
  const draw = (h: string[], part: readonly string[][], widths: number[] | undefined): string => {
    const t = new Table({
      head: h.map((x) => c.bold(x)),
      style: { head: [], border: [], compact: true, ...padding },
      chars: borders ? {} : NO_BORDERS,
      ...(widths ? { colWidths: widths, ...(colWidths ? { wordWrap: true, wrapOnWordBoundary: true } : {}) } : {}),
    });
    for (const r of part) t.push(r);
    return t.toString();
  };
  return drawInBlocks(head, rows, colWidths, borders, draw).split('\n').map((l) => l.replace(/\s+$/, '')).join('\n');
}

/**
 * cli-table3 lays a table out in time that grows with the square of its rows
 * (each cell is checked against every cell above it for spans), so a license
 * set of 10,000 lines took most of a minute to print. Above BLOCK rows the
 * table is drawn a block of rows at a time with the column widths of the whole
 * table fixed, and the blocks are joined where their borders meet: the same
 * text, in time that grows with the rows.
 */
export const BLOCK = 256;

type Draw = (head: string[], rows: readonly string[][], colWidths: number[] | undefined) => string;

export function drawInBlocks(head: string[], rows: readonly string[][], colWidths: number[] | undefined, borders: boolean, draw: Draw, block = BLOCK): string {
  if (rows.length <= block) return draw(head, rows, colWidths);
  // unfitted, a column is as wide as its widest line plus cli-table3's padding of one each side;
  // measured never narrower than cli-table3 measures (wide characters as two), so nothing is cut
  const widths = colWidths ?? head.map((h, i) => rows.reduce((m, r) => Math.max(m, ...(r[i] ?? '').split('\n').map(atMostWidth)), atMostWidth(h)) + 2);
  const parts: string[] = [];
  for (let at = 0; at < rows.length; at += block) {
    let lines = draw(at === 0 ? head : [], rows.slice(at, at + block), widths).split('\n');
    // one table: only the first block keeps its top border, only the last its bottom one
    if (borders && at > 0) lines = lines.slice(1);
    if (borders && at + block < rows.length) lines = lines.slice(0, -1);
    parts.push(lines.join('\n'));
  }
  return parts.join('\n');
}
