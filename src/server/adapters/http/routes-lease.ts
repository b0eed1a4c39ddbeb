// checkout / heartbeat / checkin. A checkout with `wait` is a long-poll: the
// request stays open while it is queued and is answered the moment the service
// hands it a seat or its wait ends, or with a ticket (202) after the poll
// time-out, to resume with (long-polls.ts). If the client hangs up first, its
// place in the queue is withdrawn.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type * as W from '../../../protocol/messages.js';
import { checkoutRequestSchema, handleRequestSchema, resumeRequestSchema } from '../../../protocol/schemas.js';
import type { CheckoutOutcome } from '../../core/lease-service.js';
import { hashSecret, isLeaseId } from '../../core/pool/secret.js';
import { decideAdminCounted } from './admin-auth.js';
import { clientKey } from '../guesses.js';
import type { RouteContext } from './deps.js';
import { answerFor, answerForLicutilError, type ErrorAnswer } from './errors.js';
import { checkoutFromWire, grantToWire } from './wire.js';

function send(reply: FastifyReply, a: ErrorAnswer): FastifyReply {
  return reply.code(a.status).send(a.body);
}

export function registerLeaseRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Body: W.CheckoutRequest }>('/v1/checkout', { schema: { body: { $ref: checkoutRequestSchema.$id } } }, async (request, reply) => {
    const body = request.body;
    const peer = ctx.remoteAddressOf(request.raw);
    // guessing a license password: a locked-out address is refused before its password is looked at
    if (body.password !== undefined) {
      const wait = ctx.guesses?.lockedFor(peer) ?? null;
      if (wait !== null) return refuseGuessing(reply, wait);
    }
    const res = reply.raw;
    if (body.wait !== undefined && body.wait > 0) {
      // the client as for guessing: an IPv6 host picks any address of its /64
      const client = clientKey(peer);
      const refused = ctx.polls.refusal(client);
      if (refused) {
        // only the wait is refused: a seat free now is still granted, a request that can never be met still says so
        const now = await ctx.service.checkout(checkoutFromWire({ ...body, wait: 0 }, peer));
        if (now.kind !== 'denial' || now.denial.code !== 'LICUTIL_E_ALL_IN_USE') return answerOutcome(ctx, request, reply, now);
        ctx.log.warn(`refused a waiting checkout of ${body.product} from ${client}: ${refused.answer.body.error.code}`);
        // the connection goes too: a client refused for want of descriptors must not keep one
        return reply.code(refused.answer.status).header('retry-after', String(refused.retryAfterSeconds)).header('connection', 'close').send(refused.answer.body);
      }
      holdOpen(request);
      const answer = await ctx.polls.start(client, checkoutFromWire(body, peer), res);
      if (answer.kind === 'queued') return reply.code(202).send(answer.body);
      return answerOutcome(ctx, request, reply, answer.outcome);
    }
    const outcome = await ctx.service.checkout(checkoutFromWire(body, peer));
    // the client hung up while its grant was being written: nobody will use that seat
    if (outcome.kind === 'grant' && (res.destroyed || request.raw.socket?.destroyed === true)) {
      await ctx.service.abandon(outcome.grant.handle);
      return send(reply, answerFor('LICUTIL_E_BAD_REQUEST', 'the client went away before it was answered'));
    }
    return answerOutcome(ctx, request, reply, outcome);
  });

  // a waiting checkout whose long-poll was answered 202 waits on with its ticket, in the same place
  app.post<{ Body: W.ResumeRequest }>('/v1/resume', { schema: { body: { $ref: resumeRequestSchema.$id } } }, async (request, reply) => {
    holdOpen(request);
    const pending = ctx.polls.resume(request.body.ticket, reply.raw);
    if (pending === null) {
      return send(
        reply,
        answerFor(
          'LICUTIL_E_NO_SUCH_HANDLE',
          'the server knows no waiting checkout with that ticket',
          'it was answered already, gave up its place (not resumed in time), or the server restarted: check out again',
        ),
      );
    }
    const answer = await pending;
    if (answer.kind === 'queued') return reply.code(202).send(answer.body);
    return answerOutcome(ctx, request, reply, answer.outcome);
  });

  // `handle` is the holder's secret (the server looks the lease up by its hash), or a public id:
  // only an administrator may act by id, since anyone can read ids in status
  app.post<{ Body: W.HandleRequest }>('/v1/heartbeat', { schema: { body: { $ref: handleRequestSchema.$id } } }, async (request, reply) => {
    const { handle } = request.body;
    const byId = isLeaseId(handle);
    if (byId && adminOrRefuse(ctx, request, reply, handle, 'renew') === null) return reply;
    const key = byId ? handle : hashSecret(handle);
    const r = await ctx.service.heartbeat(key);
    if (r.kind === 'ok') {
      const out: W.HeartbeatResponse = { handle, lease_seconds: Math.round(r.leaseMs / 1000), lease_expires: r.leaseExpiresIso };
      // messages are the holder's: an administrator's renewal by id leaves them waiting
      const messages = byId ? [] : (ctx.clients?.takeMessages(key) ?? []);
      if (messages.length > 0) out.messages = messages;
      return out;
    }
    return send(reply, goneAnswer(handle, r.reason, r.reason === 'removed' && !byId ? ctx.clients?.closeReason(key) : undefined));
  });

  app.post<{ Body: W.HandleRequest }>('/v1/checkin', { schema: { body: { $ref: handleRequestSchema.$id } } }, async (request, reply) => {
    const { handle } = request.body;
    if (isLeaseId(handle)) {
      // an administrator returning someone's seat is a removal: min_remove applies and the holder hears REMOVED
      const by = adminOrRefuse(ctx, request, reply, handle, 'return');
      if (by === null) return reply;
      const rm = await ctx.service.remove(handle, by);
      if (rm.kind === 'unknown') return send(reply, goneAnswer(handle, 'unknown'));
      if (rm.kind === 'refused') return send(reply, answerFor(rm.code, rm.message, rm.hint));
      ctx.log.info(`checkout ${handle} removed by ${by} (a checkin by id, without the holder's handle)`);
      const out: W.CheckinResponse = { handle, held_seconds: 0 };
      return out;
    }
    const key = hashSecret(handle);
    const r = await ctx.service.checkin(key);
    if (r.kind === 'unknown') return send(reply, goneAnswer(handle, 'unknown'));
    if (r.kind === 'gone') return send(reply, goneAnswer(handle, r.reason, r.reason === 'removed' ? ctx.clients?.closeReason(key) : undefined));
    const out: W.CheckinResponse = { handle, held_seconds: Math.round(r.heldForMs / 1000) };
    return out;
  });
}

