// JSON merge (seed 000 §5.1.1), used for duplicated properties and for
// `include`: objects merge key by key and arrays element by element,
// recursively; the final array is as long as the longest one; anything else is
// replaced. Here the later value always overrides the earlier one ("overriding
// occurring in reading direction"). Merging builds new containers and never
// changes its inputs, because a #define'd object may appear in several places.
import type { SourcePos } from './diagnostics.js';
import { hasKey, isConfigObject, newObject, type ConfigObject, type ConfigValue } from './values.js';

/** Where each property and array element was last set, so later checks can name a line. */
export class ConfigLocations {
  private readonly map = new WeakMap<object, Map<string, SourcePos>>();

  set(container: object, key: string | number, pos: SourcePos): void {
    let m = this.map.get(container);
    if (!m) {
      m = new Map();
      this.map.set(container, m);
    }
    m.set(String(key), pos);
  }

  get(container: object, key: string | number): SourcePos | undefined {
    return this.map.get(container)?.get(String(key));
  }

  copy(from: object, fromKey: string | number, to: object, toKey: string | number): void {
    const pos = this.get(from, fromKey);
    if (pos) this.set(to, toKey, pos);
  }
}

/** `later` merged over `earlier`. */
export function mergeValues(earlier: ConfigValue, later: ConfigValue, locs?: ConfigLocations): ConfigValue {
  if (isConfigObject(earlier) && isConfigObject(later)) {
    const out = newObject();
    for (const k of Object.keys(earlier)) {
      out[k] = earlier[k] as ConfigValue;
      locs?.copy(earlier, k, out, k);
    }
    for (const k of Object.keys(later)) setMerged(out, k, later[k] as ConfigValue, locs, later);
    return out;
  }
  if (Array.isArray(earlier) && Array.isArray(later)) {
    const out: ConfigValue[] = [];
    const n = Math.max(earlier.length, later.length);
    for (let i = 0; i < n; i++) {
      if (i < later.length) {
        const l = later[i] as ConfigValue;
        out.push(i < earlier.length ? mergeValues(earlier[i] as ConfigValue, l, locs) : l);
        locs?.copy(later, i, out, i);
      } else {
        out.push(earlier[i] as ConfigValue);
        locs?.copy(earlier, i, out, i);
      }
    }
    return out;
  }
  return later;
}

/** obj[key] = value, merged over what obj[key] already holds; `from` is the container the value's location is kept on. */
export function setMerged(obj: ConfigObject, key: string, value: ConfigValue, locs?: ConfigLocations, from?: object, pos?: SourcePos): void {
  obj[key] = hasKey(obj, key) ? mergeValues(obj[key] as ConfigValue, value, locs) : value;
  if (pos) locs?.set(obj, key, pos);
  else if (from) locs?.copy(from, key, obj, key);
}
