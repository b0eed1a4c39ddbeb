// The values of the ltelicense configuration language (seed 000 §5.1): numbers
// (64-bit floats), complex numbers, strings, booleans, objects and arrays.
// Objects have no prototype so that a property called `__proto__` or
// `constructor` is an ordinary property, as it is in the file.

/** A complex number, written `1.2+3*I` in a configuration file (seed 000 §5.1). */
export class ComplexNumber {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}

export type ConfigValue = number | string | boolean | ComplexNumber | ConfigObject | ConfigArray;
export interface ConfigObject {
  [key: string]: ConfigValue;
}
export type ConfigArray = ConfigValue[];

/** An empty object without prototype (see the file comment). */
export function newObject(): ConfigObject {
  return Object.create(null) as ConfigObject;
}

export function isConfigObject(v: unknown): v is ConfigObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof ComplexNumber);
}

export function hasKey(obj: ConfigObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

type ValueType = 'number' | 'string' | 'boolean' | 'complex number' | 'object' | 'array';

export function typeOf(v: ConfigValue): ValueType {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof ComplexNumber) return 'complex number';
  return Array.isArray(v) ? 'array' : 'object';
}

/** Shortest text that reads back as the same float; -0 is written 0. */
export function formatNumber(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** In the notation of the seed, so the text reads back as the same value: `1.2+3*I`, `0-1*I`. */
export function formatComplex(c: ComplexNumber): string {
  const sign = c.im < 0 || Object.is(c.im, -0) ? '-' : '+';
  return `${formatNumber(c.re)}${sign}${formatNumber(Math.abs(c.im))}*I`;
}

/** A value as a person would write it, cut short: for messages. */
export function describeValue(v: ConfigValue): string {
  const full = describeFull(v);
  return full.length > 60 ? `${full.slice(0, 57)}...` : full;
}

function describeFull(v: ConfigValue): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof ComplexNumber) return formatComplex(v);
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[ ${v.length} element${v.length === 1 ? '' : 's'} ]`;
  const keys = Object.keys(v);
  return keys.length === 0 ? '{}' : `{ ${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', ...' : ''} }`;
}

/** Structural equality; a boolean equals the number 0 or 1, a complex with no imaginary part its real part. */
export function valuesEqual(a: ConfigValue, b: ConfigValue): boolean {
  const an = scalarNumber(a);
  const bn = scalarNumber(b);
  if (an !== null && bn !== null) return an.re === bn.re && an.im === bn.im;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => valuesEqual(x, b[i] as ConfigValue));
  }
  if (!isConfigObject(a) || !isConfigObject(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => hasKey(b, k) && valuesEqual(a[k] as ConfigValue, b[k] as ConfigValue));
}

function scalarNumber(v: ConfigValue): { re: number; im: number } | null {
  if (typeof v === 'number') return { re: v, im: 0 };
  if (typeof v === 'boolean') return { re: v ? 1 : 0, im: 0 };
  if (v instanceof ComplexNumber) return { re: v.re, im: v.im };
  return null;
}
