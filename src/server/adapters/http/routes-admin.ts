// Administration: reread, remove, down. Each is allowed from loopback, and from
// anywhere else only with the configured bearer token (admin-auth.ts); a refusal
// always says why (LICUTIL_E_NOT_ADMIN with the reason and the fix). A request a
// browser sent is another matter (browser-guard.ts): it must come from this
// server's own page, and loopback does not make it admin — only a signed-in
// session of the status page with its CSRF token, or the bearer token, does.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type * as W from '../../../protocol/messages.js';
import { emptyRequestSchema, handleRequestSchema } from '../../../protocol/schemas.js';
import { decideAdminCounted } from './admin-auth.js';
import { checkSameOrigin, fromBrowser } from './browser-guard.js';
import type { RouteContext } from './deps.js';
import { answerFor } from './errors.js';
import { rereadAnswerStream } from './reread-answer.js';
import { hashSecret, isLeaseId } from '../../core/pool/secret.js';
import { goneAnswer, refuseLocked } from './routes-lease.js';

/** The admin gate as an onRequest hook: answers the refusal itself, or lets the route run. */
function adminGate(ctx: RouteContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const remote = ctx.remoteAddressOf(request.raw);
    const foreign = checkSameOrigin(request.headers, ctx.browser.tls);
    if (foreign) {
      ctx.log.warn(`refused ${request.method} ${request.routeOptions.url ?? request.url} from ${remote ?? 'unknown address'}: ${foreign.reason}`);
      const a = answerFor(foreign.code, foreign.reason, foreign.hint);
      return reply.code(a.status).send(a.body);
    }
    const browser = fromBrowser(request.headers);
    const session = browser ? ctx.web?.adminOf(request.headers.cookie, request.headers['x-licutil-csrf']) : undefined;
    if (session) {
      (request as unknown as { adminBy: string }).adminBy = session;
      return undefined;
    }
    const d = decideAdminCounted(remote, request.headers.authorization, browser ? { ...ctx.admin, loopbackIsAdmin: false } : ctx.admin, ctx.guesses);
    if (!d.allowed && d.retryAfterSeconds !== undefined) return refuseLocked(reply, d);
    if (!d.allowed) {
      ctx.log.warn(`refused ${request.method} ${request.routeOptions.url ?? request.url} from ${remote ?? 'unknown address'}: ${d.reason}`);
      const a = browser
        ? answerFor('LICUTIL_E_NOT_ADMIN', `from a browser, administration needs a signed-in session of the status page and its CSRF token (${d.reason})`, 'sign in on the status page with the admin token')
        : answerFor('LICUTIL_E_NOT_ADMIN', d.reason, d.hint);
      return reply.code(a.status).send(a.body);
    }
    (request as unknown as { adminBy: string }).adminBy = `${d.via === 'token' ? 'token' : 'loopback'}@${remote ?? '?'}`;
    return undefined;
  };
}

function adminBy(request: FastifyRequest): string {
  return (request as unknown as { adminBy?: string }).adminBy ?? 'admin';
}

/** reread and down take no arguments: `{}` (every POST is JSON, browser-guard.ts) */
const emptyBody = { body: { $ref: emptyRequestSchema.$id } };

export function registerAdminRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // onRequest: refuse before the body is even read
  const gate = adminGate(ctx);

  app.post('/v1/reread', { onRequest: gate, schema: emptyBody }, async (request, reply) => {
    const by = adminBy(request);
    ctx.log.info(`reread requested by ${by}`);
    const answer = await ctx.actions.reread(by);
    return reply.type('application/json; charset=utf-8').send(rereadAnswerStream(answer));
  });

  app.post<{ Body: W.HandleRequest }>('/v1/remove', { onRequest: gate, schema: { body: { $ref: handleRequestSchema.$id } } }, async (request, reply) => {
    const { handle } = request.body;
    const by = adminBy(request);
    // the public id, as status shows it; or a holder's handle, which names its lease by its hash
    const r = await ctx.service.remove(isLeaseId(handle) ? handle : hashSecret(handle), by);
    if (r.kind === 'removed') {
      ctx.log.info(`checkout ${isLeaseId(handle) ? handle : "(named by its holder's handle)"} removed by ${by}`);
      const out: W.RemoveResponse = { handle, removed: true };
      return out;
    }
    if (r.kind === 'unknown') {
      const a = goneAnswer(handle, 'unknown');
      return reply.code(a.status).send(a.body);
    }
    const a = answerFor(r.code, r.message, r.hint);
    return reply.code(a.status).send(a.body);
  });

  app.post('/v1/down', { onRequest: gate, schema: emptyBody }, async (request, reply) => {
    const by = adminBy(request);
    ctx.log.info(`shutdown requested by ${by}`);
    reply.raw.once('finish', () => ctx.actions.down(by));
    const out: W.DownResponse = { stopping: true };
    return out;
  });
}
