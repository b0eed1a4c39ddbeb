// Duplicates dropped with a note; RLM_PATH_RANDOMIZE; the accessors later commands use.
import { describe, expect, it } from 'vitest';
import {
  isUsable,
  licenseFilesOf,
  literalTextsOf,
  resolveLicenseEnvironment,
  serversOf,
  usableSources,
} from '../../../src/licenv/index.js';
import { unixInput } from './fake-fs.js';

const LIC = 'LICENSE reprise joe 3.0 permanent uncounted hostid=any sig="x"\n';

describe('duplicates are dropped with a note', () => {
  it('the same server twice (host names compare without case)', () => {
    const r = resolveLicenseEnvironment(unixInput({ env: { RLM_LICENSE: '5053@Lichost', LM_LICENSE_FILE: '5053@lichost' } }));
    expect(r.sources.map((s) => s.origin)).toEqual(['RLM_LICENSE']);
    expect(r.notes).toContain('LM_LICENSE_FILE 5053@lichost: dropped, the same server as RLM_LICENSE 5053@Lichost');
  });

  it('@host with RLM and FlexLM defaults are different servers', () => {
    const r = resolveLicenseEnvironment(unixInput({ env: { RLM_LICENSE: '@h', LM_LICENSE_FILE: '@h' } }));
    expect(r.sources).toHaveLength(2);
  });

  it('the same literal twice', () => {
    const r = resolveLicenseEnvironment(unixInput({ env: { RLM_LICENSE: '<LICENSE a b 1 permanent uncounted>:< LICENSE a b 1 permanent uncounted >' } }));
    expect(r.sources).toHaveLength(1);
    expect(r.notes[0]).toMatch(/dropped, the same literal as RLM_LICENSE/);
  });

  it('a file named twice is read once, where it first appears', () => {
    const r = resolveLicenseEnvironment(unixInput({ tree: { '/l/a.lic': LIC }, env: { RLM_LICENSE: '/l/a.lic:/l/../l/a.lic' } }));
    expect(licenseFilesOf(r).map((f) => f.path)).toEqual(['/l/a.lic']);
    expect(r.notes).toEqual(['RLM_LICENSE /l/../l/a.lic: dropped, its file is already listed by RLM_LICENSE /l/a.lic']);
  });

  it('a directory that repeats some files keeps only the new ones, with a note', () => {
    const r = resolveLicenseEnvironment(unixInput({ tree: { '/work/a.lic': LIC, '/work/b.lic': LIC }, env: { RLM_LICENSE: '/work/a.lic' } }));
    expect(r.sources.map((s) => s.files)).toEqual([['/work/a.lic'], ['/work/b.lic']]);
    expect(r.notes).toEqual(['current directory: /work/a.lic already listed earlier; read once']);
  });

  it('when the binary sits in the current directory its *.lic are listed once', () => {
    const r = resolveLicenseEnvironment(unixInput({ tree: { '/work/a.lic': LIC }, binDir: '/work' }));
    expect(r.sources.map((s) => s.origin)).toEqual(['current directory']);
    expect(r.notes).toEqual(['binary directory: dropped, its file is already listed by current directory']);
  });

  it('the same missing file twice is reported once', () => {
    const r = resolveLicenseEnvironment(unixInput({ env: { RLM_LICENSE: '/gone.lic', LM_LICENSE_FILE: '/gone.lic' } }));
    expect(r.sources).toHaveLength(1);
    expect(r.notes).toEqual(['LM_LICENSE_FILE /gone.lic: dropped, already listed by RLM_LICENSE /gone.lic']);
  });
});

