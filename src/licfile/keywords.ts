// The words that start a statement, in either dialect. The lexer splits
// statements on these alone, so the same file splits the same way whatever
// dialect is decided later.

/** Statement keywords of both dialects, upper case. */
const LINE_KEYWORDS: ReadonlySet<string> = new Set([
  'HOST',
  'SERVER',
  'ISV',
  'VENDOR',
  'DAEMON',
  'LICENSE',
  'FEATURE',
  'INCREMENT',
  'UPGRADE',
  'PACKAGE',
  'USE_SERVER',
  'CUSTOMER',
]);

/** Keywords only RLM has (seed 002 "License Files have 6 types of lines"). */
export const RLM_ONLY_KEYWORDS: ReadonlySet<string> = new Set(['HOST', 'ISV', 'LICENSE', 'CUSTOMER']);

/** Keywords only FlexLM has. */
export const FLEXLM_ONLY_KEYWORDS: ReadonlySet<string> = new Set(['INCREMENT', 'PACKAGE', 'USE_SERVER']);

/** Old FlexLM lines that are still found in files; read as one statement and ignored. */
export const OBSOLETE_KEYWORDS: ReadonlySet<string> = new Set(['FEATURESET']);

const MIN_KEYWORD = 3;
const MAX_KEYWORD = 10;

/** The statement keywords in a fixed order: the lexer keeps a keyword as its index here. */
export const LINE_KEYWORD_LIST: readonly string[] = [...LINE_KEYWORDS];

/** Indexes of the statement keywords by length, for a comparison that allocates nothing. */
const BY_LENGTH: readonly (readonly number[])[] = (() => {
  const out: number[][] = Array.from({ length: MAX_KEYWORD + 1 }, () => []);
  LINE_KEYWORD_LIST.forEach((kw, i) => out[kw.length]?.push(i));
  return out;
})();

/**
 * The index in LINE_KEYWORD_LIST of the statement keyword text[start, end)
 * spells (case-insensitive), or -1. Runs on the first word of every line, so it
 * compares character codes rather than slicing and upper-casing.
 */
export function lineKeywordIndexAt(text: string, start: number, end: number): number {
  const len = end - start;
  if (len < MIN_KEYWORD || len > MAX_KEYWORD) return -1;
  const candidates = BY_LENGTH[len] as readonly number[];
  for (let k = 0; k < candidates.length; k++) {
    const index = candidates[k] as number;
    const kw = LINE_KEYWORD_LIST[index] as string;
    let i = 0;
    for (; i < len; i++) {
      let c = text.charCodeAt(start + i);
      if (c >= 97 && c <= 122) c -= 32;
      if (c !== kw.charCodeAt(i)) break;
    }
    if (i === len) return index;
  }
  return -1;
}

/** The statement keyword text[start, end) spells (case-insensitive), upper case, or null. */
function lineKeywordAt(text: string, start: number, end: number): string | null {
  const i = lineKeywordIndexAt(text, start, end);
  return i >= 0 ? (LINE_KEYWORD_LIST[i] as string) : null;
}

/** Whether text[start, end) is a statement keyword (case-insensitive). */
export function isLineKeyword(text: string, start: number, end: number): boolean {
  return lineKeywordAt(text, start, end) !== null;
}

/**
 * The keyword a mistyped word was probably meant to be (`LICENCE` → `LICENSE`),
 * or null. Only close misses count, so free text is not mistaken for a typo.
 */
export function nearestKeyword(word: string): string | null {
  const upper = word.toUpperCase();
  if (upper.length < 4 || upper.length > MAX_KEYWORD + 2) return null;
  const hit = nearest.get(upper);
  if (hit !== undefined) return hit;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const kw of LINE_KEYWORDS) {
    const allowed = kw.length <= 5 ? 1 : 2;
    const d = editDistance(upper, kw, allowed);
    if (d <= allowed && d < bestDistance) {
      best = kw;
      bestDistance = d;
    }
  }
  // continuation lines repeat the same few first words; remember them (bounded)
  if (nearest.size < 4096) nearest.set(upper, best);
  return best;
}

const nearest = new Map<string, string | null>();

const ROW_A = new Int32Array(40);
const ROW_B = new Int32Array(40);

/** Levenshtein distance, giving up (returning limit + 1) once it exceeds limit. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (b.length >= ROW_A.length) return a === b ? 0 : limit + 1;
  let prev = ROW_A;
  let cur = ROW_B;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length] ?? limit + 1;
}
