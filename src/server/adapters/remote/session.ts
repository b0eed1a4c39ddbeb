// One WebSocket connection of the remote API (seed 000 §6.1–§6.3), without the
// socket: text comes in through receive(), JSON goes out through `send`.
//
// - Greeting: `ready`, or with com_auth `authenticate` with a fresh challenge.
//   Until the client answers it right, every other message gets "Authentication
//   not done"; a wrong answer gets an error and a new challenge.
// - Every response carries the request's `message` and `message_id`, `time`
//   (seconds since the process started, when the message started) and `utc`.
// - `start_time` delays a message (`absolute_time`: start_time is a `time`;
//   too late runs it at once with absolute_time "late"); `loop_count` repeats it
//   every `loop_delay` seconds from its start, each response with `loop_index`.
//   Delayed and repeated messages are cancelled when the connection closes,
//   unless `standalone`.
// - An unknown message, bad JSON or a bad field answers an error; the
//   connection stays open.
import type { Timers } from '../../core/service.js';
import { checkAuthenticate, newChallenge, type AuthSecret } from './auth.js';
import type { ServerControl } from '../control.js';
import { HANDLERS, type HandlerContext } from './handlers.js';
import type { LogStream } from './log-get.js';
import { checkEnvelope, parseFrame, REMOTE_LIMITS, REMOTE_TYPE, RemoteError, type JsonObject, type RemoteRequest } from './protocol.js';

export interface SessionClock {
  /** seconds since the process started (the `time` of responses) */
  processSeconds(): number;
  /** UTC seconds since 1970 (the `utc` of responses) */
  utcSeconds(): number;
}

interface SessionDeps {
  control: ServerControl;
  send: (text: string) => void;
  clock: SessionClock;
  timers: Timers;
  random: (n: number) => Uint8Array;
  auth: AuthSecret | null;
  logStream: LogStream;
  /** "remote API 10.0.0.5:53412", for the debug log */
  who: string;
  /** debug log of failures inside a handler */
  onInternalError: (message: string) => void;
  /** the guessing limit of this connection's address (adapters/guesses.ts); absent: none */
  guard?: AuthGuard | undefined;
  /** closes the connection (after too many failed authentications) */
  hangUp?: (reason: string) => void;
}

/** The guessing limit, bound to the connection's address. */
export interface AuthGuard {
  /** seconds the address must still wait, or null */
  lockedFor(): number | null;
  /** a failed authentication; the seconds of the lock it started, or null */
  failed(): number | null;
}

export class RemoteSession {
  private authenticated: boolean;
  private challenge = '';
  private open = true;
  /** timers of delayed and repeated messages, and whether they survive the connection */
  private readonly scheduled = new Map<unknown, boolean>();

  constructor(private readonly d: SessionDeps) {
    this.authenticated = d.auth === null;
  }

  /** The greeting (seed 000 §6.2). */
  start(): void {
    if (this.authenticated) {
      this.emit({ message: 'ready', type: REMOTE_TYPE, name: this.d.control.name, version: this.d.control.version, product: 'licutil' });
    } else {
      this.challenge = newChallenge(this.d.random);
      this.emit({ message: 'authenticate', type: REMOTE_TYPE, name: this.d.control.name, challenge: this.challenge });
    }
  }

  receive(text: string): void {
    if (!this.open) return;
    const frame = parseFrame(text);
    if (!frame.ok) {
      this.emit(this.stamp({ error: frame.error }, this.d.clock.processSeconds()));
      return;
    }
    for (const item of frame.items) this.accept(item);
  }

  /** A frame that is not a message at all (a binary frame): answered with an error. */
  refuse(error: string): void {
    this.emit(this.stamp({ error }, this.d.clock.processSeconds()));
  }

