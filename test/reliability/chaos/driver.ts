// The in-process load of the chaos test: many workers over hundreds of
// keep-alive connections (one undici Pool) doing random checkouts, waits in
// the queue, heartbeats and checkins, while keeping the ground truth of what
// the server acknowledged. From it come the checks that need no server
// cooperation:
//
// - a lease the server calls lapsed (or unknown) must really have lapsed: the
//   answer came at `received`, the last acknowledged renewal was *sent* at
//   `lastSend`, and the server's deadline is at least lastSend + lease (it
//   processed that renewal after it was sent; a restart only moves deadlines
//   later). received < lastSend + lease is a violation;
// - `definitelyHeld(t)`: leases acknowledged before t, not checked in, that
//   cannot have lapsed by t — each must be in the server's status and in the
//   journal a restart reads.
import { Pool } from 'undici';
import { between, pick, sleep, type Violations } from './violations.js';

export type LeaseState = 'held' | 'checkin-sent' | 'checkin-uncertain';

export interface DriverLease {
  /** the holder's handle: heartbeat and checkin send it */
  handle: string;
  /** the public id: how status and the report log name the lease */
  id: string;
  product: string;
  leaseMs: number;
  /** when the last acknowledged checkout/heartbeat was sent */
  lastSend: number;
  /** when the checkout's answer arrived */
  ackRecv: number;
  state: LeaseState;
  busy: boolean;
  nextHb: number;
}

export interface DriverOptions {
  url: string;
  connections: number;
  workers: number;
  /** bulk leases to keep out */
  bulkTarget: number;
  bulkLeaseS: number;
  smallLeaseS: number;
  violations: Violations;
}

export interface DriverFigures {
  ops: Record<string, number>;
  answers: Record<string, number>;
  networkErrors: number;
  /** network errors while the server was supposed to be up */
  networkErrorsWhileUp: number;
  lateRenewalsLapsed: number;
  maxHeld: number;
  maxConnections: number;
  waitsGranted: number;
  waitsTimedOut: number;
  overSoft: number;
  shared: number;
}

/** Answers each operation may get besides 200 (network errors are counted apart). */
const EXPECTED: Record<string, readonly string[]> = {
  checkout: ['LICUTIL_E_ALL_IN_USE'],
  wait: ['LICUTIL_E_TIMED_OUT', 'LICUTIL_E_ALL_IN_USE'],
  heartbeat: ['LICUTIL_E_LEASE_LAPSED', 'LICUTIL_E_NO_SUCH_HANDLE'],
  checkin: ['LICUTIL_E_LEASE_LAPSED', 'LICUTIL_E_NO_SUCH_HANDLE'],
};

interface Answer {
  status: number;
  json: Record<string, unknown> & { error?: { code?: string } };
  recv: number;
}

export class Driver {
  readonly leases = new Map<string, DriverLease>();
  /** every handle ever acknowledged to this driver */
  readonly known = new Set<string>();
  /** handles whose checkin was answered 200 */
  readonly checkedIn = new Set<string>();
  readonly figures: DriverFigures = {
    ops: {},
    answers: {},
    networkErrors: 0,
    networkErrorsWhileUp: 0,
    lateRenewalsLapsed: 0,
    maxHeld: 0,
    maxConnections: 0,
    waitsGranted: 0,
    waitsTimedOut: 0,
    overSoft: 0,
    shared: 0,
  };
  /** set by the chaos loop while the server is dead: workers idle */
  serverDown = false;

  private pool: Pool;
  private stopping = false;
  private running: Promise<void>[] = [];
  private hbInFlight = 0;
  private pidSeq = 1_000_000;
  private bulkHeld = 0;

  constructor(private readonly o: DriverOptions) {
    this.pool = new Pool(o.url, { connections: o.connections, pipelining: 1, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 10_000 });
  }

  get totalOps(): number {
    return Object.values(this.figures.ops).reduce((a, b) => a + b, 0);
  }

  get connections(): number {
    return this.pool.stats.connected;
  }

  start(): void {
    for (let i = 0; i < this.o.workers; i++) this.running.push(this.worker());
    this.running.push(this.heartbeats());
  }

