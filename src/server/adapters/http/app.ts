// The HTTP face of the server: a fastify app under /v1/ plus GET /metrics.
// fastify validates every body against the JSON schemas of src/protocol
// (unknown properties rejected, no type coercion), limits body size, and the
// node:http server under it limits how long a client may take to send a
// request, so a slow or hostile client cannot hold the server.
import http from 'node:http';
import https from 'node:https';
import Fastify, { type FastifyInstance, type FastifyServerFactory, type onResponseHookHandler } from 'fastify';
import { LIMITS, REQUEST_SCHEMAS } from '../../../protocol/schemas.js';
import { socketRemoteAddress } from './admin-auth.js';
import type { LatencyChild, ServerMetrics } from '../metrics.js';
import { LOOPBACK_POLICY, RequestGuard, shown } from './browser-guard.js';
import { answerFor, answerForThrown } from './errors.js';
import type { AppDeps, HttpTimeouts } from './deps.js';
import { registerAdminRoutes } from './routes-admin.js';
import { registerInfoRoutes } from './routes-info.js';
import { registerLeaseRoutes } from './routes-lease.js';
import { DEFAULT_POLL_SECONDS, DEFAULT_RESUME_MS, DEFAULT_WAITS_PER_CLIENT, LongPolls, type WaitLimits } from './long-polls.js';
import { FORWARD_SECRET_CIPHERS } from './tls-ciphers.js';

const DEFAULT_TIMEOUTS: HttpTimeouts = {
  requestMs: 10_000,
  headersMs: 10_000,
  keepAliveMs: 65_000,
  checkIntervalMs: 1_000,
  idleMs: 30_000,
};

const DEFAULT_WAITS: WaitLimits = {
  pollMs: DEFAULT_POLL_SECONDS * 1000,
  resumeMs: DEFAULT_RESUME_MS,
  perClient: DEFAULT_WAITS_PER_CLIENT,
  maxWaiting: Number.POSITIVE_INFINITY,
};

function serverFactory(timeouts: HttpTimeouts, tls: AppDeps['tls']): FastifyServerFactory {
  const common = {
    requestTimeout: timeouts.requestMs,
    headersTimeout: timeouts.headersMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionsCheckingInterval: timeouts.checkIntervalMs,
    maxHeaderSize: 16 * 1024,
  };
  return (handler) => {
    const server = tls
      ? https.createServer({ ...common, cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2', ciphers: FORWARD_SECRET_CIPHERS, honorCipherOrder: true }, handler)
      : http.createServer(common, handler);
    // without a 'timeout' listener node destroys the silent socket
    server.setTimeout(timeouts.idleMs);
    return server as http.Server;
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** performance.now() when the request arrived */
    startedAt: number;
  }
}

/** The onResponse hook of one route: observes into a child per status, looked up once. */
function latencyHook(metrics: ServerMetrics, url: string): onResponseHookHandler {
  const children = new Map<number, LatencyChild>();
  const waitChildren = new Map<number, LatencyChild>();
  const isCheckout = url === '/v1/checkout';
  return (request, reply, done) => {
    const body = isCheckout ? (request.body as { wait?: unknown } | undefined) : undefined;
    const waited = typeof body?.wait === 'number' && body.wait > 0;
    const byStatus = waited ? waitChildren : children;
    const status = reply.statusCode;
    let child = byStatus.get(status);
    if (!child) {
      child = metrics.latency.labels({ route: waited ? '/v1/checkout (wait)' : url, status: String(status) });
      byStatus.set(status, child);
    }
    child.observe((performance.now() - request.startedAt) / 1000);
    done();
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
    // no route, so no route hook: time it here (not a path worth optimizing)
    reply.raw.once('finish', () => deps.metrics.latency.observe({ route: 'unknown route', status: String(reply.statusCode) }, (performance.now() - request.startedAt) / 1000));
    const a = answerFor(
      'LICUTIL_E_NOT_FOUND',
      `no route ${request.method} ${request.url.slice(0, 200)} on this licutil server`,
      'the routes are under /v1/ (see docs/protocol.md); GET /v1/hello tells which server this is',
    );
    void reply.code(a.status).send(a.body);
  });

  // request latency: from the request arriving to the answer being written.
  // Plain (not async) hooks with a float clock, and each route's own
  // onResponse hook holding its histogram children, so nothing is looked up,
  // allocated or awaited per request.
  app.decorateRequest('startedAt', 0);
  // before any route or body parsing: the Host a request names and, for a POST,
  // a JSON body (browser-guard.ts says why). One hook with the clock, since
  // each hook is a round through fastify's hook runner on every request.
  const browser = deps.browser ?? LOOPBACK_POLICY;
  const guard = new RequestGuard(browser);
  app.addHook('onRequest', (request, reply, done) => {
    request.startedAt = performance.now();
    const refusal = guard.check(request.method, request.headers.host, request.headers['content-type']);
    if (refusal === null) {
      done();
      return;
    }
    deps.log.warn(`refused ${request.method} ${shown(request.url)} from ${request.socket.remoteAddress ?? 'unknown address'}: ${refusal.reason}`);
    const a = answerFor(refusal.code, refusal.reason, refusal.hint);
    void reply.code(a.status).header('connection', 'close').send(a.body);
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    // no response of this server is to be sniffed as another type or embedded by another site
    void reply.header('x-content-type-options', 'nosniff').header('cross-origin-resource-policy', 'same-origin');
    done(null, payload);
  });
  app.addHook('onRoute', (route) => {
    const observe = latencyHook(deps.metrics, route.url);
    const own = route.onResponse;
    route.onResponse = own === undefined ? [observe] : Array.isArray(own) ? [...own, observe] : [own, observe];
  });
  const waits = { ...DEFAULT_WAITS, ...deps.waits };
  const polls = new LongPolls(deps.service, waits, deps.log);
  // past it a connection is closed as soon as it is accepted, before the server runs out of descriptors for files
  if (waits.maxConnections !== undefined && Number.isFinite(waits.maxConnections)) app.server.maxConnections = waits.maxConnections;
  app.addHook('onClose', (_app, done) => {
    polls.close();
    done();
  });
  const ctx = { ...deps, browser, remoteAddressOf: deps.remoteAddressOf ?? socketRemoteAddress, polls };
  registerInfoRoutes(app, ctx);
  registerLeaseRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  deps.web?.register(app, ctx);
  await app.ready();
  return app;
}
