// The live logging settings of the server: what log_options set at start-up,
// and what config_set, the monitor's `log` command and reload change later.
// The shape is that of the configuration reader's LogOptions (src/config), so
// its parser's result is used as is.
import type { FilterLevel } from './log-buffer.js';

export interface LayerSettings {
  level?: FilterLevel;
  max_size?: number;
  payload?: boolean;
  key?: boolean;
  crypto?: boolean;
}

type RotateSetting = { kind: 'now' } | { kind: 'size'; bytes: number } | { kind: 'count'; count: number };

export interface LogSettings {
  layers: Record<string, LayerSettings>;
  /** how the log file writes times: seconds since start, time of day (default), or date and time */
  time?: 'sec' | 'short' | 'full';
  timeUs?: boolean;
  /** file=cut: start the file again (acted on once) */
  cut?: boolean;
  rotate?: RotateSetting;
  /** where rotated files go */
  path?: string;
  /** append to the log file instead of truncating it when it is opened */
  append?: boolean;
}

/** "Available layers are: license" (seed 000 §5.2). */
export const SERVER_LAYERS = ['license'] as const;

export const DEFAULT_LEVEL: FilterLevel = 'info';

export function layerLevel(s: LogSettings, layer: string): FilterLevel {
  return s.layers[layer]?.level ?? DEFAULT_LEVEL;
}

export function defaultSettings(level: FilterLevel = DEFAULT_LEVEL): LogSettings {
  return { layers: Object.fromEntries(SERVER_LAYERS.map((l) => [l, { level }])) };
}

export function cloneSettings(s: LogSettings): LogSettings {
  const layers: Record<string, LayerSettings> = {};
  for (const [k, v] of Object.entries(s.layers)) layers[k] = { ...v };
  const out: LogSettings = { ...s, layers };
  if (s.rotate) out.rotate = { ...s.rotate };
  return out;
}
