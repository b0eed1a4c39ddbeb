// The self-renewing lease on a fake monotonic clock: when it renews, how it
// rides out a lost server, and when it gives the seat up as lost.
import { describe, expect, it } from 'vitest';
import { endpoint } from '../../../src/client/address.js';
import { ServerUnavailableError } from '../../../src/client/failure.js';
import { Lease, type LeaseServer, type LeaseTimers } from '../../../src/client/lease.js';
import type { LeaseLost } from '../../../src/client/types.js';
import { LicutilError } from '../../../src/protocol/errors.js';
import type { CheckoutResponse, HeartbeatResponse } from '../../../src/protocol/messages.js';

class FakeClock implements LeaseTimers {
  t = 0;
  private seq = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + ms, fn });
    return Object.assign({ id }, { unref: () => undefined });
  };
  clearTimeout = (h: unknown) => {
    this.timers.delete((h as { id: number }).id);
  };
  /** run every timer due within `ms`, letting promises settle between them */
  async advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    }
    this.t = end;
  }
}

const EP = endpoint('a', 5053);
const grant = (leaseSeconds: number): CheckoutResponse => ({
  handle: 'h1',
  isv: 'demo',
  product: 'seat',
  version: '1.0',
  count: 1,
  lease_seconds: leaseSeconds,
  lease_expires: 'x',
  over_soft_limit: false,
  shared: false,
  waited_seconds: 0,
  pool: 'p',
});

class FakeServer implements LeaseServer {
  readonly endpoint = EP;
  beats: number[] = [];
  checkins = 0;
  mode: 'ok' | 'down' | 'removed' = 'ok';
  checkinFailures = 0;
  constructor(private readonly clock: FakeClock) {}
  async heartbeat(handle: string): Promise<HeartbeatResponse> {
    this.beats.push(this.clock.t);
    if (this.mode === 'down') throw new ServerUnavailableError(EP, 'refused', 'LICUTIL_E_REFUSED', 'nothing listens on 5053@a (connection refused)');
    if (this.mode === 'removed') throw new LicutilError('LICUTIL_E_REMOVED', `checkout ${handle} was removed by the license administrator`);
    return { handle, lease_seconds: 30, lease_expires: 'x' };
  }
  async checkin(handle: string) {
    this.checkins++;
    if (this.checkinFailures-- > 0) throw new ServerUnavailableError(EP, 'refused', 'LICUTIL_E_REFUSED', 'refused');
    return { handle, held_seconds: 0 };
  }
}

function setup(leaseSeconds = 30) {
  const clock = new FakeClock();
  const server = new FakeServer(clock);
  const lease = new Lease(server, grant(leaseSeconds), { timers: clock });
  const lost: LeaseLost[] = [];
  const trouble: number[] = [];
  lease.on('lost', (l) => lost.push(l));
  lease.on('trouble', (t) => trouble.push(t.remainingMs));
  return { clock, server, lease, lost, trouble };
}

