// Load generators, one process each, talking to 127.0.0.1 only:
//   pairs     checkout + checkin pairs with N in flight, through the licutil
//             client library or straight from an undici Pool
//   clients   many clients, each its own connection, checking out and in at a set rate
//   burst     every client asks for a checkout at the same moment
//   leases    hold many leases and heartbeat each at its lease rate
//   handover  a ring of clients queueing for a single seat
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client, Pool } from 'undici';
import { connect } from '../../src/client/index.js';
import { workerEvent, workerMain } from '../lib/proc.js';

export type LoadInput =
  | { kind: 'pairs'; url: string; via: 'library' | 'undici'; inflight: number; warmupMs: number; durationMs: number; product: string }
  | { kind: 'clients'; url: string; clients: number; warmupMs: number; durationMs: number; product: string; holdMs: [number, number]; thinkMs: [number, number] }
  | { kind: 'burst'; url: string; clients: number; bursts: number; product: string }
  | {
      kind: 'leases';
      url: string;
      leases: number;
      leaseSeconds: number;
      connections: number;
      rampInflight: number;
      measureMs: number;
      product: string;
      /** write a trace of the slow heartbeats here (JSON) */
      traceFile?: string | undefined;
    }
  /** checkinUrl: check in on another server of a shared store, so each hand-over crosses servers */
  | { kind: 'handover'; url: string; checkinUrl?: string; clients: number; handovers: number; holdMs: number; product: string };

export interface LoadOutput {
  /** completed operations in the measured window (pairs, checkouts, heartbeats, handovers) */
  ops: number;
  seconds: number;
  /** latency samples in ms (checkout, heartbeat or hand-over) */
  latencies: number[];
  errors: number;
  firstError: string | null;
  /** event-loop delay of this load process (is the generator itself the bottleneck?) */
  loopDelayP99Ms: number;
  cpuSeconds: number;
  extra: Record<string, number>;
}

const USER = { user: 'bench', host: 'loadgen', pid: process.pid };
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
const now = () => performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const between = ([lo, hi]: [number, number]) => lo + Math.random() * (hi - lo);

interface Dispatcher {
  request: Pool['request'];
}

async function post(d: Dispatcher, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await d.request({ path, method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) });
  const json = (await res.body.json()) as Record<string, unknown>;
  return { status: res.statusCode, json };
}

class Errors {
  count = 0;
  first: string | null = null;
  add(e: unknown): void {
    this.count++;
    this.first ??= e instanceof Error ? e.message : String(e);
  }
}

/** checkout → checkin pairs, `inflight` at a time. */
async function pairs(input: Extract<LoadInput, { kind: 'pairs' }>, errors: Errors): Promise<Omit<LoadOutput, 'loopDelayP99Ms' | 'cpuSeconds'>> {
  let measuring = false;
  let stop = false;
  let ops = 0;
  const latencies: number[] = [];
  let pair: () => Promise<void>;
  let close: () => Promise<void>;
  if (input.via === 'library') {
    const u = new URL(input.url);
    const client = connect(`${u.port}@${u.hostname}`, { env: {}, cwd: '/', ...USER });
    pair = async () => {
      const lease = await client.checkout(input.product, { lease: 300, heartbeat: false });
      await lease.checkin();
    };
    close = () => client.close();
  } else {
    const pool = new Pool(input.url, { connections: input.inflight, pipelining: 1 });
    const checkout = { product: input.product, ...USER, lease: 300 };
    pair = async () => {
      const co = await post(pool, '/v1/checkout', checkout);
      if (co.status !== 200) throw new Error(`checkout: ${co.status} ${JSON.stringify(co.json)}`);
      // the bare baseline answers {}: send a handle of the real length
      const handle = typeof co.json.handle === 'string' ? co.json.handle : '0123456789abcdef0123456789abcdef';
      const ci = await post(pool, '/v1/checkin', { handle });
      if (ci.status !== 200) throw new Error(`checkin: ${ci.status} ${JSON.stringify(ci.json)}`);
    };
    close = () => pool.close();
  }
  const loop = async () => {
    while (!stop) {
      const t0 = now();
      try {
        await pair();
        if (measuring) {
          ops++;
          latencies.push(now() - t0);
        }
      } catch (e) {
        errors.add(e);
        await sleep(5);
      }
    }
  };
  const loops = Array.from({ length: input.inflight }, loop);
  await sleep(input.warmupMs);
  measuring = true;
  workerEvent('measuring');
  const t0 = now();
  await sleep(input.durationMs);
  measuring = false;
  workerEvent('measured');
  const seconds = (now() - t0) / 1000;
  stop = true;
  await Promise.all(loops);
  await close();
  return { ops, seconds, latencies, errors: errors.count, firstError: errors.first, extra: {} };
}