/**
 * Denials that mean a wrong password, when the request gave one: a pool behind
 * another password, and no such product at all — else a guesser would learn
 * which products have a password from which answers lock it out.
 */
const WRONG_PASSWORD: ReadonlySet<string> = new Set(['LICUTIL_E_BAD_PASSWORD', 'LICUTIL_E_NO_SUCH_PRODUCT']);

/** 429 with Retry-After, and the connection closed. */
export function refuseGuessing(reply: FastifyReply, seconds: number): FastifyReply {
  return send(
    reply.header('retry-after', String(seconds)).header('connection', 'close'),
    answerFor(
      'LICUTIL_E_TOO_MANY_FAILURES',
      `too many wrong license passwords from this address: try again in ${seconds} s`,
      'check the password in the license source or request; the lock ends by itself, and each further wrong one doubles it',
    ),
  );
}

/** 429 for an address locked out for wrong admin tokens (admin-auth.ts decideAdminCounted), connection closed. */
export function refuseLocked(reply: FastifyReply, d: { reason: string; hint: string; retryAfterSeconds?: number }): FastifyReply {
  return send(reply.header('retry-after', String(d.retryAfterSeconds ?? 1)).header('connection', 'close'), answerFor('LICUTIL_E_TOO_MANY_FAILURES', d.reason, d.hint));
}

/** A long-poll is silent by design: no socket inactivity time-out may cut it (the poll time-out bounds it). */
function holdOpen(request: FastifyRequest): void {
  const sock = request.raw.socket as Partial<import('node:net').Socket> | undefined;
  sock?.setTimeout?.(0);
  sock?.setKeepAlive?.(true, 15_000);
}

