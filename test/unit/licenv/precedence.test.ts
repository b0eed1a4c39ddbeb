// The order of sources (DESIGN.md "The license environment", seed 002, seed 001)
// and what -c does to it.
import { describe, expect, it } from 'vitest';
import { resolveLicenseEnvironment } from '../../../src/licenv/index.js';
import type { Resolution } from '../../../src/licenv/types.js';
import { unixInput } from './fake-fs.js';

const LIC = 'LICENSE reprise joe 3.0 permanent uncounted hostid=any sig="x"\n';

const everywhere = {
  '/isv/upper.lic': LIC,
  '/isv/lower.lic': LIC,
  '/rlm/r.lic': LIC,
  '/work/here.lic': LIC,
  '/opt/licutil/bin/beside.lic': LIC,
  '/usr/local/flexlm/licenses/license.dat': LIC,
  '/home/u/.flexlmrc': 'LM_LICENSE_FILE=27000@rcserver\nACME_LICENSE_FILE=27005@acmerc\nFLEXLM_TIMEOUT=1000000\n',
};

const origins = (r: Resolution): string[] => r.sources.map((s) => (s.entry ? `${s.origin} ${s.entry}` : s.origin));

describe('precedence without -c', () => {
  it('walks <ISV>_LICENSE, RLM_LICENSE, <VENDOR>_LICENSE_FILE, LM_LICENSE_FILE, $HOME/.flexlmrc, the FlexLM default, then *.lic in the current directory and beside the binary', () => {
    const r = resolveLicenseEnvironment(
      unixInput({
        tree: everywhere,
        isv: 'acme',
        env: {
          LM_LICENSE_FILE: '27000@lmserver',
          ACME_LM_LICENSE_FILE: '27002@acmelm',
          ACME_LICENSE_FILE: '27001@acmefile',
          RLM_LICENSE: '/rlm/r.lic',
          ACME_LICENSE: '5053@isvserver',
        },
      }),
    );
    expect(origins(r)).toEqual([
      'ACME_LICENSE',
      'RLM_LICENSE',
      'ACME_LICENSE_FILE',
      'ACME_LM_LICENSE_FILE',
      'LM_LICENSE_FILE',
      '$HOME/.flexlmrc ACME_LICENSE_FILE',
      '$HOME/.flexlmrc LM_LICENSE_FILE',
      'FlexLM default',
      'current directory',
      'binary directory',
    ]);
    expect(r.sources.map((s) => s.style)).toEqual(['rlm', 'rlm', 'flexlm', 'flexlm', 'flexlm', 'flexlm', 'flexlm', 'flexlm', 'rlm', 'rlm']);
    expect(r.sources[8]?.files).toEqual(['/work/here.lic']);
    expect(r.sources[9]?.files).toEqual(['/opt/licutil/bin/beside.lic']);
  });

  it('elements keep the order they are written in within a variable', () => {
    const r = resolveLicenseEnvironment(unixInput({ tree: everywhere, env: { RLM_LICENSE: '2@b:/rlm/r.lic:1@a' } }));
    expect(r.sources.slice(0, 3).map((s) => s.spec)).toEqual(['2@b', '/rlm/r.lic', '1@a']);
  });

  it('finds nothing on a bare machine, and says where it looked', () => {
    const r = resolveLicenseEnvironment(unixInput());
    expect(r.sources).toEqual([]);
    expect(r.searched).toEqual([
      'RLM_LICENSE',
      '<VENDOR>_LICENSE_FILE',
      'LM_LICENSE_FILE',
      '/home/u/.flexlmrc',
      '/usr/local/flexlm/licenses/license.dat',
      'current directory /work/*.lic',
      'binary directory /opt/licutil/bin/*.lic',
    ]);
  });

  it('"Finally, any .lic file in the directory containing the binary will be checked"', () => {
    const r = resolveLicenseEnvironment(unixInput({ tree: { '/opt/licutil/bin/b.lic': LIC, '/opt/licutil/bin/a.lic': LIC } }));
    expect(r.sources).toMatchObject([{ kind: 'directory', origin: 'binary directory', files: ['/opt/licutil/bin/a.lic', '/opt/licutil/bin/b.lic'] }]);
  });

  it('a variable set to white space only is ignored with a note', () => {
    const r = resolveLicenseEnvironment(unixInput({ env: { RLM_LICENSE: '  ' } }));
    expect(r.sources).toEqual([]);
    expect(r.notes).toContain('RLM_LICENSE is set but empty; ignored');
  });
});