describe('RLM_PATH_RANDOMIZE: "operates by selecting a new starting point in the license list, and wrapping around from the last license spec to the first. Otherwise, the order of the license list is preserved."', () => {
  const tree = { '/l/a.lic': LIC };
  const env = { RLM_PATH_RANDOMIZE: '1', RLM_LICENSE: '1@a:/l/a.lic:2@b:3@c:4@d', LM_LICENSE_FILE: '27000@flex' };

  it.each([
    [0, ['1@a', '/l/a.lic', '2@b', '3@c', '4@d', '27000@flex']],
    [0.5, ['3@c', '/l/a.lic', '4@d', '1@a', '2@b', '27000@flex']],
    [0.99, ['4@d', '/l/a.lic', '1@a', '2@b', '3@c', '27000@flex']],
  ])('random() = %s rotates the RLM servers among their places; files and FlexLM servers stay put', (x, specs) => {
    const r = resolveLicenseEnvironment(unixInput({ tree, env, random: () => x }));
    expect(r.sources.map((s) => s.spec)).toEqual(specs);
    expect(r.notes.at(-1)).toMatch(/^RLM_PATH_RANDOMIZE is set: the 4 RLM server entries start from /);
  });

  it('any value counts, even an empty one ("Setting RLM_PATH_RANDOMIZE (to any value)")', () => {
    const r = resolveLicenseEnvironment(unixInput({ tree, env: { ...env, RLM_PATH_RANDOMIZE: '' }, random: () => 0.3 }));
    expect(r.sources[0]?.spec).toBe('2@b');
  });

  it('a random() outside [0, 1) cannot pick a slot that does not exist', () => {
    for (const x of [1, 7, -3, Number.NaN]) {
      const r = resolveLicenseEnvironment(unixInput({ tree, env, random: () => x }));
      expect(r.sources).toHaveLength(6);
      expect(r.sources.every((s) => s !== undefined)).toBe(true);
    }
  });

  it('without RLM_PATH_RANDOMIZE the order is kept and random() is not called', () => {
    const r = resolveLicenseEnvironment(
      unixInput({
        env: { RLM_LICENSE: '1@a:2@b' },
        random: () => {
          throw new Error('called');
        },
      }),
    );
    expect(r.sources.map((s) => s.spec)).toEqual(['1@a', '2@b']);
  });

  it('with one server there is nothing to reorder, and the note says so', () => {
    const r = resolveLicenseEnvironment(unixInput({ env: { RLM_PATH_RANDOMIZE: 'yes', RLM_LICENSE: '1@a' } }));
    expect(r.notes).toContain('RLM_PATH_RANDOMIZE is set; with one RLM server in the list there is nothing to reorder');
  });
});

describe('accessors for later commands', () => {
  const r = resolveLicenseEnvironment(
    unixInput({
      tree: { '/l/a.lic': LIC, '/l/b.lic': LIC, '/x.dat': LIC },
      env: { RLM_LICENSE: '/l:5053@h:<LICENSE a b 1 permanent uncounted>:/gone.lic', LM_LICENSE_FILE: '/x.dat:1@p,2@q,3@r' },
    }),
  );

  it('licenseFilesOf: every file to read, in order, with its source', () => {
    expect(licenseFilesOf(r).map((f) => `${f.source.origin} ${f.path}`)).toEqual(['RLM_LICENSE /l/a.lic', 'RLM_LICENSE /l/b.lic', 'LM_LICENSE_FILE /x.dat']);
  });

  it('literalTextsOf: the literal licenses', () => {
    expect(literalTextsOf(r).map((l) => l.text)).toEqual(['LICENSE a b 1 permanent uncounted']);
  });

  it('serversOf: server entries in order, a redundant list kept together (license servers ignore these, seed 003)', () => {
    expect(serversOf(r).map((s) => s.servers.map((a) => `${a.port}@${a.host}`).join(','))).toEqual(['5053@h', '1@p,2@q,3@r']);
  });

  it('isUsable / usableSources: a missing file is not usable', () => {
    expect(r.sources.map(isUsable)).toEqual([true, true, true, false, true, true]);
    expect(usableSources(r)).toHaveLength(5);
  });
});
