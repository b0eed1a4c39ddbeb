// The live logging settings of the server: what log_options set at start-up,
// and what config_set, the monitor's `log` command and reload change later.
// They are the configuration reader's LogOptions (src/config), so its parser's
// result is used as is.
import { LOG_LAYERS, type LayerLogOptions, type LogOptions } from '../../../config/log-options.js';
import type { FilterLevel } from './log-buffer.js';

/** What log_options sets, without the list of assignments as they were written. */
export type LogSettings = Omit<LogOptions, 'assignments'>;

export const DEFAULT_LEVEL: FilterLevel = 'info';

export function layerLevel(s: LogSettings, layer: string): FilterLevel {
  return s.layers[layer]?.level ?? DEFAULT_LEVEL;
}

export function defaultSettings(level: FilterLevel = DEFAULT_LEVEL): LogSettings {
  return { layers: Object.fromEntries(LOG_LAYERS.map((l) => [l, { level }])) };
}

export function cloneSettings(s: LogSettings): LogSettings {
  const layers: Record<string, LayerLogOptions> = {};
  for (const [k, v] of Object.entries(s.layers)) layers[k] = { ...v };
  const out: LogSettings = { ...s, layers };
  if (s.rotate) out.rotate = { ...s.rotate };
  return out;
}
