// What the HTTP face is built from (buildApp's deps) and what each route group
// is handed. Its own file so that app.ts, the routes-*.ts it registers and the
// status page's routes can all name these types without importing one another.
import type { FastifyInstance } from 'fastify';
import type { ServerInfo } from '../../../protocol/messages.js';
import type { DebugLog } from '../../core/debug-log.js';
import type { LeaseService } from '../../core/lease-service.js';
import type { ServerMetrics } from '../metrics.js';
import type { AdminPolicy, RemoteAddressOf } from './admin-auth.js';
import type { BrowserPolicy } from './browser-guard.js';
import type { ClientHooks } from './client-hooks.js';
import type { GuessThrottle } from '../guesses.js';
import type { LongPolls, WaitLimits } from './long-polls.js';
import type { RereadAnswer } from './reread-answer.js';

export interface HttpTimeouts {
  /** whole request (headers + body) must arrive within this (slow clients) */
  requestMs: number;
  /** headers must arrive within this */
  headersMs: number;
  /** an idle keep-alive connection is closed after this */
  keepAliveMs: number;
  /** how often node:http checks the two limits above */
  checkIntervalMs: number;
  /** a connection silent this long is closed (one that never sends a request, too); long-polls are exempt */
  idleMs: number;
}

export interface AppDeps {
  service: LeaseService;
  metrics: ServerMetrics;
  log: DebugLog;
  admin: AdminPolicy;
  /** the seam deciding where a request comes from (tests replace it) */
  remoteAddressOf?: RemoteAddressOf;
  /** identity and state of the server for hello/status */
  serverInfo: () => ServerInfo;
  /** the ISVs served, sorted (hello); absent: taken from status, which walks every pool and lease */
  isvs?: () => string[];
  actions: AdminActions;
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  timeouts?: Partial<HttpTimeouts>;
  /** the monitor and remote API's view of clients: addresses, messages, close reasons */
  clients?: ClientHooks | undefined;
  /** the names the server answers to (Host); default: loopback names only */
  browser?: BrowserPolicy | undefined;
  /** the status page and its admin sessions; absent: no page (--no-web) */
  web?: PageHooks | undefined;
  /** slows the guessing of license passwords per address (checkout, status); absent: no limit */
  guesses?: GuessThrottle | undefined;
  /** how long a long-poll is held, and how many may wait (default: long-polls.ts) */
  waits?: Partial<WaitLimits> | undefined;
}

export interface AdminActions {
  /** re-run start-up processing and swap the pools; existing checkouts stay */
  reread(by: string): Promise<RereadAnswer>;
  /** stop the server; called once the answer to `down` has been written */
  down(requestedBy: string): void;
}

export type RouteContext = AppDeps & { remoteAddressOf: RemoteAddressOf; browser: BrowserPolicy; polls: LongPolls };

/**
 * What the API needs of the status page (web/): its routes, registered after
 * the API's, and the admin a signed-in browser session stands for. Handed in
 * as this interface so that http/ does not import web/, which imports http/.
 */
export interface PageHooks {
  register(app: FastifyInstance, ctx: RouteContext): void;
  /** the admin the session cookie and its CSRF token stand for; undefined when none */
  adminOf(cookieHeader: string | undefined, csrfHeader: string | string[] | undefined): string | undefined;
}