/** Each client its own connection: checkout, hold, checkin, think, again. */
async function clients(input: Extract<LoadInput, { kind: 'clients' }>, errors: Errors): Promise<Omit<LoadOutput, 'loopDelayP99Ms' | 'cpuSeconds'>> {
  let measuring = false;
  let stop = false;
  let ops = 0;
  let held = 0;
  let maxHeld = 0;
  const latencies: number[] = [];
  const checkout = { product: input.product, ...USER, lease: 300 };
  const one = async (i: number) => {
    const c = new Client(input.url, { pipelining: 1 });
    // spread the first requests over one cycle so the clients do not move in step
    await sleep((i / input.clients) * (input.holdMs[1] + input.thinkMs[1]));
    while (!stop) {
      try {
        // counted when sent inside the window: a request sent during warm-up
        // (connecting, compiling) does not spill into the figure
        const counted = measuring;
        const t0 = now();
        const co = await post(c, '/v1/checkout', checkout);
        const ms = now() - t0;
        if (co.status !== 200) throw new Error(`checkout: ${co.status} ${JSON.stringify(co.json)}`);
        if (counted && measuring) {
          ops++;
          latencies.push(ms);
        }
        held++;
        maxHeld = Math.max(maxHeld, held);
        await sleep(between(input.holdMs));
        held--;
        const ci = await post(c, '/v1/checkin', { handle: co.json.handle });
        if (ci.status !== 200) throw new Error(`checkin: ${ci.status}`);
        await sleep(between(input.thinkMs));
      } catch (e) {
        errors.add(e);
        await sleep(50);
      }
    }
    await c.close();
  };
  const all = Array.from({ length: input.clients }, (_, i) => one(i));
  await sleep(input.warmupMs);
  measuring = true;
  const t0 = now();
  await sleep(input.durationMs);
  measuring = false;
  const seconds = (now() - t0) / 1000;
  stop = true;
  await Promise.all(all);
  return { ops, seconds, latencies, errors: errors.count, firstError: errors.first, extra: { maxHeld } };
}

/** All clients ask at once; the latency of each checkout is its wait for the server to get to it. */
async function burst(input: Extract<LoadInput, { kind: 'burst' }>, errors: Errors): Promise<Omit<LoadOutput, 'loopDelayP99Ms' | 'cpuSeconds'>> {
  const cs = Array.from({ length: input.clients }, () => new Client(input.url, { pipelining: 1 }));
  const checkout = { product: input.product, ...USER, lease: 300 };
  // open every connection first: the burst measures checkouts, not TCP handshakes
  await Promise.all(cs.map((c) => c.request({ path: '/v1/hello', method: 'GET' }).then((r) => r.body.dump())));
  const latencies: number[] = [];
  const spans: number[] = [];
  const t0 = now();
  for (let b = 0; b < input.bursts; b++) {
    const start = now();
    const handles = await Promise.all(
      cs.map(async (c) => {
        const s = now();
        const co = await post(c, '/v1/checkout', checkout);
        latencies.push(now() - s);
        if (co.status !== 200) errors.add(new Error(`checkout: ${co.status}`));
        return co.json.handle;
      }),
    );
    spans.push(now() - start);
    await Promise.all(cs.map((c, i) => post(c, '/v1/checkin', { handle: handles[i] })));
    await sleep(200);
  }
  const seconds = (now() - t0) / 1000;
  await Promise.all(cs.map((c) => c.close()));
  return { ops: latencies.length, seconds, latencies, errors: errors.count, firstError: errors.first, extra: { burstSpanMs: spans.reduce((a, b) => a + b, 0) / spans.length } };
}

