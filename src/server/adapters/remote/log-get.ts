// `log_get` (seed 000 §6.5): per connection, a long-poll on the log buffer.
//
// - "min: Response won't be sent until this limit is reached (Unless timeout occurs)";
// - "max: Maximum logs sent in a response";
// - "timeout: If at least 1 log is available and no more logs have been
//   generated for this time, response will be sent";
// - "allow_empty: ... response will be sent after timeout, even if no logs are available";
// - "max_size: ... If the response exceeds this size, the sending of logs will be forced";
// - "If a request is sent before previous request has been replied, previous
//   request will be replied right now without considering specific
//   min/max/timeout conditions."
//
// Logs produced in one turn of the event loop go out together: reaching `min`
// answers on the next turn, not in the middle of a burst.
import type { Timers } from '../../core/service.js';
import { isFilterLevel, matches, type FilterLevel, type LogBuffer, type LogEntry, type LogFilter, type LogReader, type ReadResult } from '../logging/log-buffer.js';
import { optionalBoolean, optionalNumber, RemoteError, type JsonObject } from './protocol.js';

export interface LogGetParams {
  min: number;
  max: number;
  timeoutMs: number;
  allowEmpty: boolean;
  filter: LogFilter;
  short: boolean;
  headers: boolean;
  maxSize: number;
}

const LOG_GET_DEFAULTS = { min: 1, max: 4096, timeout: 1, maxSize: 1_048_576 } as const;

export function parseLogGet(body: JsonObject): LogGetParams {
  const max = optionalNumber(body, 'max', { min: 1, max: 1_000_000, integer: true }) ?? LOG_GET_DEFAULTS.max;
  const min = optionalNumber(body, 'min', { min: 1, max: 1_000_000, integer: true }) ?? LOG_GET_DEFAULTS.min;
  const timeout = optionalNumber(body, 'timeout', { min: 0, max: 86_400 }) ?? LOG_GET_DEFAULTS.timeout;
  const maxSize = optionalNumber(body, 'max_size', { min: 1024, max: 64 * 1024 * 1024, integer: true }) ?? LOG_GET_DEFAULTS.maxSize;
  const filter: LogFilter = {};
  const layers = body.layers;
  if (layers !== undefined) {
    if (typeof layers !== 'object' || layers === null || Array.isArray(layers)) throw new RemoteError('layers must be an object of layer: level');
    const out: Record<string, FilterLevel> = {};
    for (const [k, v] of Object.entries(layers)) {
      if (!isFilterLevel(v)) throw new RemoteError(`layers.${k} must be none, error, warn, info or debug`);
      out[k] = v;
    }
    filter.layers = out;
  }
  const ueId = optionalNumber(body, 'ue_id', { integer: true });
  if (ueId !== undefined) filter.ueId = ueId;
  const rnti = optionalNumber(body, 'rnti', { integer: true });
  if (rnti !== undefined) filter.rnti = rnti;
  const start = optionalNumber(body, 'start_timestamp');
  if (start !== undefined) filter.startMs = start;
  const end = optionalNumber(body, 'end_timestamp');
  if (end !== undefined) filter.endMs = end;
  return {
    min: Math.min(min, max),
    max,
    timeoutMs: timeout * 1000,
    allowEmpty: optionalBoolean(body, 'allow_empty') ?? false,
    filter,
    short: optionalBoolean(body, 'short') ?? false,
    headers: optionalBoolean(body, 'headers') ?? false,
    maxSize,
  };
}

export interface LogRender {
  /** com_name: `src` of every log */
  src: string;
  /** com_log_us: timestamp_us instead of timestamp */
  microseconds: () => boolean;
  headers: () => string[];
}

