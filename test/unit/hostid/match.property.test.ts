// Properties of the matcher: it never throws, and a list matches iff some element does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeHostid, matchHostid, matchOneHostid, platformMatches, timezoneMatches, disabledEnvironment } from '../../../src/hostid/match.js';
import { facts } from './facts.js';

const here = facts({ diskSerials: ['a02ed79'], hostid32: '80b918aa' });

// Elements drawn from every form, matching and not, plus arbitrary tokens.
const element = fc.oneof(
  fc.constantFrom('ANY', 'demo', 'sn=1-2', '0242ac110002', '02:42:AC:11:00:02', '0090f5df5600', 'ip=172.16.*.*', 'INTERNET=9.9.9.9'),
  fc.constantFrom('host=zeus', 'HOSTNAME=melody', 'user=JOE', 'USER=bob', 'rlmid1=83561095', 'uuid=x', 'ID=12', '80b918aa', '12345678'),
  fc.constantFrom('DISK_SERIAL_NUM=0a02ed79', 'disksn=ffff', '<placeholder>', 'FLEXID=9-1', 'ip=*'),
  fc.stringMatching(/^[!-~]{1,20}$/).filter((s) => !/["'\u201c\u201d]/.test(s)),
);

describe('matcher properties', () => {
  it('random spec strings never throw and always give a detail', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (spec) => {
        const m = matchHostid(spec, here);
        expect(typeof m.matches).toBe('boolean');
        expect(typeof m.detail).toBe('string');
        expect(m.detail.length).toBeGreaterThan(0);
        describeHostid(spec);
        platformMatches(spec, here);
        timezoneMatches(spec, here);
        disabledEnvironment(spec, here);
      }),
    );
  });

  it('a list matches iff some element matches on its own', () => {
    fc.assert(
      fc.property(fc.array(element, { minLength: 1, maxLength: 25 }), fc.boolean(), (ids, quoted) => {
        const list = ids.join(' ');
        const spec = quoted ? `"${list}"` : list;
        const any = ids.some((id) => matchOneHostid(id, here).matches);
        expect(matchHostid(spec, here).matches).toBe(any);
      }),
    );
  });

  it('order of a list does not change the answer', () => {
    fc.assert(
      fc.property(fc.array(element, { minLength: 1, maxLength: 10 }), (ids) => {
        const forward = matchHostid(ids.join(' '), here).matches;
        expect(matchHostid([...ids].reverse().join(' '), here).matches).toBe(forward);
      }),
    );
  });

  it('ethernet addresses match in any case and with either separator', () => {
    fc.assert(
      fc.property(fc.constantFrom(...here.ethernet), fc.constantFrom('', ':', '-'), fc.boolean(), (mac, sep, upper) => {
        let text = mac.match(/../g)?.join(sep) ?? mac;
        if (upper) text = text.toUpperCase();
        expect(matchHostid(text, here).matches).toBe(true);
      }),
    );
  });
});