  /** The socket closed: cancel what is not standalone; nothing more is sent. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    for (const [timer, standalone] of this.scheduled) {
      if (!standalone) {
        this.d.timers.clearTimeout(timer);
        this.scheduled.delete(timer);
      }
    }
    this.d.logStream.close();
  }

  private accept(item: unknown): void {
    const env = checkEnvelope(item);
    if (!env.ok) {
      const out: JsonObject = {};
      if (env.message !== undefined) out.message = env.message;
      if (env.hasMessageId) out.message_id = env.messageId;
      out.error = env.error;
      this.emit(this.stamp(out, this.d.clock.processSeconds()));
      return;
    }
    const req = env.request;
    if (!this.authenticated) {
      if (req.message === 'authenticate') this.authenticate(req);
      else this.emit(this.response(req, { error: 'Authentication not done' }, this.d.clock.processSeconds()));
      return;
    }
    if (req.message === 'authenticate') {
      this.emit(this.response(req, { ready: true }, this.d.clock.processSeconds()));
      return;
    }
    if (!Object.hasOwn(HANDLERS, req.message)) {
      this.emit(this.response(req, { error: `Unknown message: ${req.message.slice(0, 100)}` }, this.d.clock.processSeconds()));
      return;
    }
    this.plan(req);
  }

  private authenticate(req: RemoteRequest): void {
    const now = this.d.clock.processSeconds();
    const auth = this.d.auth as AuthSecret;
    // a locked address is refused before its answer is checked: a right one too, or the lock would not slow guessing
    const locked = this.d.guard?.lockedFor() ?? null;
    if (locked !== null) {
      this.refuseGuessing(req, now, locked);
      return;
    }
    const r = checkAuthenticate(req.body, auth, REMOTE_TYPE, this.d.control.name, this.challenge);
    if (!r.ok) {
      const lock = this.d.guard?.failed() ?? null;
      if (lock !== null) {
        this.refuseGuessing(req, now, lock);
        return;
      }
    }
    if (r.ok) {
      this.authenticated = true;
      this.challenge = '';
      this.emit(this.response(req, { ready: true }, now));
      return;
    }
    // a challenge answers once: a wrong answer gets a new one
    this.challenge = newChallenge(this.d.random);
    this.emit(this.response(req, { error: r.error, type: REMOTE_TYPE, name: this.d.control.name, challenge: this.challenge }, now));
  }

  private refuseGuessing(req: RemoteRequest, now: number, seconds: number): void {
    this.challenge = '';
    this.emit(this.response(req, { error: `Too many failed authentications from this address: try again in ${seconds} s`, retry_after: seconds }, now));
    this.close();
    this.d.hangUp?.('too many failed authentications');
  }

  /** When to run the message, and how often. */
  private plan(req: RemoteRequest): void {
    const now = this.d.clock.processSeconds();
    let delay = 0;
    let late = false;
    if (req.startTime !== undefined) {
      delay = req.absoluteTime ? req.startTime - now : req.startTime;
      if (delay < 0) {
        late = true;
        delay = 0;
      }
    }
    if (delay > REMOTE_LIMITS.maxDelaySeconds) {
      this.emit(this.response(req, { error: `start_time is more than ${REMOTE_LIMITS.maxDelaySeconds} s away` }, now));
      return;
    }
    if (this.scheduled.size >= REMOTE_LIMITS.maxScheduled && (delay > 0 || req.loopCount > 0)) {
      this.emit(this.response(req, { error: `Too many delayed or repeated messages pending on this connection (${REMOTE_LIMITS.maxScheduled})` }, now));
      return;
    }
    const first = now + delay;
    const at = (index: number) => {
      const run = () => {
        this.execute(req, index, late && index === 0);
        if (index < req.loopCount) at(index + 1);
      };
      // "repeated loop_count time(s) after loop_delay (From message beginning of event)"
      const wait = Math.max(0, first + index * req.loopDelay - this.d.clock.processSeconds());
      if (index === 0 && delay === 0) {
        run();
        return;
      }
      const timer = this.d.timers.setTimeout(() => {
        this.scheduled.delete(timer);
        run();
      }, wait * 1000);
      this.scheduled.set(timer, req.standalone);
    };
    at(0);
  }

  /**
   * Runs a handler. A handler that answers at once is answered at once, so the
   * responses to an array of such messages come in the order of the array.
   */
  private execute(req: RemoteRequest, index: number, late: boolean): void {
    if (!this.open && !req.standalone) return;
    const started = this.d.clock.processSeconds();
    const after: Array<() => void> = [];
    const ctx: HandlerContext = {
      control: this.d.control,
      logGet: (params) => new Promise<JsonObject>((resolve) => this.d.logStream.request(params, resolve)),
      afterReply: (fn) => after.push(fn),
      who: this.d.who,
    };
    const finish = (fields: JsonObject) => {
      const extra: JsonObject = {};
      if (req.loopCount > 0) extra.loop_index = index;
      if (late) extra.absolute_time = 'late';
      this.emit(this.response(req, { ...fields, ...extra }, started));
      for (const fn of after) fn();
    };
    let result: JsonObject | Promise<JsonObject>;
    try {
      result = (HANDLERS[req.message] as (typeof HANDLERS)[string])(req, ctx);
    } catch (e) {
      finish(this.failure(req, e));
      return;
    }
    if (result instanceof Promise) result.then(finish, (e: unknown) => finish(this.failure(req, e)));
    else finish(result);
  }

  private failure(req: RemoteRequest, e: unknown): JsonObject {
    if (e instanceof RemoteError) return { ...e.fields, error: e.message };
    this.d.onInternalError(`remote API ${req.message} from ${this.d.who} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return { error: `Internal error: ${e instanceof Error ? e.message : String(e)}` };
  }

  private response(req: RemoteRequest, fields: JsonObject, started: number): JsonObject {
    const out: JsonObject = { message: req.message };
    if (req.hasMessageId) out.message_id = req.messageId;
    return this.stamp(Object.assign(out, fields), started);
  }

  private stamp(out: JsonObject, started: number): JsonObject {
    out.time = Math.round(started * 1000) / 1000;
    out.utc = Math.round(this.d.clock.utcSeconds() * 1000) / 1000;
    return out;
  }

  private emit(obj: JsonObject): void {
    if (!this.open) return;
    this.d.send(JSON.stringify(obj));
  }
}
