// Builds a client from server groups and options: picks the HTTP stack and the
// identity. The CLI calls this with groups it resolved itself; `connect()` is
// the library's door to it.
import { LicenseClient, DEFAULT_CONNECT_TIMEOUT_MS } from './client.js';
import { processIdentity, type Identity } from './identity.js';
import { nodeTransport } from './transport-node.js';
import type { Transport, TransportSettings } from './transport.js';
import { undiciTransport } from './transport-undici.js';
import type { ClientOptions, ServerGroup } from './types.js';

export function transportFor(options: ClientOptions): Transport {
  const settings: TransportSettings = {
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    tls: options.tls ? (options.tls === true ? {} : options.tls) : null,
  };
  return options.transport === 'node' ? nodeTransport(settings) : undiciTransport(settings);
}

export function createClient(groups: ServerGroup[], options: ClientOptions = {}, transport?: Transport): LicenseClient {
  const fromProcess: Identity = processIdentity();
  const identity: Identity = {
    user: options.user ?? fromProcess.user,
    host: options.host ?? fromProcess.host,
    pid: options.pid ?? fromProcess.pid,
  };
  return new LicenseClient({ groups, transport: transport ?? transportFor(options), identity, options });
}
