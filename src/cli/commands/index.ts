// Every command, listed explicitly so the bundler sees them (no commandDir).
import type { GlobalArgs, LicutilCommand } from '../command.js';
import { checkinCommand } from './checkin.js';
import { checkoutCommand } from './checkout.js';
import { downCommand } from './down.js';
import { envCommand } from './env.js';
import { explainCommand } from './explain.js';
import { heartbeatCommand } from './heartbeat.js';
import { hostidCommand } from './hostid.js';
import { lmdiagCommand } from './lmdiag.js';
import { removeCommand } from './remove.js';
import { rereadCommand } from './reread.js';
import { serveCommand } from './serve.js';
import { signCommand } from './sign.js';
import { statCommand } from './stat.js';

// Each command narrows GlobalArgs to its own arguments; the list only needs the common face.
export const COMMANDS: LicutilCommand<GlobalArgs>[] = [
  envCommand,
  statCommand,
  lmdiagCommand,
  hostidCommand,
  checkoutCommand,
  checkinCommand,
  heartbeatCommand,
  rereadCommand,
  removeCommand,
  downCommand,
  signCommand,
  serveCommand,
  explainCommand,
] as unknown as LicutilCommand<GlobalArgs>[];
