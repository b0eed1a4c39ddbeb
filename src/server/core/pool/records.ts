// What the pool manager asks to have made durable: one record per change,
// dated in wall ms (`at`), with enough to rebuild the live state after a
// restart. The journal (stores/) writes them; restore.ts reads them back.
// Passwords are never written.
export interface GrantRecord {
  t: 'grant';
  at: number;
  handle: string;
  /** the lease's public id (absent in journals written before ids existed) */
  id: number;
  /** the seat (group of `count` licenses) the lease sits on; shared seats have several leases */
  seat: string;
  pool: string;
  isv: string;
  product: string;
  version: string;
  reqVersion: string;
  count: number;
  user: string;
  host: string;
  pid: number;
  isvString: string | null;
  tag: string | null;
  leaseMs: number;
  /** wall ms of the grant (kept through compaction) */
  since: number;
}

/** a lease ended by check-in (`by: 'checkin'`) or lapse (`by: 'reclaim'`); `holdMs` > 0 keeps its seat */
interface EndRecord {
  t: 'checkin' | 'reclaim';
  at: number;
  handle: string;
  holdMs: number;
}

interface RemoveRecord {
  t: 'remove';
  at: number;
  handle: string;
  by: string | null;
}

interface HoldReleaseRecord {
  t: 'release';
  at: number;
  seat: string;
}

/** a seat held after its last lease ended; written by compaction */
interface HeldRecord {
  t: 'held';
  at: number;
  seat: string;
  pool: string;
  count: number;
  /** wall ms the hold ends */
  until: number;
  holdMs: number;
}

/** written by a journal probing whether it can write again; ignored on restore */
interface MarkRecord {
  t: 'mark';
  at: number;
}

/** the next public lease id, written by compaction so an id is never given twice, even after the leases that had them ended */
interface IdsRecord {
  t: 'ids';
  at: number;
  next: number;
}

export type JournalRecord = GrantRecord | EndRecord | RemoveRecord | HoldReleaseRecord | HeldRecord | MarkRecord | IdsRecord;
