// A second baseline: fastify as licutil configures it (same body limit, the same
// JSON schemas validating the two request bodies, no coercion), answering `{}`.
// The distance from the bare node:http server to this one is the framework's
// share of a request; from this one to licutil serve, licutil's own.
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { checkoutRequestSchema, handleRequestSchema, LIMITS, REQUEST_SCHEMAS } from '../../src/protocol/schemas.js';
import { workerMain } from '../lib/proc.js';

workerMain<Record<string, never>, { port: number }>(async () => {
  const app = Fastify({
    logger: false,
    bodyLimit: LIMITS.bodyBytes,
    keepAliveTimeout: 65_000,
    exposeHeadRoutes: false,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });
  for (const s of REQUEST_SCHEMAS) app.addSchema(s);
  app.post('/v1/checkout', { schema: { body: { $ref: checkoutRequestSchema.$id } } }, async () => ({}));
  app.post('/v1/checkin', { schema: { body: { $ref: handleRequestSchema.$id } } }, async () => ({}));
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
  return { port: (app.server.address() as AddressInfo).port };
});
