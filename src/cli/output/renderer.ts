// Tables and colour for human output. Loaded only when something is printed
// for a person, so --json and --version never load chalk or cli-table3.
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';

export interface Renderer {
  color: boolean;
  c: ChalkInstance;
  /** a table without escape codes of its own; cells may be coloured by the caller */
  table: (head: string[], rows: string[][]) => string;
}

export function makeRenderer(color: boolean): Renderer {
  const c = new Chalk({ level: color ? 1 : 0 });
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
