// The options every command takes, as data: yargs declares them (global) and
// the yargs-free reader of fast-args.ts reads the same table.
import type { Argv } from 'yargs';
import { applyArgSpec, type ArgSpec } from './spec.js';

export const GLOBAL_ARGS: ArgSpec = {
  positionals: [],
  options: {
    license: {
      alias: 'c',
      type: 'string',
      // Not an array option: that would swallow the positionals after it
      // (`lmdiag -c a.lic solver`). Repeating -c still gathers an array.
      requiresArg: true,
      describe: 'license sources to use instead of the environment (port@host, file, directory, <text>); may be repeated',
    },
    json: { type: 'boolean', default: false, describe: 'print one JSON document on stdout' },
    color: { type: 'boolean', default: true, describe: 'colour output (--no-color to disable)' },
    quiet: { alias: 'q', type: 'boolean', default: false, describe: 'print only what was asked for' },
    isv: { type: 'string', requiresArg: true, describe: 'ISV (vendor) name: adds <ISV>_LICENSE to the environment' },
    dialect: { type: 'string', choices: ['rlm', 'flexlm'], describe: 'read license files as this dialect instead of deciding from their content' },
  },
};

export function withGlobalOptions<T>(y: Argv<T>): Argv<T> {
  return applyArgSpec(y, GLOBAL_ARGS, true);
}
