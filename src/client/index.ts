// The client library: what `import { connect } from 'licutil'` gives, and what
// the CLI's network commands are built on (nothing implemented twice).
export { connect, type ConnectOptions } from './connect.js';
export { createClient, transportFor } from './create.js';
export { LicenseClient, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from './client.js';
export { Lease } from './lease.js';
export { ServerConnection } from './server.js';
export { ServerUnavailableError, isServerUnavailable, classifyNetworkError, noServerError } from './failure.js';
export {
  endpoint,
  endpointsOf,
  formatHandleRef,
  parseEndpoint,
  parseHandleRef,
  serverGroupsOf,
  type HandleRef,
} from './address.js';
export { parseDuration } from './duration.js';
export {
  road,
  roadWith,
  roadOptions,
  openClient,
  clientOver,
  secondsToMs,
  tlsFromEnv,
  readTokenFile,
  type Road,
  type RoadInput,
  type RoadSettings,
  type OpenedClient,
} from './road.js';
export type * from './types.js';
export type {
  CheckinResponse,
  CheckoutInfo,
  CheckoutResponse,
  DownResponse,
  HeartbeatResponse,
  HelloResponse,
  PoolInfo,
  QueueInfo,
  RemoveResponse,
  RereadResponse,
  ServerInfo,
  StatusResponse,
  WaiterInfo,
} from '../protocol/messages.js';
