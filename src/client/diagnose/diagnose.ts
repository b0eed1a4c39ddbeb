// lmdiag over the network: for every server to ask — the `port@host` sources of
// the license environment, and the HOST/SERVER lines of the files holding
// counted licenses of the features asked about — timed steps (name
// resolution, TCP connect, protocol hello, the feature's pools, a test
// checkout and checkin), each failure with its fix; then whether each feature
// can be used, now that the servers had their say. The network itself is
// behind NetIo (io.ts), so this file only decides.
import { dedupeGroups, groupOfHostLines, serverGroupsOf } from '../address.js';
import { isServerUnavailable, noServerError, notLicutil } from '../failure.js';
import type { Endpoint, FailureKind, ServerGroup } from '../types.js';
import { FLEXLM_DEFAULT_PORTS, RLM_DEFAULT_PORTS, type Resolution } from '../../licenv/types.js';
import { chooseTool, styleOf } from '../../legacy/vendor-fallback.js';
import { compareVersions, type FeatureDiagnosis } from '../../licmodel/index.js';
import { LicutilError } from '../../protocol/errors.js';
import type { HelloResponse, PoolInfo, StatusResponse } from '../../protocol/messages.js';

import type { StepName, StepJson, ServerReportJson, NetReason, FeatureNet, Wanted, NetworkDiagnosis, TestCheckout, NetIo, NetInput } from './types.js';

export type { StepName, StepJson, ServerReportJson, NetReason, FeatureNet, Wanted, NetworkDiagnosis, TestCheckout, NetIo, NetInput };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Does lmdiag go to the network: with -n, and whenever the license environment names a server. */
export function networkWanted(n: boolean, resolution: Resolution): boolean {
  return n || resolution.sources.some((s) => s.kind === 'server' && (s.servers?.length ?? 0) > 0 && s.problems.length === 0);
}

/** The HOST/SERVER lines of the files of counted candidates: the servers those licenses say grant them. */
export function hostLineGroupsOf(diags: readonly FeatureDiagnosis[], tls = false): ServerGroup[] {
  const out: ServerGroup[] = [];
  const seen = new Set<string>();
  for (const d of diags) {
    for (const c of d.candidates) {
      const l = c.evaluation.license;
      if (!c.evaluation.needsServer || seen.has(l.file)) continue;
      seen.add(l.file);
      const hosts = l.serverAddresses.map((a) => ({ hostname: a.host, port: a.port }));
      const g = groupOfHostLines(l.file, hosts, l.dialect === 'flexlm' ? FLEXLM_DEFAULT_PORTS : RLM_DEFAULT_PORTS, tls);
      if (g) out.push(g);
    }
  }
  return out;
}

function failure(e: unknown): { message: string; hint: string | null; kind: FailureKind | null } {
  if (e instanceof LicutilError) return { message: e.message, hint: e.hint ?? null, kind: isServerUnavailable(e) ? e.kind : null };
  return { message: e instanceof Error ? e.message : String(e), hint: null, kind: null };
}

class Prober {
  readonly report: ServerReportJson;
  /** the port answered, but not as licutil: a job for the vendor tool */
  foreign = false;
  constructor(
    readonly ep: Endpoint,
    readonly group: ServerGroup,
    private readonly io: NetIo,
  ) {
    this.report = { address: ep.spec, spec: group.spec, origin: group.origin, ok: false, steps: [] };
  }

  /** Run one step; its value, or null when it failed (the step says why). */
  async step<T>(name: StepName, feature: string | undefined, run: () => Promise<T>, describe: (v: T) => { ok: boolean; detail: string; hint?: string | null; skipped?: boolean }): Promise<T | null> {
    const t0 = this.io.now();
    const base = { name, ...(feature !== undefined ? { feature } : {}) };
    try {
      const v = await run();
      const d = describe(v);
      const ms = Math.round(this.io.now() - t0);
      this.report.steps.push({ ...base, ok: d.ok, ...(d.skipped ? { skipped: true } : {}), ms, detail: d.detail, hint: d.hint ?? null });
      return d.ok ? v : null;
    } catch (e) {
      const ms = Math.round(this.io.now() - t0);
      const f = failure(e instanceof LicutilError ? e : this.io.classify(e, this.ep));
      this.report.steps.push({ ...base, ok: false, ms, detail: f.message, hint: f.hint });
      return null;
    }
  }

