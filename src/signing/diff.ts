// What signing changed, as unified-diff hunks: one per changed statement, its
// unchanged lines as context. Signing
// never adds, removes or reorders statements, so statement i of the old text is
// statement i of the new one and only the statements whose text differs matter.
import type { LicenseDocument } from '../licfile/types.js';

interface Hunk {
  /** 1-based first line of the hunk in the old and in the new text */
  oldStart: number;
  newStart: number;
  /** unchanged lines of the statement before the change */
  before: string[];
  removed: string[];
  added: string[];
  /** unchanged lines of the statement after the change */
  after: string[];
}

function linesOf(doc: LicenseDocument, start: number, end: number): string[] {
  return doc.text.slice(start, end).split(/\r?\n/);
}

export function statementHunks(before: LicenseDocument, after: LicenseDocument): Hunk[] {
  const hunks: Hunk[] = [];
  const n = Math.min(before.statements.length, after.statements.length);
  for (let i = 0; i < n; i++) {
    const a = before.statements[i];
    const b = after.statements[i];
    if (!a || !b) continue;
    const oldText = before.text.slice(a.start, a.end);
    const newText = after.text.slice(b.start, b.end);
    if (oldText === newText) continue;
    const oldLines = linesOf(before, a.start, a.end);
    const newLines = linesOf(after, b.start, b.end);
    let head = 0;
    while (head < oldLines.length && head < newLines.length && oldLines[head] === newLines[head]) head++;
    let tail = 0;
    while (
      tail < oldLines.length - head &&
      tail < newLines.length - head &&
      oldLines[oldLines.length - 1 - tail] === newLines[newLines.length - 1 - tail]
    ) {
      tail++;
    }
    hunks.push({
      oldStart: a.line,
      newStart: b.line,
      before: oldLines.slice(0, head),
      removed: oldLines.slice(head, oldLines.length - tail),
      added: newLines.slice(head, newLines.length - tail),
      after: oldLines.slice(oldLines.length - tail),
    });
  }
  return hunks;
}

/** The hunks as unified-diff text, headed by the two file names. */
export function unifiedDiff(oldName: string, newName: string, hunks: Hunk[]): string {
  if (hunks.length === 0) return '';
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  for (const h of hunks) {
    const context = h.before.length + h.after.length;
    out.push(`@@ -${h.oldStart},${context + h.removed.length} +${h.newStart},${context + h.added.length} @@`);
    for (const l of h.before) out.push(` ${l}`);
    for (const l of h.removed) out.push(`-${l}`);
    for (const l of h.added) out.push(`+${l}`);
    for (const l of h.after) out.push(` ${l}`);
  }
  return `${out.join('\n')}\n`;
}
