// Seed 002, "The License Environment": what each element of a license
// specification names, and how problems stay on their source.
import { describe, expect, it } from 'vitest';
import { FLEXLM_DEFAULT_PORTS, resolveLicenseEnvironment } from '../../../src/licenv/index.js';
import type { LicenseSource } from '../../../src/licenv/types.js';
import { DIR, fakeFs, unixInput, type Tree } from './fake-fs.js';

const LIC = 'LICENSE reprise joe 3.0 permanent 10 sig="x"\n';

const tree: Tree = {
  '/lic/a.lic': LIC,
  '/lic/b.lic': LIC,
  '/lic/notes.txt': 'not a license',
  '/lic/old.lic.bak': LIC,
  '/lic/nested.lic': DIR,
  '/lic/sub/c.lic': LIC,
  '/empty': DIR,
  '/work/rel.lic': LIC,
  '/home/u@corp/x.lic': LIC,
  '/srv/license.dat': LIC,
};

function only(value: string): LicenseSource {
  // /work holds rel.lic, so the current directory is a source too; look at the variable's alone.
  const r = resolveLicenseEnvironment(unixInput({ tree, env: { RLM_LICENSE: value } }));
  const mine = r.sources.filter((s) => s.origin === 'RLM_LICENSE');
  expect(mine).toHaveLength(1);
  return mine[0] as LicenseSource;
}

