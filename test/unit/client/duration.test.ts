import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/client/duration.js';
import { roadOptions, secondsToMs } from '../../../src/client/road.js';

describe('DURATION (checkout --wait / --lease)', () => {
  it('reads seconds and s/m/h/d units, alone or combined', () => {
    expect(parseDuration('30', '--wait')).toBe(30);
    expect(parseDuration('30s', '--wait')).toBe(30);
    expect(parseDuration('5m', '--wait')).toBe(300);
    expect(parseDuration('1h', '--wait')).toBe(3600);
    expect(parseDuration('1.5h', '--wait')).toBe(5400);
    expect(parseDuration('1h30m', '--wait')).toBe(5400);
    expect(parseDuration(' 2d ', '--wait')).toBe(172_800);
    expect(parseDuration('0.5', '--wait')).toBe(0.5);
  });

  it('rejects other text, naming the option', () => {
    for (const bad of ['', 'soon', '1h30', '-5', '5 m', '5mm', '1e3', 'm']) {
      expect(() => parseDuration(bad, '--lease'), bad).toThrow(/--lease .* is not a duration/);
    }
  });

  it('N and Ns are the same number of seconds', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), (n) => parseDuration(`${n}s`, 'x') === n && parseDuration(String(n), 'x') === n));
  });
});

describe('settings from the environment', () => {
  it('RLM_CONNECT_TIMEOUT is seconds; LICUTIL_ADMIN_TOKEN is the admin token', () => {
    expect(roadOptions({ env: { RLM_CONNECT_TIMEOUT: '2.5', LICUTIL_ADMIN_TOKEN: ' tok ' } })).toMatchObject({ connectTimeoutMs: 2500, adminToken: 'tok' });
    expect(roadOptions({ env: {} })).toMatchObject({ connectTimeoutMs: undefined, adminToken: undefined, tls: undefined });
  });

  it('a timeout that is not a positive number of seconds is a usage error naming where it came from', () => {
    expect(() => roadOptions({ env: { RLM_CONNECT_TIMEOUT: 'ten' } })).toThrow(/RLM_CONNECT_TIMEOUT is "ten"/);
    expect(() => secondsToMs('0', '--timeout')).toThrow(/--timeout/);
    expect(() => secondsToMs('NaN', '--timeout')).toThrow(/--timeout/);
  });
});
