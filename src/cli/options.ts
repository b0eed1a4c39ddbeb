// Option groups shared by several commands, as plain functions over yargs.
import type { Argv } from 'yargs';

export function withGlobalOptions<T>(y: Argv<T>) {
  return y
    .option('license', {
      alias: 'c',
      type: 'string',
      // Not `array: true`: that would swallow the positionals after it
      // (`lmdiag -c a.lic solver`). Repeating -c still gathers an array.
      requiresArg: true,
      describe: 'license sources to use instead of the environment (port@host, file, directory, <text>); may be repeated',
      global: true,
    })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON document on stdout', global: true })
    .option('color', { type: 'boolean', default: true, describe: 'colour output (--no-color to disable)', global: true })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print only what was asked for', global: true })
    .option('isv', { type: 'string', requiresArg: true, describe: 'ISV (vendor) name: adds <ISV>_LICENSE to the environment', global: true })
    .option('dialect', {
      choices: ['rlm', 'flexlm'] as const,
      describe: 'read license files as this dialect instead of deciding from their content',
      global: true,
    });
}
