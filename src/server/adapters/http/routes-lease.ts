// checkout / heartbeat / checkin. A checkout with `wait` is a long-poll: the
// request stays open while it is queued and is answered the moment the service
// hands it a seat or its wait ends. If the client hangs up first, its place in
// the queue is withdrawn (an AbortSignal tied to the response's 'close').
import type { FastifyInstance, FastifyReply } from 'fastify';
import type * as W from '../../../protocol/messages.js';
import { checkoutRequestSchema, handleRequestSchema } from '../../../protocol/schemas.js';
import type { RouteContext } from './routes-admin.js';
import { answerFor, answerForLicutilError, type ErrorAnswer } from './errors.js';
import { checkoutFromWire, grantToWire } from './wire.js';

function send(reply: FastifyReply, a: ErrorAnswer): FastifyReply {
  return reply.code(a.status).send(a.body);
}

export function registerLeaseRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Body: W.CheckoutRequest }>('/v1/checkout', { schema: { body: { $ref: checkoutRequestSchema.$id } } }, async (request, reply) => {
    const body = request.body;
    const waiting = body.wait !== undefined && body.wait > 0;
    const res = reply.raw;
    let outcome;
    if (waiting) {
      // a long-poll is silent by design: no socket inactivity timeout may cut it,
      // and a client that hangs up leaves the queue at once
      const sock = request.raw.socket as Partial<import('node:net').Socket> | undefined;
      sock?.setTimeout?.(0);
      sock?.setKeepAlive?.(true, 15_000);
      const ac = new AbortController();
      const onClose = () => {
        if (!res.writableFinished) ac.abort();
      };
      res.on('close', onClose);
      try {
        outcome = await ctx.service.checkout(checkoutFromWire(body), ac.signal);
      } finally {
        res.off('close', onClose);
      }
    } else {
      outcome = await ctx.service.checkout(checkoutFromWire(body));
      // the client hung up while its grant was being written: nobody will use that seat
      if (outcome.kind === 'grant' && (res.destroyed || request.raw.socket?.destroyed === true)) {
        await ctx.service.abandon(outcome.grant.handle);
        return send(reply, answerFor('LICUTIL_E_BAD_REQUEST', 'the client went away before it was answered'));
      }
    }
    switch (outcome.kind) {
      // checkouts and denials are counted from the service's events (run.ts countEvent)
      case 'grant': {
        const sock = request.raw.socket as Partial<import('node:net').Socket> | undefined;
        const ip = sock?.remoteAddress;
        if (ip !== undefined) ctx.clients?.granted(outcome.grant.handle, `${ip.includes(':') ? `[${ip}]` : ip}:${sock?.remotePort ?? 0}`);
        return grantToWire(outcome.grant, outcome.waitedMs);
      }
      case 'denial':
        return send(reply, answerFor(outcome.denial.code, outcome.denial.message, outcome.denial.hint));
      case 'error':
        ctx.metrics.denials.inc({ code: outcome.error.code });
        return send(reply, answerForLicutilError(outcome.error));
      case 'cancelled':
        // nobody is listening; end the exchange quietly
        return send(reply, answerFor('LICUTIL_E_BAD_REQUEST', 'the client went away while waiting'));
    }
  });

  app.post<{ Body: W.HandleRequest }>('/v1/heartbeat', { schema: { body: { $ref: handleRequestSchema.$id } } }, async (request, reply) => {
    const { handle } = request.body;
    const r = await ctx.service.heartbeat(handle);
    if (r.kind === 'ok') {
      const out: W.HeartbeatResponse = { handle, lease_seconds: Math.round(r.leaseMs / 1000), lease_expires: r.leaseExpiresIso };
      const messages = ctx.clients?.takeMessages(handle) ?? [];
      if (messages.length > 0) out.messages = messages;
      return out;
    }
    return send(reply, goneAnswer(handle, r.reason, r.reason === 'removed' ? ctx.clients?.closeReason(handle) : undefined));
  });

  app.post<{ Body: W.HandleRequest }>('/v1/checkin', { schema: { body: { $ref: handleRequestSchema.$id } } }, async (request, reply) => {
    const { handle } = request.body;
    const r = await ctx.service.checkin(handle);
    if (r.kind === 'unknown') return send(reply, goneAnswer(handle, 'unknown'));
    const out: W.CheckinResponse = { handle, held_seconds: Math.round(r.heldForMs / 1000) };
    return out;
  });
}

/** `why`: the text the administrator gave when closing the checkout (monitor `close`). */
export function goneAnswer(handle: string, reason: 'removed' | 'reclaimed' | 'unknown', why?: string): ErrorAnswer {
  switch (reason) {
    case 'removed':
      return answerFor(
        'LICUTIL_E_REMOVED',
        `checkout ${handle} was removed by the license administrator${why ? `: ${why}` : ''}`,
        'check out again if you still need the seat',
      );
    case 'reclaimed':
      return answerFor(
        'LICUTIL_E_LEASE_LAPSED',
        `checkout ${handle} was reclaimed: its lease was not renewed in time`,
        'heartbeat more often than the lease length (lease_seconds), then check out again',
      );
    case 'unknown':
      return answerFor(
        'LICUTIL_E_NO_SUCH_HANDLE',
        `the server knows no checkout ${handle}`,
        'it was checked in already, or ended long ago; `licutil stat` lists the live handles',
      );
  }
}
