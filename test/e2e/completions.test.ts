// The completion scripts are written by hand; these tests keep them in step
// with what the CLI really accepts (its own --help) and check that bash
// actually completes with them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const scripts = ['licutil.bash', '_licutil', 'licutil.fish'].map((f) => ({
  name: f,
  text: readFileSync(path.join(ROOT, 'completions', f), 'utf8'),
}));

function commandsFromHelp(): string[] {
  const help = runCli(['--help']).stdout;
  const names = [...help.matchAll(/^ {2}licutil (\S+)/gm)].map((m) => m[1] ?? '');
  const aliases = [...help.matchAll(/\[aliases: ([^\]]+)\]/g)].flatMap((m) => (m[1] ?? '').split(/,\s*/));
  return [...names, ...aliases];
}

function longOptions(cmd: string): string[] {
  const help = runCli([cmd, '--help']).stdout;
  return [...help.matchAll(/^\s+(?:-\w, )?--([a-z][a-z-]*)/gm)].map((m) => m[1] ?? '');
}

function complete(words: string[]): string[] {
  const script = `source ${JSON.stringify(path.join(ROOT, 'completions', 'licutil.bash'))}
COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}
_licutil; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', cwd: ROOT });
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('completion scripts', () => {
  const commands = commandsFromHelp();

  it('the CLI lists the commands the scripts complete', () => {
    expect(commands).toEqual(expect.arrayContaining(['env', 'stat', 'lmdiag', 'hostid', 'sign', 'lmstat', 'rlmhostid']));
  });

  for (const s of scripts) {
    it(`${s.name} knows every command and alias`, () => {
      for (const c of commands) expect(s.text, `${s.name} lacks command ${c}`).toMatch(new RegExp(`\\b${c}\\b`));
    });
  }

  for (const cmd of ['env', 'stat', 'lmdiag', 'hostid', 'checkout', 'checkin', 'heartbeat', 'reread', 'remove', 'down', 'sign', 'serve', 'explain', 'report']) {
    it(`every long option of "${cmd}" is in every script`, () => {
      const opts = longOptions(cmd);
      expect(opts.length).toBeGreaterThan(3);
      // yargs lists a negatable flag by its positive name (--checkout for --no-checkout)
      for (const s of scripts) {
        for (const o of opts) {
          if (o === 'color') continue; // yargs shows --color; scripts offer both --color and --no-color
          expect(s.text, `${s.name} lacks --${o} of ${cmd}`).toContain(o);
        }
      }
    });
  }

  it('bash completes command names', () => {
    expect(complete(['licutil', 'lmdi'])).toEqual(['lmdiag']);
    expect(complete(['licutil', 'lmd'])).toEqual(['lmdiag', 'lmdown']);
    expect(complete(['licutil', 'st'])).toEqual(['stat']);
  });

  it('bash completes the options of the command being typed', () => {
    const got = complete(['licutil', 'lmdiag', '--pa']);
    expect(got).toEqual(['--password']);
    expect(complete(['licutil', 'stat', '--js'])).toEqual(['--json']);
  });

  it('bash completes the options of the network commands', () => {
    expect(complete(['licutil', 'checkout', 'F', '--on-'])).toEqual(['--on-lost']);
    expect(complete(['licutil', 'checkout', '--on-lost', 'k'])).toEqual(['kill']);
    expect(complete(['licutil', 'lmdown', '--for'])).toEqual(['--force']);
  });

  // Each file must parse in its own shell: a stray apostrophe once made the zsh
  // file unloadable. The shells are installed by .ci/run; a machine without
  // one skips that file with a notice.
  for (const [shell, file, flag] of [
    ['bash', 'licutil.bash', '-n'],
    ['zsh', '_licutil', '-n'],
    ['fish', 'licutil.fish', '--no-execute'],
  ] as const) {
    const has = spawnSync(shell, ['-c', 'exit 0']).status === 0;
    it.skipIf(!has)(`${file} parses in ${shell}${has ? '' : ` (skipped: ${shell} is not installed)`}`, () => {
      const r = spawnSync(shell, [flag, path.join(ROOT, 'completions', file)], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }

  it('every --format value a script offers is one the CLI accepts', () => {
    for (const s of scripts) {
      const offered = /format[^\n]*?(?:\(|"|')(lmstat rlmstat[^)"']*)/.exec(s.text)?.[1]?.split(/\s+/) ?? [];
      expect(offered.length, s.name).toBeGreaterThan(0);
      for (const v of offered) {
        const r = runCli(['stat', '--format', v, '--from', 'lmstat', '/dev/null']);
        expect(r.stderr, `${s.name} offers --format ${v}`).not.toMatch(/Invalid values|Choices/);
      }
    }
  });

  it('bash completes the dialect values', () => {
    expect(complete(['licutil', 'stat', '--dialect', 'f'])).toEqual(['flexlm']);
  });
});
