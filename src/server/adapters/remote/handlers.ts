// The messages of seed 000 §6.5 (common) and §6.6 (license), one handler each.
// A handler reads its own fields from the request, acts through ServerControl
// and returns the fields of its response; the session adds message,
// message_id, time and utc. A RemoteError becomes the response's `error`.
import type { ServerControl } from '../control.js';
import { isFilterLevel, type EntryLevel } from '../logging/log-buffer.js';
import { parseLogGet, type LogGetParams } from './log-get.js';
import { isJsonObject, optionalBoolean, optionalNumber, optionalString, REMOTE_LIMITS, REMOTE_TYPE, RemoteError, type JsonObject, type RemoteRequest } from './protocol.js';
import { LOG_LAYERS, type LayerLogOptions } from '../../../config/log-options.js';
import { cloneSettings, type LogSettings } from '../logging/settings.js';

export interface HandlerContext {
  control: ServerControl;
  /** this connection's log_get stream */
  logGet(params: LogGetParams): Promise<JsonObject>;
  /** runs after the response has been sent (quit) */
  afterReply(fn: () => void): void;
  /** who is asking, for the debug log: "remote API 10.0.0.5:53412" */
  who: string;
}

type Handler = (req: RemoteRequest, ctx: HandlerContext) => JsonObject | Promise<JsonObject>;

/** What `config_get` says of the logs (and `config_set` accepts). */
function logsConfig(control: ServerControl): JsonObject {
  const s = control.logs.hub.settings;
  const layers: JsonObject = {};
  for (const name of new Set([...LOG_LAYERS, ...Object.keys(s.layers)])) {
    const l = s.layers[name] ?? {};
    layers[name] = { level: l.level ?? 'info', max_size: l.max_size ?? 0, key: l.key ?? false, crypto: l.crypto ?? false, payload: l.payload ?? false };
  }
  const out: JsonObject = { layers, count: control.logs.count() };
  if (s.rotate?.kind === 'size') out.rotate = s.rotate.bytes;
  if (s.rotate?.kind === 'count') out.rotate_count = s.rotate.count;
  if (s.path !== undefined) out.path = s.path;
  // eNB-only dumps; a license server has none
  out.bcch = false;
  out.mib = false;
  return out;
}

function layerSettingsFrom(name: string, v: unknown): LayerLogOptions {
  if (!isJsonObject(v)) throw new RemoteError(`logs.layers.${name} must be an object`);
  const out: LayerLogOptions = {};
  if (v.level !== undefined) {
    if (!isFilterLevel(v.level)) throw new RemoteError(`logs.layers.${name}.level must be none, error, warn, info or debug`);
    out.level = v.level;
  }
  const size = optionalNumber(v, 'max_size', { min: 0, integer: true });
  if (size !== undefined) out.max_size = size;
  for (const k of ['key', 'crypto', 'payload'] as const) {
    const b = optionalBoolean(v, k);
    if (b !== undefined) out[k] = b;
  }
  return out;
}

/** config_set.logs on top of the current settings ("Layer name can be set to all"). */
function applyLogsConfig(current: LogSettings, logs: JsonObject): { settings: LogSettings; count?: number } {
  const next = cloneSettings(current);
  if (logs.layers !== undefined) {
    if (!isJsonObject(logs.layers)) throw new RemoteError('logs.layers must be an object');
    for (const [name, v] of Object.entries(logs.layers)) {
      const targets = name === 'all' ? [...new Set([...LOG_LAYERS, ...Object.keys(next.layers)])] : [name];
      if (name !== 'all' && !(LOG_LAYERS as readonly string[]).includes(name)) {
        throw new RemoteError(`logs.layers.${name}: this server has no such layer (${[...LOG_LAYERS, 'all'].join(', ')})`);
      }
      const patch = layerSettingsFrom(name, v);
      for (const t of targets) next.layers[t] = { ...next.layers[t], ...patch };
    }
  }
  const rotate = optionalNumber(logs, 'rotate', { min: 0, integer: true });
  const rotateCount = optionalNumber(logs, 'rotate_count', { min: 0, integer: true });
  if (rotate !== undefined) {
    if (rotate === 0) delete next.rotate;
    else next.rotate = { kind: 'size', bytes: rotate };
  }
  if (rotateCount !== undefined) {
    if (rotateCount === 0) delete next.rotate;
    else next.rotate = { kind: 'count', count: rotateCount };
  }
  const p = optionalString(logs, 'path', 4096);
  if (p !== undefined) next.path = p;
  const count = optionalNumber(logs, 'count', { min: REMOTE_LIMITS.minLogCount, max: REMOTE_LIMITS.maxLogCount, integer: true });
  return count === undefined ? { settings: next } : { settings: next, count };
}