  /** resolve, connect, hello: is a licutil server there at all. */
  async reach(): Promise<boolean> {
    const ep = this.ep;
    const addresses = await this.step('resolve', undefined, () => this.io.lookup(ep.host), (a) => ({ ok: a.length > 0, detail: a.join(', ') || 'no address' }));
    if (!addresses) return false;
    const connected = await this.step('connect', undefined, () => this.connectAny(addresses), (a) => ({ ok: true, detail: `connected to ${a.includes(':') ? `[${a}]` : a}:${ep.port}` }));
    if (connected === null) return false;
    const hello = await this.step('hello', undefined, () => this.hello(), (h) => ({
      ok: true,
      detail: `licutil ${h.version} on ${h.host}, protocol ${h.protocol}${h.isvs.length > 0 ? `, ISVs ${h.isvs.join(', ')}` : ''}`,
    }));
    this.report.ok = hello !== null;
    return this.report.ok;
  }

  /**
   * The port took a connection, so a server that then hangs up or never answers
   * the hello is something else: a FlexNet lmgrd or an RLM server speaks its own
   * protocol and waits for it.
   */
  private async hello(): Promise<HelloResponse> {
    try {
      return await this.io.hello(this.ep);
    } catch (e) {
      let err = this.io.classify(e, this.ep);
      if (isServerUnavailable(err) && (err.kind === 'closed' || err.kind === 'timeout')) err = notLicutil(this.ep, err.message);
      this.foreign = isServerUnavailable(err) && err.kind === 'not-licutil';
      throw err;
    }
  }

  /** The first address that takes a connection; the error of the last when none does. */
  private async connectAny(addresses: string[]): Promise<string> {
    let last: unknown;
    for (const a of addresses) {
      try {
        await this.io.connect(a, this.ep.port);
        return a;
      } catch (e) {
        last = e;
      }
    }
    throw this.io.classify(last, this.ep);
  }
}

function versionOk(p: PoolInfo, version: string | null): boolean {
  return version === null || compareVersions(p.version, version) >= 0;
}

