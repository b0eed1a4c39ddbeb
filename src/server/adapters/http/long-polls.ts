// Waiting checkouts held by the HTTP face, and the limits that keep them from
// blocking everyone else (issue 14: 600 parked long-polls used up the server's
// file descriptors and `hello` went unanswered).
//
// - A long-poll is answered after `pollMs` even while its request still waits:
//   HTTP 202 with a ticket. The request keeps its place in the queue and its wait
//   (the manager's deadline does not move); POST /v1/resume with the
//   ticket waits on. A ticket not brought back within `resumeMs` gives the place
//   up, so a client that vanished without closing its connection (or a proxy that
//   dropped it) holds a place for a bounded time only.
// - One client address may have at most `perClient` requests waiting.
// - The server holds at most `maxWaiting` waiting requests in all: what its file
//   descriptor limit leaves after the headroom kept for hello, status, checkouts
//   and the status page (boot/fd-limit.ts works it out).
// A request refused a place by either limit is still served at once when a seat
// is free: only the wait is refused.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { CheckoutQueued } from '../../../protocol/messages.js';
import type { CheckoutRequest } from '../../core/pool/types.js';
import type { CheckoutOutcome, LeaseService } from '../../core/lease-service.js';
import type { DebugLog } from '../../core/debug-log.js';
import { answerFor, type ErrorAnswer } from './errors.js';

export interface WaitLimits {
  /** a parked long-poll is answered (202 with a ticket) after this long */
  pollMs: number;
  /** the ticket of a 202 must come back within this, or the wait is given up */
  resumeMs: number;
  /** requests one client address may have waiting */
  perClient: number;
  /** requests the server holds waiting in all (its descriptors); Infinity when the platform does not say */
  maxWaiting: number;
  /** connections the API port accepts at once (node:http closes the others at once); Infinity: no cap */
  maxConnections?: number;
  /** how maxWaiting was worked out, for the refusal: "open-file limit 256, 64 kept free" */
  maxWaitingWhy?: string;
}

/** 55 s: below the 60 s idle time-outs of common proxies and NAT tables, and a re-poll a minute costs nothing. */
export const DEFAULT_POLL_SECONDS = 55;
export const DEFAULT_RESUME_MS = 30_000;
/**
 * 64 requests waiting per client address: a build host running a job per core on the
 * largest common runners, each job waiting for one seat, fits; one client alone cannot
 * take more than a small share of what a server of 1024 descriptors holds.
 */
export const DEFAULT_WAITS_PER_CLIENT = 64;

export type PollAnswer = { kind: 'outcome'; outcome: CheckoutOutcome } | { kind: 'queued'; body: CheckoutQueued };

/** A refusal to wait, with the seconds after which trying again makes sense. */
export interface WaitRefusal {
  answer: ErrorAnswer;
  retryAfterSeconds: number;
}

interface Entry {
  ticket: string;
  client: string;
  ac: AbortController;
  /** what the service answered while nobody was polling */
  outcome: CheckoutOutcome | null;
  /** the poll that is open now */
  listener: ((o: CheckoutOutcome) => void) | null;
  resumeTimer: NodeJS.Timeout | null;
}

export class LongPolls {
  private readonly entries = new Map<string, Entry>();
  private readonly byClient = new Map<string, number>();

  constructor(
    private readonly service: LeaseService,
    private readonly limits: WaitLimits,
    private readonly log: DebugLog,
  ) {}

  get waiting(): number {
    return this.entries.size;
  }

  /** Why `client` may not wait now, or null. */
  refusal(client: string): WaitRefusal | null {
    const mine = this.byClient.get(client) ?? 0;
    if (mine >= this.limits.perClient) {
      return {
        retryAfterSeconds: 30,
        answer: answerFor(
          'LICUTIL_E_TOO_MANY_WAITS',
          `${client} already has ${mine} requests waiting for a seat, the most this server lets one client have waiting (--queue-per-client / queue_per_client = ${this.limits.perClient})`,
          'wait until one of them is granted or gives up, or ask the license administrator to raise queue_per_client',
        ),
      };
    }
    if (this.entries.size >= this.limits.maxWaiting) {
      return {
        retryAfterSeconds: 5,
        answer: answerFor(
          'LICUTIL_E_SERVER_BUSY',
          `the server already holds ${this.entries.size} requests waiting, as many as its open files allow while keeping descriptors free for everything else (${this.limits.maxWaitingWhy ?? `at most ${this.limits.maxWaiting}`}; --fd-headroom / fd_headroom)`,
          'try again in a few seconds; the administrator can raise the open-file limit (LimitNOFILE=, ulimit -n) of the server',
        ),
      };
    }
    return null;
  }