/** The answer to a checkout, direct or resumed; a wrong license password counts towards the address's lock-out. */
function answerOutcome(ctx: RouteContext, request: FastifyRequest<{ Body: W.CheckoutRequest | W.ResumeRequest }>, reply: FastifyReply, outcome: CheckoutOutcome): FastifyReply | W.CheckoutResponse {
  switch (outcome.kind) {
    // checkouts and denials are counted from the service's events (run.ts countEvent)
    case 'grant': {
      const sock = request.raw.socket as Partial<import('node:net').Socket> | undefined;
      const ip = sock?.remoteAddress;
      if (ip !== undefined) ctx.clients?.granted(outcome.grant.handle, `${ip.includes(':') ? `[${ip}]` : ip}:${sock?.remotePort ?? 0}`);
      return grantToWire(outcome.grant, outcome.waitedMs);
    }
    case 'denial': {
      const body = request.body as Partial<W.CheckoutRequest>;
      const peer = ctx.remoteAddressOf(request.raw);
      const lock =
        body.password !== undefined && WRONG_PASSWORD.has(outcome.denial.logCode)
          ? (ctx.guesses?.failed(peer, 'license password', `${peer ?? 'unknown address'} (${body.user}@${body.host}, ${body.product})`) ?? null)
          : null;
      // the failure that locks the address out also ends its connection: the next try needs a new one, and is refused
      if (lock !== null) void reply.header('connection', 'close');
      return send(reply, answerFor(outcome.denial.code, outcome.denial.message, outcome.denial.hint));
    }
    case 'error':
      ctx.metrics.denials.inc({ code: outcome.error.code });
      return send(reply, answerForLicutilError(outcome.error));
    case 'cancelled':
      // nobody is listening; end the exchange quietly
      return send(reply, answerFor('LICUTIL_E_BAD_REQUEST', 'the client went away while waiting'));
  }
}

/** The caller's admin identity, or null once the refusal has been sent (and logged with where it came from). */
function adminOrRefuse(ctx: RouteContext, request: FastifyRequest, reply: FastifyReply, id: string, what: string): string | null {
  const remote = ctx.remoteAddressOf(request.raw);
  const d = decideAdminCounted(remote, request.headers.authorization, ctx.admin, ctx.guesses);
  if (d.allowed) return `${d.via}@${remote ?? '?'}`;
  if (d.retryAfterSeconds !== undefined) {
    refuseLocked(reply, d);
    return null;
  }
  ctx.log.warn(`refused to ${what} checkout ${id} for ${remote ?? 'unknown address'}: a public id, not the holder's handle, and not an administrator`);
  send(
    reply,
    answerFor(
      'LICUTIL_E_NOT_HOLDER',
      `only the holder of checkout ${id} may ${what} it: ${id} is its public id, and ${d.reason}`,
      'use the handle the checkout answered with (what `checkout --detach` printed), or ask the license administrator to `licutil remove` it',
    ),
  );
  return null;
}

/** How an answer names a checkout: its public id, never the holder's handle echoed into a log or a screen. */
function named(ref: string): string {
  return isLeaseId(ref) ? `checkout ${ref}` : 'the checkout';
}

/** `why`: the text the administrator gave when closing the checkout (monitor `close`). */
export function goneAnswer(handle: string, reason: 'removed' | 'reclaimed' | 'unknown', why?: string): ErrorAnswer {
  switch (reason) {
    case 'removed':
      return answerFor(
        'LICUTIL_E_REMOVED',
        `${named(handle)} was removed by the license administrator${why ? `: ${why}` : ''}`,
        'check out again if you still need the seat',
      );
    case 'reclaimed':
      return answerFor(
        'LICUTIL_E_LEASE_LAPSED',
        `${named(handle)} was reclaimed: its lease was not renewed in time`,
        'heartbeat more often than the lease length (lease_seconds), then check out again',
      );
    case 'unknown':
      return answerFor(
        'LICUTIL_E_NO_SUCH_HANDLE',
        isLeaseId(handle) ? `the server knows no checkout ${handle}` : 'the server knows no checkout with that handle',
        'it was checked in already, or ended long ago; `licutil stat` lists the live checkouts'
      );
  }
}
