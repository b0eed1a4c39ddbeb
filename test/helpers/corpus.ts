// The real-world corpus (../shared/fixtures beside the repository) is there in
// CI and on the project's own machines, and absent from a user's clone. Tests
// over it run when it is present and are skipped with one line saying so when
// it is not; tests that must always run use our own files in test/fixtures.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** ../shared/fixtures next to the repository. */
export const CORPUS_DIR = path.resolve(ROOT, '../shared/fixtures');

/** Our own fixtures, always in the repository. */
export const OWN_FIXTURES = path.join(ROOT, 'test/fixtures');

export const corpusPresent: boolean = existsSync(CORPUS_DIR);

/** A path inside the corpus (it may not exist: guard with corpusPresent or describeCorpus). */
export function corpusPath(...parts: string[]): string {
  return path.join(CORPUS_DIR, ...parts);
}

/**
 * `describe` for tests over the real-world corpus: they run when it is
 * present. When it is not, the body is never called (it may read the corpus
 * as it declares its tests), one skipped test stands in for it, and one line
 * on the console says what was skipped.
 */
export function describeCorpus(name: string, body: () => void): void {
  if (corpusPresent) {
    describe(name, body);
    return;
  }
  process.stderr.write(`skipped, no real-world corpus at ${CORPUS_DIR}: ${name}\n`);
  describe(name, () => {
    it.skip(`needs ${CORPUS_DIR}`, () => undefined);
  });
}