function renderLog(e: LogEntry, p: Pick<LogGetParams, 'short'>, r: LogRender): JsonObject {
  const out: JsonObject = { data: p.short ? e.data.slice(0, 1) : e.data };
  if (r.microseconds()) out.timestamp_us = e.timestampUs;
  else out.timestamp = Math.floor(e.timestampUs / 1000);
  out.layer = e.layer;
  out.level = e.level;
  if (e.dir !== undefined) out.dir = e.dir;
  if (e.ueId !== undefined) out.ue_id = e.ueId;
  out.src = r.src;
  out.idx = e.idx;
  return out;
}

function renderLogGet(p: LogGetParams, res: ReadResult, r: LogRender, rendered: JsonObject[]): JsonObject {
  const out: JsonObject = { logs: rendered };
  if (res.discontinuity > 0) out.discontinuity = res.discontinuity;
  if (r.microseconds()) out.microseconds = true;
  if (p.headers) out.headers = r.headers();
  return out;
}

interface Pending {
  params: LogGetParams;
  reply: (fields: JsonObject) => void;
  quiet: unknown;
  wait: unknown;
  soon: unknown;
  off: () => void;
}

export class LogStream {
  private pending: Pending | null = null;
  private closed = false;

  constructor(
    private readonly buffer: LogBuffer,
    private readonly reader: LogReader,
    private readonly timers: Timers,
    private readonly render: LogRender,
  ) {}

  /** A new log_get; a previous one still waiting is answered now. */
  request(params: LogGetParams, reply: (fields: JsonObject) => void): void {
    if (this.closed) return;
    if (this.pending) this.finish();
    const p: Pending = { params, reply, quiet: null, wait: null, soon: null, off: () => undefined };
    this.pending = p;
    if (this.evaluate()) return;
    p.off = this.buffer.onPush(() => this.evaluate());
    if (params.allowEmpty) p.wait = this.timers.setTimeout(() => this.finish(), params.timeoutMs);
  }

  /** The connection closed: nothing more is answered. */
  close(): void {
    this.closed = true;
    if (this.pending) this.clear(this.pending);
    this.pending = null;
    this.buffer.closeReader(this.reader);
  }

  /** Decides whether the waiting request can be answered; true when it was (or will be at once). */
  private evaluate(): boolean {
    const p = this.pending;
    if (!p || p.soon !== null) return p !== null && p.soon !== null;
    const { params } = p;
    const n = this.buffer.countMatching(this.reader.cursor, params.filter, params.max);
    if (n >= params.max || (n > 0 && this.sizeReached(params))) {
      this.finish();
      return true;
    }
    if (n >= params.min) {
      p.soon = this.timers.setTimeout(() => this.finish(), 0);
      return true;
    }
    if (n > 0) {
      if (p.quiet !== null) this.timers.clearTimeout(p.quiet);
      p.quiet = this.timers.setTimeout(() => this.finish(), params.timeoutMs);
      if (p.wait !== null) {
        // logs are there: the quiet timer decides from now on
        this.timers.clearTimeout(p.wait);
        p.wait = null;
      }
    }
    return false;
  }

  private sizeReached(params: LogGetParams): boolean {
    let bytes = 0;
    for (let i = this.reader.cursor; i < this.buffer.nextIdx; i++) {
      const e = this.buffer.at(i);
      if (!e || !matches(e, params.filter)) continue;
      bytes += JSON.stringify(renderLog(e, params, this.render)).length + 1;
      if (bytes >= params.maxSize) return true;
    }
    return false;
  }

  private finish(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.clear(p);
    const rendered: JsonObject[] = [];
    const res = this.buffer.read(this.reader, p.params.filter, p.params.max, p.params.maxSize, (e) => {
      const r = renderLog(e, p.params, this.render);
      rendered.push(r);
      return JSON.stringify(r).length + 1;
    });
    // read() may measure one entry it then leaves for the next request
    rendered.length = res.entries.length;
    p.reply(renderLogGet(p.params, res, this.render, rendered));
  }

  private clear(p: Pending): void {
    p.off();
    for (const t of [p.quiet, p.wait, p.soon]) if (t !== null) this.timers.clearTimeout(t);
  }
}
