// `licutil checkout`: acquire a seat (queueing with --wait, the place in the
// queue shown), then either hand it to the caller (--detach) or hold it while a
// command runs and give it back whatever happens to the command.
import type { LicenseClient } from '../../../client/client.js';
import { openClient } from '../../../client/road.js';
import { roadInput } from '../../environment.js';
import { parseDuration } from '../../../client/duration.js';
import type { Lease } from '../../../client/lease.js';
import { LicutilError } from '../../../protocol/errors.js';
import { LIMITS } from '../../../protocol/schemas.js';
import type { CliContext, CommandOutput } from '../../command.js';
import type { CheckoutArgs } from './command.js';
import { runHeld, signalStatus, type ChildEnd } from './child.js';
import { FORWARDED_SIGNALS, processIo, type CheckoutIo, type ForwardedSignal } from './io.js';
import { makeProgress, progressMode } from './progress.js';

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
  try {
    const lease = await client.checkout(plan.product, {
      version: plan.version,
      count: plan.count,
      wait: plan.wait,
      lease: plan.lease,
      tag: args.tag,
      password: args.password,
      signal,
      onQueued: mode === 'none' ? undefined : (q) => progress.queued(q),
      heartbeat: !args.detach,
    });
    progress.stop();
    if (mode !== 'none' && lease.grant.waited_seconds > 0) {
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

function detachedOutput(lease: Lease): CommandOutput {
  const g = lease.grant;
  const json: Record<string, unknown> = {
    handle: lease.handle,
    ref: lease.ref,
    server: lease.endpoint.spec,
    isv: g.isv,
    product: g.product,
    version: g.version,
    count: g.count,
    lease_seconds: g.lease_seconds,
    lease_expires: g.lease_expires,
    pool: g.pool,
    waited_seconds: g.waited_seconds,
    over_soft_limit: g.over_soft_limit,
  };
  if (g.warning !== undefined) json.warning = g.warning;
  const out: CommandOutput = { json, human: () => lease.ref, exitCode: 0 };
  if (g.warning !== undefined) out.messages = [{ level: 'warning', text: g.warning }];
  return out;
}

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
  try {
    end = await runHeld({ command, args: rest, env: ctx.env, cwd: ctx.cwd, lease, product: plan.product, onLost: args['on-lost'], io: relay.forwardingIo(io) });
  } finally {
    try {
      await lease.checkin();
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      io.say(`could not check in ${lease.ref} (${why}); the server reclaims the seat when its lease lapses`);
    }
  }
  return childOutcome(end, command, io);
}

export async function runCheckout(args: CheckoutArgs, ctx: CliContext, io: CheckoutIo = processIo): Promise<CommandOutput> {
  const plan = planCheckout(args);
  const relay = new SignalRelay(io);
  try {
    const { client } = await openClient(roadInput(args, ctx), 'check out from');
    try {
      const lease = await acquire(client, plan, args, io, relay.abort.signal);
      if (relay.pending) return await interruptedOutput(io, plan, relay.pending, lease);
      if (!lease) throw new LicutilError('LICUTIL_E_INTERNAL', 'the checkout was cancelled without a signal');
      if (lease.grant.warning !== undefined && !args.detach && !args.quiet) io.say(`warning: ${lease.grant.warning}`);
      return args.detach ? detachedOutput(lease) : await holdWhileRunning(lease, plan, args, ctx, io, relay);
    } finally {
      await client.close();
    }
  } finally {
    relay.stop();
  }
}
