// The lmdiag report: the host as licenses see it, then each feature with each
// candidate license and every reason it cannot serve, each with its fix.
import { diagnoseFeature, productsOf, type FeatureDiagnosis } from '../../licmodel/index.js';
import { EXIT } from '../../protocol/errors.js';
import type { CliContext, CommandOutput, Message } from '../command.js';
import { diagnosticMessages, hasErrorDiagnostics, loadLicenses, type LoadedLicenses } from '../licenses.js';
import { diagnosticJson, licenseJson, reasonLines, whereText } from '../output/license-json.js';
import type { Renderer } from '../output/renderer.js';
import type { LmdiagArgs } from './lmdiag.js';

function splitFeature(spec: string): { product: string; version: string | null } {
  const i = spec.lastIndexOf(':');
  if (i <= 0 || i === spec.length - 1) return { product: spec, version: null };
  return { product: spec.slice(0, i), version: spec.slice(i + 1) };
}

function featureJson(d: FeatureDiagnosis, loaded: LoadedLicenses) {
  return {
    product: d.product,
    version: d.version,
    usable: d.usable,
    reasons: d.reasons,
    candidates: d.candidates.map((c) => ({
      ...licenseJson(c.evaluation, loaded.signatures.get(c.evaluation.license)),
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

function human(r: Renderer, diags: FeatureDiagnosis[], loaded: LoadedLicenses, cwd: string): string {
  const h = loaded.host;
  const vm = h.virtualMachine === null ? 'unknown' : h.virtualMachine ? `yes (${h.virtualMachineEvidence ?? 'detected'})` : 'no';
  const out = [`This host: ${h.hostname}, platform ${h.platform}, user ${h.user}, virtual machine: ${vm}`];
  if (diags.length === 0) out.push('', 'No licensed features in these license files.');
  for (const d of diags) {
    const name = `${d.product}${d.version ? ` v${d.version}` : ''}`;
    out.push('', `${r.c.bold(name)}: ${d.usable ? r.c.green('can be used here') : r.c.red('cannot be used here')}`);
    if (d.candidates.length === 0) out.push(...reasonLines(r, d.reasons, '  '));
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
  return out.join('\n');
}

/**
 * 65 instead of 1 when broken license data stands in the way of a feature: a
 * candidate line has syntax errors, a license file could not be read, or no
 * line names the feature while a file has errors (the feature may be in the
 * unreadable text). The fix is then "repair the file", not "get a license".
 */
function blockedByBadData(diags: readonly FeatureDiagnosis[], loaded: LoadedLicenses): boolean {
  const broken = hasErrorDiagnostics(loaded.diagnostics);
  return diags.some(
    (d) =>
      !d.usable &&
      (loaded.unreadable.length > 0 ||
        d.candidates.some((c) => c.reasons.some((r) => r.code === 'syntax')) ||
        (d.candidates.length === 0 && broken)),
  );
}

export function runLmdiag(args: LmdiagArgs, ctx: CliContext): CommandOutput {
  const loaded = loadLicenses(args, ctx);
  const evals = loaded.set.evaluations;
  const asked = (args.features ?? []).map(splitFeature);
  const wanted = asked.length > 0 ? asked : productsOf(evals).map((product) => ({ product, version: null }));
  const password = args.password ?? ctx.env.RLM_LICENSE_PASSWORD ?? null;
  const diags = wanted.map((w) => diagnoseFeature(evals, w.product, w.version, { password }));
  const messages: Message[] = [
    ...loaded.unreadable,
    ...diagnosticMessages(loaded.diagnostics.filter((d) => d.severity !== 'info')),
    ...loaded.warnings,
  ];
  const allUsable = diags.length > 0 && diags.every((d) => d.usable);
  return {
    json: {
      host: hostJson(loaded),
      usable: allUsable,
      features: diags.map((d) => featureJson(d, loaded)),
      diagnostics: loaded.diagnostics.map(diagnosticJson),
    },
    human: (r) => human(r, diags, loaded, ctx.cwd),
    exitCode: allUsable ? EXIT.ok : blockedByBadData(diags, loaded) ? EXIT.dataErr : EXIT.failure,
    messages,
  };
}
