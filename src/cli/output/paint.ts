// The colour styles, from chalk, for a terminal that shows colour.
import { Chalk } from 'chalk';
import type { Paint } from './renderer.js';

export function chalkPaint(): Paint {
  const c = new Chalk({ level: 1 });
  return { bold: (s) => c.bold(s), dim: (s) => c.dim(s), green: (s) => c.green(s), red: (s) => c.red(s), yellow: (s) => c.yellow(s) };
}
