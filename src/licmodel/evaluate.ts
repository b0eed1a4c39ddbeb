// "Can each license be used here, now?" — the checks of each license, then the
// processing that depends on the others, in the order seed 002 gives: `_id`
// sort ("done prior to REPLACE processing"), replace ("License replace
// processing is done ... before upgrade processing"), then UPGRADE.
import { checkLicense, type CheckInputs, type CheckResult } from './checks.js';
import type { License } from './license.js';
import { licenseType, needsServer, servable, type LicenseType } from './license-type.js';
import { sortById } from './order.js';
import { reason, replacedReason, type Reason } from './reasons.js';
import { applyReplace } from './replace.js';
import { applyUpgrades, type AppliedUpgrade } from './upgrade.js';

export type EvaluateInputs = CheckInputs;

type EvaluationStatus =
  | 'ok'
  | 'expired'
  | 'not_started'
  | 'replaced'
  | 'wrong_host'
  | 'wrong_platform'
  | 'wrong_timezone'
  | 'disabled_here'
  | 'bad_signature'
  | 'bad_syntax';

export interface LicenseEvaluation {
  license: License;
  type: LicenseType;
  needsServer: boolean;
  status: EvaluationStatus;
  /** every reason it cannot be used; empty when status is ok */
  problems: Reason[];
  notes: Reason[];
}

export interface LicenseSetEvaluation {
  /** in processing order: `_id` order within each file, files in the order given, upgraded licenses in place of their bases */
  evaluations: LicenseEvaluation[];
  /** messages a license server logs (wasted or baseless UPGRADE lines) */
  warnings: string[];
  applied: AppliedUpgrade[];
}

/** The status a problem code gives; the first problem in STATUS_ORDER decides. */
const STATUS_OF: Readonly<Record<string, EvaluationStatus>> = {
  syntax: 'bad_syntax',
  bad_signature: 'bad_signature',
  replaced: 'replaced',
  expired: 'expired',
  not_started: 'not_started',
  wrong_host: 'wrong_host',
  no_host_line: 'wrong_host',
  wrong_platform: 'wrong_platform',
  wrong_timezone: 'wrong_timezone',
  disabled_vm: 'disabled_here',
  disabled_terminal_server: 'disabled_here',
};

const STATUS_ORDER: readonly EvaluationStatus[] = [
  'bad_syntax',
  'bad_signature',
  'replaced',
  'expired',
  'not_started',
  'wrong_host',
  'wrong_platform',
  'wrong_timezone',
  'disabled_here',
];

function statusOf(problems: readonly Reason[]): EvaluationStatus {
  const present = new Set(problems.map((p) => STATUS_OF[p.code] ?? 'bad_syntax'));
  return STATUS_ORDER.find((s) => present.has(s)) ?? 'ok';
}

/** Problems that mean the license is not there at all where the decision is made, so it replaces nothing. */
const NOT_LOADED = new Set(['syntax', 'bad_signature', 'wrong_host', 'no_host_line']);

export function evaluateLicenseSet(licenses: readonly License[], inputs: EvaluateInputs): LicenseSetEvaluation {
  const checks = new Map<License, CheckResult>();
  const check = (l: License): CheckResult => {
    let c = checks.get(l);
    if (c === undefined) {
      c = checkLicense(l, inputs);
      checks.set(l, c);
    }
    return c;
  };
  const sorted = sortById(licenses);
  const { replaced } = applyReplace(sorted, {
    canReplace: (l) => !check(l).problems.some((p) => NOT_LOADED.has(p.code)),
  });
  const replacedBy = new Map(replaced.map((r) => [r.license, r.by]));
  const upgraded = applyUpgrades(sorted, {
    eligible: (l) => !replacedBy.has(l) && check(l).problems.length === 0,
    servedUncounted: inputs.perspective === 'server',
  });

  const evaluations = upgraded.licenses.map((l): LicenseEvaluation => {
    const c = check(l);
    const problems = [...c.problems];
    const by = replacedBy.get(l);
    if (by !== undefined) problems.push(replacedReason(by));
    const notes = [...c.notes, ...upgradeNotes(l, upgraded.applied)];
    return { license: l, type: licenseType(l), needsServer: needsServer(l), status: statusOf(problems), problems, notes };
  });
  return { evaluations, warnings: upgraded.warnings, applied: upgraded.applied };
}

function upgradeNotes(l: License, applied: readonly AppliedUpgrade[]): Reason[] {
  if (l.kind !== 'upgrade') return [];
  const a = applied.find((x) => x.upgrade === l);
  if (a === undefined) return [];
  if (a.bases.length === 0) {
    return [
      reason(
        'upgrade_no_base',
        `no ${l.product} license of version ${l.fromVersion ?? '?'} or higher and below ${l.version} is usable here to upgrade`,
        'An UPGRADE needs its base license: check that the base license is in the license environment and valid.',
      ),
    ];
  }
  if (a.wasted > 0) {
    return [reason('upgrade_wasted', `${a.wasted} of its ${l.countRaw} upgrade seats have no base license to upgrade`)];
  }
  return [];
}

/** Each license (after replace and upgrade processing) with its status here and now. */
export function evaluateLicenses(licenses: readonly License[], inputs: EvaluateInputs): LicenseEvaluation[] {
  return evaluateLicenseSet(licenses, inputs).evaluations;
}

interface ServeSelection {
  /** what a server on this host serves, in license order: give these to buildPools */
  served: License[];
  /** every license line left out, with why (seed 003: the server logs them) */
  excluded: Array<{ license: License; reasons: Reason[] }>;
  /** served licenses that end soon (seed 003: "licenses that will expire within 14 days") */
  expiringSoon: LicenseEvaluation[];
  warnings: string[];
}

/** Start-up processing's choice of licenses, from evaluations made with perspective 'server'. */
export function selectServed(set: LicenseSetEvaluation): ServeSelection {
  const out: ServeSelection = { served: [], excluded: [], expiringSoon: [], warnings: set.warnings };
  for (const e of set.evaluations) {
    const l = e.license;
    if (l.kind !== 'license') continue;
    if (!servable(l)) {
      out.excluded.push({ license: l, reasons: e.notes.filter((n) => n.code === 'single_not_served') });
    } else if (e.status !== 'ok') {
      out.excluded.push({ license: l, reasons: e.problems });
    } else {
      out.served.push(l);
      if (e.notes.some((n) => n.code === 'expires_soon')) out.expiringSoon.push(e);
    }
  }
  return out;
}
