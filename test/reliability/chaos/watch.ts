// Polls GET /v1/status over its own connection and checks every snapshot:
//
// - no pool has more seats in use than it has; a seat is used by one checkout,
//   or by at most `share` checkouts of one user on a share=u:n pool; a handle
//   is in one pool only;
// - every lease the driver knows is held (acknowledged before the request was
//   sent, not checked in when the answer came, renewed recently enough that it
//   cannot have lapsed when the answer came) is listed — after a server restart
//   too, which is how "every acknowledged checkout is still there" is seen;
// - a seat of a killed client process does not vanish before its lease could
//   have run out, and is gone within its lease (from the kill, or from the last
//   restart) plus a slack;
// - a handle nobody was told about (its answer was lost when a process died)
//   is gone within the longest lease plus the slack: no seat leaks.
import { Client } from 'undici';
import type { StatusResponse } from '../../../src/protocol/messages.js';
import type { Children } from './children.js';
import type { Driver } from './driver.js';
import type { Violations } from './violations.js';

export interface WatchPool {
  id: string;
  count: number;
  sharePer: number | null;
}

export interface WatchOptions {
  url: string;
  pools: WatchPool[];
  driver: Driver;
  children: Children;
  violations: Violations;
  /** when the current server became ready (restored leases run from then) */
  readyAt: () => number;
  maxLeaseMs: number;
  slackMs: number;
}

export interface WatchFigures {
  polls: number;
  failedPolls: number;
  maxCheckouts: number;
  maxInUse: Record<string, number>;
  heldChecked: number;
  deadReclaimed: number;
  /** ms from the earliest moment a dead client's seat could lapse to the poll that saw it gone */
  reclaimDelays: number[];
  unknownSeen: number;
}

export class StatusWatch {
  readonly figures: WatchFigures = { polls: 0, failedPolls: 0, maxCheckouts: 0, maxInUse: {}, heldChecked: 0, deadReclaimed: 0, reclaimDelays: [], unknownSeen: 0 };
  private client: Client;
  private unknown = new Map<string, number>();
  private stopping = false;
  private loop: Promise<void> | null = null;
  private readonly pools: Map<string, WatchPool>;

  constructor(private readonly o: WatchOptions) {
    this.client = new Client(o.url, { keepAliveTimeout: 5_000, keepAliveMaxTimeout: 5_000 });
    this.pools = new Map(o.pools.map((p) => [p.id, p]));
  }

  start(everyMs: number): void {
    this.loop = (async () => {
      while (!this.stopping) {
        await this.poll();
        await new Promise((r) => setTimeout(r, everyMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
    await this.client.close();
  }

  /** One status request and every check on it; returns the snapshot (null when the server did not answer). */
  async poll(): Promise<StatusResponse | null> {
    const sent = Date.now();
    const expected = this.o.driver.definitelyHeld(sent);
    let st: StatusResponse;
    try {
      const r = await this.client.request({ method: 'GET', path: '/v1/status', headersTimeout: 10_000, bodyTimeout: 10_000 });
      const text = await r.body.text();
      if (r.statusCode !== 200) {
        this.o.violations.add('status', `GET /v1/status answered ${r.statusCode}: ${text.slice(0, 200)}`);
        return null;
      }
      st = JSON.parse(text) as StatusResponse;
    } catch {
      this.figures.failedPolls++;
      return null;
    }
    const recv = Date.now();
    this.figures.polls++;
    this.check(st, sent, recv, expected);
    return st;
  }

  private check(st: StatusResponse, sent: number, recv: number, expected: ReturnType<Driver['definitelyHeld']>): void {
    const v = this.o.violations;
    const present = new Set<string>();
    let checkouts = 0;
    for (const p of st.pools) {
      const def = this.pools.get(p.id);
      this.figures.maxInUse[p.id] = Math.max(this.figures.maxInUse[p.id] ?? 0, p.in_use);
      if (p.in_use > p.count) v.add('over-count', `pool ${p.id}: in_use ${p.in_use} > count ${p.count}`);
      if (def && p.count !== def.count) v.add('status', `pool ${p.id} has count ${p.count}, the license says ${def.count}`);
      const seats = new Map<string, { users: Set<string>; n: number; count: number }>();
      for (const c of p.checkouts) {
        checkouts++;
        if (present.has(c.handle)) v.add('duplicate-handle', `${c.handle} listed twice`);
        present.add(c.handle);
        const s = seats.get(c.seat) ?? { users: new Set<string>(), n: 0, count: c.count };
        s.users.add(c.user.toLowerCase());
        s.n++;
        seats.set(c.seat, s);
      }
      let seatCount = 0;
      for (const [id, s] of seats) {
        seatCount += s.count;
        const per = def?.sharePer ?? null;
        if (per === null && s.n > 1) v.add('shared-seat', `pool ${p.id} (no share=) seat ${id} has ${s.n} checkouts`);
        if (per !== null && (s.n > per || s.users.size > 1)) v.add('shared-seat', `pool ${p.id} seat ${id}: ${s.n} checkouts of ${[...s.users].join(',')}, share allows ${per} of one user`);
      }
      if (seatCount > p.count) v.add('over-count', `pool ${p.id}: ${seatCount} seats used by its checkouts > count ${p.count}`);
    }
    this.figures.maxCheckouts = Math.max(this.figures.maxCheckouts, checkouts);

    // acknowledged leases are listed
    for (const { lease, lastSend } of expected) {
      if (lease.state !== 'held' || recv >= lastSend + lease.leaseMs) continue;
      this.figures.heldChecked++;
      if (!present.has(lease.id)) {
        v.add('acknowledged-checkout-missing', `${lease.id} (${lease.product}) acknowledged at ${new Date(lease.ackRecv).toISOString()} is not in the status of ${new Date(sent).toISOString()}`);
      }
    }

    // seats of killed client processes
    const ready = this.o.readyAt();
    for (const d of [...this.o.children.dead.values()]) {
      // a status requested before the grant says nothing about it
      if (sent <= d.ackRecv) continue;
      if (!present.has(d.handle)) {
        if (d.notBefore !== null && recv < d.notBefore) {
          v.add('lapsed-early', `seat ${d.handle} of a killed client was gone ${d.notBefore - recv} ms before its lease could run out`);
        }
        this.figures.deadReclaimed++;
        if (d.notBefore !== null) this.figures.reclaimDelays.push(recv - Math.max(d.notBefore, ready));
        this.o.children.dead.delete(d.handle);
      } else if (sent > Math.max(d.killedAt, ready) + d.leaseMs + this.o.slackMs) {
        v.add('not-reclaimed', `seat ${d.handle} of a client killed at ${new Date(d.killedAt).toISOString()} is still out at ${new Date(sent).toISOString()} (lease ${d.leaseMs} ms)`);
        this.o.children.dead.delete(d.handle);
      }
    }

    // seats nobody was told about
    for (const h of present) {
      if (this.o.driver.known.has(h) || this.o.children.known.has(h)) continue;
      let first = this.unknown.get(h);
      if (first === undefined) {
        first = sent;
        this.unknown.set(h, first);
        this.figures.unknownSeen++;
      }
      if (sent > Math.max(first, ready) + this.o.maxLeaseMs + this.o.slackMs) {
        v.add('leaked-seat', `${h} is out since ${new Date(first).toISOString()} and nobody holds it`);
        this.unknown.set(h, Number.POSITIVE_INFINITY);
      }
    }
    for (const h of [...this.unknown.keys()]) if (!present.has(h)) this.unknown.delete(h);
  }
}
