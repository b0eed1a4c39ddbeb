// The shapes every view draws with, apart from the drawers (renderer.ts with
// cli-table3, plain-table.ts without it), so neither drawer imports the other's types.
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
