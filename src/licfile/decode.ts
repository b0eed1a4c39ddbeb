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
