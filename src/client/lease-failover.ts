// A lease's road back to its servers. A redundant set (`5053@a,5053@b`) in
// front of a shared store (issue 18) renews and returns a lease on any of its
// servers, so when the one that granted it stops answering, the lease is
// renewed on the next one that does, and stays with that one. Other redundant
// sets do not share their state: there another server does not know the
// handle, and that answer must not end the lease while its own server may
// come back; the failure of the granting server is what the caller hears.
import { LicutilError } from '../protocol/errors.js';
import type { CheckinResponse, HeartbeatResponse } from '../protocol/messages.js';
import { isServerUnavailable } from './failure.js';
import type { LeaseServer } from './lease.js';
import type { Endpoint } from './types.js';

/** This server cannot serve now, another of its set might. */
export function failsOver(e: unknown): boolean {
  return (
    isServerUnavailable(e) ||
    (e instanceof LicutilError && (e.code === 'LICUTIL_E_SHUTTING_DOWN' || e.code === 'LICUTIL_E_JOURNAL' || e.code === 'LICUTIL_E_SERVER_BUSY'))
  );
}

export class FailoverLeaseServer implements LeaseServer {
  private current: LeaseServer;
  private readonly all: readonly LeaseServer[];

  /** `others`: the rest of the granting server's redundant set, in order */
  constructor(granted: LeaseServer, others: readonly LeaseServer[]) {
    this.current = granted;
    this.all = [granted, ...others];
  }

  get endpoint(): Endpoint {
    return this.current.endpoint;
  }

  heartbeat(handle: string): Promise<HeartbeatResponse> {
    return this.call((s) => s.heartbeat(handle));
  }

  checkin(handle: string): Promise<CheckinResponse> {
    return this.call((s) => s.checkin(handle));
  }

  private async call<T>(op: (s: LeaseServer) => Promise<T>): Promise<T> {
    try {
      return await op(this.current);
    } catch (first) {
      if (!failsOver(first)) throw first;
      for (const s of this.all) {
        if (s === this.current) continue;
        try {
          const v = await op(s);
          this.current = s;
          return v;
        } catch {
          // not shared, or down too: the granting server's failure stands
        }
      }
      throw first;
    }
  }
}
