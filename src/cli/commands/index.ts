// Every command, listed explicitly so the bundler sees them (no commandDir).
import type { GlobalArgs, LicutilCommand } from '../command.js';
import { envCommand } from './env.js';
import { explainCommand } from './explain.js';
import { hostidCommand } from './hostid.js';
import { lmdiagCommand } from './lmdiag.js';
import { serveCommand } from './serve.js';
import { signCommand } from './sign.js';
import { statCommand } from './stat.js';

// Each command narrows GlobalArgs to its own arguments; the list only needs the common face.
export const COMMANDS: LicutilCommand<GlobalArgs>[] = [
  envCommand,
  statCommand,
  lmdiagCommand,
  hostidCommand,
  signCommand,
  serveCommand,
  explainCommand,
] as unknown as LicutilCommand<GlobalArgs>[];