  /** Stop the workers and wait for what they have in flight. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }

  /** Check in everything still out; then close the connections. */
  async releaseAll(): Promise<void> {
    for (let round = 0; round < 20 && this.leases.size > 0; round++) {
      await Promise.all([...this.leases.values()].filter((l) => !l.busy).map((l) => this.checkin(l)));
      if (this.leases.size > 0) await sleep(100);
    }
    await this.pool.close();
  }

  /** Leases acknowledged before t, not being checked in, whose lease cannot have run out by t. */
  definitelyHeld(t: number): Array<{ lease: DriverLease; lastSend: number }> {
    const out: Array<{ lease: DriverLease; lastSend: number }> = [];
    for (const l of this.leases.values()) {
      if (l.state === 'held' && l.ackRecv < t && t < l.lastSend + l.leaseMs) out.push({ lease: l, lastSend: l.lastSend });
    }
    return out;
  }

  private async worker(): Promise<void> {
    while (!this.stopping) {
      if (this.serverDown) {
        await sleep(50);
        continue;
      }
      const r = Math.random();
      try {
        if (this.bulkHeld < this.o.bulkTarget && r < 0.55) await this.bulkCheckout();
        else if (r < 0.65 && this.bulkHeld > this.o.bulkTarget / 2) await this.bulkCheckin();
        else if (r < 0.85) await this.smallCycle();
        else await this.waitCycle();
      } catch (e) {
        this.o.violations.add('driver-bug', e instanceof Error ? (e.stack ?? e.message) : String(e));
        await sleep(100);
      }
    }
  }

  private async heartbeats(): Promise<void> {
    while (!this.stopping) {
      await sleep(50);
      if (this.serverDown) continue;
      const now = Date.now();
      for (const l of this.leases.values()) {
        if (this.hbInFlight >= 64) break;
        if (l.busy) continue;
        if (l.state === 'checkin-uncertain') void this.checkin(l);
        else if (l.state === 'held' && l.nextHb <= now) void this.heartbeat(l);
      }
    }
  }

