// Every page opens as the README says (`man ./man/X.1`): a page that is only a
// `.so` include renders blank outside an installed man tree, so each page must
// stand on its own. Every command the CLI lists has its page.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const pages = readdirSync(path.join(ROOT, 'man')).filter((f) => f.endsWith('.1'));
const hasMan = spawnSync('man', ['--version']).status === 0;

describe('man pages', () => {
  it('every command in --help has a page', () => {
    const help = runCli(['--help']).stdout;
    const commands = [...help.matchAll(/^ {2}licutil (\S+)/gm)].map((m) => m[1] ?? '');
    expect(commands.length).toBeGreaterThan(10);
    for (const c of commands) expect(pages, `man/licutil-${c}.1`).toContain(`licutil-${c}.1`);
  });

  for (const page of pages) {
    it(`${page} stands on its own`, () => {
      const text = readFileSync(path.join(ROOT, 'man', page), 'utf8');
      expect(text).not.toMatch(/^\.so /m);
      expect(text).toMatch(/^\.SH NAME$/m);
      expect(text).toMatch(/^\.SH SYNOPSIS$/m);
    });
    it.skipIf(!hasMan)(`man ./man/${page} shows the page${hasMan ? '' : ' (skipped: man is not installed)'}`, () => {
      const r = spawnSync('man', [`./man/${page}`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MANPAGER: 'cat', PAGER: 'cat', MANWIDTH: '80' } });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/NAME/);
      expect(r.stdout).toMatch(/SYNOPSIS/);
      expect(r.stdout.split('\n').length).toBeGreaterThan(15);
    });
  }
});
