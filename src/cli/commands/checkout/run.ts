// `licutil checkout`: acquire a seat (queueing with --wait, the place in the
// queue shown), then either hand it to the caller (--detach) or hold it while a
// command runs and give it back whatever happens to the command.
import type { LicenseClient } from '../../../client/client.js';
import { openClient } from '../../../client/road.js';
import { roadInput } from '../../common/environment.js';
import { parseDuration } from '../../../client/duration.js';
import { isServerUnavailable } from '../../../client/failure.js';
import type { Lease } from '../../../client/lease.js';
import type { CheckoutRetry, LeaseLost, QueuePosition } from '../../../client/types.js';
import { LicutilError } from '../../../protocol/errors.js';
import { LIMITS } from '../../../protocol/schemas.js';
import type { CliContext, CommandOutput, Message } from '../../common/command.js';
import type { CheckoutArgs } from './args.js';
import { runHeld, signalStatus, type ChildEnd } from './child.js';
import { FORWARDED_SIGNALS, processIo, type CheckoutIo, type ForwardedSignal } from './io.js';
import { makeProgress, progressMode } from './progress.js';
import { jsonDocument } from '../../../protocol/documents.js';

export interface CheckoutPlan {
  product: string;
  version: string | undefined;
  count: number;
  /** seconds; 0 = no queueing */
  wait: number;
  lease: number | undefined;
  command: string[];
}

const PRODUCT = /^[A-Za-z0-9_.+-]{1,64}$/;
const VERSION = /^[0-9]{1,10}(\.[0-9]{1,10}){0,3}$/;

/** The command line, checked: every mistake is a usage error saying what to write instead. */
export function planCheckout(args: CheckoutArgs): CheckoutPlan {
  const spec = String(args.feature);
  const colon = spec.indexOf(':');
  const product = colon < 0 ? spec : spec.slice(0, colon);
  const version = colon < 0 ? undefined : spec.slice(colon + 1);
  if (!PRODUCT.test(product)) {
    throw new LicutilError('LICUTIL_E_USAGE', `${JSON.stringify(product)} is not a product name`, 'product names are letters, digits and _ . + - (at most 64); write FEATURE or FEATURE:VERSION');
  }
  if (version !== undefined && !VERSION.test(version)) {
    throw new LicutilError('LICUTIL_E_USAGE', `${JSON.stringify(version)} in ${JSON.stringify(spec)} is not a version`, 'write FEATURE:N, FEATURE:N.M or FEATURE:N.M.P, e.g. solver:2.1');
  }
  const count = args.count;
  if (!Number.isInteger(count) || count < 1 || count > LIMITS.maxCount) {
    throw new LicutilError('LICUTIL_E_USAGE', `-n ${String(count)} is not a number of seats`, 'give a whole number of seats, 1 or more');
  }
  const wait = args.wait === undefined ? 0 : parseDuration(args.wait, '--wait');
  if (wait > LIMITS.maxWaitSeconds) {
    throw new LicutilError('LICUTIL_E_USAGE', `--wait ${args.wait} is longer than a day`, 'wait at most 24h; run the checkout again to wait longer');
  }
  let lease: number | undefined;
  if (args.lease !== undefined) {
    lease = Math.ceil(parseDuration(args.lease, '--lease'));
    if (lease < 1 || lease > LIMITS.maxWaitSeconds) {
      throw new LicutilError('LICUTIL_E_USAGE', `--lease ${args.lease} is not between 1 second and 24 hours`, 'give a lease such as 60, 5m or 1h (the server may shorten it)');
    }
  }
  const command = (args['--'] ?? []).map(String);
  if (command.length === 0 && !args.detach) {
    throw new LicutilError('LICUTIL_E_USAGE', 'checkout needs a command to run (after --) or --detach', 'licutil checkout FEATURE -- CMD ARGS...   or   licutil checkout FEATURE --detach');
  }
  if (command.length > 0 && args.detach) {
    throw new LicutilError('LICUTIL_E_USAGE', '--detach takes no command', 'drop --detach to hold the seat while the command runs, or drop the command');
  }
  if (command.length > 0 && args.json) {
    throw new LicutilError('LICUTIL_E_USAGE', '--json goes with --detach: with a command, stdout belongs to the command', 'drop --json, or use --detach --json');
  }
  return { product, version, count, wait, lease, command };
}

/**
 * The terminal signals for the whole run, caught from the start: while the seat
 * is being acquired a signal cancels the request (leaving the queue); once a
 * command runs it is forwarded to it. Nothing is lost in between.
 */
class SignalRelay {
  pending: ForwardedSignal | null = null;
  readonly abort = new AbortController();
  private target: ((s: ForwardedSignal) => void) | null = null;
  readonly stop: () => void;

