// A lease's heartbeats and check-in move to the next server of its redundant
// set when the granting server stops answering (servers sharing a store), and
// an answer from a server that does not share the state never ends it.
import { describe, expect, it } from 'vitest';
import { endpoint } from '../../../src/client/address.js';
import { ServerUnavailableError } from '../../../src/client/failure.js';
import { FailoverLeaseServer } from '../../../src/client/lease-failover.js';
import type { LeaseServer } from '../../../src/client/lease.js';
import { LicutilError } from '../../../src/protocol/errors.js';
import type { HeartbeatResponse } from '../../../src/protocol/messages.js';

type Mode = 'ok' | 'down' | 'unknown';

function server(host: string, calls: string[]): LeaseServer & { mode: Mode } {
  const ep = endpoint(host, 5053);
  const s = {
    mode: 'ok' as Mode,
    endpoint: ep,
    heartbeat: async (handle: string): Promise<HeartbeatResponse> => {
      calls.push(`${host}:heartbeat`);
      if (s.mode === 'down') throw new ServerUnavailableError(ep, 'refused', 'LICUTIL_E_UNAVAILABLE', `${host} refused the connection`);
      if (s.mode === 'unknown') throw new LicutilError('LICUTIL_E_NO_SUCH_HANDLE', `no checkout ${handle}`);
      return { handle, lease_seconds: 30, lease_expires: '2026-06-15T12:00:30.000Z' } as HeartbeatResponse;
    },
    checkin: async () => {
      calls.push(`${host}:checkin`);
      if (s.mode === 'down') throw new ServerUnavailableError(ep, 'refused', 'LICUTIL_E_UNAVAILABLE', `${host} refused the connection`);
      return { handle: 'h', held_seconds: 0 } as never;
    },
  };
  return s;
}

describe('FailoverLeaseServer', () => {
  it('renews on the next server when the granting one is down, and stays there', async () => {
    const calls: string[] = [];
    const [a, b] = [server('a', calls), server('b', calls)];
    const f = new FailoverLeaseServer(a, [b]);
    await f.heartbeat('h');
    a.mode = 'down';
    await f.heartbeat('h');
    expect(f.endpoint.host).toBe('b');
    await f.checkin('h');
    expect(calls).toEqual(['a:heartbeat', 'a:heartbeat', 'b:heartbeat', 'b:checkin']);
  });

  it('a server that does not know the handle does not end the lease: the first failure is reported', async () => {
    const calls: string[] = [];
    const [a, b] = [server('a', calls), server('b', calls)];
    a.mode = 'down';
    b.mode = 'unknown';
    const f = new FailoverLeaseServer(a, [b]);
    await expect(f.heartbeat('h')).rejects.toMatchObject({ code: 'LICUTIL_E_UNAVAILABLE', message: 'a refused the connection' });
    expect(f.endpoint.host).toBe('a');
  });

  it('an answer that the seat is gone comes from the current server as it is', async () => {
    const calls: string[] = [];
    const [a, b] = [server('a', calls), server('b', calls)];
    a.mode = 'unknown';
    const f = new FailoverLeaseServer(a, [b]);
    await expect(f.heartbeat('h')).rejects.toMatchObject({ code: 'LICUTIL_E_NO_SUCH_HANDLE' });
    expect(calls).toEqual(['a:heartbeat']);
  });
});