/**
 * Check out `leases` leases (rampInflight at a time) and heartbeat each one
 * every third of its lease, as the client library does. Each lease gets a
 * random phase within the interval for its first heartbeat, as a fleet of
 * clients that checked out at different times would have, so the server sees
 * a steady rate rather than an echo of the ramp. Due heartbeats sit in a
 * timing wheel of 10 ms slots.
 */
async function leases(input: Extract<LoadInput, { kind: 'leases' }>, errors: Errors): Promise<Omit<LoadOutput, 'loopDelayP99Ms' | 'cpuSeconds'>> {
  const pool = new Pool(input.url, { connections: input.connections, pipelining: 1 });
  const intervalMs = (input.leaseSeconds * 1000) / 3;
  const checkout = { product: input.product, ...USER, lease: input.leaseSeconds };
  const SLOT = 10;
  const wheel = new Map<number, string[]>();
  const schedule = (handle: string, due: number) => {
    const slot = Math.floor(due / SLOT);
    let list = wheel.get(slot);
    if (!list) {
      list = [];
      wheel.set(slot, list);
    }
    list.push(handle);
  };
  let held = 0;
  let gone = 0;
  const rampStart = now();
  let next = 0;
  const ramp = async () => {
    while (next < input.leases) {
      next++;
      try {
        const co = await post(pool, '/v1/checkout', checkout);
        if (co.status !== 200) throw new Error(`checkout: ${co.status} ${JSON.stringify(co.json)}`);
        held++;
        schedule(co.json.handle as string, now() + Math.random() * intervalMs);
      } catch (e) {
        errors.add(e);
      }
    }
  };
  let measuring = false;
  let ops = 0;
  const latencies: number[] = [];
  let late = 0;
  let inflight = 0;
  let maxInflight = 0;
  let stopped = false;
  let doneSlot = Math.floor(now() / SLOT) - 1;
  const tick = () => {
    const t = now();
    const current = Math.floor(t / SLOT);
    for (let slot = doneSlot + 1; slot <= current; slot++) {
      const list = wheel.get(slot);
      if (!list) continue;
      wheel.delete(slot);
      if ((current - slot) * SLOT > 50) late += list.length;
      for (const handle of list) {
        const sent = now();
        const counted = measuring;
        inflight++;
        maxInflight = Math.max(maxInflight, inflight);
        post(pool, '/v1/heartbeat', { handle }).then(
          (r) => {
            inflight--;
            if (r.status !== 200) {
              gone++;
              errors.add(new Error(`heartbeat: ${r.status} ${JSON.stringify(r.json)}`));
              return;
            }
            if (counted) {
              ops++;
              const ms = now() - sent;
              latencies.push(ms);
              if (ms > 20 && input.traceFile) trace.slow.push([performance.timeOrigin + sent, ms]);
            }
            if (!stopped) schedule(handle, sent + intervalMs);
          },
          (e: unknown) => {
            inflight--;
            errors.add(e);
          },
        );
      }
    }
    doneSlot = current;
  };
  // With traceFile, where slow heartbeats come from, in epoch ms so they line up
  // with the server's own traces (--trace-gc, event-loop stalls): heartbeats
  // slower than 20 ms [sent, ms], pauses of this process's 2 ms timer over 15 ms
  // [at, ms], and the connection pool every 100 ms [at, connected, free,
  // pending, queued, running, in flight].
  const trace = { slow: [] as number[][], ticks: [] as number[][], pool: [] as number[][], measuring: 0 };
  let lastTick = now();
  const tickT = () => {
    const t = now();
    if (t - lastTick > 15) trace.ticks.push([performance.timeOrigin + t, t - lastTick]);
    lastTick = t;
    tick();
  };
  const sampler = input.traceFile
    ? setInterval(() => {
        const st = pool.stats;
        trace.pool.push([performance.timeOrigin + now(), st.connected, st.free, st.pending, st.queued, st.running, inflight]);
      }, 100)
    : null;
  const timer = setInterval(input.traceFile ? tickT : tick, 2);
  await Promise.all(Array.from({ length: input.rampInflight }, ramp));
  const rampSeconds = (now() - rampStart) / 1000;
  // the suite reads the server's counters now, outside the measured window
  workerEvent('ramped');
  // settle for a few seconds into the steady rate, then measure for at least
  // measureMs and until every lease has passed its first lease length, when the
  // server files its original deadlines again
  await sleep(Math.min(intervalMs, 5_000));
  measuring = true;
  // the most in flight at once inside the window (the ramp and the suite's scrape before it have their own peaks)
  maxInflight = inflight;
  const t0 = now();
  trace.measuring = performance.timeOrigin + t0;
  workerEvent('measuring');
  await sleep(Math.max(input.measureMs, rampStart + input.leaseSeconds * 1000 + 5_000 - now()));
  measuring = false;
  workerEvent('measured');
  const seconds = (now() - t0) / 1000;
  stopped = true;
  clearInterval(timer);
  if (sampler) clearInterval(sampler);
  if (input.traceFile) (await import('node:fs')).writeFileSync(input.traceFile, JSON.stringify(trace));
  while (inflight > 0) await sleep(10);
  await pool.close();
  return {
    ops,
    seconds,
    latencies,
    errors: errors.count,
    firstError: errors.first,
    extra: { rampSeconds, held: held - gone, gone, lateSends: late, maxInflight },
  };
}