  constructor(io: CheckoutIo) {
    this.stop = io.onSignals(FORWARDED_SIGNALS, (s) => {
      if (this.target) {
        this.target(s);
        return;
      }
      this.pending ??= s;
      this.abort.abort();
    });
  }

  /** the io a child runner uses: its forwarder receives the signals while it is subscribed */
  forwardingIo(io: CheckoutIo): CheckoutIo {
    return {
      ...io,
      onSignals: (_signals, fn) => {
        this.target = fn;
        return () => {
          this.target = null;
        };
      },
    };
  }
}

async function interruptedOutput(io: CheckoutIo, plan: CheckoutPlan, s: ForwardedSignal, lease: Lease | null): Promise<CommandOutput> {
  if (lease) {
    // the seat was granted as the signal came: give it back before going
    await lease.checkin().catch(() => null);
    io.say(`interrupted by ${s} while checking out ${plan.product}; the seat was returned`);
  } else {
    io.say(`interrupted by ${s} while ${plan.wait > 0 ? `waiting for ${plan.product}; left the queue` : `checking out ${plan.product}`}`);
  }
  return { json: null, human: () => '', silent: true, exitCode: signalStatus(s), signal: s };
}

async function acquire(client: LicenseClient, plan: CheckoutPlan, args: CheckoutArgs, io: CheckoutIo, signal: AbortSignal): Promise<Lease | null> {
  const mode = plan.wait > 0 ? progressMode(io, args.quiet, args.json) : 'none';
  const progress = await makeProgress(mode, io, plan.product);
  const say = args.quiet ? () => undefined : (text: string) => io.say(text);
  // after a lost connection: the next place in a queue is news worth a line of its own
  let requeue = false;
  let lastSaid = -Infinity;
  const onRetry = (r: CheckoutRetry) => {
    const where = isServerUnavailable(r.error) ? r.error.endpoint.spec : 'the license server';
    const left = `${Math.round(r.remainingSeconds)} s left of --wait`;
    if (r.error.code === 'LICUTIL_E_SERVER_BUSY') {
      if (performance.now() - lastSaid < 10_000) return;
      say(`${r.error.message}; trying again (${left})`);
    } else if (!requeue) say(`lost the connection to ${where} while waiting for ${plan.product}; trying again (${r.error.message}; ${left})`);
    else if (performance.now() - lastSaid >= 10_000) say(`still cannot reach ${where}: ${r.error.message}; ${left}`);
    else return;
    requeue = true;
    lastSaid = performance.now();
  };
  const onQueued = (q: QueuePosition) => {
    if (requeue) {
      requeue = false;
      say(`queued again for ${plan.product} at ${q.endpoint.spec}${q.position === null ? '' : `: position ${q.position} of ${Math.max(q.waiting, q.position)}`}`);
    }
    progress.queued(q);
  };
  try {
    const lease = await client.checkout(plan.product, {
      version: plan.version,
      count: plan.count,
      wait: plan.wait,
      lease: plan.lease,
      tag: args.tag,
      password: args.password,
      signal,
      onQueued: mode === 'none' ? undefined : onQueued,
      onRetry,
      heartbeat: !args.detach,
      // a command running without its seat should hear of it soon, not a third of a long lease later
      renewEveryMs: args.detach ? undefined : HELD_RENEW_MS,
    });
    progress.stop();
    if (requeue) say(`got ${plan.product} on ${lease.endpoint.spec} after reconnecting`);
    else if (mode !== 'none' && lease.grant.waited_seconds > 0) {
      io.say(`got ${plan.product} on ${lease.endpoint.spec} after ${Math.round(lease.grant.waited_seconds)} s in the queue`);
    }
    return lease;
  } catch (e) {
    if (signal.aborted) return null;
    throw e;
  } finally {
    progress.stop();
  }
}

/** The lease the server granted, when it is shorter than the one asked for (its --lease-max). */
function shortenedLease(lease: Lease, plan: CheckoutPlan): string | null {
  const asked = plan.lease;
  const got = lease.grant.lease_seconds;
  if (asked === undefined || got >= asked) return null;
  return `${lease.endpoint.spec} granted a lease of ${formatSeconds(got)}, not the ${formatSeconds(asked)} asked (the longest it gives, its --lease-max)`;
}

function formatSeconds(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const parts = [h ? `${h}h` : '', m ? `${m}m` : '', sec || (!h && !m) ? `${sec}s` : ''].filter((x) => x);
  return `${s} s${h || m ? ` (${parts.join('')})` : ''}`;
}

