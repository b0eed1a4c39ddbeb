// The one table of error codes. Every failure licutil reports — a CLI refusal, a
// server denial, a client-side network failure — carries one of these codes, so
// scripts and the server's JSON errors agree on names. Exit statuses follow
// sysexits where they fit (DESIGN.md "Output and exit codes"); the README's
// exit-code table says the same, and test/unit/protocol/exit-codes.test.ts
// holds every code to it. The rule a script relies on: 75 only when trying
// again later can succeed; a request these licenses can never meet is 65.

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  dataErr: 65,
  noInput: 66,
  unavailable: 69,
  software: 70,
  cantCreate: 73,
  tempFail: 75,
  noPerm: 77,
  config: 78,
} as const;

export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

export interface ErrorSpec {
  /** sysexits-style status for the CLI */
  exit: ExitStatus;
  /** HTTP status when the server answers with this code */
  http: number;
  /** nearest RLM status, for administrators who know those tables */
  rlm?: string;
  /** nearest FlexNet status */
  flexlm?: string;
  summary: string;
}

export const ERROR_CODES = {
  LICUTIL_E_USAGE: { exit: EXIT.usage, http: 400, summary: 'the command line is not valid' },
  LICUTIL_E_BAD_REQUEST: { exit: EXIT.dataErr, http: 400, summary: 'the request body is not valid' },
  LICUTIL_E_LICENSE_SYNTAX: {
    exit: EXIT.dataErr,
    http: 422,
    rlm: 'RLM_EH_BAD_LIC_LINE',
    flexlm: '-2 (invalid license file syntax)',
    summary: 'a license file has errors',
  },
  LICUTIL_E_NO_SOURCE: {
    exit: EXIT.noInput,
    http: 404,
    rlm: 'RLM_EH_READ_NOLICENSE',
    flexlm: '-1 (cannot find license file)',
    summary: 'no license source was found',
  },
  LICUTIL_E_FILE: { exit: EXIT.noInput, http: 404, summary: 'a file could not be read' },
  LICUTIL_E_LOG_FORMAT: { exit: EXIT.dataErr, http: 422, summary: 'a usage log is in no format licutil reads' },
  LICUTIL_E_NO_SUCH_PRODUCT: {
    exit: EXIT.dataErr,
    http: 404,
    rlm: 'RLM_EL_NOPRODUCT',
    flexlm: '-5 (no such feature exists)',
    summary: 'no license for that product',
  },
  LICUTIL_E_VERSION_TOO_HIGH: {
    exit: EXIT.dataErr,
    http: 409,
    rlm: 'RLM_EL_BADVER',
    flexlm: '-21 (license file does not support this version)',
    summary: 'the version asked for is above every license',
  },
  LICUTIL_E_EXPIRED: {
    exit: EXIT.dataErr,
    http: 410,
    rlm: 'RLM_EL_EXPIRED',
    flexlm: '-10 (feature has expired)',
    summary: 'the license has expired',
  },
  LICUTIL_E_NOT_STARTED: {
    exit: EXIT.dataErr,
    http: 409,
    rlm: 'RLM_EL_NOT_STARTED',
    flexlm: '-31 (feature start date is in the future)',
    summary: 'the license is not valid yet',
  },
  LICUTIL_E_WRONG_HOST: {
    exit: EXIT.dataErr,
    http: 409,
    rlm: 'RLM_EL_NOTTHISHOST',
    flexlm: '-9 (invalid host)',
    summary: 'the license is locked to another host',
  },
  LICUTIL_E_BAD_SIGNATURE: {
    exit: EXIT.dataErr,
    http: 409,
    rlm: 'RLM_EL_BADKEY',
    flexlm: '-8 (invalid license key or signature)',
    summary: 'the signature does not match the license',
  },
  LICUTIL_E_KEY: { exit: EXIT.config, http: 500, summary: 'a signing key is missing or unusable' },
  LICUTIL_E_EXISTS: { exit: EXIT.cantCreate, http: 409, summary: 'refusing to overwrite an existing file' },
  LICUTIL_E_NOT_USABLE: {
    exit: EXIT.failure,
    http: 409,
    summary: 'the feature cannot be used on this machine',
  },
  LICUTIL_E_ALL_IN_USE: {
    exit: EXIT.tempFail,
    http: 409,
    rlm: 'RLM_EL_ALLINUSE',
    flexlm: '-4 (licensed number of users already reached)',
    summary: 'every seat is in use',
  },
  LICUTIL_E_COUNT_TOO_HIGH: {
    exit: EXIT.dataErr,
    http: 409,
    rlm: 'RLM_EL_TOOMANY',
    summary: 'more seats were asked for at once than any license has',
  },
  LICUTIL_E_BAD_PASSWORD: {
    exit: EXIT.noPerm,
    http: 403,
    rlm: 'RLM_EL_NO_SERV_SUPP',
    flexlm: '-5 (no such feature exists)',
    summary: 'the license needs a password that was not given',
  },
  LICUTIL_E_WRONG_TAG: {
    exit: EXIT.noPerm,
    http: 403,
    summary: 'the pool serves only requests with another tag',
  },
  LICUTIL_E_TIMED_OUT: {
    exit: EXIT.tempFail,
    http: 409,
    rlm: 'RLM_EL_ALLINUSE',
    flexlm: '-4 (licensed number of users already reached)',
    summary: 'no seat became free within the wait',
  },
  LICUTIL_E_TOO_MANY_WAITS: {
    // the client's own waits end (granted, timed out, given up) and then it may queue again
    exit: EXIT.tempFail,
    http: 429,
    rlm: 'RLM_EL_ALLINUSE',
    summary: 'this client already has as many requests waiting in the queue as the server allows one client',
  },
  LICUTIL_E_SERVER_BUSY: {
    exit: EXIT.tempFail,
    http: 503,
    summary: 'the server holds as many waiting requests as its file descriptors allow; it still answers everything else',
  },
  LICUTIL_E_REMOVE_REFUSED: {
    // min_remove: the same removal succeeds once the checkout is old enough
    exit: EXIT.tempFail,
    http: 409,
    rlm: 'RLM_EH_OP_NOT_ALLOWED',
    summary: 'the checkout may not be removed yet (min_remove)',
  },
  LICUTIL_E_REMOVE_DISABLED: {
    // min_remove=-1: no wait helps, so not 75
    exit: EXIT.noPerm,
    http: 409,
    rlm: 'RLM_EH_OP_NOT_ALLOWED',
    summary: 'the license forbids removing its checkouts (min_remove=-1)',
  },
  LICUTIL_E_JOURNAL: {
    exit: EXIT.tempFail,
    http: 503,
    summary: 'the server cannot record checkouts right now (journal write failed)',
  },
  LICUTIL_E_TOO_MANY_FAILURES: {
    // the lock ends by itself: the same request with the right secret then succeeds
    exit: EXIT.tempFail,
    http: 429,
    summary: 'too many wrong passwords from this address: it must wait before it tries again',
  },
  LICUTIL_E_NOT_ADMIN: {
    exit: EXIT.noPerm,
    http: 403,
    rlm: 'RLM_EH_OP_NOT_ALLOWED',
    flexlm: '-63 (not authorized)',
    summary: 'administration needs loopback or the admin token',
  },
  LICUTIL_E_FOREIGN_REQUEST: {
    exit: EXIT.noPerm,
    http: 403,
    summary: 'the request came through a name, or from a web page, that the server does not answer',
  },
  LICUTIL_E_UNAVAILABLE: {
    exit: EXIT.unavailable,
    http: 503,
    rlm: 'RLM_EH_CONN_REFUSED',
    flexlm: '-15 (cannot connect to license server system)',
    summary: 'no license server answered',
  },
  // Client-side network failures: never sent by a server (the http status is
  // nominal); each names why a server could not be talked to, all exit 69.
  LICUTIL_E_HOST_UNKNOWN: {
    exit: EXIT.unavailable,
    http: 503,
    rlm: 'RLM_EH_CONN_REFUSED',
    flexlm: '-14 (cannot find SERVER hostname in network database)',
    summary: 'the server host name does not resolve',
  },
  LICUTIL_E_REFUSED: {
    exit: EXIT.unavailable,
    http: 503,
    rlm: 'RLM_EH_CONN_REFUSED',
    flexlm: '-15 (cannot connect to license server system)',
    summary: 'nothing listens on the server port (connection refused)',
  },
  LICUTIL_E_CONNECT_TIMEOUT: {
    exit: EXIT.unavailable,
    http: 503,
    rlm: 'RLM_EH_CONN_REFUSED',
    flexlm: '-96 (license server machine is down or not responding)',
    summary: 'the server did not answer within the timeout',
  },
  LICUTIL_E_UNREACHABLE: {
    exit: EXIT.unavailable,
    http: 503,
    rlm: 'RLM_EH_CONN_REFUSED',
    flexlm: '-15 (cannot connect to license server system)',
    summary: 'the server host or network cannot be reached',
  },
  LICUTIL_E_TLS: { exit: EXIT.unavailable, http: 503, summary: 'the TLS connection to the server failed' },
  LICUTIL_E_NOT_LICUTIL: {
    exit: EXIT.unavailable,
    http: 503,
    summary: 'something answers on that port, but not a licutil server',
  },
  LICUTIL_E_CONNECTION_CLOSED: {
    exit: EXIT.unavailable,
    http: 503,
    rlm: 'RLM_EH_READ_NOLICENSE',
    summary: 'the server closed the connection before answering',
  },
  LICUTIL_E_CONFIG: { exit: EXIT.config, http: 500, summary: 'the configuration is not valid' },
  LICUTIL_E_SHUTTING_DOWN: {
    exit: EXIT.unavailable,
    http: 503,
    rlm: 'RLM_EL_SERVER_DOWN',
    flexlm: '-97 (the desired vendor daemon is down)',
    summary: 'the license server is shutting down',
  },
  LICUTIL_E_NO_SUCH_HANDLE: {
    // nothing matched (as pkill): no license data was wrong
    exit: EXIT.failure,
    http: 404,
    rlm: 'RLM_EL_NOHANDLE',
    summary: 'the server knows no checkout with that handle',
  },
  LICUTIL_E_NOT_HOLDER: {
    exit: EXIT.noPerm,
    http: 403,
    rlm: 'RLM_EL_NOHANDLE',
    summary: "only the holder of a checkout may renew or return it: a public id is not the holder's handle",
  },
  LICUTIL_E_REMOVED: {
    exit: EXIT.tempFail,
    http: 410,
    rlm: 'RLM_EL_REMOVED',
    flexlm: 'license lost after lmremove',
    summary: 'the checkout was removed by an administrator',
  },
  LICUTIL_E_LEASE_LAPSED: {
    exit: EXIT.tempFail,
    http: 410,
    rlm: 'RLM_EL_TIMEDOUT',
    flexlm: 'license checked in by the TIMEOUT option',
    summary: 'the checkout was reclaimed because its lease was not renewed in time',
  },
  LICUTIL_E_TOO_LARGE: { exit: EXIT.dataErr, http: 413, summary: 'the request body is larger than the server accepts' },
  LICUTIL_E_NOT_FOUND: { exit: EXIT.unavailable, http: 404, summary: 'no such route on this server' },
  LICUTIL_E_UNKNOWN_CODE: { exit: EXIT.failure, http: 404, summary: 'no table knows that error code (explain)' },
  LICUTIL_E_INTERNAL: { exit: EXIT.software, http: 500, summary: 'an internal error' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A failure a person can act on: a stable code, what happened, and what to do. */
export class LicutilError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitStatus: ExitStatus;

  constructor(code: ErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'LicutilError';
    this.code = code;
    this.hint = hint;
    this.exitStatus = ERROR_CODES[code].exit;
  }

  toJSON(): { code: ErrorCode; message: string; hint?: string } {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

export function isLicutilError(e: unknown): e is LicutilError {
  return e instanceof LicutilError;
}
