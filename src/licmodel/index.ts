// The meaning of parsed license files (seed 002): dates, versions, license
// types, `_id` order, replace, UPGRADE, pools, and "can this be used here?".
export {
  compareDates,
  daysUntil,
  expiryInstant,
  formatIsoDate,
  isExpired,
  isoOf,
  isStarted,
  localTime,
  parseExptime,
  parseLicenseDate,
  type LicenseDate,
  type LocalTime,
} from './dates.js';
export { compareVersions, isValidVersion, parseVersion, versionSatisfies, type ParsedVersion } from './versions.js';
export {
  attr,
  hasAttr,
  intAttr,
  licensesOf,
  licensesOfAll,
  parseCount,
  sameName,
  whereOf,
  type License,
  type LicenseCount,
  type LicenseDefect,
  type ServerAddress,
} from './license.js';
export { countingType, licenseType, needsServer, servable, type CountingType, type LicenseType } from './license-type.js';
export {
  basedCount,
  disabledOf,
  formatShare,
  hostidKey,
  isNamedUser,
  parseShare,
  platformsOf,
  shareOf,
  softLimitOf,
  timezoneMaskOf,
  type ShareSpec,
} from './attrs.js';
export { criteriaKey, criteriaMismatches, MATCH_CRITERIA, type Criterion } from './criteria.js';
export { sortById } from './order.js';
export { applyReplace, replacementDate, replaceTargets, type Replacement, type ReplaceOptions, type ReplaceResult } from './replace.js';
export { applyUpgrades, upgradeRefusal, type AppliedUpgrade, type UpgradeOptions, type UpgradeResult } from './upgrade.js';
export { buildPools, poolable, poolableSeats, poolRefusal, type Pool } from './pool.js';
export { REASON_CODES, reason, serverNames, type Reason, type ReasonCode } from './reasons.js';
export { checkLicense, type CheckInputs, type CheckResult, type SignatureVerdict } from './checks.js';
export {
  evaluateLicenses,
  evaluateLicenseSet,
  selectServed,
  statusOf,
  STATUS_ORDER,
  type EvaluateInputs,
  type EvaluationStatus,
  type LicenseEvaluation,
  type LicenseSetEvaluation,
  type ServeSelection,
} from './evaluate.js';
export { diagnoseFeature, productsOf, type Candidate, type DiagnoseOptions, type FeatureDiagnosis } from './diagnose.js';
