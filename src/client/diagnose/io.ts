// The network behind lmdiag's steps: name resolution (dns.lookup), a bare TCP
// connect (net), and the client library for hello, status and the test
// checkout. One transport for all of it, closed at the end.
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../client.js';
import { createClient, transportFor } from '../create.js';
import { classifyNetworkError } from '../failure.js';
import type { ClientOptions, Endpoint } from '../types.js';
import { LicutilError } from '../../protocol/errors.js';
import { codedError } from '../transport.js';
import type { VendorToolName } from '../../legacy/vendor-tool.js';
import type { NetIo } from './diagnose.js';
import type { VendorToolArgs, VendorToolContext } from '../../legacy/vendor-fallback.js';

export interface NodeNetIo extends NetIo {
  close(): Promise<void>;
}

/** What the vendor tools need: --lmutil/--rlmutil, the environment (PATH), the time, and how long to wait. */
export interface VendorIo {
  args: VendorToolArgs;
  ctx: VendorToolContext;
  timeoutMs: number;
}

export function nodeNetIo(options: ClientOptions, password: string | null, vendor?: VendorIo): NodeNetIo {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const transport = transportFor(options);
  // a client with no server entries of its own: every call names its endpoint
  const client = createClient([], options, transport);
  const pw = password ?? undefined;
  return {
    now: () => performance.now(),
    async lookup(host) {
      const all = await lookup(host, { all: true });
      return all.map((a) => a.address);
    },
    connect(address, port) {
      return new Promise<void>((resolve, reject) => {
        const s = net.connect({ host: address, port });
        const timer = setTimeout(() => s.destroy(codedError('LICUTIL_CONNECT_TIMEOUT', `no connection within ${connectTimeoutMs} ms`)), connectTimeoutMs);
        s.once('connect', () => {
          clearTimeout(timer);
          s.end();
          s.destroy();
          resolve();
        });
        s.once('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      });
    },
    hello: (ep) => client.server(ep).hello(),
    status: (ep, product) => client.server(ep).status({ product, password: pw }),
    async checkout(ep, product, version) {
      const one = createClient([{ spec: ep.spec, origin: 'lmdiag', endpoints: [ep] }], options, transport);
      const lease = await one.checkout(product, { version: version ?? undefined, count: 1, wait: 0, heartbeat: false, password: pw });
      return { grant: lease.grant, checkin: () => lease.checkin() };
    },
    classify(e: unknown, ep: Endpoint): LicutilError {
      if (e instanceof LicutilError) return e;
      return (
        classifyNetworkError(e, ep, { connectTimeoutMs, requestTimeoutMs }) ??
        new LicutilError('LICUTIL_E_UNAVAILABLE', `${ep.spec}: ${e instanceof Error ? e.message : String(e)}`)
      );
    },
    ...(vendor
      ? {
          async vendorStatus(tool: VendorToolName, spec: string) {
            const { askVendorTool } = await import('../../legacy/vendor-fallback.js');
            return askVendorTool(tool, spec, vendor.args, vendor.ctx, vendor.timeoutMs, Intl.DateTimeFormat().resolvedOptions().timeZone);
          },
        }
      : {}),
    close: () => client.close(),
  };
}
