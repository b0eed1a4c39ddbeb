// "A short option means one thing across commands, or the exception is
// documented" (issue 15): every short option each command's --help shows
// (the built binary) is in the table of docs/compatibility.md, on a row of
// its letter that names the command (or says "every command"), and a letter
// with several meanings has a row for each.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const COMMANDS = ['env', 'stat', 'lmdiag', 'hostid', 'checkout', 'checkin', 'heartbeat', 'reread', 'remove', 'down', 'sign', 'serve', 'explain', 'report'];

/** letter → the rows of the table about it (a row with an empty first cell continues the letter above) */
function documented(): Map<string, string[]> {
  const doc = readFileSync(path.join(ROOT, 'docs/compatibility.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Short options'));
  const rows = section.slice(0, section.indexOf('\n## ')).split('\n').filter((l) => /^\| (`-\w`)? *\|/.test(l));
  const out = new Map<string, string[]>();
  let letter = '';
  for (const row of rows) {
    letter = /^\| `-(\w)`/.exec(row)?.[1] ?? letter;
    out.set(letter, [...(out.get(letter) ?? []), row]);
  }
  return out;
}

/** command → its short options with the long name they stand for ('' when none) */
function shortOptions(cmd: string): Map<string, string> {
  const help = runCli([cmd, '--help']).stdout;
  return new Map([...help.matchAll(/^ {2}-(\w)(?:, --([\w-]+))?\s/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

describe('short options', () => {
  const table = documented();
  const used = new Map<string, Map<string, string>>(COMMANDS.map((c) => [c, shortOptions(c)]));

  it('the table is read and the commands have short options', () => {
    expect([...table.keys()]).toEqual(expect.arrayContaining(['c', 'q', 'n', 'f']));
    expect(used.get('checkout')?.get('n')).toBe('count');
  });

  for (const cmd of COMMANDS) {
    it(`every short option of ${cmd} --help is documented for ${cmd}`, () => {
      for (const [letter] of used.get(cmd) ?? []) {
        const rows = table.get(letter) ?? [];
        expect(rows.length, `-${letter} is not in docs/compatibility.md`).toBeGreaterThan(0);
        expect(
          rows.some((r) => r.includes(`\`${cmd}\``) || r.includes('every command')),
          `-${letter} of ${cmd} is not on a row of docs/compatibility.md`,
        ).toBe(true);
      }
    });
  }

  it('a letter that stands for different long options has a row for each', () => {
    // stat's bare -f is report's --feature: one meaning in two spellings
    const canonical = (letter: string, long: string) => (letter === 'f' && long === '' ? 'feature' : long);
    const meanings = new Map<string, Set<string>>();
    for (const opts of used.values()) for (const [letter, long] of opts) meanings.set(letter, (meanings.get(letter) ?? new Set()).add(canonical(letter, long)));
    expect(meanings.get('n')?.size).toBeGreaterThan(1);
    for (const [letter, longs] of meanings) {
      expect(table.get(letter)?.length ?? 0, `-${letter} stands for ${[...longs].join(', ')}`).toBeGreaterThanOrEqual(longs.size);
    }
  });
});