function detachedOutput(lease: Lease, plan: CheckoutPlan): CommandOutput {
  const g = lease.grant;
  const json = jsonDocument('checkout', {
    handle: lease.handle,
    // a server older than public ids gives none
    id: g.id ?? null,
    ref: lease.ref,
    server: lease.endpoint.spec,
    isv: g.isv,
    product: g.product,
    version: g.version,
    count: g.count,
    lease_seconds: g.lease_seconds,
    // what --lease asked for (null: none): a server's --lease-max may grant less
    lease_asked_seconds: plan.lease ?? null,
    lease_expires: g.lease_expires,
    pool: g.pool,
    waited_seconds: g.waited_seconds,
    over_soft_limit: g.over_soft_limit,
    warning: g.warning ?? null,
  });
  const out: CommandOutput = { json, human: () => lease.ref, exitCode: 0 };
  const messages: Message[] = [];
  if (g.warning !== undefined) messages.push({ level: 'warning', text: g.warning });
  const short = shortenedLease(lease, plan);
  if (short) messages.push({ level: 'warning', text: `${short}; renew it with \`licutil heartbeat ${lease.ref}\` before it ends, or the seat is reclaimed` });
  if (messages.length > 0) out.messages = messages;
  return out;
}

/** How often `checkout -- CMD` renews at the least: a removal is said within this, the server barely notices. */
const HELD_RENEW_MS = 5_000;

const LOST_WORDS: Record<LeaseLost['reason'], string> = {
  removed: 'a license administrator removed it',
  lapsed: 'the server reclaimed it when a renewal came too late',
  unknown: 'the server no longer knew it',
  unreachable: 'the server could not be reached to renew it',
};

/** Exit status and signal to re-raise for how the command ended. */
export function childOutcome(end: ChildEnd, command: string, io: CheckoutIo): CommandOutput {
  if (end.spawnError) {
    const e = end.spawnError;
    const why = e.code === 'ENOENT' ? 'no such command' : e.code === 'EACCES' ? 'permission denied' : e.message;
    io.say(`cannot start ${command}: ${why}${e.code ? ` (${e.code})` : ''}`);
    return { json: null, human: () => '', silent: true, exitCode: 127 };
  }
  if (end.signal) return { json: null, human: () => '', silent: true, exitCode: signalStatus(end.signal), signal: end.signal };
  return { json: null, human: () => '', silent: true, exitCode: end.code ?? 1 };
}

async function holdWhileRunning(lease: Lease, plan: CheckoutPlan, args: CheckoutArgs, ctx: CliContext, io: CheckoutIo, relay: SignalRelay): Promise<CommandOutput> {
  const [command = '', ...rest] = plan.command;
  let end: ChildEnd;
  // a seat lost while the command ran (or found gone at checkin) is said again at the end, where a CI log reader looks
  let lost: LeaseLost | null = null;
  lease.on('lost', (l) => (lost ??= l));
  let retrying = false;
  lease.on('checkinTrouble', (t) => {
    if (retrying) return;
    retrying = true;
    io.say(`cannot check in the ${plan.product} seat at ${lease.endpoint.spec}: ${t.error.message}; retrying for the ${Math.round(t.remainingMs / 1000)} s left on the lease`);
  });
  try {
    end = await runHeld({ command, args: rest, env: ctx.env, cwd: ctx.cwd, lease, product: plan.product, onLost: args['on-lost'], io: relay.forwardingIo(io) });
  } finally {
    try {
      const back = await lease.checkin();
      if (retrying && back) io.say(`checked in the ${plan.product} seat at ${lease.endpoint.spec}`);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      io.say(`could not check in ${lease.ref} (${why}); the server reclaims the seat when its lease lapses`);
    }
  }
  const gone = lost as LeaseLost | null;
  if (gone) io.say(`${command} ran without its ${plan.product} seat from some point on: ${LOST_WORDS[gone.reason]} (${gone.error.message})`);
  return childOutcome(end, command, io);
}

export async function runCheckout(args: CheckoutArgs, ctx: CliContext, io: CheckoutIo = processIo): Promise<CommandOutput> {
  const plan = planCheckout(args);
  const relay = new SignalRelay(io);
  try {
    const input = roadInput(args, ctx);
    // a detached seat is held by no process: this one exits at once, and its pid would name a stranger later
    if (args.detach) input.identity = { pid: 0 };
    const { client } = await openClient(input, 'check out from');
    try {
      const lease = await acquire(client, plan, args, io, relay.abort.signal);
      if (relay.pending) return await interruptedOutput(io, plan, relay.pending, lease);
      if (!lease) throw new LicutilError('LICUTIL_E_INTERNAL', 'the checkout was cancelled without a signal');
      if (lease.grant.warning !== undefined && !args.detach && !args.quiet) io.say(`warning: ${lease.grant.warning}`);
      const short = args.detach ? null : shortenedLease(lease, plan);
      // held while the command runs: the renewals keep the seat, but the user asked for something else
      if (short && !args.quiet) io.say(`note: ${short}; the seat is renewed while the command runs`);
      return args.detach ? detachedOutput(lease, plan) : await holdWhileRunning(lease, plan, args, ctx, io, relay);
    } finally {
      await client.close();
    }
  } finally {
    relay.stop();
  }
}
