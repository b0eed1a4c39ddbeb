// Options of the commands that talk to servers, as data (spec.ts). Kept
// apart from the road (src/client/road.ts) so that declaring them loads no
// client code.
import type { GlobalArgs } from './global.js';
import type { OptionSpec } from './spec.js';

/** What the road reads of a network command's arguments (every such command's parsed type has it). */
interface NetArgs extends GlobalArgs {
  timeout?: number | undefined;
}

export interface AdminArgs extends NetArgs {
  'admin-token-file'?: string | undefined;
  'allow-plain-token'?: boolean | undefined;
}

export const TIMEOUT_OPTION = {
  type: 'number',
  requiresArg: true,
  describe: 'seconds to wait for each server to connect and answer (default: RLM_CONNECT_TIMEOUT, else 10)',
} as const satisfies OptionSpec;

export const ADMIN_OPTIONS = {
  timeout: TIMEOUT_OPTION,
  'admin-token-file': {
    type: 'string',
    requiresArg: true,
    complete: 'file',
    describe: "file holding the server's admin token (default: LICUTIL_ADMIN_TOKEN); not needed on the server host",
  },
  'allow-plain-token': {
    type: 'boolean',
    default: false,
    describe: 'send the admin token over plain HTTP to a server on another host (without it: only over TLS, or to this machine)',
  },
} as const satisfies Record<string, OptionSpec>;

/** Which vendor tool asks a server that is not licutil (stat, lmdiag). */
export const VENDOR_TOOL_OPTIONS = {
  lmutil: { type: 'string', requiresArg: true, complete: 'file', describe: 'FlexNet lmutil to ask a server that is not licutil (default: lmutil on PATH)' },
  rlmutil: { type: 'string', requiresArg: true, complete: 'file', describe: 'RLM rlmutil to ask a server that is not licutil (default: rlmutil on PATH)' },
} as const satisfies Record<string, OptionSpec>;

/** Public keys to verify licutil signatures with (stat -i, lmdiag, sign --verify, serve). */
export const PUB_OPTION = {
  type: 'string',
  requiresArg: true,
  repeatable: true,
  complete: 'file',
  describe: 'public key file to verify licutil signatures with (NAME.pub is the key of ISV NAME)',
} as const satisfies OptionSpec;