describe('license_spec elements (seed 002)', () => {
  it.each<[string, string, Partial<LicenseSource>]>([
    ['port@host', '1700@myhost', { kind: 'server', spec: '1700@myhost', servers: [{ host: 'myhost', port: 1700, defaultPorts: [] }] }],
    ['@host in an RLM variable: default port 5053', '@myhost', { kind: 'server', servers: [{ host: 'myhost', port: null, defaultPorts: [5053] }] }],
    [
      'a redundant list port@h1,port@h2,port@h3 is one source with three servers',
      '27000@h1,27000@h2,27001@h3',
      {
        kind: 'server',
        servers: [
          { host: 'h1', port: 27000, defaultPorts: [] },
          { host: 'h2', port: 27000, defaultPorts: [] },
          { host: 'h3', port: 27001, defaultPorts: [] },
        ],
      },
    ],
    ['license_file_pathname (absolute)', '/srv/license.dat', { kind: 'file', path: '/srv/license.dat', files: ['/srv/license.dat'], problems: [] }],
    ['license_file_pathname (relative to the current directory)', 'rel.lic', { kind: 'file', spec: 'rel.lic', files: ['/work/rel.lic'] }],
    [
      '"directory pathname (containing license files, all of which are added to the list)": every *.lic directly inside, sorted',
      '/lic',
      { kind: 'directory', path: '/lic', files: ['/lic/a.lic', '/lic/b.lic'], problems: [] },
    ],
    [
      '"<actual text of license>": the text between the brackets',
      '<LICENSE isv prod1 1.0 1-jan-09 uncounted hostid=any key="1234">',
      { kind: 'literal', text: 'LICENSE isv prod1 1.0 1-jan-09 uncounted hostid=any key="1234"', problems: [] },
    ],
  ])('%s', (_rule, value, expected) => {
    expect(only(value)).toMatchObject({ origin: 'RLM_LICENSE', style: 'rlm', problems: [], ...expected });
  });

  it('@host in a FlexLM variable tries the FlexLM ports 27000-27009', () => {
    const r = resolveLicenseEnvironment(unixInput({ env: { LM_LICENSE_FILE: '@flexserv' } }));
    expect(r.sources[0]).toMatchObject({ kind: 'server', style: 'flexlm', servers: [{ host: 'flexserv', port: null, defaultPorts: FLEXLM_DEFAULT_PORTS }] });
    expect(FLEXLM_DEFAULT_PORTS).toEqual([27000, 27001, 27002, 27003, 27004, 27005, 27006, 27007, 27008, 27009]);
  });

  it('a port outside 1-65535 is a problem on that source', () => {
    const s = only('70000@h');
    expect(s.kind).toBe('server');
    expect(s.problems.join()).toMatch(/70000.*between 1 and 65535/);
  });

  it('a missing file is reported on its source, not fatal: the other sources are still resolved', () => {
    const r = resolveLicenseEnvironment(unixInput({ tree, env: { RLM_LICENSE: 'nope.lic:/lic/a.lic' } }));
    expect(r.sources).toHaveLength(3); // and the current directory's rel.lic
    expect(r.sources[0]).toMatchObject({ kind: 'file', path: '/work/nope.lic', files: [] });
    expect(r.sources[0]?.problems).toEqual(['no such file or directory: /work/nope.lic']);
    expect(r.sources[1]).toMatchObject({ files: ['/lic/a.lic'], problems: [] });
  });

  it("a path starting with '~' says the shell expands it, not licutil", () => {
    expect(only('~/x.lic').problems.join()).toMatch(/'~' is expanded by a shell/);
  });

  it('a directory without *.lic files is a problem on that source', () => {
    expect(only('/empty')).toMatchObject({ kind: 'directory', files: [], problems: ['no *.lic files in the directory /empty'] });
  });

  it('a directory that cannot be listed is a problem, not an exception', () => {
    const fs = fakeFs(tree);
    fs.unreadable.add('/lic');
    const r = resolveLicenseEnvironment(unixInput({ fs, env: { RLM_LICENSE: '/lic' } }));
    expect(r.sources[0]?.problems.join()).toMatch(/cannot list the directory \/lic: EACCES/);
  });

  describe(`"The license file cannot be placed in a path where any component of the pathname contains the '@' character."`, () => {
    it('a file under a directory with @ is an error saying so, and nothing is read from it', () => {
      const s = only('/home/u@corp/x.lic');
      expect(s).toMatchObject({ kind: 'file', files: [] });
      expect(s.problems).toHaveLength(1);
      expect(s.problems[0]).toMatch(/component containing '@' \("u@corp"\)/);
      expect(s.problems[0]).toMatch(/move the license to a path without '@'/);
    });

    it('a relative path is checked after resolving it: a working directory with @ counts', () => {
      const r = resolveLicenseEnvironment(unixInput({ tree, cwd: '/home/u@corp', env: { RLM_LICENSE: 'x.lic' } }));
      expect(r.sources[0]?.problems[0]).toMatch(/'@'/);
    });

    it('name@host with a port that is not a number is a path with @, and the message says how to write a server', () => {
      const s = only('lic@server');
      expect(s.kind).toBe('file');
      expect(s.problems[0]).toMatch(/PORT@HOST with a numeric port/);
    });

    it('the current directory with @ in its path is reported, its *.lic not read', () => {
      const r = resolveLicenseEnvironment(unixInput({ tree, cwd: '/home/u@corp' }));
      expect(r.sources).toHaveLength(1);
      expect(r.sources[0]).toMatchObject({ origin: 'current directory', files: [] });
      expect(r.sources[0]?.problems[0]).toMatch(/'@'/);
    });
  });

  describe('literal licenses', () => {
    it('a literal without its closing ">" is read to the end, with a problem', () => {
      const s = only('<LICENSE a b 1.0 permanent uncounted');
      expect(s).toMatchObject({ kind: 'literal', text: 'LICENSE a b 1.0 permanent uncounted' });
      expect(s.problems.join()).toMatch(/no closing '>'/);
    });

    it('text after the closing ">" is ignored with a problem', () => {
      const s = only('<LICENSE a b 1.0 permanent uncounted> extra');
      expect(s.text).toBe('LICENSE a b 1.0 permanent uncounted');
      expect(s.problems.join()).toMatch(/"extra"/);
    });

    it('an empty literal is a problem', () => {
      expect(only('<>').problems).toEqual(['the literal license text is empty']);
    });
  });
});