/**
 * One seat, `clients` clients: each queues (a long-poll checkout with wait),
 * holds the seat briefly, checks in and queues again. A sample is the time from
 * the holder sending its checkin to the next waiter receiving its grant.
 */
async function handover(input: Extract<LoadInput, { kind: 'handover' }>, errors: Errors): Promise<Omit<LoadOutput, 'loopDelayP99Ms' | 'cpuSeconds'>> {
  const cs = Array.from({ length: input.clients }, () => new Client(input.url, { pipelining: 1 }));
  const checkins = Array.from({ length: input.clients }, () => new Client(input.checkinUrl ?? input.url, { pipelining: 1 }));
  const latencies: number[] = [];
  let checkinSentAt: number | null = null;
  let done = false;
  let grants = 0;
  const body = { product: input.product, ...USER, lease: 300, wait: 120 };
  const t0 = now();
  const one = async (i: number) => {
    const c = cs[i] as Client;
    const ci = checkins[i] as Client;
    while (!done) {
      try {
        const co = await post(c, '/v1/checkout', body);
        const at = now();
        if (co.status !== 200) throw new Error(`checkout: ${co.status} ${JSON.stringify(co.json)}`);
        grants++;
        if (checkinSentAt !== null) latencies.push(at - checkinSentAt);
        checkinSentAt = null;
        if (latencies.length >= input.handovers) done = true;
        await sleep(input.holdMs);
        checkinSentAt = now();
        const r = await post(ci, '/v1/checkin', { handle: co.json.handle });
        if (r.status !== 200) throw new Error(`checkin: ${r.status}`);
      } catch (e) {
        errors.add(e);
        await sleep(20);
      }
    }
  };
  await Promise.all(cs.map((_, i) => one(i)));
  const seconds = (now() - t0) / 1000;
  await Promise.all([...cs, ...checkins].map((c) => c.close()));
  return { ops: latencies.length, seconds, latencies, errors: errors.count, firstError: errors.first, extra: { grants } };
}

workerMain<LoadInput, LoadOutput>(async (input) => {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const cpu0 = process.cpuUsage();
  const errors = new Errors();
  let r: Omit<LoadOutput, 'loopDelayP99Ms' | 'cpuSeconds'>;
  switch (input.kind) {
    case 'pairs':
      r = await pairs(input, errors);
      break;
    case 'clients':
      r = await clients(input, errors);
      break;
    case 'burst':
      r = await burst(input, errors);
      break;
    case 'leases':
      r = await leases(input, errors);
      break;
    case 'handover':
      r = await handover(input, errors);
      break;
  }
  h.disable();
  const cpu = process.cpuUsage(cpu0);
  return { ...r, loopDelayP99Ms: h.percentile(99) / 1e6, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
});
