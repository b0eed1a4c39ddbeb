// The completion scripts are generated from the argument specs
// (src/cli/completions/, run by `npm run build`). These tests check the files
// are what the generator writes now, that what they offer is what the built CLI
// accepts, and that each shell reads its file and completes with it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { completionScripts } from '../../src/cli/completions/index.js';
import { ROOT, runCli } from '../helpers/cli.js';

const DIR = path.join(ROOT, 'completions');
const FILES = ['licutil.bash', '_licutil', 'licutil.fish'];
const text = (f: string) => readFileSync(path.join(DIR, f), 'utf8');

const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const HAS = { bash: has('bash'), zsh: has('zsh'), fish: has('fish') };
const skipped = (shell: keyof typeof HAS) => (HAS[shell] ? '' : ` (skipped: ${shell} is not installed)`);

function commandsFromHelp(): string[] {
  const help = runCli(['--help']).stdout;
  const names = [...help.matchAll(/^ {2}licutil (\S+)/gm)].map((m) => m[1] ?? '');
  const aliases = [...help.matchAll(/\[aliases: ([^\]]+)\]/g)].flatMap((m) => (m[1] ?? '').split(/,\s*/));
  return [...names, ...aliases];
}

function longOptionsFromHelp(cmd: string): string[] {
  const help = runCli([cmd, '--help']).stdout;
  return [...help.matchAll(/^\s+(?:-\w, )?--([a-z][a-z-]*)/gm)].map((m) => m[1] ?? '');
}

