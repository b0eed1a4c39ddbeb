// completions/licutil.fish, written from the completion model (model.ts).
import type { CompletedOption, CompletionModel, ValueOffer } from './model.js';

const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The value part of a `complete` line: -x -a 'words', -r -F for files, -r for a free value. */
function valueFlags(v: ValueOffer | null): string {
  if (v === null) return '';
  const words = [...(v.choices ?? []), ...(v.suggest ?? [])];
  if (v.complete === 'file' || v.complete === 'directory') return words.length > 0 ? ` -r -F -a ${q(words.join(' '))}` : ' -r -F';
  if (words.length > 0) return ` -x -a ${q(words.join(' '))}`;
  return ' -x';
}

function optionLine(head: string, o: CompletedOption): string {
  const names = o.flags.map((f) => (f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`)).join(' ');
  return `${head} ${names}${valueFlags(o.value)} -d ${q(o.describe)}`;
}

export function fishScript(m: CompletionModel): string {
  const p = m.program;
  const all = m.commands.flatMap((c) => c.names).join(' ');
  const out = [
    `# fish completion for ${p} — copy to ~/.config/fish/completions/${p}.fish`,
    `# Generated from the argument specs (src/cli/completions/); do not edit by hand.`,
    `complete -c ${p} -f`,
  ];
  for (const c of m.commands) {
    out.push(`complete -c ${p} -n ${q(`not __fish_seen_subcommand_from ${all}`)} -a ${q(c.names.join(' '))} -d ${q(c.describe)}`);
  }
  out.push('# every command');
  for (const o of m.global) out.push(optionLine(`complete -c ${p}`, o));
  for (const c of m.commands) {
    out.push(`# ${c.names.join(', ')}`);
    const seen = `__fish_seen_subcommand_from ${c.names.join(' ')}`;
    const head = `complete -c ${p} -n ${q(seen)}`;
    for (const o of c.options) out.push(optionLine(head, o));
    // a vendor word is an old-style option (-avail), offered only under its vendor name
    for (const v of c.vendor) {
      for (const o of v.options) out.push(optionLine(`complete -c ${p} -n ${q(`__fish_seen_subcommand_from ${v.alias}`)}`, o).replace(/ -s (\w{2,})/, ' -o $1'));
    }
    for (const pos of c.positionals) {
      const v = valueFlags(pos).replace(/ -[rx]\b/g, '');
      if (v !== '') out.push(`${head}${v}`);
    }
    if (c.dashdash) out.push(`complete -c ${p} -n ${q(`${seen}; and contains -- -- (commandline -opc)`)} -a '(__fish_complete_command)'`);
  }
  out.push('');
  return out.join('\n');
}