describe('a lease renews itself', () => {
  it('at a third of the lease: every 10 s for a 30 s lease', async () => {
    const { clock, server } = setup(30);
    await clock.advance(35_000);
    expect(server.beats).toEqual([10_000, 20_000, 30_000]);
  });

  it('maxIntervalMs renews at least that often, whatever the lease (checkout -- CMD hears of a removal soon)', async () => {
    const clock = new FakeClock();
    const server = new FakeServer(clock);
    new Lease(server, grant(60), { timers: clock, maxIntervalMs: 5_000 });
    await clock.advance(16_000);
    expect(server.beats).toEqual([5_000, 10_000, 15_000]);
  });

  it('rides out a server that is gone for less than the lease: retries, then renews, no loss', async () => {
    const { clock, server, lease, lost, trouble } = setup(30);
    await clock.advance(10_000); // renewed at 10 s: runs to 40 s
    server.mode = 'down';
    await clock.advance(20_000);
    expect(trouble.length).toBeGreaterThan(1);
    // retries come faster than the normal interval, and faster as the end of the lease nears
    const retries = server.beats.filter((t) => t > 10_000);
    expect(retries).toEqual([20_000, 25_000, 28_750]);
    server.mode = 'ok';
    await clock.advance(10_000);
    expect(lost).toEqual([]);
    expect(lease.state).toBe('held');
  });

  it('reports the seat lost (unreachable) when no renewal gets through before the lease runs out', async () => {
    const { clock, server, lease, lost } = setup(30);
    await clock.advance(10_000);
    server.mode = 'down';
    await clock.advance(29_000);
    expect(lost).toEqual([]);
    await clock.advance(2_000);
    expect(lost.map((l) => l.reason)).toEqual(['unreachable']);
    expect(lease.state).toBe('lost');
    await expect(lease.lost).resolves.toMatchObject({ reason: 'unreachable' });
    // no more heartbeats after the loss
    const n = server.beats.length;
    await clock.advance(60_000);
    expect(server.beats.length).toBe(n);
  });

  it('a removed checkout is lost at the next renewal, with the server\'s reason', async () => {
    const { clock, server, lost } = setup(30);
    server.mode = 'removed';
    await clock.advance(10_000);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBe('removed');
    expect(lost[0]?.error.message).toMatch(/removed by the license administrator/);
  });

  it('checkin stops the heartbeats and returns the seat once, however often it is called', async () => {
    const { clock, server, lease } = setup(30);
    await clock.advance(10_000);
    const [a, b] = await Promise.all([lease.checkin(), lease.checkin()]);
    expect(a).toEqual({ handle: 'h1', held_seconds: 0 });
    expect(b).toBe(a);
    expect(server.checkins).toBe(1);
    await clock.advance(60_000);
    expect(server.beats).toEqual([10_000]);
    expect(lease.state).toBe('checked-in');
  });

  it('checkin retries a server that does not answer (a restart) until the lease would have ended, then gives up with the error', async () => {
    const ok = setup(30);
    ok.server.checkinFailures = 3;
    const back = ok.lease.checkin();
    // small steps: each retry's timer is set only after the failed attempt's promises settle
    const step = async (clock: FakeClock, ms: number) => {
      for (let t = 0; t < ms; t += 100) await clock.advance(100);
    };
    await step(ok.clock, 5_000);
    await expect(back).resolves.toEqual({ handle: 'h1', held_seconds: 0 });
    expect(ok.server.checkins).toBe(4);

    const bad = setup(30);
    bad.server.checkinFailures = 1_000;
    const said: number[] = [];
    bad.lease.on('checkinTrouble', (t) => said.push(t.remainingMs));
    let settled = false;
    const failed = bad.lease.checkin().catch((e: unknown) => e);
    void failed.then(() => (settled = true));
    await step(bad.clock, 20_000);
    expect(settled).toBe(false);
    await step(bad.clock, 10_000);
    expect(await failed).toMatchObject({ code: 'LICUTIL_E_REFUSED' });
    // back-off from 200 ms up to 4 s, each attempt said with the lease time left
    expect(said[0]).toBeGreaterThan(29_000);
    expect(said.length).toBe(bad.server.checkins - 1);
    expect(said.at(-1)).toBeGreaterThan(4_000);
  });

  it('a seat found gone at checkin (removed while no renewal was due) is reported lost, not passed over', async () => {
    const { clock, server, lease, lost } = setup(30);
    await clock.advance(5_000);
    server.checkin = async (handle: string) => {
      throw new LicutilError('LICUTIL_E_REMOVED', `checkout ${handle} was removed by the license administrator`);
    };
    await expect(lease.checkin()).resolves.toBeNull();
    expect(lost.map((l) => l.reason)).toEqual(['removed']);
  });

  it('checkin of a lost lease does not ask the server', async () => {
    const { clock, server, lease } = setup(30);
    server.mode = 'removed';
    await clock.advance(10_000);
    await expect(lease.checkin()).resolves.toBeNull();
    expect(server.checkins).toBe(0);
  });

  it('without heartbeat: no renewal is sent (checkout --detach)', async () => {
    const clock = new FakeClock();
    const server = new FakeServer(clock);
    const lease = new Lease(server, grant(3), { timers: clock, heartbeat: false });
    await clock.advance(60_000);
    expect(server.beats).toEqual([]);
    expect(lease.state).toBe('held');
    expect(lease.ref).toBe('h1@5053@a');
  });

  it('administrator messages that come with a renewal are emitted one by one', async () => {
    const clock = new FakeClock();
    const server = new FakeServer(clock);
    const original = server.heartbeat.bind(server);
    server.heartbeat = async (h) => ({ ...(await original(h)), messages: ['server going down at 18:00', 'save your work'] }) as HeartbeatResponse;
    const lease = new Lease(server, grant(30), { timers: clock });
    const got: string[] = [];
    lease.on('message', (m) => got.push(m));
    await clock.advance(10_000);
    expect(got).toEqual(['server going down at 18:00', 'save your work']);
  });
});
