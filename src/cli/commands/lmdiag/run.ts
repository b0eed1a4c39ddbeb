// The lmdiag report: the host as licenses see it, then each feature with each
// candidate license and every reason it cannot serve, each with its fix.
import { diagnoseFeature, productsOf, type FeatureDiagnosis } from '../../../licmodel/index.js';
import { EXIT } from '../../../protocol/errors.js';
import type { CliContext, CommandOutput, Message } from '../../common/command.js';
import { diagnosticMessages, hasErrorDiagnostics, loadLicenses, type LoadedLicenses } from '../../common/licenses.js';
import { diagnosticJson, licenseJson, reasonLines, whereText } from '../../output/license-json.js';
import type { Renderer } from '../../output/renderer.js';
import { roadInput } from '../../common/environment.js';
import type { LmdiagArgs } from './args.js';
import { nearest } from '../../args/nearest.js';
import type { FeatureNet, NetworkDiagnosis, Wanted } from '../../../client/diagnose/diagnose.js';
import { jsonDocument } from '../../../protocol/documents.js';

function splitFeature(spec: string): { product: string; version: string | null } {
  const i = spec.lastIndexOf(':');
  if (i <= 0 || i === spec.length - 1) return { product: spec, version: null };
  return { product: spec.slice(0, i), version: spec.slice(i + 1) };
}

/** `lmdiag solvr`: the reason "no license for solvr" names the nearest licensed product (solver). */
function withNearestNames(diags: FeatureDiagnosis[], products: readonly string[]): FeatureDiagnosis[] {
  return diags.map((d) => {
    const guess = nearest(d.product, products);
    if (guess === undefined || guess.toLowerCase() === d.product.toLowerCase()) return d;
    const reasons = d.reasons.map((r) => (r.code === 'no_such_feature' ? { ...r, message: `${r.message} (did you mean ${guess}?)` } : r));
    return { ...d, reasons };
  });
}

/** With only servers to ask (no license file), "no license for X in these license files" says nothing. */
function localReasons(d: FeatureDiagnosis, loaded: LoadedLicenses, net: boolean): FeatureDiagnosis['reasons'] {
  return net && loaded.documents.length === 0 ? [] : d.reasons;
}

function featureJson(d: FeatureDiagnosis, loaded: LoadedLicenses, net: FeatureNet | undefined) {
  return {
    product: d.product,
    version: d.version,
    usable: net ? net.usable : d.usable,
    reasons: net ? (net.usable ? [] : [...(d.usable ? [] : localReasons(d, loaded, true)), ...net.reasons]) : d.reasons,
    ...(net ? { network: { usable: net.usable, server: net.server, proof: net.proof, busy: net.busy ?? null } } : {}),
    candidates: d.candidates.map((c) => ({
      ...licenseJson(c.evaluation, loaded.signatures.get(c.evaluation.license), loaded.host.timezoneOffsetMinutes),
      usable: c.usable,
      reasons: c.reasons,
      via_package: c.viaPackage,
    })),
  };
}

function hostJson(loaded: LoadedLicenses) {
  const h = loaded.host;
  return {
    hostname: h.hostname,
    platform: h.platform,
    user: h.user,
    virtual_machine: { detected: h.virtualMachine, evidence: h.virtualMachineEvidence },
  };
}

/**
 * -q: one verdict line per feature and nothing else (no banner, license lines,
 * reasons or servers); the exit status is the whole answer, the full run says why.
 */
function quietHuman(r: Renderer, diags: FeatureDiagnosis[], net: NetView | null): string {
  if (diags.length === 0) return 'No licensed features in these license files.';
  return diags.map((d, i) => `${d.product}${d.version ? ` v${d.version}` : ''}: ${verdictOf(r, d, net?.diagnosis.features[i])}`).join('\n');
}

function verdictOf(r: Renderer, d: FeatureDiagnosis, fnet: FeatureNet | undefined): string {
  const usable = fnet ? fnet.usable : d.usable;
  // files only: a counted license is as good as its server, which was not asked
  const unasked = !fnet && usable && d.candidates.filter((c) => c.usable).every((c) => c.evaluation.needsServer);
  return fnet?.busy
    ? r.c.yellow('can be used here, but every seat is busy now')
    : unasked
      ? r.c.yellow('licensed for this host, if its server grants a seat (not asked: lmdiag -n asks it)')
      : usable
        ? r.c.green('can be used here')
        : r.c.red('cannot be used here');
}

function human(r: Renderer, diags: FeatureDiagnosis[], loaded: LoadedLicenses, cwd: string, net: NetView | null, asked: readonly Wanted[]): string {
  const h = loaded.host;
  const vm = h.virtualMachine === null ? 'unknown' : h.virtualMachine ? `yes (${h.virtualMachineEvidence ?? 'detected'})` : 'no';
  const out = [`This host: ${h.hostname}, platform ${h.platform}, user ${h.user}, virtual machine: ${vm}`];
  if (diags.length === 0) out.push('', 'No licensed features in these license files.');
  for (const [i, d] of diags.entries()) {
    const name = `${d.product}${d.version ? ` v${d.version}` : ''}`;
    const fnet = net?.diagnosis.features[i];
    out.push('', `${r.c.bold(name)}: ${verdictOf(r, d, fnet)}`);
    if (fnet) out.push(...net.view.featureNetLines(r, fnet, !fnet.usable, d.product));
    if (d.candidates.length === 0 && !fnet?.usable) out.push(...reasonLines(r, localReasons(d, loaded, net !== null), '  '));
    for (const c of d.candidates) {
      const l = c.evaluation.license;
      const mark = c.usable ? r.c.green('✓') : r.c.red('✗');
      const via = c.viaPackage ? ` (via PACKAGE ${c.viaPackage})` : '';
      out.push(`  ${mark} ${whereText(l.file, l.line, cwd)}  ${l.isv} ${l.product} ${l.version}${via}, ${c.evaluation.type}, expires ${l.expiresIso}`);
      out.push(...reasonLines(r, c.reasons, '      '));
      const notes = c.evaluation.notes.filter((n) => n.code === 'needs_server' || n.code === 'expires_soon' || n.code === 'signature_unchecked');
      out.push(...notes.map((n) => `      ${r.c.dim('note:')} ${n.message}`));
    }
  }
  // features named: only the servers that serve them are shown in full
  const named = asked.map((w) => (w.version ? `${w.product}:${w.version}` : w.product));
  if (net) out.push(...net.view.serverLines(r, net.diagnosis.servers, named));
  return out.join('\n');
}

