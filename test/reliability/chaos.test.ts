// Chaos: a real `licutil serve` under hundreds of keep-alive connections and
// thousands of leases (random checkout / wait / heartbeat / checkin across
// pools with count, share= and soft_limit=), while client processes holding
// seats are SIGKILLed and, separately, the server itself is SIGKILLed and
// restarted on the same state directory and port. Invariants are checked all
// along (chaos/watch.ts from GET /v1/status, chaos/report-replay.ts from the
// report log, chaos/driver.ts and chaos/children.ts from what clients were
// told) and at every restart from the journal on disk: every acknowledged
// checkout is in it (and, at the end, in the report log). Then every client
// is gone and every seat must be back. CI: >= 10,000 operations; SOAK=1: 10^6.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeJournal } from '../../src/server/stores/file/codec.js';
import { planRestore } from '../../src/server/core/pool/restore.js';
import type { GrantRecord } from '../../src/server/core/pool/records.js';
import { demoLicense, killAll, startServer, type ServerHandle } from '../helpers/server.js';
import { Children } from './chaos/children.js';
import { Driver } from './chaos/driver.js';
import { ReportReplay } from './chaos/report-replay.js';
import { ReportTailer, SplitLogTailer } from './chaos/report-tail.js';
import { Violations, between, sleep } from './chaos/violations.js';
import { StatusWatch } from './chaos/watch.js';
import { SOAK, quantile, recordFigures, round, scaled, timeoutFor } from './support/figures.js';

afterAll(killAll);

const TARGET_OPS = scaled(12_000, 1_000_000);
const MIN_RUN_MS = SOAK ? 60_000 : 24_000;
const SERVER_KILL_EVERY: [number, number] = SOAK ? [20_000, 40_000] : [5_500, 8_000];
const CLIENT_KILL_EVERY: [number, number] = SOAK ? [800, 2_000] : [700, 1_300];
const BULK_LEASE_S = 8;
const SMALL_LEASE_S = 4;
const CHILD_LEASE_S = 3;
/** timers on a busy 2-core machine, restarts, polling interval */
const SLACK_MS = 5_000;

const POOLS = [
  { id: 'demo:bulk:1.0:0', product: 'bulk', count: 3000, sharePer: null, line: 'LICENSE demo bulk 1.0 permanent 3000' },
  { id: 'demo:alpha:1.0:0', product: 'alpha', count: 3, sharePer: null, line: 'LICENSE demo alpha 1.0 permanent 3' },
  { id: 'demo:beta:1.0:0', product: 'beta', count: 4, sharePer: 2, line: 'LICENSE demo beta 1.0 permanent 4 share=u:2' },
  { id: 'demo:gamma:1.0:0', product: 'gamma', count: 6, sharePer: null, line: 'LICENSE demo gamma 1.0 permanent 6 soft_limit=3' },
];
// every simulated client comes from 127.0.0.1, which the per-client cap on
// waiters (a defence against one address parking the queue) would otherwise
// count as a single client with hundreds of waiters; and the replay checks
// first-in first-out from every queue line, which the per-client limit of
// queue lines (a defence against flooding the log, tested in
// security-waits.test.ts) would otherwise sum up: 0 writes them all
const SERVER_ARGS = ['--lease-max', '60', '--lease-default', '10', '--queue-per-client', '100000', '--denials-per-minute', '0', '-q'];
// the report log's times are compared with this process's clock: no LICUTIL_NOW
const SERVER_ENV = { LICUTIL_NOW: undefined };

/** What a restart will restore: the journal as the server reads it. */
function journalGrants(stateDir: string): GrantRecord[] {
  return planRestore(decodeJournal(readFileSync(path.join(stateDir, 'journal.ndjson'))).records).grants.map((g) => g.grant);
}

async function restart(dir: string, port: number): Promise<ServerHandle> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServer({ dir, files: ['demo.lic'], port, args: SERVER_ARGS, env: SERVER_ENV });
    } catch (e) {
      if (attempt >= 5) throw e;
      await sleep(200 * attempt);
    }
  }
}

