// The printer. Every statement keeps its offsets into the text it came from, so
// writing a document back is writing that text back: comments, blank lines, odd
// spacing, tabs, CRLF and a missing final newline all survive. A byte-order mark
// is the one thing not written back, since RLM rejects it (seed 002).
import type { LicenseDocument, Statement } from './types.js';

export function printDocument(doc: LicenseDocument): string {
  return doc.text;
}

/** One statement exactly as written, all its physical lines, without the final line break. */
export function statementText(doc: LicenseDocument, stmt: Statement): string {
  return doc.text.slice(stmt.start, stmt.end);
}