function poolsDetail(pools: readonly PoolInfo[]): string {
  const parts = pools.map((p) => `v${p.version} ${Math.max(0, p.count - p.in_use)} of ${p.count} free${p.retired ? ' (retired)' : ''}`);
  return `${pools.length} pool${pools.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

interface FeatureOnServer {
  /** the test checkout was granted, or skipped with the pool there (and, for hold, a seat free) */
  granted: boolean;
  proof: 'checkout' | 'pool';
  /** the server serves the feature, but every seat of it is in use now */
  busy?: { count: number; in_use: number; queued: number };
}

async function featureOn(pr: Prober, w: Wanted, input: NetInput): Promise<FeatureOnServer> {
  const name = w.version ? `${w.product}:${w.version}` : w.product;
  const noPassword = input.password === null ? '; a license with a password is listed only to those who give it (--password or RLM_LICENSE_PASSWORD)' : '';
  const pools = await pr.step('pools', name, () => input.io.status(pr.ep, undefined), (s) => {
    const all = s.pools.filter((p) => same(p.product, w.product));
    const fit = all.filter((p) => versionOk(p, w.version) && !p.retired);
    if (all.length === 0) {
      const others = [...new Set(s.pools.map((p) => p.product))];
      return {
        ok: false,
        detail: `no pool of ${w.product} on this server${others.length > 0 ? ` (it serves ${others.slice(0, 6).join(', ')}${others.length > 6 ? ', ...' : ''})` : ' (it serves no license)'}`,
        hint: `this server's license files do not license ${w.product}: add the license there and run \`licutil reread\`, or point the license environment at the server that serves it${noPassword}`,
      };
    }
    if (fit.length === 0) {
      const top = all.map((p) => p.version).sort((a, b) => compareVersions(b, a))[0] ?? '?';
      return {
        ok: false,
        detail: `the pools of ${w.product} go up to v${top}; v${w.version ?? '?'} asked`,
        hint: `ask for v${top} or lower, or add a v${w.version ?? '?'} license (or an UPGRADE) on the server and run \`licutil reread\``,
      };
    }
    const free = fit.reduce((n, p) => n + Math.max(0, p.count - p.in_use), 0);
    return { ok: true, detail: `${poolsDetail(fit)}${free === 0 ? '; no seat free now' : ''}` };
  });
  if (!pools) return { granted: false, proof: 'pool' };
  const fit = pools.pools.filter((p) => same(p.product, w.product) && versionOk(p, w.version) && !p.retired);
  const busy =
    fit.length > 0 && fit.every((p) => !p.uncounted && p.count - p.in_use <= 0)
      ? { count: fit.reduce((n, p) => n + p.count, 0), in_use: fit.reduce((n, p) => n + p.in_use, 0), queued: fit.reduce((n, p) => n + p.queued, 0) }
      : undefined;
  const withBusy = (r: FeatureOnServer): FeatureOnServer => (busy && !r.granted ? { ...r, busy } : r);
  if (!input.checkout) {
    await pr.step('checkout', name, async () => null, () => ({ ok: true, skipped: true, detail: 'skipped (--no-checkout)' }));
    return { granted: true, proof: 'pool' };
  }
  const keeps = fit.map((p) => Math.max(p.hold, p.min_checkout)).reduce((a, b) => Math.max(a, b), 0);
  if (keeps > 0) {
    const free = fit.some((p) => p.count - p.in_use > 0);
    await pr.step('checkout', name, async () => null, () => ({
      ok: free,
      skipped: true,
      detail: `skipped: the license keeps a seat ${keeps} s after checkin (hold / min_checkout), so a test would take one from others that long${free ? '' : '; and no seat is free now'}`,
      hint: free ? null : `every seat is in use: \`licutil stat -f ${w.product}\` shows who holds them`,
    }));
    return withBusy({ granted: free, proof: 'pool' });
  }
  const got = await pr.step('checkout', name, async () => {
    const lease = await input.io.checkout(pr.ep, w.product, w.version);
    const back = await lease.checkin();
    return { grant: lease.grant, back };
  }, ({ grant, back }) => ({
    ok: true,
    detail: `granted ${grant.isv} ${grant.product} v${grant.version}, checked in${back && back.held_seconds > 0 ? ` (the seat stays in use ${back.held_seconds} s)` : ''}`,
  }));
  return withBusy({ granted: got !== null, proof: 'checkout' });
}

/**
 * A port that answered but not as licutil: ask the vendor tool of the
 * source's style for its status. The statuses, or null when it gave none.
 */
async function vendorOn(pr: Prober, input: NetInput): Promise<StatusResponse[] | null> {
  const ask = input.io.vendorStatus?.bind(input.io);
  if (!ask || !pr.foreign) return null;
  const tool = chooseTool(styleOf(input.resolution, pr.group), input.vendorTools ?? {});
  const a = await pr.step('vendor tool', undefined, () => ask(tool, pr.ep.spec), (v) => {
    if (!v.found) return { ok: false, detail: `${tool} is not installed here`, hint: v.hint };
    if (v.statuses.length === 0) {
      return {
        ok: false,
        detail: `\`${v.command}\` ${v.timedOut ? 'did not answer in time' : `gave no status (exit ${v.code})`}`,
        hint: `run \`${v.command}\` to see its own message; \`licutil explain CODE\` explains a FlexNet or RLM error code`,
      };
    }
    const pools = v.statuses.reduce((n, st) => n + st.pools.length, 0);
    return { ok: true, detail: `\`${v.command}\` answered: ${pools} pool${pools === 1 ? '' : 's'}` };
  });
  return a?.found ? a.statuses : null;
}

