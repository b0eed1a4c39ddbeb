// The envelope of the ltelicense remote API (seed 000 §6.1): a WebSocket text
// frame holds one request object or an array of them, in strict JSON. This file
// checks that envelope (message name, message_id, start_time, absolute_time,
// standalone, loop_count, loop_delay) and nothing of any particular message;
// the handlers check their own fields. Pure: no sockets, no clock.

/** `type` of the greeting and of config_get (seed 000 §6.2). */
export const REMOTE_TYPE = 'LICENSE';

export const REMOTE_LIMITS = {
  /** a larger frame is refused by the WebSocket layer (close code 1009) */
  maxFrameBytes: 1024 * 1024,
  /** requests in one array */
  maxBatch: 1000,
  /** "loop_count: Optional integer (default = 0, max = 1000000)" */
  maxLoopCount: 1_000_000,
  /** "loop_delay: Optional number (min = 0.1, max = 86400)" */
  minLoopDelay: 0.1,
  maxLoopDelay: 86_400,
  /** start_time further than this from now is refused (a relative delay of more than a day is a mistake) */
  maxDelaySeconds: 86_400,
  /** scheduled (delayed or repeated) requests one connection may have pending */
  maxScheduled: 10_000,
  /** com_log_count: "Must be between 4096 and 2097152" */
  minLogCount: 4096,
  maxLogCount: 2_097_152,
} as const;

export type JsonObject = { [key: string]: unknown };

/** A request as the server will execute it. */
export interface RemoteRequest {
  message: string;
  /** echoed in every response when the request had one (any JSON type) */
  messageId?: unknown;
  hasMessageId: boolean;
  /** seconds: a delay, or with absolute_time a time on the process clock (`time` of a response) */
  startTime?: number;
  absoluteTime: boolean;
  standalone: boolean;
  loopCount: number;
  /** seconds between repetitions; set when loopCount > 0 */
  loopDelay: number;
  /** the whole object, for the handler's own fields */
  body: JsonObject;
}

type FrameResult = { ok: true; items: unknown[] } | { ok: false; error: string };

/** "Messages ... are in strict JSON format ... Multiple message can be sent to server using an array of message objects." */
export function parseFrame(text: string): FrameResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return { ok: false, error: 'Empty array: send one message object or an array of them' };
    if (value.length > REMOTE_LIMITS.maxBatch) return { ok: false, error: `Too many messages in one array (${value.length}; at most ${REMOTE_LIMITS.maxBatch})` };
    return { ok: true, items: value };
  }
  return { ok: true, items: [value] };
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type EnvelopeResult =
  | { ok: true; request: RemoteRequest }
  /** `message` and `messageId` are echoed in the error response when they could be read */
  | { ok: false; error: string; message?: string; messageId?: unknown; hasMessageId: boolean };

export function checkEnvelope(item: unknown): EnvelopeResult {
  if (!isJsonObject(item)) return { ok: false, error: 'A message must be a JSON object', hasMessageId: false };
  const hasMessageId = Object.hasOwn(item, 'message_id');
  const fail = (error: string): EnvelopeResult => {
    const out: EnvelopeResult = { ok: false, error, hasMessageId };
    if (typeof item.message === 'string') out.message = item.message;
    if (hasMessageId) out.messageId = item.message_id;
    return out;
  };
  if (!Object.hasOwn(item, 'message')) return fail('Missing message field');
  if (typeof item.message !== 'string') return fail('message must be a string');
  const req: RemoteRequest = {
    message: item.message,
    hasMessageId,
    absoluteTime: false,
    standalone: false,
    loopCount: 0,
    loopDelay: 0,
    body: item,
  };
  if (hasMessageId) req.messageId = item.message_id;

  if (item.start_time !== undefined) {
    if (typeof item.start_time !== 'number' || !Number.isFinite(item.start_time) || item.start_time < 0) return fail('start_time must be a number of seconds, 0 or more');
    req.startTime = item.start_time;
  }
  for (const k of ['absolute_time', 'standalone'] as const) {
    const v = item[k];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') return fail(`${k} must be a boolean`);
    if (k === 'absolute_time') req.absoluteTime = v;
    else req.standalone = v;
  }
  if (req.absoluteTime && req.startTime === undefined) return fail('absolute_time needs start_time');
  if (item.loop_count !== undefined) {
    const n = item.loop_count;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > REMOTE_LIMITS.maxLoopCount) {
      return fail(`loop_count must be a whole number from 0 to ${REMOTE_LIMITS.maxLoopCount}`);
    }
    req.loopCount = n;
  }
  if (item.loop_delay !== undefined) {
    const d = item.loop_delay;
    if (typeof d !== 'number' || !Number.isFinite(d) || d < REMOTE_LIMITS.minLoopDelay || d > REMOTE_LIMITS.maxLoopDelay) {
      return fail(`loop_delay must be a number of seconds from ${REMOTE_LIMITS.minLoopDelay} to ${REMOTE_LIMITS.maxLoopDelay}`);
    }
    req.loopDelay = d;
  }
  // "loop_delay ... Mandatory when loop_count is set > 0."
  if (req.loopCount > 0 && item.loop_delay === undefined) return fail('loop_delay is mandatory when loop_count is set');
  return { ok: true, request: req };
}

/** Thrown by a handler: the response carries `error` and the connection stays open. */
export class RemoteError extends Error {
  /** extra fields for the error response */
  readonly fields: JsonObject;
  constructor(message: string, fields: JsonObject = {}) {
    super(message);
    this.name = 'RemoteError';
    this.fields = fields;
  }
}

// ---- small field readers for handlers ---------------------------------------

export function optionalNumber(body: JsonObject, key: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  const range = `${opts.min !== undefined ? ` from ${opts.min}` : ''}${opts.max !== undefined ? ` to ${opts.max}` : ''}`;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RemoteError(`${key} must be a number${range}`);
  if (opts.integer && !Number.isInteger(v)) throw new RemoteError(`${key} must be a whole number${range}`);
  if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) throw new RemoteError(`${key} must be a number${range}`);
  return v;
}

export function optionalBoolean(body: JsonObject, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new RemoteError(`${key} must be a boolean`);
  return v;
}

export function optionalString(body: JsonObject, key: string, maxLength = 65_536): string | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new RemoteError(`${key} must be a string`);
  if (v.length > maxLength) throw new RemoteError(`${key} is longer than ${maxLength} characters`);
  return v;
}
