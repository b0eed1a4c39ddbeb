// Lease secrets. The handle a checkout answers with is known only to its
// holder; the server keys the lease by the handle's SHA-256 and keeps nothing
// else of it (in memory, in the journal, in the shared store), so neither a
// status reader nor someone who copies the state can renew or return it. The
// public id (a decimal serial) names the lease everywhere else.
import { hash } from 'node:crypto';

/** The key of a lease whose holder has `secret`: 64 hex digits. */
export function hashSecret(secret: string): string {
  // the one-shot form: twice per checkout + checkin, a Hash object each cost more than the digest
  return hash('sha256', secret, 'hex');
}

/** A key as this version writes it; a shorter handle is a secret from an older version's journal. */
export function isLeaseKey(handle: string): boolean {
  return /^[0-9a-f]{64}$/.test(handle);
}

/** A public lease id (decimal, no leading zero): what status, logs and `remove` show. */
export function isLeaseId(ref: string): boolean {
  return /^[1-9][0-9]{0,15}$/.test(ref);
}