/** The vendor tool's word on one feature: present, with total and in use. */
async function vendorFeatureOn(pr: Prober, statuses: readonly StatusResponse[], w: Wanted): Promise<boolean> {
  const name = w.version ? `${w.product}:${w.version}` : w.product;
  const tool = statuses[0]?.server.source?.tool ?? 'the vendor tool';
  const got = await pr.step('vendor tool', name, async () => statuses.flatMap((st) => st.pools).filter((p) => same(p.product, w.product)), (all) => {
    const fit = all.filter((p) => versionOk(p, w.version));
    if (all.length === 0) return { ok: false, detail: `${tool} lists no pool of ${w.product} on this server`, hint: `this server does not serve ${w.product}; point the license environment at the server that does` };
    if (fit.length === 0) return { ok: false, detail: `${tool} lists ${w.product} only below v${w.version ?? '?'}`, hint: `ask for a lower version, or add a v${w.version ?? '?'} license on that server` };
    const total = fit.reduce((n, p) => n + p.count, 0);
    const used = fit.reduce((n, p) => n + p.in_use, 0);
    const free = fit.reduce((n, p) => n + availableSeats(p), 0);
    return {
      ok: free > 0 || fit.some((p) => p.uncounted),
      detail: `${tool}: ${w.product} present, ${total} issued, ${used} in use${free === 0 ? '; no seat free now' : ''}`,
      hint: free === 0 ? `every seat is in use: \`${tool === 'rlmutil' ? 'rlmutil rlmstat -a' : 'lmutil lmstat -a'} -c ${pr.ep.spec}\` shows who holds them` : null,
    };
  });
  return got !== null;
}

const availableSeats = (p: PoolInfo) => (p.retired || p.uncounted ? 0 : Math.max(0, p.count - p.in_use));

/** The reason a server gave no seat: the first step that failed, with its fix. */
function reasonOf(report: ServerReportJson, feature: string): NetReason | null {
  // the vendor tool's word on the feature says more than "not a licutil server"
  const failed =
    report.steps.find((s) => !s.ok && s.name === 'vendor tool' && s.feature === feature) ??
    report.steps.find((s) => !s.ok && (s.feature === undefined || s.feature === feature));
  if (!failed) return null;
  const code: Record<StepName, string> = {
    resolve: 'server_unresolved',
    connect: 'server_unreachable',
    hello: 'not_a_licutil_server',
    status: 'server_no_answer',
    pools: 'no_pool_on_server',
    checkout: 'checkout_refused',
    'vendor tool': 'vendor_tool',
  };
  let c = code[failed.name];
  if (failed.name === 'hello' && !/not a licutil server/.test(failed.detail)) c = 'server_no_answer';
  // not licutil, and no vendor tool answered: the fix is the tool that would
  const vendor = failed.name === 'hello' ? report.steps.find((s) => !s.ok && s.name === 'vendor tool' && s.feature === undefined) : undefined;
  if (vendor?.hint) return { code: c, message: `${report.address}: ${failed.detail}; ${vendor.detail}`, hint: vendor.hint };
  if (failed.name === 'pools' && /go up to/.test(failed.detail)) c = 'version_not_on_server';
  return { code: c, message: `${report.address}: ${failed.detail}`, ...(failed.hint ? { hint: failed.hint } : {}) };
}