/**
 * 65 instead of 1 when broken license data stands in the way of a feature: a
 * candidate line has syntax errors, a license file could not be read, or no
 * line names the feature while a file has errors (the feature may be in the
 * unreadable text). The fix is then "repair the file", not "get a license".
 */
function blockedByBadData(diags: readonly FeatureDiagnosis[], loaded: LoadedLicenses, usable: (i: number) => boolean): boolean {
  const broken = hasErrorDiagnostics(loaded.diagnostics);
  return diags.some(
    (d, i) =>
      !usable(i) &&
      !d.usable &&
      (loaded.unreadable.length > 0 ||
        d.candidates.some((c) => c.reasons.some((r) => r.code === 'syntax')) ||
        (d.candidates.length === 0 && broken)),
  );
}

interface NetView {
  diagnosis: NetworkDiagnosis;
  view: typeof import('./net-view.js');
}

/** The network part (src/client/diagnose/): with -n, or when the license environment names a server. */
async function network(args: LmdiagArgs, ctx: CliContext, loaded: LoadedLicenses, asked: Wanted[], password: string | null): Promise<NetView | null> {
  const net = await import('../../../client/diagnose/diagnose.js');
  if (!net.networkWanted(args.n, loaded.resolution)) return null;
  const [{ nodeNetIo }, view, { roadOptions }] = await Promise.all([import('../../../client/diagnose/io.js'), import('./net-view.js'), import('../../../client/road.js')]);
  const options = roadOptions(roadInput(args, ctx));
  // a port that takes the connection but never answers the hello should not hold lmdiag for long
  const timeout = options.connectTimeoutMs ?? 10_000;
  const vendorTools = { lmutil: args.lmutil, rlmutil: args.rlmutil };
  const io = nodeNetIo({ ...options, requestTimeoutMs: options.requestTimeoutMs ?? timeout }, password, {
    args: vendorTools,
    ctx: { env: ctx.env, now: ctx.now() },
    timeoutMs: timeout,
  });
  try {
    const diagnosis = await net.diagnoseNetwork({
      resolution: loaded.resolution,
      asked,
      localProducts: productsOf(loaded.set.evaluations),
      diagnose: (w) => diagnoseFeature(loaded.set.evaluations, w.product, w.version, { password }),
      checkout: args.checkout,
      password,
      io,
      tls: Boolean(options.tls),
      vendorTools,
    });
    return { diagnosis, view };
  } finally {
    await io.close();
  }
}

export async function runLmdiag(args: LmdiagArgs, ctx: CliContext): Promise<CommandOutput> {
  const loaded = loadLicenses(args, ctx);
  const evals = loaded.set.evaluations;
  const asked = (args.features ?? []).map(splitFeature);
  const password = args.password ?? ctx.env.RLM_LICENSE_PASSWORD ?? null;
  const net = await network(args, ctx, loaded, asked, password);
  const wanted = net ? net.diagnosis.wanted : asked.length > 0 ? asked : productsOf(evals).map((product) => ({ product, version: null }));
  const diags = withNearestNames(net ? net.diagnosis.diags : wanted.map((w) => diagnoseFeature(evals, w.product, w.version, { password })), productsOf(evals));
  const usable = (i: number) => net?.diagnosis.features[i]?.usable ?? diags[i]?.usable ?? false;
  const messages: Message[] = [
    ...loaded.unreadable,
    ...diagnosticMessages(loaded.diagnostics.filter((d) => d.severity !== 'info')),
    ...loaded.warnings,
  ];
  const allUsable = diags.length > 0 && diags.every((_, i) => usable(i));
  return {
    json: jsonDocument('lmdiag', {
      host: hostJson(loaded),
      usable: allUsable,
      features: diags.map((d, i) => featureJson(d, loaded, net?.diagnosis.features[i])),
      diagnostics: loaded.diagnostics.map(diagnosticJson),
      // only when the servers were asked: the offline document keeps its shape
      ...(net ? { network: true, servers: net.diagnosis.servers } : {}),
    }),
    human: (r) => (args.quiet ? quietHuman(r, diags, net) : human(r, diags, loaded, ctx.cwd, net, asked)),
    // a file that could not be read (binary, unreadable) is bad license data, like a file with errors
    // usable but every seat busy now: 75, a later try (or a queued checkout) succeeds
    exitCode: allUsable ? (net?.diagnosis.features.some((f) => f.busy) ? EXIT.tempFail : EXIT.ok) : loaded.unreadable.length > 0 || blockedByBadData(diags, loaded, usable) ? EXIT.dataErr : EXIT.failure,
    messages,
  };
}
