// completions/_licutil (zsh), written from the completion model (model.ts).
import { valueFlags, type CompletedCommand, type CompletedOption, type CompletionModel, type ValueOffer } from './model.js';

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The `:message:action` part of an _arguments spec. */
function action(v: ValueOffer): string {
  const words = [...(v.choices ?? []), ...(v.suggest ?? [])];
  if (v.complete === 'directory') return `:${v.name}:_files -/`;
  if (v.complete === 'file') return words.length > 0 ? `:${v.name}:{_files; compadd ${words.join(' ')}}` : `:${v.name}:_files`;
  if (words.length > 0) return `:${v.name}:(${words.join(' ')})`;
  // a free value (a number, a name): nothing to offer, but the word is the option's
  return `:${v.name}: `;
}

/** One option as _arguments words: `'(-c --license)'{-c,--license}'[...]:spec:_files'`. */
function optionSpec(o: CompletedOption): string {
  const tail = `[${o.describe.replace(/'/g, `'\\''`)}]${o.value ? action(o.value).replace(/'/g, `'\\''`) : ''}`;
  const star = o.repeatable ? '*' : '';
  if (o.flags.length === 1) return `'${star}${o.flags[0] ?? ''}${tail}'`;
  const exclusive = o.repeatable ? '' : `'(${o.flags.join(' ')})'`;
  return `${exclusive}${star ? `'${star}'` : ''}{${o.flags.join(',')}}'${tail}'`;
}

function positionalSpecs(c: CompletedCommand): string[] {
  const out = c.positionals.map((p, i) => {
    const act = action(p);
    if (p.variadic) return q(`*${act}`);
    return q(`${i + 1}${p.demand ? '' : ':'}${act}`);
  });
  if (c.dashdash) out.push(q('*::command:_normal'));
  return out;
}

export function zshScript(m: CompletionModel): string {
  const p = m.program;
  const described = m.commands.flatMap((c) => c.names.map((n) => q(`${n}:${c.describe}`)));
  return [
    `#compdef ${p}`,
    `# zsh completion for ${p} — put this file in a directory on $fpath.`,
    `# Generated from the argument specs (src/cli/completions/); do not edit by hand.`,
    '',
    `_${p}() {`,
    '  local -a commands global',
    '  commands=(',
    ...described.map((d) => `    ${d}`),
    '  )',
    '  global=(',
    ...m.global.map((o) => `    ${optionSpec(o)}`),
    '  )',
    '  # the command is the first word that is neither an option nor the value of one',
    '  local i=2 cmd=',
    '  while (( i < CURRENT )); do',
    '    case ${words[i]} in',
    `      (${valueFlags(m.global).join('|')}) (( i += 2 )); continue ;;`,
    '      (-*) ;;',
    '      (*) cmd=${words[i]}; break ;;',
    '    esac',
    '    (( i++ ))',
    '  done',
    '  if [[ -z $cmd ]]; then',
    `    [[ \${words[CURRENT]} == -* ]] && { _arguments $global; return }`,
    `    _describe -t commands '${p} command' commands`,
    '    return',
    '  fi',
    '  # from here the command is words[1], so a positional spec 1 is its first argument',
    '  words=("${(@)words[i,-1]}")',
    '  (( CURRENT -= i - 1 ))',
    '  case $cmd in',
    // a vendor name with options of its own (rlmstat -avail) comes before the arm it shares
    ...m.commands.flatMap((c) =>
      c.vendor.map((v) => `    ${v.alias}) _arguments $global ${[...c.options, ...v.options].map(optionSpec).concat(positionalSpecs(c)).join(' ')} ;;`),
    ),
    ...m.commands.map((c) => `    ${c.names.join('|')}) _arguments $global ${[...c.options.map(optionSpec), ...positionalSpecs(c)].join(' ')} ;;`),
    '  esac',
    '}',
    '',
    `_${p} "$@"`,
    '',
  ].join('\n');
}
