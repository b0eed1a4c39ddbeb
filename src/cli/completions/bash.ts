// completions/licutil.bash, written from the completion model (model.ts).
import { valueFlags, type CompletedCommand, type CompletionModel, type ValueOffer } from './model.js';

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The COMPREPLY line for a value; null when there is nothing to offer (a number, a name). */
function offer(v: ValueOffer): string | null {
  const words = [...(v.choices ?? []), ...(v.suggest ?? [])];
  const parts: string[] = [];
  if (words.length > 0) parts.push(`$(compgen -W ${q(words.join(' '))} -- "$cur")`);
  if (v.complete === 'file') parts.push('$(compgen -f -- "$cur")');
  if (v.complete === 'directory') parts.push('$(compgen -d -- "$cur")');
  return parts.length > 0 ? `COMPREPLY=( ${parts.join(' ')} )` : null;
}

/** `case "$prev"` arms for the options that take a value: offer it, or offer nothing. */
function valueArms(options: CompletedCommand['options'], indent: string): string[] {
  return options
    .filter((o) => o.value !== null)
    .map((o) => `${indent}${o.flags.join('|')}) ${offer(o.value as ValueOffer) ?? ':'}; return ;;`);
}

function commandArm(c: CompletedCommand): string[] {
  const flags = c.options.flatMap((o) => o.flags);
  const pos = c.positionals.find((p) => offer(p) !== null);
  const out = [`    ${c.names.join('|')})`];
  if (c.dashdash) out.push('      [[ $dashdash == 1 ]] && { COMPREPLY=( $(compgen -c -- "$cur") ); return; }');
  const arms = valueArms(c.options, '        ');
  if (arms.length > 0) out.push('      case "$prev" in', ...arms, '      esac');
  out.push(`      opts=${q(flags.join(' '))}`);
  for (const v of c.vendor) {
    const values = valueFlags(v.options);
    const arm = values.length > 0 ? `case "$prev" in ${values.join('|')}) return ;; esac; ` : '';
    out.push(`      [[ $cmd == ${v.alias} ]] && { ${arm}opts+=${q(` ${v.options.flatMap((o) => o.flags).join(' ')}`)}; }`);
  }
  if (pos) out.push(`      [[ "$cur" != -* ]] && { ${offer(pos) ?? ''}; return; }`);
  out.push('      ;;');
  return out;
}

export function bashScript(m: CompletionModel): string {
  const p = m.program;
  const commands = m.commands.flatMap((c) => c.names).join(' ');
  const global = m.global.flatMap((o) => o.flags).join(' ');
  const globalValues = valueFlags(m.global);
  return [
    `# bash completion for ${p} — source it, or copy it to`,
    `# /usr/share/bash-completion/completions/${p}`,
    `# Generated from the argument specs (src/cli/completions/); do not edit by hand.`,
    `_${p}() {`,
    '  local cur prev cmd i opts dashdash=0',
    '  COMPREPLY=()',
    '  cur="${COMP_WORDS[COMP_CWORD]}"',
    '  prev="${COMP_WORDS[COMP_CWORD-1]}"',
    `  local commands=${q(commands)}`,
    `  local global=${q(global)}`,
    '',
    '  # the command is the first word that is neither an option nor the value of one',
    '  cmd=""',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    case "${COMP_WORDS[i]}" in',
    `      ${globalValues.join('|')}) ((i++)) ;;`,
    '      -*) ;;',
    '      *) cmd="${COMP_WORDS[i]}"; break ;;',
    '    esac',
    '  done',
    '  for ((i = i + 1; i < COMP_CWORD; i++)); do [[ "${COMP_WORDS[i]}" == -- ]] && dashdash=1; done',
    '',
    '  case "$prev" in',
    ...valueArms(m.global, '    '),
    '  esac',
    '',
    '  if [[ -z "$cmd" ]]; then',
    '    COMPREPLY=( $(compgen -W "$commands $global" -- "$cur") ); return',
    '  fi',
    '',
    '  opts=""',
    '  case "$cmd" in',
    ...m.commands.flatMap(commandArm),
    '  esac',
    '  [[ "$cur" == -* ]] && COMPREPLY=( $(compgen -W "$opts $global" -- "$cur") )',
    '}',
    `complete -o filenames -F _${p} ${p}`,
    '',
  ].join('\n');
}
