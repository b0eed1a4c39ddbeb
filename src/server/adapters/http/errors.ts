// Every failure the HTTP layer answers becomes `{"error":{code,message,hint}}`
// with the HTTP status of its code in the one table (src/protocol/errors.ts):
// our own LicutilErrors, fastify's body/JSON/size errors and schema failures.
// Nothing else — no stack, no framework message shape — reaches a client.
import { ERROR_CODES, LicutilError, isLicutilError, type ErrorCode } from '../../../protocol/errors.js';
import type { ErrorBody } from '../../../protocol/messages.js';

export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
}

export function answerFor(code: ErrorCode, message: string, hint?: string): ErrorAnswer {
  const error: ErrorBody['error'] = hint === undefined ? { code, message } : { code, message, hint };
  return { status: ERROR_CODES[code].http, body: { error } };
}

export function answerForLicutilError(e: LicutilError): ErrorAnswer {
  return answerFor(e.code, e.message, e.hint);
}

interface FrameworkError {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  validation?: unknown;
  validationContext?: unknown;
}

const PROTOCOL_HINT = 'see docs/protocol.md for the routes and their JSON bodies';

/**
 * Map anything thrown inside a request to an answer. `internal` is told about
 * failures that are bugs (5xx) so they reach the debug log.
 */
export function answerForThrown(e: unknown, route: string, internal: (e: unknown) => void): ErrorAnswer {
  if (isLicutilError(e)) return answerForLicutilError(e);
  const fe = (typeof e === 'object' && e !== null ? e : {}) as FrameworkError;
  const message = typeof fe.message === 'string' ? fe.message : String(e);
  if (fe.validation !== undefined) {
    // ajv through fastify: "body/count must be integer"
    return answerFor('LICUTIL_E_BAD_REQUEST', `the request to ${route} is not valid: ${message}`, PROTOCOL_HINT);
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return answerFor('LICUTIL_E_TOO_LARGE', `the request body is too large (${message})`, 'send a smaller body; no request of the protocol needs more than a few hundred bytes');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return answerFor('LICUTIL_E_BAD_REQUEST', `the request body is not valid JSON: ${message}`, PROTOCOL_HINT);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return answerFor('LICUTIL_E_BAD_REQUEST', `the request body cannot be read: ${message}`, 'send `Content-Type: application/json` with a JSON object');
    default:
      break;
  }
  // syntax errors from secure-json-parse (__proto__ keys) and other client errors fastify flags as 4xx
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    return answerFor('LICUTIL_E_BAD_REQUEST', `the request is not valid: ${message}`, PROTOCOL_HINT);
  }
  internal(e);
  return answerFor('LICUTIL_E_INTERNAL', 'internal error in the license server', 'this is a bug in licutil; the server\'s debug log has the details');
}