describe('<ISV>_LICENSE', () => {
  it('"the first place that is checked is ... ISV_LICENSE ... where ISV is name of the ISV (e.g., REPRISE_LICENSE)": only when the ISV is known', () => {
    const env = { REPRISE_LICENSE: '5053@isvhost', RLM_LICENSE: '5053@rlmhost' };
    const known = resolveLicenseEnvironment(unixInput({ env, isv: 'reprise' }));
    expect(known.sources.map((s) => s.origin)).toEqual(['REPRISE_LICENSE', 'RLM_LICENSE']);
    const unknown = resolveLicenseEnvironment(unixInput({ env }));
    expect(unknown.sources.map((s) => s.origin)).toEqual(['RLM_LICENSE']);
    expect(unknown.notes).toContain(
      'REPRISE_LICENSE is set but not used: <ISV>_LICENSE is read only when the ISV is known (add --isv reprise)',
    );
  });

  it('uppercase wins over lowercase when both are defined; the lowercase one is set aside with a note', () => {
    const r = resolveLicenseEnvironment(unixInput({ isv: 'reprise', env: { REPRISE_LICENSE: '1@upper', reprise_LICENSE: '2@lower' } }));
    expect(r.sources.map((s) => `${s.origin} ${s.spec}`)).toEqual(['REPRISE_LICENSE 1@upper']);
    expect(r.setAside.map((s) => `${s.origin} ${s.spec}`)).toEqual(['reprise_LICENSE 2@lower']);
    expect(r.notes).toContain('reprise_LICENSE is also set; REPRISE_LICENSE is used instead (uppercase wins over lowercase)');
  });

  it('the lowercase "isv_LICENSE (e.g. reprise_LICENSE)" is used when it is the only one', () => {
    const r = resolveLicenseEnvironment(unixInput({ isv: 'reprise', env: { reprise_LICENSE: '2@lower' } }));
    expect(r.sources.map((s) => s.origin)).toEqual(['reprise_LICENSE']);
    expect(r.setAside).toEqual([]);
  });

  it('an ISV named in mixed case looks for upper, as written, then lower', () => {
    const r = resolveLicenseEnvironment(unixInput({ isv: 'Acme', env: { Acme_LICENSE: '1@written', acme_LICENSE: '2@lower' } }));
    expect(r.sources.map((s) => s.origin)).toEqual(['Acme_LICENSE']);
    expect(r.setAside.map((s) => s.origin)).toEqual(['acme_LICENSE']);
  });

  it('an empty uppercase variable does not hide a lowercase one that is set', () => {
    const r = resolveLicenseEnvironment(unixInput({ isv: 'reprise', env: { REPRISE_LICENSE: '', reprise_LICENSE: '2@lower' } }));
    expect(r.sources.map((s) => s.origin)).toEqual(['reprise_LICENSE']);
    expect(r.notes).toContain('REPRISE_LICENSE is set but empty; ignored');
  });
});

describe('<VENDOR>_LICENSE_FILE (seed 001: "SIGASI_LM_LICENSE_FILE=<port number>@<servername>")', () => {
  const env = {
    ZETA_LICENSE_FILE: '1@zeta',
    SIGASI_LM_LICENSE_FILE: '27000@sigasiserv',
    ACME_LICENSE_FILE: '1@acme',
    LM_LICENSE_FILE: '27000@lm',
  };

  it('without --isv: every <VENDOR>_LICENSE_FILE and <VENDOR>_LM_LICENSE_FILE in the environment, sorted by name, before LM_LICENSE_FILE', () => {
    const r = resolveLicenseEnvironment(unixInput({ env }));
    expect(r.sources.map((s) => s.origin)).toEqual(['ACME_LICENSE_FILE', 'SIGASI_LM_LICENSE_FILE', 'ZETA_LICENSE_FILE', 'LM_LICENSE_FILE']);
    expect(r.sources.every((s) => s.style === 'flexlm')).toBe(true);
  });

  it("with --isv: that vendor's two forms only; the others are noted as not used", () => {
    const r = resolveLicenseEnvironment(unixInput({ env, isv: 'sigasi' }));
    expect(r.sources.map((s) => s.origin)).toEqual(['SIGASI_LM_LICENSE_FILE', 'LM_LICENSE_FILE']);
    expect(r.notes.filter((n) => n.includes('not used'))).toEqual([
      'ACME_LICENSE_FILE is set but not used: the vendor is sigasi, so only SIGASI_LICENSE_FILE and SIGASI_LM_LICENSE_FILE are read',
      'ZETA_LICENSE_FILE is set but not used: the vendor is sigasi, so only SIGASI_LICENSE_FILE and SIGASI_LM_LICENSE_FILE are read',
    ]);
    expect(r.searched.slice(0, 4)).toEqual(['SIGASI_LICENSE', 'RLM_LICENSE', 'SIGASI_LICENSE_FILE', 'SIGASI_LM_LICENSE_FILE']);
  });
});

