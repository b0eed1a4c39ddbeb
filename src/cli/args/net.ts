// Options of the commands that talk to servers, as data (arg-spec.ts). Kept
// apart from net-client.ts so that declaring them loads no client code.
import type { OptionSpec } from './spec.js';

export const TIMEOUT_OPTION: OptionSpec = {
  type: 'number',
  requiresArg: true,
  describe: 'seconds to wait for each server to connect and answer (default: RLM_CONNECT_TIMEOUT, else 10)',
};

export const ADMIN_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  timeout: TIMEOUT_OPTION,
  'admin-token-file': {
    type: 'string',
    requiresArg: true,
    describe: "file holding the server's admin token (default: LICUTIL_ADMIN_TOKEN); not needed on the server host",
  },
};

/** Which vendor tool asks a server that is not licutil (stat, lmdiag). */
export const VENDOR_TOOL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  lmutil: { type: 'string', requiresArg: true, describe: 'FlexNet lmutil to ask a server that is not licutil (default: lmutil on PATH)' },
  rlmutil: { type: 'string', requiresArg: true, describe: 'RLM rlmutil to ask a server that is not licutil (default: rlmutil on PATH)' },
};
