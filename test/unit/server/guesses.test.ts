// The guessing limit on its own, on an injected clock: free failures, the lock
// and its doubling, forgetting, one address not locking another, IPv6 /64s.
import { describe, expect, it } from 'vitest';
import { clientKey, GuessThrottle } from '../../../src/server/adapters/guesses.js';

function throttle(limit = 5) {
  let now = 0;
  const lines: string[] = [];
  const t = new GuessThrottle({ nowMs: () => now, info: (l) => lines.push(`info ${l}`), warn: (l) => lines.push(`warn ${l}`), policy: { limit } });
  return { t, lines, tick: (ms: number) => (now += ms) };
}

describe('GuessThrottle', () => {
  it('locks an address at the limit-th failure for 10 s, doubling with each further one, up to 10 min', () => {
    const { t, lines, tick } = throttle();
    for (let i = 1; i < 5; i++) expect(t.failed('10.0.0.9', 'license password', 'x')).toBeNull();
    expect(t.lockedFor('10.0.0.9')).toBeNull();
    expect(t.failed('10.0.0.9', 'license password', 'x')).toBe(10);
    expect(t.lockedFor('10.0.0.9')).toBe(10);
    tick(9_999);
    expect(t.lockedFor('10.0.0.9')).toBe(1);
    tick(1);
    expect(t.lockedFor('10.0.0.9')).toBeNull();
    expect(t.failed('10.0.0.9', 'license password', 'x')).toBe(20);
    tick(20_000);
    expect(t.failed('10.0.0.9', 'license password', 'x')).toBe(40);
    for (let i = 0; i < 10; i++) {
      tick(600_000);
      t.failed('10.0.0.9', 'license password', 'x');
    }
    expect(t.lockedFor('10.0.0.9')).toBe(600);
    // the first failure and each lock, with the attempts refused meanwhile
    expect(lines[0]).toBe('info license password failed from x');
    expect(lines.filter((l) => l.startsWith('warn'))).toHaveLength(13);
    expect(lines[2]).toMatch(/6 wrong in a row from 10\.0\.0\.9 .*refused for 20 s.*; 2 attempt\(s\) refused during the last lock/);
  });

  it('another address is not locked; an address quiet for an hour is forgotten', () => {
    const { t, tick } = throttle(2);
    t.failed('10.0.0.9', 'p', 'x');
    expect(t.failed('10.0.0.9', 'p', 'x')).toBe(10);
    expect(t.lockedFor('10.0.0.10')).toBeNull();
    tick(60 * 60_000 + 1);
    expect(t.failed('10.0.0.9', 'p', 'x')).toBeNull();
  });

  it('limit 0 is no limit', () => {
    const { t } = throttle(0);
    for (let i = 0; i < 100; i++) expect(t.failed('10.0.0.9', 'p', 'x')).toBeNull();
    expect(t.lockedFor('10.0.0.9')).toBeNull();
  });

  it('names a client by its IPv4 address, or the /64 of an IPv6 one', () => {
    expect(clientKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(clientKey('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
    expect(clientKey('2001:db8:0:1:ffff:1:2:3')).toBe('2001:db8:0:1::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey(undefined)).toBe('unknown address');
    const { t } = throttle(1);
    t.failed('2001:db8::1', 'p', 'x');
    expect(t.lockedFor('2001:db8::2')).toBe(10);
  });
});
