// args/legacy.ts: the vendors' command lines in licutil's words. The e2e test
// (test/e2e/legacy-habits.test.ts) runs them; this pins the rewriting itself.
import { describe, expect, it } from 'vitest';
import { GLOBAL_ARGS } from '../../../src/cli/args/global.js';
import { legacyLine, namesVendorTool, toolName } from '../../../src/cli/args/legacy.js';
import { COMMANDS } from '../../../src/cli/commands/index.js';

const specs = (name: string) => [GLOBAL_ARGS, ...COMMANDS.filter((c) => c.name === name).map((c) => c.spec)];
const line = (argv: string[], invokedAs = '/usr/lib/node_modules/licutil/bin/licutil.js') => legacyLine(invokedAs, argv, specs);

describe('vendor command lines', () => {
  it('a link named after a tool is that tool; lmutil and rlmutil take the command as their first word', () => {
    expect(toolName('/opt/bin/lmstat')).toBe('lmstat');
    expect(toolName('C:\\tools\\rlmutil.cmd')).toBe('rlmutil');
    expect(line(['-a', '-c', '1@h'], '/opt/bin/lmstat')).toEqual(['lmstat', '-a', '-c', '1@h']);
    expect(line(['lmstat', '-a'], '/opt/bin/lmutil')).toEqual(['lmstat', '-a']);
    expect(line(['lmutil', 'lmstat', '-a'])).toEqual(['lmstat', '-a']);
    expect(namesVendorTool('/x/licutil.js', ['stat', '-a'])).toBe(false);
    expect(line(['stat', '-a'])).toEqual(['stat', '-a']);
  });

  it.each([
    [['lmstat', '-S', 'acme', '-t', '5', '-f', 'cad'], ['lmstat', '--isv', 'acme', '--timeout', '5', '-f', 'cad']],
    [['lmstat', '-f', '-a'], ['lmstat', '-a']],
    [['rlmstat', '-avail', '-i', 'acme', '-l', 'acme'], ['rlmstat', '--avail', '--isv', 'acme', '--isv', 'acme']],
    [['rlmstat', '-i', '-a'], ['rlmstat', '-a']],
    [['rlmstat', '-z', 'pw', '-p', 'cad', '-u', 'bob'], ['rlmstat', '-f', 'cad', '-u', 'bob']],
    [['lmdown', '-vendor', 'acme', '-q', '-force'], ['lmdown', '--isv', 'acme', '-q', '--force']],
    [['lmreread', '-vendor', 'acme', '-all'], ['lmreread', '--isv', 'acme']],
    [['lmhostid', '-hostname'], ['lmhostid', 'hostname']],
    [['lmhostid', '-n', '-ether'], ['lmhostid', '-n', 'ether']],
    [['lmpath', '-status'], ['lmpath']],
    [['lmremove', '-h', 'cad', 'lic1', '27000', '42'], ['lmremove', '42@27000@lic1']],
    [['lmremove', '-c', '-h', 'cad', 'u', 'h'], ['lmremove', '-c', '-h', 'cad', 'u', 'h']],
    [['lmstat', '-c', '-avail', '--', '-S'], ['lmstat', '-c', '-avail', '--', '-S']],
  ])('%j → %j', (argv, want) => {
    expect(line(argv)).toEqual(want);
  });

  it('an unknown multi-letter word under a vendor name is a usage error, never letters for yargs (-hostname as -h: help)', () => {
    expect(() => line(['lmstat', '-hostname'])).toThrow(/lmstat: unknown option -hostname/);
    expect(() => line(['lmpath', '-add', 'x'])).toThrow(/lmpath: unknown option -add/);
    expect(() => line(['lmremove', '-h', 'cad', 'host'])).toThrow(/-h needs FEATURE HOST PORT HANDLE/);
    // our own short options still group (-ai) and -h alone is still help
    expect(line(['lmstat', '-ai'])).toEqual(['lmstat', '-ai']);
    expect(line(['lmstat', '-h'])).toEqual(['lmstat', '-h']);
  });
});