describe('chaos: load, client kills and server kills lose nothing', () => {
  it(`>= ${TARGET_OPS} operations with every invariant holding`, async () => {
    const v = new Violations();
    let server = await startServer({ licenses: { 'demo.lic': demoLicense(POOLS.map((p) => p.line)) }, args: SERVER_ARGS, env: SERVER_ENV });
    const { dir, port, url, stateDir } = server;
    let readyAt = Date.now();

    const driver = new Driver({ url, connections: 256, workers: 200, bulkTarget: 2000, bulkLeaseS: BULK_LEASE_S, smallLeaseS: SMALL_LEASE_S, violations: v });
    const children = new Children({ url, leaseS: CHILD_LEASE_S, slots: 4, products: ['alpha', 'beta', 'gamma', 'bulk', 'bulk'], violations: v });
    const watch = new StatusWatch({ url, pools: POOLS, driver, children, violations: v, readyAt: () => readyAt, maxLeaseMs: BULK_LEASE_S * 1000, slackMs: SLACK_MS });
    const replay = new ReportReplay(POOLS);
    // grants and ends are in report.ndjson, queue entries and exits in denials.ndjson
    const tail = new SplitLogTailer(new ReportTailer(path.join(stateDir, 'report.ndjson')), new ReportTailer(path.join(stateDir, 'denials.ndjson'), 2));
    const feed = (all = false) => {
      for (const e of tail.readNew()) replay.feed(e);
      if (all) for (const e of tail.flush()) replay.feed(e);
    };
    const restarts: Array<{ acknowledged: number; restored: number; downMs: number }> = [];

    const started = Date.now();
    driver.start();
    for (let i = 0; i < 4; i++) children.spawn();
    watch.start(250);
    const feeder = setInterval(() => feed(), 1000);

    let nextServerKill = started + between(...SERVER_KILL_EVERY);
    let nextClientKill = started + between(...CLIENT_KILL_EVERY);
    let lastProgress = started;
    const ops = () => driver.totalOps + children.ops;
    while (ops() < TARGET_OPS || Date.now() - started < MIN_RUN_MS) {
      await sleep(50);
      const now = Date.now();
      if (SOAK && now - lastProgress > 30_000) {
        lastProgress = now;
        process.stdout.write(`chaos: ${ops()} operations, ${children.kills} client kills, ${restarts.length} server restarts, ${v.count} violations\n`);
      }
      if (now >= nextClientKill) {
        await children.killOne();
        nextClientKill = Date.now() + between(...CLIENT_KILL_EVERY);
      }
      if (now >= nextServerKill) {
        // SIGKILL; what clients were told at this instant must be in the journal
        driver.serverDown = true;
        const killedAt = Date.now();
        server.proc.kill('SIGKILL');
        const fromDriver = driver.definitelyHeld(killedAt).map((x) => x.lease.id);
        await server.exited;
        await sleep(300); // the children's last lines are in their pipes; read them
        const fromChildren = children.definitelyHeld(killedAt).map((l) => l.handle);
        feed(true);
        tail.dropTorn();
        const restored = journalGrants(stateDir);
        const inJournal = new Set(restored.map((g) => String(g.id)));
        for (const h of [...fromDriver, ...fromChildren]) {
          if (!inJournal.has(h)) v.add('acknowledged-checkout-not-journaled', `${h} was acknowledged before the SIGKILL but the journal does not restore it`);
        }
        for (const p of POOLS) {
          const seats = new Map<string, number>();
          for (const g of restored.filter((x) => x.pool === p.id)) seats.set(g.seat, g.count);
          const used = [...seats.values()].reduce((a, b) => a + b, 0);
          if (used > p.count) v.add('over-count', `the journal restores ${used} seats of ${p.id} (count ${p.count})`);
        }
        replay.boundary(restored);
        server = await restart(dir, port);
        readyAt = Date.now();
        driver.serverDown = false;
        restarts.push({ acknowledged: fromDriver.length + fromChildren.length, restored: restored.length, downMs: readyAt - killedAt });
        nextServerKill = Date.now() + between(...SERVER_KILL_EVERY);
      }
    }
    const runMs = Date.now() - started;

    // wind down: the driver returns its seats, the last client processes die, and
    // every seat must come back (lost answers lapse within the longest lease)
    await driver.stop();
    await driver.releaseAll();
    await children.killAll();
    const deadline = Date.now() + BULK_LEASE_S * 1000 + SLACK_MS + 10_000;
    let settled = false;
    while (!settled && Date.now() < deadline) {
      await sleep(250);
      const st = await watch.poll();
      settled = st !== null && st.pools.every((p) => p.in_use === 0 && p.checkouts.length === 0) && st.queues.every((q) => q.waiters.length === 0) && children.dead.size === 0;
    }
    if (!settled) v.add('not-settled', `seats still out or dead seats unaccounted ${BULK_LEASE_S + SLACK_MS / 1000 + 10} s after every client was gone`);
    await watch.stop();
    clearInterval(feeder);
    const stopped = await server.stop();
    if (stopped.code !== 0) v.add('server-exit', `SIGTERM: exit ${stopped.code ?? stopped.signal}`);
    feed(true);
    replay.finish();
    for (const r of replay.violations) v.add('report-log', r);
    // what a client was told happened is in the report log, however the server died afterwards
    for (const h of [...driver.known, ...children.known]) {
      if (!replay.checkoutLines.has(h)) v.add('acknowledged-checkout-not-in-report', `${h} was granted to a client but the report log has no checkout line for it`);
    }
    for (const h of [...driver.checkedIn, ...children.checkedIn]) {
      if (!replay.checkinLines.has(h)) v.add('acknowledged-checkin-not-in-report', `${h} was checked in (answered 200) but the report log has no checkin line for it`);
    }
    const left = journalGrants(stateDir);
    if (left.length > 0) v.add('journal-not-empty', `${left.length} grants left in the journal after everything was returned`);

    const delays = watch.figures.reclaimDelays;
    const figures = {
      operations: ops(),
      driver_operations: driver.totalOps,
      client_process_operations: children.ops,
      operations_per_second: Math.round(ops() / (runMs / 1000)),
      run_seconds: round(runMs / 1000, 1),
      client_kills: children.kills,
      server_restarts: restarts.length,
      acknowledged_at_kills: restarts.reduce((n, r) => n + r.acknowledged, 0),
      restored_at_restarts: restarts.reduce((n, r) => n + r.restored, 0),
      max_downtime_ms: Math.max(0, ...restarts.map((r) => r.downMs)),
      max_leases_held: watch.figures.maxCheckouts,
      max_connections: driver.figures.maxConnections,
      status_polls: watch.figures.polls,
      acknowledged_checks: watch.figures.heldChecked,
      dead_client_seats_reclaimed: watch.figures.deadReclaimed,
      reclaim_delay_p50_ms: Math.round(quantile(delays, 0.5)),
      reclaim_delay_max_ms: Math.round(Math.max(0, ...delays)),
      unanswered_grants_seen: watch.figures.unknownSeen,
      waits_granted: driver.figures.waitsGranted,
      waits_timed_out: driver.figures.waitsTimedOut,
      over_soft_limit_grants: driver.figures.overSoft,
      shared_grants: driver.figures.shared,
      network_errors: driver.figures.networkErrors,
      network_errors_while_up: driver.figures.networkErrorsWhileUp,
      late_renewals_lapsed: driver.figures.lateRenewalsLapsed,
      report_lines: replay.figures.lines,
      report_fifo_grants_checked: replay.figures.fromQueue,
      report_queue_jump_checks: replay.figures.queueJumpChecks,
      report_lines_lost_at_kills: replay.figures.lostStartLines + replay.figures.lostEndLines,
      acknowledged_checkouts_in_report: [...driver.known, ...children.known].filter((h) => replay.checkoutLines.has(h)).length,
      report_torn_lines: tail.torn + tail.unparsable,
      violations: v.count,
      violations_by_kind: v.byKind,
    };
    recordFigures('chaos', v.count > 0 ? { ...figures, violation_samples: Object.fromEntries(v.samples.slice(0, 20).map((x, i) => [String(i), x])) } : figures);
    expect(v.samples).toEqual([]);
    expect(v.count).toBe(0);
    expect(ops()).toBeGreaterThanOrEqual(TARGET_OPS);
    expect(restarts.length).toBeGreaterThanOrEqual(SOAK ? 10 : 2);
    expect(children.kills).toBeGreaterThanOrEqual(SOAK ? 100 : 10);
    expect(watch.figures.maxCheckouts).toBeGreaterThanOrEqual(1000);
    expect(driver.figures.maxConnections).toBeGreaterThanOrEqual(100);
    expect(replay.figures.fromQueue).toBeGreaterThan(0);
  }, timeoutFor(150_000, 6 * 3_600_000));
});
