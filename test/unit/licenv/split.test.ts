import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinLicenseSpec, specSeparator, splitLicenseSpec } from '../../../src/licenv/split.js';

describe('splitLicenseSpec', () => {
  it.each([
    // [rule, platform, value, elements]
    ["Unix: 'license_spec1:license_spec2:license_spec3'", 'linux', '1700@myhost:/home/reprise/reprise.lic', ['1700@myhost', '/home/reprise/reprise.lic']],
    ["Windows: 'license_spec1;license_spec2;license_spec3'", 'win32', '1700@myhost;C:\\licenses\\reprise.lic', ['1700@myhost', 'C:\\licenses\\reprise.lic']],
    ["the separator is ';' on Windows, so a drive letter's ':' stays in its path", 'win32', 'C:\\a.lic;D:\\b', ['C:\\a.lic', 'D:\\b']],
    ["the separator is ':' on Unix, so ';' is part of a name", 'linux', '/x;y.lic', ['/x;y.lic']],
    ['RLM v14.2: "white space is trimmed from the start and end of the license environment variable value"', 'linux', '  5053@h  ', ['5053@h']],
    ['white space around every element is trimmed', 'linux', ' 5053@h : /a.lic\t:\n/b ', ['5053@h', '/a.lic', '/b']],
    ['empty elements (a trailing or doubled separator) are dropped', 'linux', ':/a.lic::/b.lic:', ['/a.lic', '/b.lic']],
    ['a value of only separators and blanks has no elements', 'linux', ' : \t: ', []],
    ["';' is not a separator on Unix", 'linux', ' : ; ', [';']],
    ['an empty value has no elements', 'linux', '', []],
    [
      'seed 002 example 2: "1700@myhost:<LICENSE isv prod1 1.0 1-jan-09 uncounted hostid=any key=...>" — a literal runs to its matching \'>\'',
      'linux',
      '1700@myhost:<LICENSE isv prod1 1.0 1-jan-09 uncounted hostid=any\nkey="1234...">',
      ['1700@myhost', '<LICENSE isv prod1 1.0 1-jan-09 uncounted hostid=any\nkey="1234...">'],
    ],
    ['a literal may contain the separator', 'linux', '<LICENSE a b 1 permanent uncounted hostid=ip=10.0.0.1 start=12:00>:/x.lic', ['<LICENSE a b 1 permanent uncounted hostid=ip=10.0.0.1 start=12:00>', '/x.lic']],
    ["a '>' inside a quoted value does not end the literal", 'linux', '<LICENSE a b 1 permanent uncounted customer="x>y:z">:/x.lic', ['<LICENSE a b 1 permanent uncounted customer="x>y:z">', '/x.lic']],
    ['an unbalanced quote does not swallow the rest of the value', 'linux', '<LICENSE a b 1 "oops>:/x.lic', ['<LICENSE a b 1 "oops>', '/x.lic']],
    ['an unterminated literal runs to the end of the value', 'linux', '/a.lic:<LICENSE a b:c', ['/a.lic', '<LICENSE a b:c']],
    ['text after a literal stays in its element up to the next separator', 'linux', '<LICENSE a> junk:/x', ['<LICENSE a> junk', '/x']],
  ] as const)('%s', (_rule, platform, value, elements) => {
    expect(splitLicenseSpec(value, platform)).toEqual(elements);
  });

  it('uses the platform separator', () => {
    expect(specSeparator('linux')).toBe(':');
    expect(specSeparator('darwin')).toBe(':');
    expect(specSeparator('win32')).toBe(';');
  });
});

const platforms = fc.constantFrom<NodeJS.Platform>('linux', 'win32');

/** One element as it can appear in a value: no separator outside a literal, trimmed, not empty. */
function element(platform: NodeJS.Platform): fc.Arbitrary<string> {
  const sep = specSeparator(platform);
  const plain = fc
    .string({ minLength: 1, maxLength: 20 })
    .map((s) => s.split(sep).join('').replace(/[<>"]/g, '').trim())
    .filter((s) => s !== '');
  const server = fc
    .tuple(fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}$/))
    .map(([port, host]) => `${port ?? ''}@${host}`);
  const redundant = fc.array(server, { minLength: 2, maxLength: 3 }).map((l) => l.join(','));
  const literalBody = fc.string({ maxLength: 30 }).map((s) => s.replace(/[<>"]/g, ''));
  const literal = fc.tuple(literalBody, fc.option(literalBody, { nil: undefined })).map(([a, q]) => `<LICENSE ${a}${q === undefined ? '' : ` x="${q}"`}>`);
  return fc.oneof(plain, server, redundant, literal);
}

describe('splitLicenseSpec properties', () => {
  it('splitting then joining round-trips: split(join(elements)) = elements', () => {
    fc.assert(
      fc.property(
        platforms.chain((p) => fc.tuple(fc.constant(p), fc.array(element(p), { maxLength: 6 }))),
        ([platform, elements]) => {
          expect(splitLicenseSpec(joinLicenseSpec(elements, platform), platform)).toEqual(elements);
        },
      ),
    );
  });

  it('joining the split of any value gives the value back, less blank elements and surrounding white space', () => {
    fc.assert(
      fc.property(platforms, fc.string({ maxLength: 60 }), (platform, value) => {
        const once = splitLicenseSpec(value, platform);
        expect(splitLicenseSpec(joinLicenseSpec(once, platform), platform)).toEqual(once);
        for (const e of once) expect(e).toBe(e.trim());
      }),
    );
  });

  it('never throws and never returns an empty element, whatever the value', () => {
    fc.assert(
      fc.property(platforms, fc.string({ unit: 'binary', maxLength: 80 }), (platform, value) => {
        expect(splitLicenseSpec(value, platform).every((e) => e !== '')).toBe(true);
      }),
    );
  });
});
