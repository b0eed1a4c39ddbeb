// Usage errors as a person needs them: which command's help to read, and the
// nearest option or command when a word was mistyped. yargs' own message
// stays the core of it; every usage error goes out with the one `licutil:`
// prefix of program.ts.
import { LicutilError } from '../protocol/errors.js';
import type { LicutilCommand } from './common/command.js';
import { GLOBAL_ARGS } from './args/global.js';
import { nearest } from './args/nearest.js';
import type { ArgSpec } from './args/spec.js';

function commandOf(argv: readonly string[], commands: readonly LicutilCommand[]): LicutilCommand | undefined {
  const first = argv[0];
  return commands.find((c) => c.name === first || c.aliases?.includes(first ?? ''));
}

function spellings(spec: ArgSpec): string[] {
  const out: string[] = [];
  for (const [key, o] of Object.entries(spec.options)) {
    for (const name of [key, o.alias]) if (name !== undefined) out.push(name.length === 1 ? `-${name}` : `--${name}`);
    if (o.type === 'boolean' && key.length > 1) out.push(`--no-${key}`);
  }
  return out;
}

/** `--wiat` → ` (did you mean --wait?)`, or nothing when no option is near. */
function optionSuggestion(word: string, spec: ArgSpec | undefined): string {
  const candidates = [...spellings(GLOBAL_ARGS), ...(spec ? spellings(spec) : []), '--help'];
  const plain = word.replace(/^-+/, '');
  const guess = nearest(plain, candidates.map((c) => c.replace(/^-+/, '')));
  if (guess === undefined) return '';
  return ` (did you mean ${candidates.find((c) => c.replace(/^-+/, '') === guess)}?)`;
}

/** The usage error for yargs' message `msg` about the command line `argv`. */
export function usageError(msg: string, argv: readonly string[], commands: readonly LicutilCommand[]): LicutilError {
  const command = commandOf(argv, commands);
  const help = command ? `\`licutil ${command.name} --help\`` : '`licutil --help`';
  if (!command && argv[0] !== undefined && !argv[0].startsWith('-')) {
    const names = commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    const guess = nearest(argv[0], names);
    return new LicutilError('LICUTIL_E_USAGE', `unknown command ${argv[0]}${guess ? ` (did you mean ${guess}?)` : ''}`, `${help} lists the commands`);
  }
  const unknown = /^Unknown arguments?: (.*)$/.exec(msg);
  if (unknown) {
    const first = (unknown[1] ?? '').split(', ')[0] ?? '';
    // yargs names an unknown option without its dashes; find it as typed
    const typed = argv.find((a) => a.replace(/^-+/, '').split('=')[0] === first) ?? first;
    const what = typed.startsWith('-') ? `unknown option ${typed}${optionSuggestion(typed, command?.spec)}` : `unexpected argument ${typed}`;
    const where = command ? `${command.name}: ` : '';
    return new LicutilError('LICUTIL_E_USAGE', `${where}${what}`, `see ${help}`);
  }
  const missing = /^Not enough non-option arguments/.exec(msg);
  if (missing && command) {
    const needed = command.spec.positionals.filter((p) => p.demand).map((p) => p.name.toUpperCase());
    return new LicutilError('LICUTIL_E_USAGE', `${command.name} needs ${needed.join(' ') || 'more arguments'}`, `see ${help}`);
  }
  return new LicutilError('LICUTIL_E_USAGE', command ? `${command.name}: ${msg}` : msg, `see ${help}`);
}