/** What bash offers for the words typed so far (the last one is being completed). */
function bash(words: string[]): string[] {
  const script = `source ${JSON.stringify(path.join(DIR, 'licutil.bash'))}
COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}
_licutil; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', cwd: ROOT });
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** What fish offers for this command line (its own `complete -C`). */
function fish(line: string): string[] {
  const r = spawnSync('fish', ['--no-config', '-c', `source ${JSON.stringify(path.join(DIR, 'licutil.fish'))}; complete -C ${JSON.stringify(line)}`], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0] ?? '');
}

/**
 * The _arguments specs zsh's file gives for `licutil WORDS...`: _arguments is
 * replaced by a function that prints them, so the file's own dispatch runs.
 */
function zshSpecs(words: string[]): string[] {
  const script = `_arguments() { print -rl -- "$@" }; _describe() { print -rl -- "\${(@P)4}" }
source ${JSON.stringify(path.join(DIR, '_licutil'))} >/dev/null 2>&1
words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _licutil`;
  const r = spawnSync('zsh', ['-f', '-c', script], { encoding: 'utf8', cwd: ROOT });
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('completion scripts', () => {
  it('completions/ holds what the generator writes from the argument specs (run `npm run build` after changing a spec)', () => {
    const generated = completionScripts();
    expect(Object.keys(generated).sort()).toEqual([...FILES].sort());
    for (const f of FILES) expect(text(f), `completions/${f} is stale`).toBe(generated[f]);
  });

  it('every command and alias of the CLI is offered, and nothing else', () => {
    const commands = commandsFromHelp();
    expect(commands).toEqual(expect.arrayContaining(['env', 'stat', 'lmdiag', 'hostid', 'sign', 'lmstat', 'rlmhostid']));
    expect(bash(['licutil', '']).filter((w) => !w.startsWith('-')).sort()).toEqual([...commands].sort());
  });

  for (const cmd of ['env', 'stat', 'lmdiag', 'hostid', 'checkout', 'checkin', 'heartbeat', 'reread', 'remove', 'down', 'sign', 'serve', 'explain', 'report']) {
    it(`the long options bash offers for "${cmd}" are those its --help lists`, () => {
      const offered = bash(['licutil', cmd, '--'])
        .map((o) => o.replace(/^--(no-)?/, ''))
        .sort();
      // yargs lists a flag on by default by its positive name (--checkout for --no-checkout)
      expect(offered).toEqual([...new Set(longOptionsFromHelp(cmd))].sort());
    });
  }

  it('every --format value offered is one the CLI accepts, and json is not offered', () => {
    const offered = bash(['licutil', 'stat', '--format', '']);
    expect(offered.sort()).toEqual(['lmstat', 'rlmstat', 'table']);
    for (const v of offered) {
      const r = runCli(['stat', '--format', v, '--from', 'lmstat', '/dev/null']);
      expect(r.stderr, `--format ${v}`).not.toMatch(/Invalid values|Choices/);
    }
    expect(runCli(['stat', '--format', 'json']).code).toBe(2);
    for (const f of FILES) expect(text(f)).not.toMatch(/format[^\n]*\bjson\b/);
  });

  for (const [shell, file, flag] of [
    ['bash', 'licutil.bash', '-n'],
    ['zsh', '_licutil', '-n'],
    ['fish', 'licutil.fish', '--no-execute'],
  ] as const) {
    it.skipIf(!HAS[shell])(`${file} parses in ${shell}${skipped(shell)}`, () => {
      const r = spawnSync(shell, [flag, path.join(DIR, file)], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }

  it.skipIf(!HAS.bash)(`bash completes commands, options and their values${skipped('bash')}`, () => {
    expect(bash(['licutil', 'lmd'])).toEqual(['lmdiag', 'lmdown']);
    expect(bash(['licutil', 'lmdiag', '--pa'])).toEqual(['--password']);
    expect(bash(['licutil', 'checkout', '--on-lost', 'k'])).toEqual(['kill']);
    expect(bash(['licutil', 'stat', '--dialect', 'f'])).toEqual(['flexlm']);
    expect(bash(['licutil', 'report', '--format', ''])).toEqual(['auto', 'licutil', 'flexnet', 'rlm']);
    // a global option's value before the command is not taken for the command
    expect(bash(['licutil', '-c', '5053@h', 'stat', '--av'])).toEqual(['--avail']);
    // the vendors' own options, under their names only
    expect(bash(['licutil', 'rlmstat', '-av'])).toEqual(['-avail']);
    expect(bash(['licutil', 'stat', '-av'])).toEqual([]);
    expect(bash(['licutil', 'lmhostid', '-host'])).toEqual(['-hostname']);
    expect(bash(['licutil', 'lmdown', '-vendor', ''])).toEqual([]);
  });

  it.skipIf(!HAS.zsh)(`zsh gives each command its own options and values${skipped('zsh')}`, () => {
    expect(zshSpecs(['licutil', ''])).toEqual(expect.arrayContaining(['lmdiag:diagnose why a feature can or cannot be used here, with the fix for each reason']));
    const stat = zshSpecs(['licutil', 'stat', '--fo']);
    expect(stat.find((s) => s.startsWith('--format['))).toMatch(/:format:\(table lmstat rlmstat\)$/);
    const report = zshSpecs(['licutil', 'report', '--fo']);
    expect(report.find((s) => s.startsWith('--format['))).toMatch(/:format:\(auto licutil flexnet rlm\)$/);
    expect(zshSpecs(['licutil', 'lmdiag', '-'])).toEqual(expect.arrayContaining(['--no-checkout[only look at its pools]']));
    // a global option's value before the command is not taken for the command
    expect(zshSpecs(['licutil', '-c', '5053@h', 'stat', '--fo']).find((s) => s.startsWith('--format['))).toMatch(/\(table lmstat rlmstat\)$/);
    expect(zshSpecs(['licutil', 'rlmstat', '-'])).toContain('-avail[rlmstat habit: --avail]');
    expect(zshSpecs(['licutil', 'stat', '-'])).not.toContain('-avail[rlmstat habit: --avail]');
    expect(zshSpecs(['licutil', 'hostid', ''])).toContain('1::type:(all ether host ip user 32 ethernet hostname internet username)');
  });

  it.skipIf(!HAS.fish)(`fish completes commands, options and their values${skipped('fish')}`, () => {
    expect(fish('licutil lmd')).toEqual(['lmdiag', 'lmdown']);
    expect(fish('licutil stat --format ').sort()).toEqual(['lmstat', 'rlmstat', 'table']);
    expect(fish('licutil checkout --on-lost ').sort()).toEqual(['kill', 'warn']);
    expect(fish('licutil lmdiag --no-c').sort()).toEqual(['--no-checkout', '--no-color']);
    expect(fish('licutil checkout seat -- nod')).toContain('node');
    // fish also offers short options grouped after -a (-avc, ...); -avail is the vendor word
    expect(fish('licutil rlmstat -av')).toContain('-avail');
    expect(fish('licutil stat -av')).not.toContain('-avail');
    expect(fish('licutil lmhostid -hostn')).toEqual(['-hostname']);
  });
});
