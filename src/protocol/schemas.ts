// JSON Schemas of the request bodies (and the limits they enforce), shared by
// the server (fastify/ajv validates every body with them) and the client (which
// can validate before sending). Every object forbids unknown properties, so a
// misspelt field is an error instead of being silently ignored.

/**
 * Characters no client string may carry, since every one is shown somewhere
 * (status, stat, the monitor, logs, the report log, the status page): C0 and C1
 * controls (CR/LF smuggling into logs, terminal escapes), the line and
 * paragraph separators U+2028/U+2029, and the bidirectional controls
 * (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069) that make "alice" of
 * "ecila" written right-to-left (issue 14).
 */
const UNSHOWABLE = '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069';
const TEXT = `^[^${UNSHOWABLE}]+$`;

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
    isv_data: { type: 'string', maxLength: 256, pattern: `^[^${UNSHOWABLE}]*$` },
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

/** POST /v1/resume: the ticket a long-poll that timed out answered with (202) */
export const resumeRequestSchema = {
  $id: 'licutil:resume-request',
  type: 'object',
  additionalProperties: false,
  required: ['ticket'],
  properties: { ticket: handle },
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

export const REQUEST_SCHEMAS = [checkoutRequestSchema, handleRequestSchema, resumeRequestSchema, emptyRequestSchema, statusQuerySchema] as const;
