// JSON text of the few records written on every checkout and checkin (journal
// records, report lines), by template instead of JSON.stringify: on Node 20,
// JSON.stringify of a 17-field grant record takes ~2 µs, the template ~0.6 µs,
// and the server writes four such texts per checkout + checkin. The output is
// exactly JSON.stringify's: plain strings are quoted as they are, anything
// with a quote, backslash, control character or lone surrogate goes through
// JSON.stringify. A value of a type the template does not expect (undefined,
// a non-finite number, an object) marks the text as unusable — check
// `jsonTextFailed()` after building one and fall back to JSON.stringify.

/** Strings JSON.stringify writes as they are, between quotes. */
// eslint-disable-next-line no-control-regex
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

let failed = false;

/** True when a value given to the helpers since the last call was not what its template expects; resets. */
export function jsonTextFailed(): boolean {
  const f = failed;
  failed = false;
  return f;
}

export function jsonStr(v: unknown): string {
  if (typeof v === 'string') return PLAIN.test(v) ? `"${v}"` : JSON.stringify(v);
  failed = true;
  return '';
}

export function jsonStrOrNull(v: unknown): string {
  return v === null ? 'null' : jsonStr(v);
}

export function jsonNum(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return `${v}`;
  failed = true;
  return '';
}

export function jsonBool(v: unknown): string {
  if (v === true) return 'true';
  if (v === false) return 'false';
  failed = true;
  return '';
}

/** Type-level: A and B are the same set of keys. */
export type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
