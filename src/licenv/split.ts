// Splitting a license-environment value into its elements (seed 002, "The
// License Environment"): ':' separates on Unix, ';' on Windows, white space
// around each element is trimmed (RLM v14.2), and a literal `<LICENSE ...>`
// runs to its matching '>' even when the text holds the separator itself
// (a date such as 1-jan-09 does not, but `hostid=ip=1.2.3.4` or a Windows
// path inside a quoted value might).

export function specSeparator(platform: NodeJS.Platform): ':' | ';' {
  return platform === 'win32' ? ';' : ':';
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

/**
 * Index just past the '>' that closes the '<' at `open`, or -1 when none does.
 * Quoted strings are skipped when `quotes` is set, so `customer="<a>"` does not close early.
 */
function literalEnd(value: string, open: number, quotes: boolean): number {
  let depth = 0;
  let inQuote = false;
  for (let i = open; i < value.length; i++) {
    const c = value[i];
    if (inQuote) {
      if (c === '"') inQuote = false;
      continue;
    }
    if (quotes && c === '"') inQuote = true;
    else if (c === '<') depth++;
    else if (c === '>') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The elements of one value, trimmed, empty elements dropped, literals kept whole. */
export function splitLicenseSpec(value: string, platform: NodeJS.Platform): string[] {
  const sep = specSeparator(platform);
  const out: string[] = [];
  let i = 0;
  while (i <= value.length) {
    let k = i;
    while (k < value.length && isSpace(value[k])) k++;
    let j = k;
    if (value[k] === '<') {
      // An unbalanced quote must not swallow the rest of the variable: fall back to plain brackets.
      let end = literalEnd(value, k, true);
      if (end < 0) end = literalEnd(value, k, false);
      j = end < 0 ? value.length : end;
    }
    while (j < value.length && value[j] !== sep) j++;
    const element = value.slice(k, j).trim();
    if (element !== '') out.push(element);
    i = j + 1;
  }
  return out;
}

export function joinLicenseSpec(elements: readonly string[], platform: NodeJS.Platform): string {
  return elements.join(specSeparator(platform));
}
