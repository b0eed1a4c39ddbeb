// A checkout held by this process. It renews itself at a third of the lease, so
// two renewals can fail before the seat is at risk; when the server is lost it
// keeps retrying as long as the lease lasts, then reports the seat lost. Time is
// measured on a monotonic clock (injected), never the wall clock, so a clock jump
// neither shortens nor stretches what we believe the server believes.
import { EventEmitter } from 'node:events';
import { LicutilError } from '../protocol/errors.js';
import type { CheckinResponse, CheckoutResponse, HeartbeatResponse } from '../protocol/messages.js';
import { formatHandleRef } from './address.js';
import { isServerUnavailable } from './failure.js';
import type { Endpoint, LeaseApi, LeaseEvents, LeaseLost, LostReason } from './types.js';

/** What a lease needs from the server that granted it. */
export interface LeaseServer {
  readonly endpoint: Endpoint;
  heartbeat(handle: string): Promise<HeartbeatResponse>;
  checkin(handle: string): Promise<CheckinResponse>;
}

export interface LeaseTimers {
  /** monotonic milliseconds */
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => { unref?: () => unknown };
  clearTimeout: (t: unknown) => void;
}

const realTimers: LeaseTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (t) => clearTimeout(t as NodeJS.Timeout),
};

export interface LeaseSettings {
  /** renew in the background (default true) */
  heartbeat?: boolean | undefined;
  /** renew at this fraction of the lease (default 1/3) */
  fraction?: number | undefined;
  /** renew at least this often (ms), whatever the lease: a holder that must hear of a removal soon */
  maxIntervalMs?: number | undefined;
  timers?: LeaseTimers | undefined;
}

const GONE: Partial<Record<string, LostReason>> = {
  LICUTIL_E_REMOVED: 'removed',
  LICUTIL_E_LEASE_LAPSED: 'lapsed',
  LICUTIL_E_NO_SUCH_HANDLE: 'unknown',
};

/** Retries of a check-in the server did not answer: 200 ms, doubling, at most 4 s, while the lease lasts. */
const CHECKIN_RETRY_FIRST_MS = 200;
const CHECKIN_RETRY_MAX_MS = 4_000;

export class Lease extends EventEmitter implements LeaseApi {
  readonly handle: string;
  readonly endpoint: Endpoint;
  readonly grant: CheckoutResponse;
  readonly ref: string;
  readonly lost: Promise<LeaseLost>;
  private _state: 'held' | 'checked-in' | 'lost' = 'held';
  private readonly server: LeaseServer;
  private readonly timers: LeaseTimers;
  private readonly fraction: number;
  private readonly maxIntervalMs: number;
  private leaseMs: number;
  /** monotonic time the server's lease runs out, counted from when the last successful renewal was sent */
  private expiresAt: number;
  private timer: unknown = null;
  private deadlineTimer: unknown = null;
  private resolveLost: (l: LeaseLost) => void = () => undefined;
  private checkinResult: Promise<CheckinResponse | null> | null = null;
  private troubled = false;

  constructor(server: LeaseServer, grant: CheckoutResponse, settings: LeaseSettings = {}, sentAt?: number) {
    super();
    this.server = server;
    this.grant = grant;
    this.handle = grant.handle;
    this.endpoint = server.endpoint;
    this.ref = formatHandleRef(grant.handle, server.endpoint);
    this.timers = settings.timers ?? realTimers;
    this.fraction = settings.fraction ?? 1 / 3;
    this.maxIntervalMs = settings.maxIntervalMs ?? Number.POSITIVE_INFINITY;
    this.leaseMs = grant.lease_seconds * 1000;
    this.expiresAt = (sentAt ?? this.timers.now()) + this.leaseMs;
    this.lost = new Promise((resolve) => (this.resolveLost = resolve));
    if (settings.heartbeat ?? true) {
      this.schedule(this.intervalMs());
      this.armDeadline();
    }
  }

  get state(): 'held' | 'checked-in' | 'lost' {
    return this._state;
  }

