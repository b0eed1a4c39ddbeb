// Properties of the resolver over generated environments: it never throws,
// and its order always follows the documented precedence.
import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinLicenseSpec, precedenceOf, resolveLicenseEnvironment } from '../../../src/licenv/index.js';
import type { ResolveInput } from '../../../src/licenv/types.js';
import { fakeFs, type Tree } from './fake-fs.js';

const LIC = 'LICENSE a b 1 permanent uncounted hostid=any\n';

const unixTree: Tree = {
  '/l/a.lic': LIC,
  '/l/b.lic': LIC,
  '/l/x.dat': LIC,
  '/work/here.lic': LIC,
  '/opt/bin/beside.lic': LIC,
  '/u@corp/c.lic': LIC,
  '/usr/local/flexlm/licenses/license.dat': LIC,
};
const winTree: Tree = { 'C:\\l\\a.lic': LIC, 'C:\\work\\here.lic': LIC, 'C:\\flexlm\\license.dat': LIC };

const VARS = [
  'RLM_LICENSE',
  'LM_LICENSE_FILE',
  'ACME_LICENSE',
  'acme_LICENSE',
  'ACME_LICENSE_FILE',
  'ACME_LM_LICENSE_FILE',
  'acme_LICENSE_FILE',
  'ZED_LICENSE_FILE',
  'SIGASI_LM_LICENSE_FILE',
  'OTHER_LICENSE',
  'HOME',
];

function element(platform: NodeJS.Platform): fc.Arbitrary<string> {
  const paths = platform === 'win32' ? ['C:\\l', 'C:\\l\\a.lic', 'a.lic', 'C:\\gone.lic', 'D:\\x@y\\z.lic'] : ['/l', '/l/a.lic', '/l/x.dat', 'here.lic', '/gone.lic', '/u@corp/c.lic', '~/x.lic'];
  return fc.oneof(
    fc.constantFrom(...paths),
    fc.constantFrom('5053@h', '@h', '27000@a,27000@b,27000@c', '0@h', '99999@h', 'x@h', '@', '<LICENSE a b 1 permanent uncounted>', '<LICENSE', '<>', '<a>b'),
    fc.string({ maxLength: 12 }),
  );
}

function value(platform: NodeJS.Platform): fc.Arbitrary<string> {
  return fc.oneof(
    fc.array(element(platform), { maxLength: 5 }).map((l) => joinLicenseSpec(l, platform)),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
}

const inputs: fc.Arbitrary<ResolveInput> = fc.constantFrom<NodeJS.Platform>('linux', 'win32').chain((platform) => {
  const win = platform === 'win32';
  return fc
    .record({
      env: fc.dictionary(fc.oneof(fc.constantFrom(...VARS), fc.string({ maxLength: 8 })), value(platform), { maxKeys: 6 }),
      specs: fc.option(fc.array(value(platform), { maxLength: 3 }), { nil: undefined }),
      isv: fc.option(fc.oneof(fc.constantFrom('acme', 'ACME', 'sigasi'), fc.string({ maxLength: 6 })), { nil: undefined }),
      dialect: fc.option(fc.constantFrom('rlm' as const, 'flexlm' as const), { nil: undefined }),
      rc: fc.option(fc.oneof(fc.string({ maxLength: 60 }), value(platform).map((v) => `LM_LICENSE_FILE=${v}\nACME_LICENSE_FILE=${v}\n`)), { nil: undefined }),
      randomize: fc.boolean(),
      x: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    })
    .map(({ env, specs, isv, dialect, rc, randomize, x }) => {
      const tree: Tree = { ...(win ? winTree : unixTree) };
      if (rc !== undefined && !win) tree['/home/u/.flexlmrc'] = rc;
      const e: Record<string, string> = { ...env };
      if (randomize) e.RLM_PATH_RANDOMIZE = '1';
      else delete e.RLM_PATH_RANDOMIZE;
      return {
        env: e,
        specs,
        isv,
        dialect,
        cwd: win ? 'C:\\work' : '/work',
        platform,
        binDir: win ? 'C:\\opt\\bin' : '/opt/bin',
        home: win ? 'C:\\Users\\u' : '/home/u',
        fs: fakeFs(tree, platform),
        random: () => x,
      };
    });
});

describe('resolveLicenseEnvironment properties', () => {
  it('never throws, whatever the environment holds, and every source is well formed', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const r = resolveLicenseEnvironment(input);
        const p = input.platform === 'win32' ? path.win32 : path.posix;
        for (const s of [...r.sources, ...r.setAside]) {
          expect(['server', 'file', 'directory', 'literal']).toContain(s.kind);
          expect(s.origin).not.toBe('');
          expect(s.spec).toBe(s.spec.trim());
          expect(s.spec).not.toBe('');
          if (s.kind === 'server') expect(s.servers?.length).toBeGreaterThan(0);
          if (s.kind === 'literal') expect(typeof s.text).toBe('string');
          if (s.kind === 'file' || s.kind === 'directory') {
            expect(s.files).toBeDefined();
            for (const f of s.files ?? []) expect(p.isAbsolute(f)).toBe(true);
            for (const f of s.files ?? []) expect(f.includes('@')).toBe(false);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the order of sources always follows the documented precedence (-c alone, else ISV, RLM, vendor, LM, .flexlmrc, FlexLM default, cwd, binary)', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const r = resolveLicenseEnvironment({ ...input, env: { ...input.env, RLM_PATH_RANDOMIZE: undefined } });
        if (input.specs && input.specs.length > 0) {
          expect(r.sources.every((s) => s.origin === '-c')).toBe(true);
          expect(r.setAside.every((s) => s.origin !== '-c')).toBe(true);
          return;
        }
        const ranks = r.sources.map(precedenceOf);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      }),
      { numRuns: 400 },
    );
  });

  it('RLM_PATH_RANDOMIZE only reorders: the same sources, the non-server ones in the same places', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const plain = resolveLicenseEnvironment({ ...input, env: { ...input.env, RLM_PATH_RANDOMIZE: undefined } });
        const shuffled = resolveLicenseEnvironment({ ...input, env: { ...input.env, RLM_PATH_RANDOMIZE: '1' } });
        const key = (s: { origin: string; spec: string }): string => `${s.origin}\u0000${s.spec}`;
        expect(shuffled.sources.map(key).sort()).toEqual(plain.sources.map(key).sort());
        plain.sources.forEach((s, i) => {
          if (!(s.kind === 'server' && s.style === 'rlm')) expect(shuffled.sources[i]).toEqual(s);
        });
      }),
      { numRuns: 300 },
    );
  });
});
