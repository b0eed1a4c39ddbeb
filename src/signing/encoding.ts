// How a signature is written into a license file: `LU1:` then the 64 signature
// bytes in Crockford base32, upper case (103 characters). The alphabet has no
// quote, `#`, `=` or white space, so the value can be cut anywhere and wrapped
// onto the next line inside its quotes, as real RLM files do; decoding drops all
// white space first. RLM's own signatures (base32/base64 without a scheme) and
// FlexLM's SIGN= never start with `LU1:`, which is how they are told apart.

/** Scheme prefix of a licutil Ed25519 signature. */
const SIGNATURE_SCHEME = 'LU1:';

/** Ed25519 signatures are 64 bytes. */
const SIGNATURE_BYTES = 64;

/** Base32 characters of a signature: ceil(64 * 8 / 5). */
const SIGNATURE_CHARS = Math.ceil((SIGNATURE_BYTES * 8) / 5);

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const DECODE: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  [...ALPHABET].forEach((ch, i) => m.set(ch, i));
  // Crockford's aliases for look-alike letters
  m.set('O', 0);
  m.set('I', 1);
  m.set('L', 1);
  return m;
})();

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >>> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

/** Crockford base32 → bytes; null when a character is not in the alphabet or the padding bits are not zero. */
export function base32Decode(text: string): Uint8Array | null {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of text.toUpperCase()) {
    if (ch === '-') continue;
    const v = DECODE.get(ch);
    if (v === undefined) return null;
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 0xff);
    }
    acc &= (1 << bits) - 1;
  }
  if (bits >= 5 || acc !== 0) return null;
  return Uint8Array.from(out);
}

/** The `sig=` value for a signature (unwrapped). */
export function encodeSignature(signature: Uint8Array): string {
  return SIGNATURE_SCHEME + base32Encode(signature);
}

type DecodedSignature =
  | { kind: 'licutil'; bytes: Uint8Array }
  | { kind: 'damaged'; reason: string }
  | { kind: 'foreign' };

/** Whether a sig= value claims to be ours (after removing the white space that wrapping adds). */
export function isLicutilSignature(value: string): boolean {
  return value.replace(/\s+/g, '').toUpperCase().startsWith(SIGNATURE_SCHEME);
}

/** Reads a sig= value: ours (and intact), ours but damaged, or someone else's. */
export function decodeSignature(value: string): DecodedSignature {
  const compact = value.replace(/\s+/g, '');
  if (!compact.toUpperCase().startsWith(SIGNATURE_SCHEME)) return { kind: 'foreign' };
  const body = compact.slice(SIGNATURE_SCHEME.length).replaceAll('-', '');
  const bad = [...body.toUpperCase()].find((ch) => !DECODE.has(ch));
  if (bad !== undefined) return { kind: 'damaged', reason: `it holds ${JSON.stringify(bad)}, which is not Crockford base32` };
  if (body.length !== SIGNATURE_CHARS) {
    return { kind: 'damaged', reason: `it is ${body.length} characters long, a licutil signature has ${SIGNATURE_CHARS}` };
  }
  const bytes = base32Decode(body);
  if (!bytes) return { kind: 'damaged', reason: 'its last character is not one an Ed25519 signature can end with' };
  return { kind: 'licutil', bytes };
}

/**
 * The value cut into pieces for a license file: the first `firstWidth` characters,
 * then pieces of `width` (at least 16). A last piece shorter than 8 characters
 * borrows from the one before it, so no wrapped piece can read as a line keyword
 * (`SERVER` and `PACKAGE` are spelt in this alphabet) and end the statement.
 */
export function wrapSignature(value: string, firstWidth: number, width: number): string[] {
  const MIN_PIECE = 8;
  const w = Math.max(16, width);
  const pieces = [value.slice(0, Math.max(0, firstWidth))];
  for (let i = pieces[0]?.length ?? 0; i < value.length; i += w) pieces.push(value.slice(i, i + w));
  const n = pieces.length;
  const last = pieces[n - 1] ?? '';
  if (n >= 2 && last.length < MIN_PIECE) {
    const prev = pieces[n - 2] ?? '';
    const moved = MIN_PIECE - last.length;
    pieces[n - 2] = prev.slice(0, prev.length - moved);
    pieces[n - 1] = prev.slice(prev.length - moved) + last;
  }
  return pieces.filter((p) => p.length > 0);
}