export async function diagnoseNetwork(input: NetInput): Promise<NetworkDiagnosis> {
  const sourceGroups = serverGroupsOf(input.resolution, null, input.tls ?? false);
  let wanted: Wanted[] = input.asked.length > 0 ? input.asked : input.localProducts.map((product) => ({ product, version: null }));
  let diags = wanted.map(input.diagnose);
  const groups = dedupeGroups([...sourceGroups, ...hostLineGroupsOf(diags, input.tls ?? false)]);
  const probers = groups.flatMap((g) => g.endpoints.map((ep) => new Prober(ep, g, input.io)));
  const reached = await Promise.all(probers.map((p) => p.reach()));
  const live = probers.filter((_, i) => reached[i]);
  const foreign = probers.filter((p) => p.foreign);
  const vendorStatuses = await Promise.all(foreign.map((p) => vendorOn(p, input)));

  if (input.asked.length === 0) {
    // every product: those of the files, then those the servers serve
    const statuses = await Promise.all(
      live.map((p) => p.step('status', undefined, () => input.io.status(p.ep, undefined), (s) => ({ ok: true, detail: `${s.pools.length} pool${s.pools.length === 1 ? '' : 's'}` }))),
    );
    const names = new Map(wanted.map((w) => [w.product.toLowerCase(), w]));
    for (const s of [...statuses, ...vendorStatuses.flat()]) for (const p of s?.pools ?? []) if (!names.has(p.product.toLowerCase())) names.set(p.product.toLowerCase(), { product: p.product, version: null });
    wanted = [...names.values()];
    diags = wanted.map(input.diagnose);
  }

  // a feature usable here without a server (uncounted, node-locked) is not asked of the servers
  const localOk = diags.map((d) => d.candidates.some((c) => c.usable && !c.evaluation.needsServer));
  const perServer = await Promise.all(
    live.map(async (p) => {
      const out: Array<FeatureOnServer | null> = [];
      for (const [i, w] of wanted.entries()) out.push(localOk[i] ? null : await featureOn(p, w, input));
      return out;
    }),
  );

  const perVendor = await Promise.all(
    foreign.map(async (p, j) => {
      const st = vendorStatuses[j];
      const out: boolean[] = [];
      for (const [i, w] of wanted.entries()) out.push(!localOk[i] && st != null ? await vendorFeatureOn(p, st, w) : false);
      return out;
    }),
  );

  const features = wanted.map((w, i): FeatureNet => {
    const grantedAt = live.findIndex((_, j) => perServer[j]?.[i]?.granted);
    const vendorAt = foreign.findIndex((_, j) => perVendor[j]?.[i]);
    let server = grantedAt >= 0 ? (live[grantedAt]?.ep.spec ?? null) : null;
    let proof: FeatureNet['proof'] = grantedAt >= 0 ? (perServer[grantedAt]?.[i]?.proof ?? null) : null;
    if (server === null && vendorAt >= 0) {
      server = foreign[vendorAt]?.ep.spec ?? null;
      proof = 'vendor';
    }
    if (localOk[i] || server !== null) return { usable: true, server, proof, reasons: [] };
    // every seat taken is not "cannot be used": the server serves it and a checkout queues
    const busyAt = live.findIndex((_, j) => perServer[j]?.[i]?.busy);
    const busy = busyAt >= 0 ? perServer[busyAt]?.[i]?.busy : undefined;
    if (busy) {
      const at = live[busyAt]?.ep.spec ?? '';
      return { usable: true, server: at, proof: 'pool', reasons: [], busy: { server: at, ...busy } };
    }
    const name = w.version ? `${w.product}:${w.version}` : w.product;
    const reasons = probers.map((p) => reasonOf(p.report, name)).filter((r): r is NetReason => r !== null);
    if (probers.length === 0) {
      // the road's sentence, so lmdiag and every other command say "no server" alike
      const none = noServerError(`ask for ${w.product}`, input.resolution);
      reasons.push({ code: 'no_server', message: none.message, ...(none.hint !== undefined ? { hint: none.hint } : {}) });
    }
    return { usable: false, server: null, proof: null, reasons };
  });
  return { servers: probers.map((p) => p.report), wanted, diags, features };
}