  /** Queue `req` for `client`; the answer comes on this poll, or a ticket after the poll time-out. */
  start(client: string, req: CheckoutRequest, res: ServerResponse): Promise<PollAnswer> {
    const e: Entry = { ticket: randomBytes(16).toString('hex'), client, ac: new AbortController(), outcome: null, listener: null, resumeTimer: null };
    this.entries.set(e.ticket, e);
    this.byClient.set(client, (this.byClient.get(client) ?? 0) + 1);
    const answer = this.attach(e, res);
    void this.service.checkout(req, e.ac.signal).then((o) => this.settled(e, o));
    return answer;
  }

  /** Wait on with a ticket from a 202; null when the server knows no such ticket. */
  resume(ticket: string, res: ServerResponse): Promise<PollAnswer> | null {
    const e = this.entries.get(ticket);
    if (!e || e.listener !== null) return null;
    return this.attach(e, res);
  }

  /** The server stops: no timer of ours may keep it alive (the service tells the waiters). */
  close(): void {
    for (const e of this.entries.values()) if (e.resumeTimer) clearTimeout(e.resumeTimer);
  }

  private attach(e: Entry, res: ServerResponse): Promise<PollAnswer> {
    if (e.resumeTimer) clearTimeout(e.resumeTimer);
    e.resumeTimer = null;
    if (e.outcome) {
      const outcome = e.outcome;
      this.forget(e);
      return Promise.resolve({ kind: 'outcome', outcome });
    }
    return new Promise<PollAnswer>((resolve) => {
      const done = () => {
        clearTimeout(pollTimer);
        res.off('close', onClose);
        e.listener = null;
      };
      const onClose = () => {
        if (res.writableFinished) return;
        // the client hung up while waiting: its place in the queue is withdrawn
        done();
        e.ac.abort();
        resolve({ kind: 'outcome', outcome: { kind: 'cancelled' } });
      };
      const pollTimer = setTimeout(() => {
        done();
        e.resumeTimer = setTimeout(() => this.giveUp(e), this.limits.resumeMs);
        resolve({ kind: 'queued', body: { queued: true, ticket: e.ticket, resume_seconds: Math.floor(this.limits.resumeMs / 1000) } });
      }, this.limits.pollMs);
      e.listener = (o) => {
        done();
        this.forget(e);
        resolve({ kind: 'outcome', outcome: o });
      };
      res.on('close', onClose);
    });
  }

  private settled(e: Entry, o: CheckoutOutcome): void {
    if (!this.entries.has(e.ticket)) {
      // given up while the grant was on its way: nobody will use the seat
      if (o.kind === 'grant') void this.service.abandon(o.grant.handle);
      return;
    }
    if (e.listener) e.listener(o);
    else if (o.kind === 'cancelled') this.forget(e);
    else e.outcome = o;
  }

  /** The ticket did not come back in time. */
  private giveUp(e: Entry): void {
    this.forget(e);
    this.log.info(`a waiting checkout of ${e.client} gave up its place: its ticket did not come back within ${this.limits.resumeMs / 1000} s`);
    if (e.outcome?.kind === 'grant') void this.service.abandon(e.outcome.grant.handle);
    else if (e.outcome === null) e.ac.abort();
  }

  private forget(e: Entry): void {
    if (!this.entries.delete(e.ticket)) return;
    if (e.resumeTimer) clearTimeout(e.resumeTimer);
    const n = (this.byClient.get(e.client) ?? 1) - 1;
    if (n > 0) this.byClient.set(e.client, n);
    else this.byClient.delete(e.client);
  }
}
