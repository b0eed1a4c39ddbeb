// Tables and colour for human output. Loaded only when something is printed
// for a person, so --json and --version never load cli-table3. chalk loads
// only when colour is on (paint.ts): with colour off — pipes, scripts, CI —
// its start-up time buys nothing (bench/RESULTS.md, start-up).
import Table from 'cli-table3';

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
  /** a table without escape codes of its own; cells may be coloured by the caller */
  table: (head: string[], rows: string[][]) => string;
}

const same = (s: string): string => s;
export const PLAIN: Paint = { bold: same, dim: same, green: same, red: same, yellow: same };

/** `paint` is required for colour: main.ts loads it with chalk (paint.ts). */
export function makeRenderer(color: false): Renderer;
export function makeRenderer(color: boolean, paint: Paint): Renderer;
export function makeRenderer(color: boolean, paint: Paint = PLAIN): Renderer {
  const c = color ? paint : PLAIN;
  return {
    color,
    c,
    table(head, rows) {
      const t = new Table({
        head: head.map((h) => c.bold(h)),
        style: { head: [], border: [], compact: true },
        chars: color
          ? {}
          : {
              top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
              bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
              left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
            },
      });
      for (const r of rows) t.push(r);
      return t.toString().split('\n').map((l) => l.replace(/\s+$/, '')).join('\n');
    },
  };
}
