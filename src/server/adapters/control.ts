// What the remote API and the monitor may see and do on the running server,
// in the shapes of seed 000 §6.5–§6.6. Both front ends talk to this interface
// only; server-control.ts implements it on the license service. The JSON field
// names are the seed's (snake_case); fields the seed does not name are licutil
// additions and say so.
import type { LogControl } from './logging/log-control.js';

/** list.licenses.connections: one checkout. */
export interface ConnectionView {
  product: string;
  /** user@host of the holder */
  name: string;
  /** the client's address and port as the server saw it at checkout ("host:port"); the reported host when unknown */
  address: string;
  local_address?: string;
  tag?: string;
  /** ms since the checkout */
  lifetime: number;
  // licutil additions
  client_id: number;
  handle: string;
  user: string;
  host: string;
  pid: number;
  count: number;
  version: string;
}

/** list.licenses: one pool. */
export interface LicenseView {
  /** the pool id */
  uid: string;
  products: string;
  /** the license files the pool comes from */
  origin: string;
  tag?: string;
  max: number;
  version: string;
  connections: ConnectionView[];
  // licutil additions
  isv: string;
  in_use: number;
  queued: number;
  /** ISO date-time, or null when permanent */
  expires: string | null;
  retired: boolean;
  password_protected: boolean;
}

/** The `license` message. */
export interface LicenseInfoView {
  products: string;
  user: string;
  validity: string;
  id?: string;
  id_type?: 'host_id' | 'dongle_id';
  uid?: string;
  filename?: string;
  server?: string;
  server_id?: string;
}

/** A client of the monitor's `client` command: the holder of one checkout. */
export interface ClientView {
  id: number;
  handle: string;
  product: string;
  version: string;
  count: number;
  user: string;
  host: string;
  pid: number;
  address: string;
  tag?: string;
  since: string;
  lifetime_ms: number;
  /** messages waiting for its next heartbeat */
  pending_messages: number;
}

export interface ReloadSummary {
  added: number;
  removed: number;
  changed: number;
  orphaned_checkouts: number;
  messages: string[];
  /** the configuration file was read again (and changed) */
  config_changed?: boolean;
}

export type CloseResult = { ok: true; client: ClientView } | { ok: false; error: string };
export type SendResult = { ok: true; client: ClientView } | { ok: false; error: string };


export interface ServerControl {
  /** com_name */
  readonly name: string;
  readonly version: string;
  list(): LicenseView[];
  clients(): ClientView[];
  license(): LicenseInfoView;
  reload(by: string): Promise<ReloadSummary>;
  quit(by: string): void;
  /** to every client holding a checkout; returns how many */
  broadcast(text: string): number;
  /** `client` is a client id (monitor `client`) or a checkout handle */
  sendTo(client: string, text: string): SendResult;
  /** ends the checkout; `text` reaches the holder at its next heartbeat */
  close(client: string, text: string | undefined, by: string): Promise<CloseResult>;
  readonly logs: LogControl;
  stats(): StatsReport;
}

/** what the `stats` request answers; remote/stats.ts samples it */
export interface StatsReport {
  /** type → load in % of one core; licutil runs one main thread, "main" */
  cpu: Record<string, number>;
  instance_id: number;
  /** seconds the sample covers */
  duration: number;
  /** licutil: what the license service did during the sample */
  counters: Record<string, number>;
}
