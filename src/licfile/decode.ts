// Bytes to text for callers that read license files. UTF-8 when the bytes are
// valid UTF-8, UTF-16 when a UTF-16 byte-order mark says so (Windows editors),
// otherwise latin1, which never fails. The byte-order mark is kept as U+FEFF so
// parseLicense can report it.

export function decodeLicenseBytes(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes);
  if (b0 === 0xfe && b1 === 0xff) return new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
}

// How much of a file is sampled to decide whether it is text: a license file's
// first 64 KiB say enough, and a 5 MB binary need not be scanned whole.
const SAMPLE = 64 * 1024;
// Real license files hold a stray control character or a latin1 byte at most; a
// tenth of the sample is far above that and far below what random bytes give.
const MAX_ODD_SHARE = 0.1;

/**
 * Why these bytes are not a text file (so not a license file), or null when
 * they are text. A NUL byte outside UTF-16, or a high share of control
 * characters and bytes that are not UTF-8, means a binary (an executable, an
 * archive, random data); reading it line by line gives only noise.
 */
export function notTextReason(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, SAMPLE);
  const b0 = sample[0];
  const b1 = sample[1];
  const utf16 = (b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff);
  if (utf16) return null;
  const nul = sample.indexOf(0);
  if (nul >= 0) return `it holds a NUL byte (offset ${nul}), so it is a binary file, not a license file`;
  // a multi-byte character cut at the end of the sample is not the file's fault
  const text = new TextDecoder('utf-8', { fatal: false }).decode(sample, { stream: bytes.length > SAMPLE });
  let odd = 0;
  let total = 0;
  for (const ch of text) {
    total += 1;
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0x7f && c < 0xa0)) odd += 1;
  }
  if (total > 0 && odd / total > MAX_ODD_SHARE) {
    return `${Math.round((odd / total) * 100)}% of its first ${sample.length} bytes are control characters or not UTF-8, so it is a binary file, not a license file`;
  }
  return null;
}
