// The options every command takes, as data: yargs declares them (global) and
// the yargs-free reader of fast.ts reads the same table.
import type { ArgSpec, ArgsOf } from './spec.js';

export const GLOBAL_ARGS = {
  positionals: [],
  options: {
    license: {
      alias: 'c',
      type: 'string',
      requiresArg: true,
      repeatable: true,
      complete: 'file',
      describe: 'license sources to use instead of the environment (port@host, file, directory, <text>)',
    },
    json: { type: 'boolean', default: false, describe: 'print one JSON document on stdout' },
    color: { type: 'boolean', default: true, describe: 'colour output (--no-color to disable)' },
    quiet: { alias: 'q', type: 'boolean', default: false, describe: 'print only what was asked for' },
    isv: { type: 'string', requiresArg: true, describe: 'ISV (vendor) name: adds <ISV>_LICENSE to the environment' },
    dialect: { type: 'string', choices: ['rlm', 'flexlm'], describe: 'read license files as this dialect instead of deciding from their content' },
  },
} as const satisfies ArgSpec;

/** The options every command takes, as parsed (derived from GLOBAL_ARGS). */
export type GlobalArgs = ArgsOf<typeof GLOBAL_ARGS>;

/** What a command's run receives: the common options and its own, as its spec declares them. */
export type CommandArgs<S extends ArgSpec> = GlobalArgs & ArgsOf<S>;
