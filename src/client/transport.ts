// The seam between the client and an HTTP stack: one request, its status and
// body text. Two stacks sit behind it (transport-undici.ts, transport-node.ts);
// everything above — routes, failure classification, failover, leases — is
// written once.
import type { Endpoint, TlsOptions } from './types.js';

export interface TransportRequest {
  method: 'GET' | 'POST';
  /** path and query, e.g. /v1/status?product=x */
  path: string;
  /** JSON text */
  body?: string | undefined;
  headers: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** from the connection being open to the whole answer read (a queue wait adds its seconds) */
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  contentType: string;
  text: string;
}

export interface TransportSettings {
  connectTimeoutMs: number;
  tls: TlsOptions | null;
}

export interface Transport {
  /**
   * Send one request. Throws what the stack throws for network failures (the
   * caller classifies them); connect timeouts throw an error with code
   * LICUTIL_CONNECT_TIMEOUT and answer timeouts LICUTIL_REQUEST_TIMEOUT, or
   * undici's own codes.
   */
  request(ep: Endpoint, req: TransportRequest): Promise<TransportResponse>;
  /** close every pooled connection */
  close(): Promise<void>;
}

/** Answers larger than this are not ours (the biggest, status, stays far below). */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
