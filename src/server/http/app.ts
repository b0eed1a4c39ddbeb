// The HTTP face of the server: a fastify app under /v1/ plus GET /metrics.
// fastify validates every body against the JSON schemas of src/protocol
// (unknown properties rejected, no type coercion), limits body size, and the
// node:http server under it limits how long a client may take to send a
// request, so a slow or hostile client cannot hold the server.
import http from 'node:http';
import https from 'node:https';
import Fastify, { type FastifyInstance, type FastifyServerFactory } from 'fastify';
import { LIMITS, REQUEST_SCHEMAS } from '../../protocol/schemas.js';
import type { ServerInfo } from '../../protocol/messages.js';
import { socketRemoteAddress, type AdminPolicy, type RemoteAddressOf } from '../admin-auth.js';
import type { DebugLog } from '../debug-log.js';
import type { ServerMetrics } from '../metrics.js';
import type { LicenseService } from '../service.js';
import type { ClientHooks } from './client-hooks.js';
import { answerFor, answerForThrown } from './errors.js';
import { registerAdminRoutes, type AdminActions } from './routes-admin.js';
import { registerInfoRoutes } from './routes-info.js';
import { registerLeaseRoutes } from './routes-lease.js';

export interface HttpTimeouts {
  /** whole request (headers + body) must arrive within this (slow clients) */
  requestMs: number;
  /** headers must arrive within this */
  headersMs: number;
  /** an idle keep-alive connection is closed after this */
  keepAliveMs: number;
  /** how often node:http checks the two limits above */
  checkIntervalMs: number;
  /** a connection silent this long is closed (one that never sends a request, too); long-polls are exempt */
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = {
  requestMs: 10_000,
  headersMs: 10_000,
  keepAliveMs: 65_000,
  checkIntervalMs: 1_000,
  idleMs: 30_000,
};

export interface AppDeps {
  service: LicenseService;
  metrics: ServerMetrics;
  log: DebugLog;
  admin: AdminPolicy;
  /** the seam deciding where a request comes from (tests replace it) */
  remoteAddressOf?: RemoteAddressOf;
  /** identity and state of the server for hello/status */
  serverInfo: () => ServerInfo;
  actions: AdminActions;
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  timeouts?: Partial<HttpTimeouts>;
  /** the monitor and remote API's view of clients: addresses, messages, close reasons */
  clients?: ClientHooks | undefined;
}

function serverFactory(timeouts: HttpTimeouts, tls: AppDeps['tls']): FastifyServerFactory {
  const common = {
    requestTimeout: timeouts.requestMs,
    headersTimeout: timeouts.headersMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionsCheckingInterval: timeouts.checkIntervalMs,
    maxHeaderSize: 16 * 1024,
  };
  return (handler) => {
    const server = tls ? https.createServer({ ...common, cert: tls.cert, key: tls.key }, handler) : http.createServer(common, handler);
    // without a 'timeout' listener node destroys the silent socket
    server.setTimeout(timeouts.idleMs);
    return server as http.Server;
  };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...deps.timeouts };
  const app = Fastify({
    logger: false,
    bodyLimit: LIMITS.bodyBytes,
    serverFactory: serverFactory(timeouts, deps.tls),
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    // close idle keep-alive sockets on shutdown; in-flight requests finish
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 128 },
    exposeHeadRoutes: false,
    ajv: {
      // reject rather than silently fix: no coercion, no removal of unknown keys, no defaults
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false },
    },
  });
  for (const s of REQUEST_SCHEMAS) app.addSchema(s);

  const routeOf = (url: string | undefined) => url ?? 'unknown route';
  app.setErrorHandler((err, request, reply) => {
    const a = answerForThrown(err, `${request.method} ${routeOf(request.routeOptions.url)}`, (e) =>
      deps.log.error(`internal error on ${request.method} ${request.url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
    );
    void reply.code(a.status).send(a.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const a = answerFor(
      'LICUTIL_E_NOT_FOUND',
      `no route ${request.method} ${request.url.slice(0, 200)} on this licutil server`,
      'the routes are under /v1/ (see docs/protocol.md); GET /v1/hello tells which server this is',
    );
    void reply.code(a.status).send(a.body);
  });

  // request latency: from the request arriving to the answer being written
  app.addHook('onRequest', async (request) => {
    (request as unknown as { startedAt: bigint }).startedAt = process.hrtime.bigint();
  });
  app.addHook('onResponse', async (request, reply) => {
    const started = (request as unknown as { startedAt?: bigint }).startedAt;
    if (started === undefined) return;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const body = request.body as { wait?: unknown } | undefined;
    const waited = request.routeOptions.url === '/v1/checkout' && typeof body?.wait === 'number' && body.wait > 0;
    deps.metrics.latency.observe({ route: waited ? '/v1/checkout (wait)' : routeOf(request.routeOptions.url), status: String(reply.statusCode) }, seconds);
  });

  const ctx = { ...deps, remoteAddressOf: deps.remoteAddressOf ?? socketRemoteAddress };
  registerInfoRoutes(app, ctx);
  registerLeaseRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  await app.ready();
  return app;
}