  override on<E extends keyof LeaseEvents>(event: E, listener: (...args: LeaseEvents[E]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  override off<E extends keyof LeaseEvents>(event: E, listener: (...args: LeaseEvents[E]) => void): this {
    return super.off(event, listener as (...args: unknown[]) => void);
  }

  /** milliseconds before the lease runs out unless renewed */
  remainingMs(): number {
    return Math.max(0, this.expiresAt - this.timers.now());
  }

  private intervalMs(): number {
    return Math.max(100, Math.min(this.maxIntervalMs, this.leaseMs * this.fraction));
  }

  /** after a failed renewal: retry often enough for several attempts within what is left */
  private retryMs(): number {
    return Math.min(this.intervalMs(), Math.max(250, Math.min(5_000, this.remainingMs() / 4)));
  }

  private schedule(ms: number): void {
    if (this._state !== 'held') return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    const t = this.timers.setTimeout(() => {
      this.timer = null;
      void this.beat();
    }, ms);
    // the heartbeat alone does not keep a program alive
    t.unref?.();
    this.timer = t;
  }

  private armDeadline(): void {
    if (this.deadlineTimer !== null) this.timers.clearTimeout(this.deadlineTimer);
    const t = this.timers.setTimeout(() => {
      this.deadlineTimer = null;
      if (this._state === 'held' && this.remainingMs() <= 0) {
        this.markLost(
          'unreachable',
          new LicutilError(
            'LICUTIL_E_LEASE_LAPSED',
            `the lease of ${this.handle} ran out: ${this.endpoint.spec} could not be reached to renew it`,
            'the server has reclaimed the seat or will shortly; check out again when the server is back',
          ),
        );
      } else if (this._state === 'held') {
        this.armDeadline();
      }
    }, this.remainingMs() + 1);
    t.unref?.();
    this.deadlineTimer = t;
  }

  private async beat(): Promise<void> {
    if (this._state !== 'held') return;
    try {
      await this.heartbeat();
      this.schedule(this.intervalMs());
    } catch (e) {
      if (this._state !== 'held') return;
      // markLost already ran for a server that says the seat is gone
      const err = e instanceof LicutilError ? e : new LicutilError('LICUTIL_E_UNAVAILABLE', String(e));
      this.troubled = true;
      this.emit('trouble', { error: err, remainingMs: this.remainingMs() });
      this.schedule(this.retryMs());
    }
  }

  async heartbeat(): Promise<HeartbeatResponse> {
    if (this._state !== 'held') {
      throw new LicutilError('LICUTIL_E_NO_SUCH_HANDLE', `checkout ${this.handle} is ${this._state === 'lost' ? 'lost' : 'checked in'}; it cannot be renewed`);
    }
    const sentAt = this.timers.now();
    try {
      const r = await this.server.heartbeat(this.handle);
      if (this._state !== 'held') return r;
      this.leaseMs = r.lease_seconds * 1000;
      this.expiresAt = sentAt + this.leaseMs;
      if (this.deadlineTimer !== null) this.armDeadline();
      if (this.troubled) this.troubled = false;
      this.emit('renewed', r);
      // administrator messages ride on the renewal answer (monitor `msg`, remote API `message`)
      const messages = (r as HeartbeatResponse & { messages?: unknown }).messages;
      if (Array.isArray(messages)) for (const m of messages) if (typeof m === 'string') this.emit('message', m);
      return r;
    } catch (e) {
      const reason = e instanceof LicutilError ? GONE[e.code] : undefined;
      if (reason && e instanceof LicutilError) this.markLost(reason, e);
      throw e;
    }
  }

  private stopTimers(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    if (this.deadlineTimer !== null) this.timers.clearTimeout(this.deadlineTimer);
    this.timer = null;
    this.deadlineTimer = null;
  }

  private markLost(reason: LostReason, error: LicutilError): void {
    if (this._state !== 'held') return;
    this._state = 'lost';
    this.stopTimers();
    const l: LeaseLost = { reason, error };
    this.resolveLost(l);
    this.emit('lost', l);
  }

  checkin(): Promise<CheckinResponse | null> {
    this.checkinResult ??= this.doCheckin();
    return this.checkinResult;
  }

  private async doCheckin(): Promise<CheckinResponse | null> {
    const wasHeld = this._state === 'held';
    this.stopTimers();
    if (!wasHeld) return null;
    this._state = 'checked-in';
    // a server that is down (restarting) may be back before the lease would have ended: until then the seat is still ours to return
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.server.checkin(this.handle);
      } catch (e) {
        // the seat is already gone (removed, reclaimed): nothing to return, but the holder should know
        const gone = e instanceof LicutilError ? GONE[e.code] : undefined;
        if (gone && e instanceof LicutilError) {
          const l: LeaseLost = { reason: gone, error: e };
          this.resolveLost(l);
          this.emit('lost', l);
          return null;
        }
        const delay = Math.min(CHECKIN_RETRY_MAX_MS, CHECKIN_RETRY_FIRST_MS * 2 ** attempt);
        if (!isServerUnavailable(e) || this.remainingMs() <= delay) throw e;
        this.emit('checkinTrouble', { error: e, remainingMs: this.remainingMs() });
        await new Promise((r) => this.timers.setTimeout(() => r(undefined), delay));
      }
    }
  }
}
