// Administration: reread, remove, down. Each is allowed from loopback, and from
// anywhere else only with the configured bearer token (admin-auth.ts); a refusal
// always says why (LICUTIL_E_NOT_ADMIN with the reason and the fix).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type * as W from '../../../protocol/messages.js';
import { emptyRequestSchema, handleRequestSchema } from '../../../protocol/schemas.js';
import { decideAdmin } from './admin-auth.js';
import type { AppDeps } from './app.js';
import { answerFor } from './errors.js';
import { goneAnswer } from './routes-lease.js';
import type { RemoteAddressOf } from './admin-auth.js';

export interface AdminActions {
  /** re-run start-up processing and swap the pools; existing checkouts stay */
  reread(): Promise<W.RereadResponse>;
  /** stop the server; called once the answer to `down` has been written */
  down(requestedBy: string): void;
}

export type RouteContext = AppDeps & { remoteAddressOf: RemoteAddressOf };

/** The admin gate as an onRequest hook: answers the refusal itself, or lets the route run. */
function adminGate(ctx: RouteContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const remote = ctx.remoteAddressOf(request.raw);
    const d = decideAdmin(remote, request.headers.authorization, ctx.admin);
    if (!d.allowed) {
      ctx.log.warn(`refused ${request.method} ${request.routeOptions.url ?? request.url} from ${remote ?? 'unknown address'}: ${d.reason}`);
      const a = answerFor('LICUTIL_E_NOT_ADMIN', d.reason, d.hint);
      return reply.code(a.status).send(a.body);
    }
    (request as unknown as { adminBy: string }).adminBy = `${d.via === 'token' ? 'token' : 'loopback'}@${remote ?? '?'}`;
    return undefined;
  };
}

function adminBy(request: FastifyRequest): string {
  return (request as unknown as { adminBy?: string }).adminBy ?? 'admin';
}

/** reread and down take no arguments: no body, or `{}` */
const emptyBody = { body: { $ref: emptyRequestSchema.$id } };
const noBodyIsEmpty = async (request: FastifyRequest) => {
  if (request.body === undefined || request.body === null) request.body = {};
};

export function registerAdminRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // onRequest: refuse before the body is even read
  const gate = adminGate(ctx);

  app.post('/v1/reread', { onRequest: gate, preValidation: noBodyIsEmpty, schema: emptyBody }, async (request) => {
    ctx.log.info(`reread requested by ${adminBy(request)}`);
    return ctx.actions.reread();
  });

  app.post<{ Body: W.HandleRequest }>('/v1/remove', { onRequest: gate, schema: { body: { $ref: handleRequestSchema.$id } } }, async (request, reply) => {
    const { handle } = request.body;
    const by = adminBy(request);
    const r = await ctx.service.remove(handle, by);
    if (r.kind === 'removed') {
      ctx.log.info(`checkout ${handle} removed by ${by}`);
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

  app.post('/v1/down', { onRequest: gate, preValidation: noBodyIsEmpty, schema: emptyBody }, async (request, reply) => {
    const by = adminBy(request);
    ctx.log.info(`shutdown requested by ${by}`);
    reply.raw.once('finish', () => ctx.actions.down(by));
    const out: W.DownResponse = { stopping: true };
    return out;
  });
}
