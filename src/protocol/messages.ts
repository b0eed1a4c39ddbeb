// The wire contract of the license server (HTTP/1.1 + JSON under /v1/), shared
// by the server and the client. Field names are snake_case on the wire; every
// time is an ISO-8601 UTC string; every duration is in whole seconds.
// docs/protocol.md is the prose version of this file — keep them together.
import type { ErrorCode } from './errors.js';

export const PROTOCOL_VERSION = 1;

/** request header carrying a license password for GET /v1/status (seed 002: status of a password pool needs it) */
export const PASSWORD_HEADER = 'x-licutil-password';

/** Every error answer: `{"error": {...}}` with an HTTP status from ERROR_CODES. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; hint?: string };
}

/** GET /v1/hello — lets a client tell a licutil server from a FlexNet or RLM daemon. */
export interface HelloResponse {
  server: 'licutil';
  version: string;
  protocol: number;
  /** host name of the server machine */
  host: string;
  /** when the server started */
  started: string;
  /** ISVs with at least one pool */
  isvs: string[];
  tls: boolean;
}

export interface CheckoutRequest {
  isv?: string;
  product: string;
  /** lowest version acceptable, "N.M"; default "0" */
  version?: string;
  /** seats; default 1 */
  count?: number;
  user: string;
  host: string;
  pid: number;
  /** ltelicense tag: a pool loaded with a tag serves only requests with that tag */
  tag?: string;
  /** license password (_password, or password= of the ISV line) */
  password?: string;
  /** the ISV-defined string that share=I compares */
  isv_data?: string;
  /** seconds to wait in the queue for a seat; 0 or absent: answer now */
  wait?: number;
  /** lease length asked for, seconds; the server bounds it */
  lease?: number;
}

export interface CheckoutResponse {
  handle: string;
  /** the checkout's public id, as status shows it (see CheckoutInfo.id) */
  id?: number;
  isv: string;
  product: string;
  /** the version of the pool that granted it (≥ the version asked for) */
  version: string;
  count: number;
  /** renew (heartbeat) within this many seconds or the seat is reclaimed */
  lease_seconds: number;
  lease_expires: string;
  /** the pool's usage is now above its soft_limit (RLM_EL_OVERSOFT) */
  over_soft_limit: boolean;
  /** human note, e.g. the soft-limit warning */
  warning?: string;
  /** true when this seat is shared with other checkouts (share=) */
  shared: boolean;
  /** seconds spent in the queue (0 when granted at once) */
  waited_seconds: number;
  pool: string;
}

/**
 * A waiting checkout whose long-poll reached the server's poll time-out (HTTP 202): the
 * request keeps its place in the queue and its wait; POST /v1/resume with the
 * ticket within `resume_seconds` waits on. The ticket is a secret of the waiting client.
 */
export interface CheckoutQueued {
  queued: true;
  ticket: string;
  /** resume within this many seconds, or the place in the queue is given up */
  resume_seconds: number;
}

export interface ResumeRequest {
  ticket: string;
}

export interface HandleRequest {
  handle: string;
}

export interface HeartbeatResponse {
  handle: string;
  lease_seconds: number;
  lease_expires: string;
  /**
   * Messages from the license administrator (monitor `msg`/`msgto`, remote API
   * `message`) sent since the previous heartbeat, oldest first; absent when none.
   * A client shows them to its user (licutil checkout prints them on stderr).
   */
  messages?: string[];
}

export interface CheckinResponse {
  handle: string;
  /** seconds the seat stays in use before it returns to the pool (hold / min_checkout); 0 = at once */
  held_seconds: number;
}

