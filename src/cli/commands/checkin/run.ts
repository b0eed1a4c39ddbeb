// checkin and heartbeat of a handle held elsewhere. Where to send it: the
// server in HANDLE@PORT@HOST, else -c, else LICUTIL_SERVER (set for a command
// run by `checkout -- CMD`), else every server of the license environment until
// one knows the handle.
import { issuedForm, parseHandleRef } from '../../../client/address.js';
import { retryWhileUnreachable } from '../../../client/retry.js';
import { processIo } from '../checkout/io.js';
import { openClient } from '../../../client/road.js';
import { LicutilError } from '../../../protocol/errors.js';
import { licenseSpecs, type CliContext, type CommandOutput } from '../../common/command.js';
import { roadInput } from '../../common/environment.js';
import type { HandleArgs } from './args.js';
import { jsonDocument } from '../../../protocol/documents.js';

function specsFor(args: HandleArgs, ctx: CliContext): { handle: string; specs: string[] | undefined } {
  const ref = parseHandleRef(String(args.handle));
  // a server answers "no such checkout" alike for a handle returned before and one it never
  // issued; a handle of no server's form is known never issued without asking (a usage error,
  // not "already checked in": the step passed the wrong thing)
  if (!issuedForm(ref.handle)) {
    throw new LicutilError(
      'LICUTIL_E_USAGE',
      `${JSON.stringify(ref.handle)} is not a checkout handle any licutil server issued: a handle is 32 lowercase hex digits`,
      'pass the reference `licutil checkout --detach` printed (HANDLE@PORT@HOST), unchanged; an administrator may pass the checkout id `licutil stat` shows',
    );
  }
  if (ref.endpoint) return { handle: ref.handle, specs: [ref.endpoint.spec] };
  const fromFlag = licenseSpecs(args);
  if (fromFlag) return { handle: ref.handle, specs: fromFlag };
  const server = ctx.env.LICUTIL_SERVER?.trim();
  return { handle: ref.handle, specs: server ? [server] : undefined };
}

/**
 * A seat the server no longer holds under that handle is back in the pool
 * already: a second checkin (an `if: always()` step after one that did it)
 * succeeds, saying why there was nothing to do. A server keeps no record of a
 * checkout returned, so a handle of the right form it never issued (another
 * server's) reads the same: exit 0 too, since failing a second checkin would
 * be worse (docs/decisions.md).
 */
const ALREADY_BACK: Partial<Record<string, string>> = {
  LICUTIL_E_NO_SUCH_HANDLE: 'checked in before, or ended by the server; a server keeps no record of returned checkouts, so a handle it never issued reads the same',
  LICUTIL_E_REMOVED: 'a license administrator removed it',
  LICUTIL_E_LEASE_LAPSED: 'the server reclaimed it when its lease ran out',
};

function alreadyBack(handle: string, e: LicutilError): CommandOutput {
  const why = ALREADY_BACK[e.code] ?? '';
  return {
    json: jsonDocument('checkin', { handle, server: null, held_seconds: 0, already_checked_in: true, reason: e.code }),
    human: () => `already checked in: the server holds no checkout ${handle} (${why}); nothing to return`,
    // the line above says it all: the server's words again on stderr would only repeat it
    exitCode: 0,
  };
}

/**
 * How long a detached holder's checkin or heartbeat keeps trying a server it
 * cannot reach: long enough for a server restart, short enough for a CI step.
 */
const RESTART_GRACE_MS = 30_000;

function rideOutRestart<T>(call: () => Promise<T>, what: string, handle: string, quiet: boolean): Promise<T> {
  let said = false;
  return retryWhileUnreachable(call, {
    deadline: performance.now() + RESTART_GRACE_MS,
    onRetry: (r) => {
      if (said || quiet) return;
      said = true;
      processIo.say(`cannot ${what} ${handle} now (${r.error.message}); trying again for ${Math.round(r.remainingSeconds)} s`);
    },
  });
}

export async function runCheckin(args: HandleArgs, ctx: CliContext): Promise<CommandOutput> {
  const { handle, specs } = specsFor(args, ctx);
  const { client } = await openClient(roadInput(args, ctx, specs), 'check it in at');
  try {
    let done;
    try {
      done = await rideOutRestart(() => client.checkin(handle), 'check in', handle, args.quiet);
    } catch (e) {
      if (e instanceof LicutilError && ALREADY_BACK[e.code]) return alreadyBack(handle, e);
      throw e;
    }
    const { endpoint, value } = done;
    const held = value.held_seconds;
    return {
      json: jsonDocument('checkin', { handle, server: endpoint.spec, held_seconds: held, already_checked_in: false, reason: null }),
      human: () => `checked in ${handle} at ${endpoint.spec}${held > 0 ? `; the seat returns to the pool in ${held} s (hold / min_checkout)` : ''}`,
      exitCode: 0,
    };
  } finally {
    await client.close();
  }
}

export async function runHeartbeat(args: HandleArgs, ctx: CliContext): Promise<CommandOutput> {
  const { handle, specs } = specsFor(args, ctx);
  const { client } = await openClient(roadInput(args, ctx, specs), 'renew it at');
  try {
    const { endpoint, value } = await rideOutRestart(() => client.heartbeat(handle), 'renew', handle, args.quiet);
    return {
      json: jsonDocument('heartbeat', { handle, server: endpoint.spec, lease_seconds: value.lease_seconds, lease_expires: value.lease_expires, messages: value.messages ?? [] }),
      human: () => `renewed ${handle} at ${endpoint.spec}: lease ${value.lease_seconds} s, until ${value.lease_expires}`,
      exitCode: 0,
    };
  } finally {
    await client.close();
  }
}
