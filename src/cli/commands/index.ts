// Every command, listed explicitly so the bundler sees them (no commandDir).
import type { GlobalArgs } from '../args/global.js';
import type { LicutilCommand } from '../common/command.js';
import { checkinCommand } from './checkin/command.js';
import { checkoutCommand } from './checkout/command.js';
import { downCommand } from './down/command.js';
import { envCommand } from './env/command.js';
import { explainCommand } from './explain/command.js';
import { heartbeatCommand } from './heartbeat/command.js';
import { hostidCommand } from './hostid/command.js';
import { lmdiagCommand } from './lmdiag/command.js';
import { removeCommand } from './remove/command.js';
import { reportCommand } from './report/command.js';
import { rereadCommand } from './reread/command.js';
import { serveCommand } from './serve/command.js';
import { signCommand } from './sign/command.js';
import { statCommand } from './stat/command.js';

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
  reportCommand,
] as unknown as LicutilCommand<GlobalArgs>[];