export interface CheckoutInfo {
  handle: string;
  /**
   * A licutil server's public id of this checkout: a decimal serial number the
   * server assigns, never reused (it survives restarts through the journal).
   * It names the checkout to an administrator (`licutil remove ID`) and is
   * lmstat's handle column in `stat --format lmstat`; it does not let anyone
   * renew or check in the lease. Absent in status read from vendor text.
   */
  id?: number;
  user: string;
  host: string;
  pid: number;
  isv: string;
  product: string;
  /** version granted */
  version: string;
  /** version asked for; null when the request named none (any version) */
  requested_version: string | null;
  count: number;
  since: string;
  lease_expires: string;
  tag?: string;
  /** the seat (group of `count` licenses) it uses; checkouts sharing a seat (share=) name the same one */
  seat: string;
  // Optional fields below are only filled when the status was read from a vendor
  // tool's text (ServerInfo.source): lmstat/rlmstat carry them and licutil keeps them.
  /** lmstat's display field (X display, tty, or the client's host name on Windows) */
  display?: string;
  /**
   * text a vendor's client put between the display and the version, kept apart
   * from the display: "feature=test_feature", "MSCONE:ADAMS_View"
   */
  vendor_data?: string;
  /** the server node and port the checkout came from, as lmstat prints it ("host3/27002") */
  served_by?: string;
  /** a FlexNet borrowed/lingering license: seconds as printed ("(linger: 432000)"), and the raw text */
  linger?: { seconds: number; text: string };
  /** rlmstat's second number of "user@host N/M": the reservations this checkout uses */
  reserved?: number;
  /** the start time exactly as the vendor tool printed it (it has no year and no zone) */
  since_text?: string;
}

export interface WaiterInfo {
  /** a licutil server's public id of this request; the checkout it becomes keeps it */
  id?: number;
  /** 1 = next to be served */
  position: number;
  isv: string | null;
  product: string;
  /** version asked for; null when the request named none (any version) */
  requested_version: string | null;
  count: number;
  user: string;
  host: string;
  pid: number;
  tag?: string;
  since: string;
  wait_until: string;
  /** from lmstat's queued lines: the display field, vendor-defined text, the serving node and the handle */
  display?: string;
  vendor_data?: string;
  served_by?: string;
  handle?: string;
}

/** The FIFO queue of one product: every waiter of it, in order. */
export interface QueueInfo {
  product: string;
  waiters: WaiterInfo[];
}

export interface HeldSeatInfo {
  count: number;
  /** the seat returns to the pool then (hold / min_checkout) */
  until: string;
}

export interface PoolInfo {
  id: string;
  isv: string;
  product: string;
  version: string;
  count: number;
  /** seats in use, held seats included */
  in_use: number;
  /** waiters this pool could serve */
  queued: number;
  soft_limit: number;
  /** ISO date-time the pool's licenses expire, or null when permanent */
  expires: string | null;
  /** `share=` as written in the license (e.g. "uh:2"), or null */
  share: string | null;
  hold: number;
  min_checkout: number;
  /** -1: remove is disabled for this pool */
  min_remove: number;
  tag?: string;
  password_protected: boolean;
  /** removed by a reread but still holding checkouts: serves nothing new */
  retired: boolean;
  checkouts: CheckoutInfo[];
  held: HeldSeatInfo[];
  // Optional fields below come from vendor-tool text (ServerInfo.source).
  /** licenses set aside by RESERVE lines of the options file; `reserved` is their total */
  reserved?: number;
  reservations?: ReservationInfo[];
  /** FlexNet VENDOR_STRING of the license (lmstat "vendor_string:") */
  vendor_string?: string;
  /** how lmstat describes the license: "floating license", "nodelocked license, locked to ..." */
  license_type?: string;
  /** lmstat "(Uncounted, node-locked)": no seat count applies (count is then 0) */
  uncounted?: boolean;
  /**
   * rlmstat "Token-based license": the pool's seats are tokens of another
   * license, which the text does not show. `count` is then no capacity: it is
   * the seats in use (a lower bound), and no seat is counted as free.
   */
  token_based?: boolean;
  /** the vendor tool's error for this feature, e.g. "(Error: 1 licenses, unsupported by licensed server)" */
  error?: string;
  /** the licenses behind one lmstat "Users of" section when it shows several (version, expiry, type) */
  licenses?: PoolLicenseInfo[];
  /** rlmstat: licenses made obsolete by a reread, and checkouts since start-up */
  obsolete?: number;
  total_checkouts?: number;
}

/** One RESERVE of an options file as lmstat shows it: "8 RESERVATIONs for GROUP GROUP2". */
export interface ReservationInfo {
  count: number;
  /** USER, HOST, GROUP, HOST_GROUP, DISPLAY, INTERNET, PROJECT; "" when the tool gives only a number */
  type: string;
  name: string;
  served_by?: string;
  /** the version of the license it reserves, when a section shows several */
  version?: string;
}

