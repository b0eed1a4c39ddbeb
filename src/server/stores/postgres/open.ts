// Start-up of a server on the shared store, in the order that keeps a wrong
// start from touching anything: reach the database, check (or with --init
// create) the schema, agree on the pools with the servers already there,
// register, give the leases their grace when nobody was looking after them,
// load the state; then the reaper ticks until close().
import { randomBytes } from 'node:crypto';
import { VERSION } from '../../../version.js';
import type { StoreInfo } from '../../../protocol/messages.js';
import type { LeaseService } from '../../core/lease-service.js';
import type { SharedServiceDeps } from '../../core/store.js';
import { redactUrl, unreachable, isConnectionError } from './link.js';
import { agreePools, listServers, registerServer, type ServerRow } from './membership.js';
import { TICK_MS, graceAfterOutage, lockReaper, reap } from './reaper.js';
import { checkSchema, migrate, SCHEMA_VERSION } from './schema.js';
import { SharedLicenseService } from './shared-service.js';

export interface SharedStoreOptions {
  url: string;
  /** create or upgrade the schema first */
  init: boolean;
  hostname: string;
  /** where clients reach this server (for the servers list); known once it listens */
  url_of_server: () => string;
}

export type SharedLeaseService = LeaseService & { storeInfo(): StoreInfo };

export async function openSharedService(o: SharedStoreOptions, deps: SharedServiceDeps): Promise<SharedLeaseService> {
  const serverId = `${o.hostname}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const svc = new SharedLicenseService({ url: o.url, serverId, ...deps });
  const { link } = svc;
  const log = deps.log;
  try {
    await link.start();
    await link.withClient(async (c) => {
      if (o.init) {
        const found = await migrate(c);
        if (found !== SCHEMA_VERSION) log.info(`shared store ${redactUrl(o.url)}: schema ${found === null ? 'created' : `upgraded from version ${found}`} (version ${SCHEMA_VERSION})`);
      } else {
        await checkSchema(c, redactUrl(o.url));
      }
      await agreePools(c, serverId, deps.defs, false);
      await registerServer(c, { id: serverId, host: o.hostname, url: '', version: VERSION });
    });
    await link.tx(async (c) => {
      await lockReaper(c, true);
      await graceAfterOutage(c, log);
    });
    await svc.begin();
  } catch (e) {
    await link.close();
    if (isConnectionError(e)) throw unreachable(o.url, e);
    throw e;
  }

  let servers: ServerRow[];
  let ticking = false;
  const tick = async () => {
    if (ticking || !link.isHealthy) return;
    ticking = true;
    try {
      await link.withClient((c) => registerServer(c, { id: serverId, host: o.hostname, url: o.url_of_server(), version: VERSION }));
      const due = await link.tx(async (c) => ((await lockReaper(c, false)) ? reap(c, log) : []));
      for (const k of due) await svc.advance(k);
      await svc.sweep();
      servers = await link.withClient((c) => listServers(c));
    } catch (e) {
      if (!isConnectionError(e)) log.warn(`shared store housekeeping failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      ticking = false;
    }
  };
  servers = await link.withClient((c) => listServers(c)).catch(() => []);
  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();
  log.info(`sharing pools through ${redactUrl(o.url)} as server ${serverId}`);

  const close = svc.close.bind(svc);
  return Object.assign(svc, {
    close: async () => {
      clearInterval(timer);
      await close();
    },
    storeInfo: (): StoreInfo => ({
      kind: 'postgres',
      url: redactUrl(o.url),
      healthy: link.isHealthy,
      servers: servers.map((s) => ({ host: s.host, url: s.url, version: s.version, started: s.startedIso, silent_seconds: Math.round(s.silentMs / 1000) })),
    }),
  });
}
