// Read-only routes: hello (who is this server), status (what `stat` shows) and
// the Prometheus metrics.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { HelloResponse, StatusResponse } from '../../../protocol/messages.js';
import { PASSWORD_HEADER, PROTOCOL_VERSION } from '../../../protocol/messages.js';
import { statusQuerySchema } from '../../../protocol/schemas.js';
import { decideAdminCounted } from './admin-auth.js';
import type { StatusOptions } from '../../core/pool/types.js';
import type { RouteContext } from './deps.js';
import { refuseGuessing, refuseLocked } from './routes-lease.js';
import { statusToWire } from './wire.js';

export function registerInfoRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/v1/hello', async (): Promise<HelloResponse> => {
    const info = ctx.serverInfo();
    const isvs = ctx.isvs?.() ?? [...new Set(ctx.service.status({ includeProtected: true, countsOnly: true }).pools.map((p) => p.isv))].sort();
    return {
      server: 'licutil',
      version: info.version,
      protocol: PROTOCOL_VERSION,
      host: info.host,
      started: info.started,
      isvs,
      tls: Boolean(ctx.tls),
    };
  });

  app.get<{ Querystring: { isv?: string; product?: string } }>(
    '/v1/status',
    { schema: { querystring: statusQuerySchema } },
    async (request, reply): Promise<StatusResponse | FastifyReply> => {
      const opts: StatusOptions = {};
      const peer = ctx.remoteAddressOf(request.raw);
      const pw = request.headers[PASSWORD_HEADER];
      if (typeof pw === 'string') {
        // status shows a password's pools only to that password: as good an oracle as a checkout
        const wait = ctx.guesses?.lockedFor(peer) ?? null;
        if (wait !== null) return refuseGuessing(reply, wait);
        opts.password = pw;
      }
      // pools behind a password: only with that password, or with the admin token
      // (loopback alone is not enough — any local user could read them otherwise)
      const d = decideAdminCounted(peer, request.headers.authorization, { ...ctx.admin, loopbackIsAdmin: false }, ctx.guesses);
      if (!d.allowed && d.retryAfterSeconds !== undefined) return refuseLocked(reply, d);
      if (d.allowed) opts.includeProtected = true;
      const snap = ctx.service.status(opts);
      // a wrong guess: the server has pools behind a password, and this one opened none
      const guessed = typeof pw === 'string' && !d.allowed && !snap.pools.some((p) => p.hasPassword);
      if (guessed && ctx.service.status({ includeProtected: true, countsOnly: true }).pools.some((p) => p.hasPassword)) {
        const lock = ctx.guesses?.failed(peer, 'license password (status)', peer ?? 'unknown address') ?? null;
        if (lock !== null) void reply.header('connection', 'close');
      }
      const { isv, product } = request.query;
      const lc = (s: string) => s.toLowerCase();
      if (isv !== undefined || product !== undefined) {
        snap.pools = snap.pools.filter(
          (p) => (isv === undefined || lc(p.isv) === lc(isv)) && (product === undefined || lc(p.product) === lc(product)),
        );
        snap.queues = snap.queues.filter((q) => product === undefined || lc(q.product) === lc(product));
      }
      return statusToWire(snap, ctx.serverInfo());
    },
  );

  // written as it is made: the gauges of 100,000 pools are 27 MB of text, made a slice at a time
  app.get('/metrics', async (_request, reply) => reply.header('content-type', ctx.metrics.contentType).send(Readable.from(ctx.metrics.pieces())));
}
