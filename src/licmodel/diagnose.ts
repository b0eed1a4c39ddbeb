// `lmdiag`: can a product (at a version) be used here, and if not, every
// reason why, license by license.
import type { LicenseEvaluation } from './evaluate.js';
import { sameName, whereOf } from './license.js';
import { passwordReason, reason, versionReason, type Reason } from './reasons.js';
import { compareVersions } from './versions.js';

interface DiagnoseOptions {
  /** the password the user would send (RLM_LICENSE_PASSWORD); undefined/null = none */
  password?: string | null;
}

interface Candidate {
  evaluation: LicenseEvaluation;
  usable: boolean;
  /** every reason this license cannot serve the request */
  reasons: Reason[];
  /** what else to know (e.g. "needs the server at HOST:PORT": usable if the server has a seat) */
  notes: Reason[];
  /** set when the product is a component of a FlexLM PACKAGE enabled by this license */
  viaPackage: string | null;
}

export interface FeatureDiagnosis {
  product: string;
  version: string | null;
  usable: boolean;
  candidates: Candidate[];
  /** why the feature cannot be used at all (empty when usable) */
  reasons: Reason[];
}

/** FlexLM `COMPONENTS="f1 f2:1.0 f3:2.0:4"`: the component names and their versions, if any. */
function components(e: LicenseEvaluation): Array<{ name: string; version: string | null }> {
  const v = e.license.attrs.get('components');
  if (v === undefined || v === null) return [];
  return v
    .trim()
    .split(/\s+/)
    .filter((c) => c !== '')
    .map((c) => {
      const [name = '', version] = c.split(':');
      return { name, version: version ?? null };
    });
}

function candidateOf(
  e: LicenseEvaluation,
  version: string | null,
  options: DiagnoseOptions,
  viaPackage: { name: string; version: string | null } | null,
): Candidate {
  const l = e.license;
  const reasons = [...e.problems];
  const componentVersion = viaPackage?.version ?? null;
  const granted = componentVersion === null ? l : { ...l, version: componentVersion };
  if (version !== null && compareVersions(version, granted.version) > 0) reasons.push(versionReason(version, granted));
  // "license passwords only work with served licenses"
  if (e.needsServer && l.password !== null && (options.password ?? null) !== l.password) reasons.push(passwordReason(l));
  return { evaluation: e, usable: reasons.length === 0, reasons, notes: e.notes, viaPackage: viaPackage === null ? null : l.product };
}

function dedupe(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const k = `${r.code}\u0000${r.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Every license of `product` (and, for FlexLM, every FEATURE that enables a
 * PACKAGE listing it as a component) with the reasons it cannot be used. The
 * feature is usable when one candidate is; a counted candidate is usable "if
 * the server at HOST:PORT has a seat" — its notes say so.
 */
export function diagnoseFeature(
  evals: readonly LicenseEvaluation[],
  product: string,
  version: string | null,
  options: DiagnoseOptions = {},
): FeatureDiagnosis {
  const candidates: Candidate[] = [];
  for (const e of evals) {
    if (e.license.kind === 'license' && sameName(e.license.product, product)) candidates.push(candidateOf(e, version, options, null));
  }
  // several PACKAGE lines of one name (old and new definitions) enable the same
  // FEATURE lines: each license is one candidate, however many packages name it
  const viaPackage = new Set<LicenseEvaluation>();
  for (const pkg of evals) {
    if (pkg.license.kind !== 'package') continue;
    const comp = components(pkg).find((c) => sameName(c.name, product));
    if (comp === undefined) continue;
    for (const e of evals) {
      if (viaPackage.has(e)) continue;
      if (e.license.kind === 'license' && sameName(e.license.product, pkg.license.product) && sameName(e.license.isv, pkg.license.isv)) {
        viaPackage.add(e);
        candidates.push(candidateOf(e, version, options, { name: comp.name, version: comp.version ?? pkg.license.version }));
      }
    }
  }
  const usable = candidates.some((c) => c.usable);
  let reasons: Reason[] = [];
  if (candidates.length === 0) {
    reasons = [
      reason(
        'no_such_feature',
        `no license for ${product} in these license files`,
        'Check the spelling (licutil stat lists the licensed products), or the license environment (licutil env).',
      ),
    ];
  } else if (!usable) {
    reasons = dedupe(candidates.flatMap((c) => c.reasons.map((r) => ({ ...r, message: `${whereOf(c.evaluation.license)}: ${r.message}` }))));
  }
  return { product, version, usable, candidates, reasons };
}

/** The distinct products of a set of evaluations (lmdiag with no feature named), in first-seen order. */
export function productsOf(evals: readonly LicenseEvaluation[]): string[] {
  const seen = new Map<string, string>();
  for (const e of evals) {
    if (e.license.kind !== 'license') continue;
    const k = e.license.product.toLowerCase();
    if (!seen.has(k)) seen.set(k, e.license.product);
  }
  return [...seen.values()];
}