const LOG_DIRS = ['UL', 'DL', 'FROM', 'TO'] as const;

export const HANDLERS: Record<string, Handler> = {
  config_get: (_req, { control }) => {
    const out: JsonObject = { type: REMOTE_TYPE, name: control.name, logs: logsConfig(control) };
    out.locked = control.logs.locked();
    return out;
  },

  config_set: (req, { control, who }) => {
    const logs = req.body.logs;
    if (logs === undefined) return {};
    if (!isJsonObject(logs)) throw new RemoteError('logs must be an object');
    // "If set and logs are locked, response will have logs property set to locked."
    if (control.logs.locked()) return { logs: 'locked' };
    const { settings, count } = applyLogsConfig(control.logs.hub.settings, logs);
    control.logs.apply(settings);
    if (count !== undefined) control.logs.hub.buffer.resize(count);
    control.logs.hub.info(`log configuration changed by ${who}`);
    return {};
  },

  log_get: (req, ctx) => ctx.logGet(parseLogGet(req.body)),

  log_set: (req, { control }) => {
    const b = req.body;
    const text = optionalString(b, 'log');
    if (text !== undefined) {
      const layer = optionalString(b, 'layer', 64);
      const level = b.level;
      if (layer === undefined) throw new RemoteError('layer is mandatory when log is set');
      if (level === undefined) throw new RemoteError('level is mandatory when log is set');
      if (level === 'none' || !isFilterLevel(level)) throw new RemoteError('level must be error, warn, info or debug');
      const dir = optionalString(b, 'dir', 8);
      if (dir !== undefined && !(LOG_DIRS as readonly string[]).includes(dir)) throw new RemoteError(`dir must be one of ${LOG_DIRS.join(', ')}`);
      const ueId = optionalNumber(b, 'ue_id', { integer: true });
      control.logs.hub.add({
        layer,
        level: level as EntryLevel,
        text,
        ...(dir !== undefined ? { dir: dir as (typeof LOG_DIRS)[number] } : {}),
        ...(ueId !== undefined ? { ueId } : {}),
      });
    } else {
      for (const k of ['layer', 'level', 'dir', 'ue_id']) if (b[k] !== undefined) throw new RemoteError(`${k} is only used with log`);
    }
    const file = control.logs.file();
    const flush = optionalBoolean(b, 'flush') ?? false;
    const rotate = optionalBoolean(b, 'rotate') ?? false;
    const cut = optionalBoolean(b, 'cut') ?? false;
    if ((flush || rotate || cut) && !file) throw new RemoteError('this server writes no log file (log_filename is not set)');
    if (cut) file?.cut();
    if (rotate) file?.rotate();
    if (flush) file?.flush();
    return {};
  },

  log_reset: (_req, { control }) => {
    control.logs.hub.buffer.reset();
    return {};
  },

  license: (_req, { control }) => ({ ...control.license() }),

  quit: (_req, ctx) => {
    ctx.afterReply(() => ctx.control.quit(ctx.who));
    return {};
  },

  help: () => ({ messages: Object.keys(HANDLERS).sort(), events: [] }),

  stats: (_req, { control }) => ({ ...control.stats() }),

  reload: async (_req, { control, who }) => ({ ...(await control.reload(who)) }),

  list: (_req, { control }) => ({ licenses: control.list() }),

  message: (req, { control, who }) => {
    const text = optionalString(req.body, 'text', 4096);
    if (text === undefined || text === '') throw new RemoteError('text is mandatory: the message to send');
    const n = control.broadcast(text);
    control.logs.hub.info(`message from ${who} to ${n} client(s): ${text}`);
    return { clients: n };
  },
};
