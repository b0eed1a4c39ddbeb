// What a client of a server on the shared store is told when the store, not
// the request, is the reason it gets no seat.
import { LicutilError } from '../../../protocol/errors.js';
import type { CheckoutRequest, Denial } from '../../core/pool/types.js';

export function storeDown(): LicutilError {
  return new LicutilError(
    'LICUTIL_E_JOURNAL',
    'the license server cannot reach its shared store (PostgreSQL), so it grants nothing new',
    'existing checkouts are unaffected and are renewed again once the store is back; try again shortly, or ask the administrator to check the database',
  );
}

export function shuttingDown(): LicutilError {
  return new LicutilError('LICUTIL_E_SHUTTING_DOWN', 'the license server is shutting down', 'try again when it is back, or use another server of a redundant set');
}

/** The manager's own words for a wait that ran out (manager.ts timeOut). */
export function timedOut(req: CheckoutRequest): Denial {
  return {
    kind: 'denial',
    code: 'LICUTIL_E_TIMED_OUT',
    logCode: 'LICUTIL_E_TIMED_OUT',
    message: `no license of "${req.product}" became free within the wait of ${Math.round((req.waitMs ?? 0) / 1000)} s`,
    hint: 'wait longer, or see who holds the licenses with `licutil stat`',
  };
}
