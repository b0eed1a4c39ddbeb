// `--json` output written in pieces. One JSON.stringify of the whole document
// fails past V8's longest string (~512 MiB) — `stat -i --json` on a million
// license lines did — and holds the whole text in memory besides. The text is
// the same as JSON.stringify(value, null, 2): containers near the top are
// walked, everything below is stringified whole and indented to its place.

/** Containers deeper than this are stringified in one call. */
const WALK_DEPTH = 3;
/** Pieces are gathered up to this many characters before each write. */
const CHUNK = 1 << 20;

export function writeJson(value: unknown, write: (text: string) => void): void {
  let buf = '';
  const out = (s: string) => {
    buf += s;
    if (buf.length >= CHUNK) {
      write(buf);
      buf = '';
    }
  };
  emit(value, '', 0, out);
  out('\n');
  if (buf !== '') write(buf);
}

function emit(value: unknown, indent: string, depth: number, out: (s: string) => void): void {
  const v = toJsonValue(value);
  if (depth >= WALK_DEPTH || v === null || typeof v !== 'object') {
    out((JSON.stringify(v, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`));
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return out('[]');
    out('[\n');
    v.forEach((item, i) => {
      out(inner);
      // as JSON.stringify does: undefined, functions and symbols in an array are null
      emit(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item, inner, depth + 1, out);
      out(i < v.length - 1 ? ',\n' : '\n');
    });
    out(`${indent}]`);
    return;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && typeof x !== 'function' && typeof x !== 'symbol');
  if (entries.length === 0) return out('{}');
  out('{\n');
  entries.forEach(([k, x], i) => {
    out(`${inner}${JSON.stringify(k)}: `);
    emit(x, inner, depth + 1, out);
    out(i < entries.length - 1 ? ',\n' : '\n');
  });
  out(`${indent}}`);
}

/** What JSON.stringify would serialise in place of `value` (its toJSON()). */
function toJsonValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: () => unknown }).toJSON();
  }
  return value;
}
