// Pieces of `licutil serve` that serve-main.ts wires together: the server's
// log (memory buffer + log file or stderr), the monitor's log_options parser
// on live settings, the answers of the remote API's `license` and `reload`,
// and a warm-up of process.nextTick.
import { formatLogOptions, parseLogOptions } from '../../config/index.js';
import type { HostFacts } from '../../hostid/types.js';
import type { RereadAnswer } from '../adapters/http/reread-answer.js';
import { LogFile } from '../adapters/logging/log-file.js';
import { LogHub, streamSink } from '../adapters/logging/log-hub.js';
import { nodeLogFileIo } from '../adapters/logging/node-log-io.js';
import type { LogSettings } from '../adapters/logging/settings.js';
import type { Clock, PoolDef } from '../core/pool/types.js';
import type { LicenseInfoView, ReloadSummary } from '../adapters/control.js';
import { LogBuffer } from '../adapters/logging/log-buffer.js';
import type { ServeIo } from './serve-io.js';
import type { EffectiveServe } from './serve-config.js';
import type { StartupResult } from './startup.js';
import { secureLogFile } from './trusted-paths.js';

/**
 * Calls process.nextTick 20,000 times before the server starts. Node.js
 * builds each tick's record with an object literal of three symbol-keyed
 * fields; when V8 first optimizes nextTick during our start-up (fastify,
 * the journal, the license loader), it can see those fields defined on
 * objects of more than one shape and then compiles each of them as a runtime
 * call, for good. The server calls nextTick about five times per request
 * (node:http's streams), so that cost ~4,400 instructions per call instead of
 * ~400: a tenth of the server's CPU per checkout + checkin (callgrind,
 * bench/suites/throughput.ts). Optimized first on one shape, here, it stays
 * fast. Costs ~2 ms once.
 */
export function settleNextTick(): void {
  const noop = (): void => undefined;
  for (let i = 0; i < 20_000; i++) process.nextTick(noop);
}

/** The server's log: kept in memory for the remote API, written to log_filename or to stderr. */
export function createServerLog(eff: EffectiveServe, clock: Clock, io: ServeIo, headers: () => string[], tzOffsetMinutes: number): { hub: LogHub; file: LogFile | null } {
  const wallOffsetMs = clock.wallMs() - performance.now();
  const nowUs = () => Math.round((wallOffsetMs + performance.now()) * 1000);
  const hub = new LogHub({ buffer: new LogBuffer(eff.log.count), settings: eff.log.settings, nowUs, headers });
  if (eff.log.file === undefined) {
    hub.addSink(streamSink(io.err));
    return { hub, file: null };
  }
  // refused (exit 78) when others could swap it or plant a link at its name
  secureLogFile(eff.log.file);
  const file = new LogFile({
    file: eff.log.file,
    io: nodeLogFileIo,
    settings: () => hub.settings,
    headers,
    wallMs: () => clock.wallMs(),
    startUs: nowUs(),
    tzOffsetMinutes,
    sync: eff.log.sync,
    // the log file is where problems would be written: say it on stderr
    onError: (m) => io.err(`${new Date(clock.wallMs()).toISOString()} error ${m}\n`),
  });
  hub.addSink(file);
  return { hub, file };
}

/** The monitor's `log OPTIONS`: the configuration's log_options syntax on top of the live settings. */
export function parseLogOptionsOn(text: string, base: LogSettings) {
  const r = parseLogOptions(text, { ...base, assignments: [] });
  return { settings: r.options, errors: r.errors, warnings: r.warnings };
}

export function summaryOf(r: RereadAnswer, configChangedNow: boolean): ReloadSummary {
  const out: ReloadSummary = { added: r.added.count, removed: r.removed.count, changed: r.changed.count, orphaned_checkouts: r.orphaned_checkouts, messages: r.messages };
  if (configChangedNow) out.config_changed = true;
  return out;
}

/**
 * The `license` message: ltelicense describes its own license key; licutil
 * describes what it serves — the products, the latest expiry, the files, this
 * machine as the id, the customer= of the licenses (else the user running the server).
 */
export function licenseInfoOf(r: Pick<StartupResult, 'customers' | 'files'> & { defs: Iterable<PoolDef> }, host: HostFacts, url: string): LicenseInfoView {
  const defs = [...r.defs].sort((a, b) => a.order - b.order);
  const products = [...new Set(defs.map((d) => d.product))];
  const ends = defs.map((d) => d.expiresIso);
  const validity = ends.length === 0 ? '' : ends.includes('permanent') ? 'permanent' : ends.reduce((a, b) => (a > b ? a : b)).slice(0, 10);
  const out: LicenseInfoView = {
    products: products.join(','),
    user: r.customers.length > 0 ? r.customers.join(', ') : host.user,
    validity,
    filename: r.files.join(', '),
    server: url,
    server_id: host.hostname,
  };
  const id = host.ethernet[0];
  if (id !== undefined) {
    out.id = id;
    out.id_type = 'host_id';
  }
  return out;
}

export function formatLogOptionsOf(s: LogSettings): string {
  return formatLogOptions({ ...s, assignments: [] });
}
