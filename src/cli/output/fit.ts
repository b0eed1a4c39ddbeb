// Human output on a terminal fits its width: tables give their widest columns
// less room and wrap those cells at spaces (never inside a word), a table that
// cannot fit even so is shown one record per block, and other long lines wrap
// at spaces under their own indent. Output to a pipe is never fitted (width
// null): one record per line stays what grep and awk read.

// eslint-disable-next-line no-control-regex -- the escape codes of colour are what is matched
const ANSI = /\x1b\[[0-9;]*m/g;

/** Columns a string takes on a terminal (colour codes take none; one column per character). */
export function visibleLength(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

/** Columns a cell may take at most: wide characters (from U+1100, the first East Asian wide block) count two. */
export function atMostWidth(s: string): number {
  let n = 0;
  for (const ch of s.replace(ANSI, '')) n += (ch.codePointAt(0) ?? 0) >= 0x1100 ? 2 : 1;
  return n;
}

function longestWord(s: string): number {
  return Math.max(0, ...s.split(/\s+/).map(visibleLength));
}

/**
 * Content widths for the columns so that their sum is at most `budget`: the
 * widest columns give up room first, none below its longest word. Null when
 * even that does not fit.
 */
export function fitColumns(cells: readonly (readonly string[])[], budget: number): number[] | null {
  // loops, not Math.max(...cells): a table of 100,000 rows is more arguments than a call takes
  const n = cells.reduce((m, r) => Math.max(m, r.length), 0);
  const widths = Array.from({ length: n }, (_, i) => cells.reduce((m, r) => Math.max(m, visibleLength(r[i] ?? '')), 1));
  const floor = Array.from({ length: n }, (_, i) => cells.reduce((m, r) => Math.max(m, longestWord(r[i] ?? '')), 1));
  let excess = widths.reduce((a, b) => a + b, 0) - budget;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < n; i++) if ((widths[i] ?? 0) > (floor[i] ?? 0) && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i;
    if (widest < 0) return null;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess--;
  }
  return widths;
}

/** One line as lines of at most `width` columns, broken at spaces; continuations indented under the first. */
export function wrapLine(line: string, width: number): string[] {
  if (visibleLength(line) <= width) return [line];
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  // a list item ("  ✓ ...", "- ...") continues under its text, not under its mark
  const mark = /^\s*(?:\S{1,2} )?/.exec(line.replace(ANSI, ''))?.[0] ?? indent;
  const hang = ' '.repeat(Math.min(visibleLength(mark), Math.floor(width / 2)));
  const words = line.slice(indent.length).split(/ +/);
  const out: string[] = [];
  let cur = indent;
  let curLen = visibleLength(indent);
  let empty = true;
  for (const w of words) {
    const wl = visibleLength(w);
    if (!empty && curLen + 1 + wl > width) {
      out.push(cur);
      cur = hang + w;
      curLen = hang.length + wl;
      continue;
    }
    cur += empty ? w : ` ${w}`;
    curLen += empty ? wl : 1 + wl;
    empty = false;
  }
  out.push(cur);
  return out;
}

/** Every line of a text wrapped to `width`; null width: the text as it is. */
export function fitText(text: string, width: number | null): string {
  if (width === null) return text;
  return text
    .split('\n')
    .flatMap((l) => wrapLine(l, width))
    .join('\n');
}
