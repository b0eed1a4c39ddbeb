// The real file system for readConfig: the only file of src/config that touches it.
import { existsSync, readFileSync } from 'node:fs';
import type { ConfigIo } from './read.js';

export const nodeConfigIo: ConfigIo = {
  read: (p) => readFileSync(p, 'utf8'),
  exists: (p) => existsSync(p),
};
