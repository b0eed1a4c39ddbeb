// The table a pipe gets (no colour, no terminal width) when every cell is one
// line of printable ASCII: the very text cli-table3 draws for it (renderer.ts,
// borderless layout), without loading cli-table3. Loading it and drawing the
// two small tables of `licutil env` cost ~30M instructions under callgrind,
// a sixth of the command (most of it in string-width and its emoji regular
// expression, and in @colors/colors set-up), for text that is only padding
// here. Anything else (colour, a width to fit, wide or control characters,
// several lines in a cell) is cli-table3's.
import type { Paint, Renderer } from './paint-types.js';

const same = (s: string): string => s;
export const PLAIN: Paint = { bold: same, dim: same, green: same, red: same, yellow: same };

// every character one column wide, no escape sequence, no line break
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * The borderless, unfitted table as cli-table3 lays it out: each cell padded
 * to its column's widest plus one space each side, cells two spaces apart,
 * trailing blanks cut; null when some cell is not one line of printable ASCII
 * or the rows are not all as wide as the head.
 */
export function plainTable(head: readonly string[], rows: readonly (readonly string[])[]): string | null {
  const all = head.length > 0 ? [head, ...rows] : rows;
  const columns = all[0]?.length ?? 0;
  if (columns === 0) return null;
  const widths: number[] = new Array<number>(columns).fill(0);
  for (const row of all) {
    if (row.length !== columns) return null;
    for (let i = 0; i < columns; i++) {
      const cell = row[i] as string;
      if (typeof cell !== 'string' || !PRINTABLE_ASCII.test(cell)) return null;
      if (cell.length > (widths[i] as number)) widths[i] = cell.length;
    }
  }
  // cli-table3: a cell is ` text ` padded to its column, the next one two spaces on
  return all.map((row) => ` ${row.map((cell, i) => cell.padEnd(widths[i] as number)).join('    ')}`.trimEnd()).join('\n');
}

/** plainTable found a table it does not draw: the caller draws the output again with cli-table3. */
export class NotPlainTable extends Error {
  constructor() {
    super('this table needs cli-table3');
  }
}

/**
 * The renderer of uncoloured output to a pipe, for a first try: its table
 * throws NotPlainTable where cli-table3 is needed (renderer.ts).
 */
export function plainRenderer(): Renderer {
  return {
    color: false,
    c: PLAIN,
    width: null,
    table(head, rows) {
      const text = plainTable(head, rows);
      if (text === null) throw new NotPlainTable();
      return text;
    },
  };
}
