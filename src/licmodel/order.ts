// `_id` ordering (seed 002, "License ID"): "licenses are sorted (within a
// license file) in the order of the _id keyword. Licenses without _id keywords
// will remain unsorted (in their original order) at the end of all the
// licenses with _id keywords, which are sorted in increasing numerical order.
// This sort is done prior to REPLACE processing."
import type { License } from './license.js';

/**
 * Sorts within each file and keeps the files in the order given. A file's
 * licenses need not be adjacent in the input; each file's block takes the place
 * of the file's first license.
 */
export function sortById(licenses: readonly License[]): License[] {
  const byFile = new Map<number, License[]>();
  for (const l of licenses) {
    const list = byFile.get(l.fileIndex);
    if (list === undefined) byFile.set(l.fileIndex, [l]);
    else list.push(l);
  }
  const out: License[] = [];
  for (const list of byFile.values()) {
    const withId = list.filter((l) => l.id > 0);
    const without = list.filter((l) => l.id <= 0);
    // Array#sort is stable, so equal ids keep their file order
    withId.sort((a, b) => a.id - b.id);
    // one push per license: spreading a list of 100,000s overflows the call stack
    for (const l of withId) out.push(l);
    for (const l of without) out.push(l);
  }
  return out;
}
