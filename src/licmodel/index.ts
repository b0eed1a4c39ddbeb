// The meaning of parsed license files (seed 002): dates, versions, license
// types, `_id` order, replace, UPGRADE, pools, and "can this be used here?".
export { daysUntil, expiryInstant, parseLicenseDate } from '../licfile/dates.js';
export { compareVersions } from './versions.js';
export {
  licensesOf,
  licensesOfAll,
  sameName,
  type License,
} from './license.js';
export { licenseType } from './license-type.js';

export { applyReplace } from './replace.js';
export { applyUpgrades } from './upgrade.js';
export { buildPools, type Pool } from './pool.js';
export { REASON_CODES, serverNames, type Reason } from './reasons.js';
export { type SignatureVerdict } from './checks.js';
export {
  evaluateLicenses,
  evaluateLicenseSet,
  selectServed,
  type LicenseEvaluation,
  type LicenseSetEvaluation,
} from './evaluate.js';
export { diagnoseFeature, productsOf, type FeatureDiagnosis } from './diagnose.js';
