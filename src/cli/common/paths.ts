// Paths named on the command line are read exactly: a missing one is an error
// before anything starts, never a warning after which the license environment
// quietly stands in for it (issue 13: `serve --pub K FILE` once served
// whatever the environment held instead of FILE).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { LicutilError } from '../../protocol/errors.js';
import type { GlobalArgs } from '../args/global.js';
import type { CliContext } from './command.js';
import { resolveFor } from './environment.js';

/** Throws LICUTIL_E_FILE naming the first path given to `command` that does not exist. */
export function requireExistingPaths(paths: readonly string[], cwd: string, command: string): void {
  for (const p of paths) {
    if (existsSync(path.resolve(cwd, p))) continue;
    throw new LicutilError(
      'LICUTIL_E_FILE',
      `${command}: ${p}: no such file or directory`,
      `name an existing license file or directory (looked for ${path.resolve(cwd, p)})`,
    );
  }
}

/** The same for the sources of -c: a file or directory it names that is missing is an error, not a warning. */
export function requireUsableSpecs(args: GlobalArgs, ctx: CliContext, command: string): void {
  if (args.license === undefined) return;
  for (const src of resolveFor(args, ctx).sources) {
    const problem = src.problems[0];
    if (problem === undefined) continue;
    throw new LicutilError('LICUTIL_E_FILE', `${command}: -c ${src.spec}: ${problem}`, 'name an existing license file or directory, or port@host');
  }
}
