// JSON Schemas of the request bodies (and the limits they enforce), shared by
// the server (fastify/ajv validates every body with them) and the client (which
// can validate before sending). Every object forbids unknown properties, so a
// misspelt field is an error instead of being silently ignored.

/** printable text without control characters (no CR/LF smuggling into logs) */
const TEXT = '^[^\\u0000-\\u001f\\u007f]+$';

export const LIMITS = {
  bodyBytes: 64 * 1024,
  maxWaitSeconds: 86_400,
  maxCount: 1_000_000,
  maxPid: 2_147_483_647,
} as const;

const handle = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } as const;

export const checkoutRequestSchema = {
  $id: 'licutil:checkout-request',
  type: 'object',
  additionalProperties: false,
  required: ['product', 'user', 'host', 'pid'],
  properties: {
    isv: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' },
    product: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.+-]+$' },
    // "N.M"; FlexLM files also have N.M.P, compared part by part
    version: { type: 'string', maxLength: 43, pattern: '^[0-9]{1,10}(\\.[0-9]{1,10}){0,3}$' },
    count: { type: 'integer', minimum: 1, maximum: LIMITS.maxCount },
    user: { type: 'string', minLength: 1, maxLength: 256, pattern: TEXT },
    host: { type: 'string', minLength: 1, maxLength: 256, pattern: TEXT },
    pid: { type: 'integer', minimum: 0, maximum: LIMITS.maxPid },
    tag: { type: 'string', minLength: 1, maxLength: 128, pattern: TEXT },
    password: { type: 'string', maxLength: 256 },
    isv_data: { type: 'string', maxLength: 256, pattern: '^[^\\u0000-\\u001f\\u007f]*$' },
    wait: { type: 'number', minimum: 0, maximum: LIMITS.maxWaitSeconds },
    lease: { type: 'integer', minimum: 1, maximum: LIMITS.maxWaitSeconds },
  },
} as const;

export const handleRequestSchema = {
  $id: 'licutil:handle-request',
  type: 'object',
  additionalProperties: false,
  required: ['handle'],
  properties: { handle },
} as const;

/** reread and down take no arguments; an empty object (or no body) is accepted */
export const emptyRequestSchema = {
  $id: 'licutil:empty-request',
  type: 'object',
  additionalProperties: false,
  properties: {},
} as const;

export const statusQuerySchema = {
  $id: 'licutil:status-query',
  type: 'object',
  additionalProperties: false,
  properties: {
    isv: { type: 'string', maxLength: 64 },
    product: { type: 'string', maxLength: 64 },
  },
} as const;

export const REQUEST_SCHEMAS = [checkoutRequestSchema, handleRequestSchema, emptyRequestSchema, statusQuerySchema] as const;