/** One quoted feature header of an lmstat section ("feature" v1.0, vendor: x, expiry: ...). */
export interface PoolLicenseInfo {
  version: string;
  isv: string;
  /** expiry as printed ("1-jan-0", "permanent(no expiration date)"), and as an instant (null: permanent) */
  expiry_text: string | null;
  expires: string | null;
  vendor_string?: string;
  license_type?: string;
}

/** The shared store a server keeps its pools in, and the servers sharing it (issue 18). */
export interface StoreInfo {
  kind: 'postgres';
  /** the store's URL, its password replaced */
  url: string;
  /** false while this server cannot reach it (it then grants nothing new) */
  healthy: boolean;
  /** every server that said it was alive within the last minute, this one included */
  servers: Array<{ host: string; url: string; version: string; started: string; silent_seconds: number }>;
}

export interface ServerInfo {
  server: 'licutil';
  version: string;
  protocol: number;
  host: string;
  port: number;
  started: string;
  uptime_seconds: number;
  journal: 'ok' | 'failing' | 'off';
  license_files: string[];
  /** present when the pools live in a shared store (`serve --store`) */
  store?: StoreInfo;
  /**
   * Present only when this status was translated from a vendor tool's text
   * (`stat --from lmstat`, or lmutil/rlmutil run against a FlexNet or RLM server).
   * Such a document keeps this shape; what the text does not tell is left empty:
   * `started` "" and `uptime_seconds` 0 unless printed, `protocol` 0, checkout
   * `lease_expires` "", `pid` 0 unless printed (MATLAB's "PID: n").
   */
  source?: StatusSource;
  /** each node of a redundant (three-server) license server, as lmstat lists them */
  nodes?: ServerNodeInfo[];
  /** FlexNet vendor daemons or RLM ISV servers behind this license server */
  daemons?: DaemonInfo[];
}

export interface StatusSource {
  /** the text layout it was read from */
  format: 'lmstat' | 'lmstat-i' | 'rlmstat';
  /** the vendor tool licutil ran to get it (lmutil, rlmutil); absent when read from a file */
  tool?: string;
  /** the tool's own version line, e.g. "lmstat v11.14.0.1 build 188735 x64_lsb" or "rlmutil v12.2" */
  tool_version?: string;
  /** when the tool says it took the status, as printed ("Fri 10/20/2017 17:02", server local time) */
  generated_text?: string;
}

export interface ServerNodeInfo {
  host: string;
  port: number | null;
  status: 'up' | 'down';
  master?: boolean;
  version?: string;
  /** the vendor error code as printed, e.g. "-15,570:115" (licutil explain tells what it means) */
  error?: string;
  message?: string;
}

export interface DaemonInfo {
  name: string;
  status: 'up' | 'down';
  version?: string;
  host?: string;
  port?: number | null;
  /** RLM's ISV server table: times the ISV server was restarted */
  restarts?: number;
  error?: string;
  message?: string;
}

/** GET /v1/status. Pools with a password appear only to requests that give it. */
export interface StatusResponse {
  server: ServerInfo;
  pools: PoolInfo[];
  queues: QueueInfo[];
}

export interface PoolSummary {
  id: string;
  isv: string;
  product: string;
  version: string;
  count: number;
  soft_limit: number;
  expires: string | null;
}

export interface PoolChange {
  id: string;
  before: PoolSummary;
  after: PoolSummary;
}

/** POST /v1/reread: what start-up processing found this time, compared with before. */
export interface RereadResponse {
  added: PoolSummary[];
  removed: PoolSummary[];
  changed: PoolChange[];
  /** lines excluded, expiring soon, ... (what the debug log says) */
  messages: string[];
  /**
   * the error-level ones among `messages` (a syntax error, a line it could not
   * serve): the new files are not what was meant, and `reread` exits 65.
   * Absent from servers older than this field.
   */
  errors?: string[];
  /** checkouts that stayed although their pool left; they return when checked in */
  orphaned_checkouts: number;
}

export interface RemoveResponse {
  handle: string;
  removed: true;
}

export interface DownResponse {
  stopping: true;
}
