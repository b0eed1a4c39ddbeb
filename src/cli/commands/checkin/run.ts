// checkin and heartbeat of a handle held elsewhere. Where to send it: the
// server in HANDLE@PORT@HOST, else -c, else LICUTIL_SERVER (set for a command
// run by `checkout -- CMD`), else every server of the license environment until
// one knows the handle.
import { parseHandleRef } from '../../../client/address.js';
import { openClient } from '../../../client/road.js';
import { licenseSpecs, type CliContext, type CommandOutput } from '../../command.js';
import { roadInput } from '../../environment.js';
import type { HandleArgs } from './command.js';

function specsFor(args: HandleArgs, ctx: CliContext): { handle: string; specs: string[] | undefined } {
  const ref = parseHandleRef(String(args.handle));
  if (ref.endpoint) return { handle: ref.handle, specs: [ref.endpoint.spec] };
  const fromFlag = licenseSpecs(args);
  if (fromFlag) return { handle: ref.handle, specs: fromFlag };
  const server = ctx.env.LICUTIL_SERVER?.trim();
  return { handle: ref.handle, specs: server ? [server] : undefined };
}

export async function runCheckin(args: HandleArgs, ctx: CliContext): Promise<CommandOutput> {
  const { handle, specs } = specsFor(args, ctx);
  const { client } = await openClient(roadInput(args, ctx, specs), 'check it in at');
  try {
    const { endpoint, value } = await client.checkin(handle);
    const held = value.held_seconds;
    return {
      json: { handle, server: endpoint.spec, held_seconds: held },
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
    const { endpoint, value } = await client.heartbeat(handle);
    return {
      json: { handle, server: endpoint.spec, lease_seconds: value.lease_seconds, lease_expires: value.lease_expires },
      human: () => `renewed ${handle} at ${endpoint.spec}: lease ${value.lease_seconds} s, until ${value.lease_expires}`,
      exitCode: 0,
    };
  } finally {
    await client.close();
  }
}
