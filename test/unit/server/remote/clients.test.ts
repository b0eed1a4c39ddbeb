// The clients the monitor and remote API talk to: numbers to type, messages
// waiting for the next heartbeat, the reason a closed checkout is given.
import { describe, expect, it } from 'vitest';
import { ClientRegistry } from '../../../../src/server/adapters/remote/clients.js';
import type { LeaseInfo, PoolEvent } from '../../../../src/server/core/pool/types.js';

const lease = (handle: string): LeaseInfo => ({ handle, id: 1, poolId: 'p', isv: 'demo', product: 'seat', version: '1.0', count: 1, user: 'u', host: 'h', pid: 1 });
const ev = (type: 'checkout' | 'checkin' | 'reclaim' | 'removal', handle: string): PoolEvent =>
  type === 'checkout'
    ? { type, at: 0, lease: lease(handle), overSoft: false, fromQueue: false }
    : type === 'removal'
      ? { type, at: 0, lease: lease(handle), by: 'x' }
      : { type, at: 0, lease: lease(handle), heldForMs: 0 };

describe('ClientRegistry', () => {
  it('numbers clients from 1 and finds them by number or handle', () => {
    const r = new ClientRegistry(() => 0);
    r.onEvent(ev('checkout', 'H1'));
    r.granted('H2', '10.0.0.5:4000');
    expect([r.idOf('H1'), r.idOf('H2')]).toEqual([1, 2]);
    expect(r.handleOf('2')).toBe('H2');
    expect(r.handleOf(' 1 ')).toBe('H1');
    expect(r.handleOf('H1')).toBe('H1');
    expect(r.handleOf('3')).toBeUndefined();
    expect(r.addressOf('H2')).toBe('10.0.0.5:4000');
  });

  it('hands queued messages over once, the newest 32 at most', () => {
    const r = new ClientRegistry(() => 0);
    for (let i = 0; i < 40; i++) r.push('H', `m${i}`);
    const got = r.takeMessages('H');
    expect(got).toHaveLength(32);
    expect(got[0]).toBe('m8');
    expect(r.takeMessages('H')).toEqual([]);
  });

  it('forgets a checked-in or reclaimed client', () => {
    const r = new ClientRegistry(() => 0);
    r.push('H', 'hello');
    r.onEvent(ev('checkin', 'H'));
    expect(r.handleOf('1')).toBeUndefined();
    expect(r.takeMessages('H')).toEqual([]);
  });

  it('keeps a closed checkout\'s reason for its holder\'s next heartbeat, once, for a while', () => {
    let now = 0;
    const r = new ClientRegistry(() => now, { keepClosedMs: 1000 });
    r.setCloseReason('A', 'license moved to the lab');
    r.onEvent(ev('removal', 'A'));
    expect(r.closeReason('A')).toBe('license moved to the lab');
    expect(r.closeReason('A')).toBeUndefined();
    r.setCloseReason('B', 'bye');
    r.onEvent(ev('removal', 'B'));
    now = 2000;
    r.onEvent(ev('checkout', 'C'));
    expect(r.closeReason('B')).toBeUndefined();
    // a removal without a reason (licutil remove) leaves nothing behind
    r.onEvent(ev('removal', 'C'));
    expect(r.handleOf('C')).toBeUndefined();
  });

  it('retain drops clients whose checkout is no longer live', () => {
    const r = new ClientRegistry(() => 0);
    r.idOf('A');
    r.idOf('B');
    r.retain(new Set(['B']));
    expect(r.handleOf('1')).toBeUndefined();
    expect(r.handleOf('2')).toBe('B');
  });
});
