// The nearest of a list of names to a mistyped one (options, commands, features).

/** Edits to turn a into b: insert, delete, replace, or swap two neighbours (`wiat` → `wait` is one). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => (d[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = v;
    }
  }
  return at(a.length, b.length);
}

/**
 * The closest name when it is close enough to be a typing slip (at most a
 * third of its letters differ, one for short words), else undefined.
 */
export function nearest(word: string, names: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = distance(w, name.toLowerCase());
    if (best === undefined || d < best.d) best = { name, d };
  }
  if (best === undefined) return undefined;
  return best.d <= Math.max(1, Math.floor(word.length / 3)) ? best.name : undefined;
}
