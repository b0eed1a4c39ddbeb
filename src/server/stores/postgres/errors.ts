// What a client of a server on the shared store is told when the store, not
// the request, is the reason it gets no seat.
import { LicutilError } from '../../../protocol/errors.js';

export function storeDown(): LicutilError {
  return new LicutilError(
    'LICUTIL_E_JOURNAL',
    'the license server cannot reach its shared store (PostgreSQL), so it grants nothing new',
    'existing checkouts are unaffected and are renewed again once the store is back; try again shortly, or ask the administrator to check the database',
  );
}
