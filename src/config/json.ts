// The merged configuration as plain JSON (`licutil serve --check-config`).
// Complex numbers, which JSON lacks, are written as strings in the seed's own
// notation, "1.2+3*I", so a person reads them as they would write them.
import { ComplexNumber, formatComplex, type ConfigValue } from './values.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function configToJson(value: ConfigValue): JsonValue {
  if (typeof value === 'number') return Object.is(value, -0) ? 0 : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof ComplexNumber) return formatComplex(value);
  if (Array.isArray(value)) return value.map(configToJson);
  const out: { [key: string]: JsonValue } = {};
  for (const k of Object.keys(value)) {
    // defineProperty: a key named __proto__ stays a key
    Object.defineProperty(out, k, { value: configToJson(value[k] as ConfigValue), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Indented JSON text with a final newline. */
export function formatConfigJson(value: ConfigValue): string {
  return `${JSON.stringify(configToJson(value), null, 2)}\n`;
}