describe('what FlexLM itself adds', () => {
  it('$HOME/.flexlmrc NAME=value entries for license files, vendors sorted then LM_LICENSE_FILE; other settings ignored', () => {
    const r = resolveLicenseEnvironment(
      unixInput({ tree: { '/home/u/.flexlmrc': '# written by lmutil\nLM_LICENSE_FILE=27000@a:/x.dat\nZED_LICENSE_FILE=1@z\nFLEXLM_TIMEOUT=5\nACME_LICENSE_FILE=2@acme\n' } }),
    );
    expect(r.sources.map((s) => `${s.entry} ${s.spec}`)).toEqual([
      'ACME_LICENSE_FILE 2@acme',
      'ZED_LICENSE_FILE 1@z',
      'LM_LICENSE_FILE 27000@a',
      'LM_LICENSE_FILE /x.dat',
    ]);
    expect(r.sources.every((s) => s.origin === '$HOME/.flexlmrc' && s.style === 'flexlm')).toBe(true);
  });

  it('.flexlmrc: with --isv only that vendor and LM_LICENSE_FILE; a line that is not NAME=value is noted', () => {
    const r = resolveLicenseEnvironment(
      unixInput({ isv: 'acme', tree: { '/home/u/.flexlmrc': 'garbage\nZED_LICENSE_FILE=1@z\nACME_LICENSE_FILE=2@acme\nLM_LICENSE_FILE=3@lm\n' } }),
    );
    expect(r.sources.map((s) => s.entry)).toEqual(['ACME_LICENSE_FILE', 'LM_LICENSE_FILE']);
    expect(r.notes).toContain('/home/u/.flexlmrc:1: not a NAME=value line; ignored');
  });

  it('.flexlmrc is found through $HOME when no home is given', () => {
    const input = unixInput({ env: { HOME: '/h2' }, tree: { '/h2/.flexlmrc': 'LM_LICENSE_FILE=1@rc\n' } });
    delete input.home;
    expect(resolveLicenseEnvironment(input).sources.map((s) => s.spec)).toEqual(['1@rc']);
  });

  it('the FlexLM default license file is a source only if it exists', () => {
    const present = resolveLicenseEnvironment(unixInput({ tree: { '/usr/local/flexlm/licenses/license.dat': LIC } }));
    expect(present.sources).toMatchObject([
      { kind: 'file', origin: 'FlexLM default', style: 'flexlm', files: ['/usr/local/flexlm/licenses/license.dat'] },
    ]);
    expect(resolveLicenseEnvironment(unixInput()).sources).toEqual([]);
  });
});

describe('-c', () => {
  const env = { RLM_LICENSE: '5053@rlmhost', LM_LICENSE_FILE: '27000@lmhost' };

  it('names exactly the sources to use (lmutil -c); everything the environment gave is set aside', () => {
    const r = resolveLicenseEnvironment(unixInput({ tree: everywhere, env, specs: ['/rlm/r.lic'] }));
    expect(r.sources).toMatchObject([{ origin: '-c', kind: 'file', files: ['/rlm/r.lic'] }]);
    expect(r.setAside.map((s) => s.origin)).toEqual(['RLM_LICENSE', 'LM_LICENSE_FILE', '$HOME/.flexlmrc', '$HOME/.flexlmrc', 'FlexLM default', 'current directory', 'binary directory']);
    expect(r.notes[0]).toMatch(/-c names exactly the sources to use \(as lmutil -c does\); 7 sources from the environment set aside/);
    expect(r.searched).toEqual(['-c /rlm/r.lic']);
  });

  it('several -c values are one list, in order, each split like a variable', () => {
    const r = resolveLicenseEnvironment(unixInput({ tree: everywhere, specs: ['1@a:2@b', '/rlm/r.lic'] }));
    expect(r.sources.map((s) => s.spec)).toEqual(['1@a', '2@b', '/rlm/r.lic']);
  });

  it('@host from -c tries RLM port 5053 then FlexLM 27000-27009; --dialect narrows it', () => {
    const both = resolveLicenseEnvironment(unixInput({ specs: ['@h'] }));
    expect(both.sources[0]?.servers?.[0]?.defaultPorts).toEqual([5053, 27000, 27001, 27002, 27003, 27004, 27005, 27006, 27007, 27008, 27009]);
    const flex = resolveLicenseEnvironment(unixInput({ specs: ['@h'], dialect: 'flexlm' }));
    expect(flex.sources[0]).toMatchObject({ style: 'flexlm', servers: [{ defaultPorts: [27000, 27001, 27002, 27003, 27004, 27005, 27006, 27007, 27008, 27009] }] });
    const rlm = resolveLicenseEnvironment(unixInput({ specs: ['@h'], dialect: 'rlm' }));
    expect(rlm.sources[0]).toMatchObject({ style: 'rlm', servers: [{ defaultPorts: [5053] }] });
  });

  it('an empty list of -c values is the same as no -c', () => {
    const r = resolveLicenseEnvironment(unixInput({ env, specs: [] }));
    expect(r.sources.map((s) => s.origin)).toEqual(['RLM_LICENSE', 'LM_LICENSE_FILE']);
  });
});