  private async call(op: string, path: string, body: unknown): Promise<Answer | null> {
    try {
      const r = await this.pool.request({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await r.body.text();
      const recv = Date.now();
      this.figures.ops[op] = (this.figures.ops[op] ?? 0) + 1;
      this.figures.maxConnections = Math.max(this.figures.maxConnections, this.pool.stats.connected);
      let json: Answer['json'];
      try {
        json = JSON.parse(text) as Answer['json'];
      } catch {
        json = {};
      }
      const code = r.statusCode === 200 ? '200' : (json.error?.code ?? `HTTP ${r.statusCode}`);
      this.figures.answers[`${op} ${code}`] = (this.figures.answers[`${op} ${code}`] ?? 0) + 1;
      if (r.statusCode !== 200 && !(EXPECTED[op] ?? []).includes(code)) this.o.violations.add('unexpected-answer', `${op} ${path} answered ${r.statusCode} ${text.slice(0, 200)}`);
      return { status: r.statusCode, json, recv };
    } catch {
      this.figures.networkErrors++;
      if (!this.serverDown) this.figures.networkErrorsWhileUp++;
      return null;
    }
  }

  private request(product: string, extra: Record<string, unknown>): Record<string, unknown> {
    const pid = this.pidSeq++;
    return { product, user: `u${pid % 4}`, host: 'chaos-driver', pid, ...extra };
  }

  private grant(a: Answer, product: string, sent: number): DriverLease | null {
    const handle = a.json.handle;
    if (a.status !== 200 || typeof handle !== 'string') return null;
    const leaseMs = Number(a.json.lease_seconds) * 1000;
    if (a.json.over_soft_limit === true) this.figures.overSoft++;
    if (a.json.shared === true) this.figures.shared++;
    const l: DriverLease = { handle, id: String(a.json.id), product, leaseMs, lastSend: sent, ackRecv: a.recv, state: 'held', busy: false, nextHb: sent + leaseMs * between(0.25, 0.45) };
    this.leases.set(handle, l);
    this.known.add(l.id);
    if (product === 'bulk') this.bulkHeld++;
    this.figures.maxHeld = Math.max(this.figures.maxHeld, this.leases.size);
    return l;
  }

  private forget(l: DriverLease): void {
    if (this.leases.delete(l.handle) && l.product === 'bulk') this.bulkHeld--;
  }

  /** A "gone" answer for a lease that must still be alive is a violation; otherwise the renewal came too late. */
  private gone(l: DriverLease, a: Answer, op: string): void {
    const code = a.json.error?.code ?? '';
    if (l.state === 'held' && a.recv < l.lastSend + l.leaseMs) {
      this.o.violations.add(
        code === 'LICUTIL_E_NO_SUCH_HANDLE' ? 'acknowledged-checkout-lost' : 'lapsed-early',
        `${op} of ${l.id} (${l.product}) answered ${code} ${a.recv - l.lastSend} ms after the renewal sent at ${new Date(l.lastSend).toISOString()}, lease ${l.leaseMs} ms`,
      );
    } else if (l.state === 'held') {
      this.figures.lateRenewalsLapsed++;
    }
    this.forget(l);
  }

  private async heartbeat(l: DriverLease): Promise<void> {
    l.busy = true;
    this.hbInFlight++;
    const sent = Date.now();
    try {
      const a = await this.call('heartbeat', '/v1/heartbeat', { handle: l.handle });
      if (!a) l.nextHb = Date.now() + 200;
      else if (a.status === 200) {
        l.lastSend = sent;
        l.nextHb = sent + l.leaseMs * between(0.25, 0.45);
      } else this.gone(l, a, 'heartbeat');
    } finally {
      this.hbInFlight--;
      l.busy = false;
    }
  }

  private async checkin(l: DriverLease): Promise<void> {
    while (l.busy) await sleep(5);
    if (!this.leases.has(l.handle)) return;
    l.busy = true;
    const wasHeld = l.state === 'held';
    l.state = 'checkin-sent';
    try {
      const a = await this.call('checkin', '/v1/checkin', { handle: l.handle });
      if (!a) {
        l.state = 'checkin-uncertain';
        return;
      }
      if (a.status !== 200 && wasHeld) {
        l.state = 'held';
        this.gone(l, a, 'checkin');
      } else {
        if (a.status === 200) this.checkedIn.add(l.id);
        this.forget(l);
      }
    } finally {
      l.busy = false;
    }
  }

  private async bulkCheckout(): Promise<void> {
    const sent = Date.now();
    const a = await this.call('checkout', '/v1/checkout', this.request('bulk', { lease: this.o.bulkLeaseS }));
    if (a) this.grant(a, 'bulk', sent);
  }

  private async bulkCheckin(): Promise<void> {
    const candidates = [...this.leases.values()].filter((l) => l.product === 'bulk' && l.state === 'held' && !l.busy);
    if (candidates.length > 0) await this.checkin(pick(candidates));
  }

  /** a direct checkout of a small pool, held briefly */
  private async smallCycle(): Promise<void> {
    const product = pick(['alpha', 'beta', 'beta', 'gamma']);
    const sent = Date.now();
    const a = await this.call('checkout', '/v1/checkout', this.request(product, { lease: this.o.smallLeaseS }));
    const l = a ? this.grant(a, product, sent) : null;
    if (!l) {
      await sleep(between(5, 50));
      return;
    }
    await sleep(between(50, 1200));
    await this.checkin(l);
  }

  /** a checkout that waits in the queue (long-poll) */
  private async waitCycle(): Promise<void> {
    const product = pick(['alpha', 'gamma']);
    const sent = Date.now();
    const a = await this.call('wait', '/v1/checkout', this.request(product, { lease: this.o.smallLeaseS, wait: Math.round(between(0.5, 3) * 10) / 10 }));
    if (a?.json.error?.code === 'LICUTIL_E_TIMED_OUT') this.figures.waitsTimedOut++;
    const l = a ? this.grant(a, product, sent) : null;
    if (!l) return;
    this.figures.waitsGranted++;
    await sleep(between(50, 700));
    await this.checkin(l);
  }
}
