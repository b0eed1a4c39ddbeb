// What the transports (HTTP, remote API, metrics) use of a license service,
// whichever keeps the pools: LicenseService (service.ts: one server, its own
// journal) or the shared store's service (stores/postgres: several servers,
// one database). What both tell a client the same way lives here too.
import { LicutilError } from '../../protocol/errors.js';
import type { StoreInfo } from '../../protocol/messages.js';
import type {
  CheckinResult,
  CheckoutRequest,
  Denial,
  Grant,
  HeartbeatResult,
  PoolCounts,
  PoolDef,
  RemoveResult,
  ReplaceResult,
  StatusOptions,
  StatusSnapshot,
} from './pool/types.js';

export type CheckoutOutcome =
  | { kind: 'grant'; grant: Grant; waitedMs: number }
  | { kind: 'denial'; denial: Denial; waitedMs: number }
  /** the server could not serve it (journal failing, shutting down) */
  | { kind: 'error'; error: LicutilError }
  /** the client went away while waiting; nobody is listening for an answer */
  | { kind: 'cancelled' };

/** The operations; both services answer them with the same results. */
export interface LeaseService {
  /** false while grants are refused because their records cannot be made durable */
  readonly journalHealthy: boolean;
  readonly waitingCount: number;
  checkout(req: CheckoutRequest, signal?: AbortSignal): Promise<CheckoutOutcome>;
  heartbeat(handle: string): Promise<HeartbeatResult>;
  checkin(handle: string): Promise<CheckinResult>;
  remove(handle: string, by: string): Promise<RemoveResult>;
  replacePools(defs: readonly PoolDef[]): Promise<ReplaceResult>;
  /** the changes of a reread only (a large license set changes a few pools of 100,000s); absent: replacePools */
  updatePools?(upserts: readonly PoolDef[], removed: readonly string[]): Promise<ReplaceResult>;
  status(opts?: StatusOptions): StatusSnapshot;
  /** every pool's seat counts, read as they are walked (GET /metrics takes 100,000 pools a slice at a time); absent: status() */
  poolCounts?(): Iterable<PoolCounts>;
  /** a seat was granted to a client that is gone: give it back at once */
  abandon(handle: string): Promise<void>;
  close(): Promise<void>;
  /** the shared store and the servers sharing it; absent for a server on its own journal */
  storeInfo?(): StoreInfo;
}

export function shuttingDown(): LicutilError {
  return new LicutilError('LICUTIL_E_SHUTTING_DOWN', 'the license server is shutting down', 'try again when it is back, or use another server of a redundant set');
}
