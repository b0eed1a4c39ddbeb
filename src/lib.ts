// The library entry: what programs import from 'licutil'. The same modules the
// CLI uses, nothing implemented twice.
export { VERSION } from './version.js';
export { LicutilError, ERROR_CODES, EXIT } from './protocol/errors.js';
export type { ErrorCode, ErrorSpec } from './protocol/errors.js';

// the --json documents of the CLI (docs/json.md): their names and versions
export { DOCUMENT_VERSIONS } from './protocol/documents.js';
export type { DocumentName, DocumentHead } from './protocol/documents.js';
export type { StatusDocument } from './cli/output/status-json.js';

// license environment
export { resolveLicenseEnvironment, licenseFilesOf, literalTextsOf, serversOf, splitLicenseSpec } from './licenv/index.js';
export type { LicenseSource, Resolution, ResolveInput, FsView } from './licenv/index.js';
export { nodeFsView } from './licenv/node-fs.js';

// license files
export { parseLicense, decodeLicenseBytes, printDocument, setAttribute, removeAttribute, formatGrant, grants, DIAGNOSTIC_CODES } from './licfile/index.js';
export type { LicenseDocument, Statement, LicenseStatement, UpgradeStatement, Diagnostic, Dialect } from './licfile/index.js';

// meaning
export {
  licensesOf,
  licensesOfAll,
  evaluateLicenses,
  evaluateLicenseSet,
  diagnoseFeature,
  buildPools,
  applyReplace,
  applyUpgrades,
  compareVersions,
  parseLicenseDate,
  REASON_CODES,
} from './licmodel/index.js';
export type { License, LicenseEvaluation, FeatureDiagnosis, Pool, Reason } from './licmodel/index.js';

// hostids
export { detectHostFacts } from './hostid/detect.js';
export { nodeHostIo } from './hostid/node-io.js';
export { matchHostid } from './hostid/match.js';
export type { HostFacts, HostidMatch } from './hostid/types.js';

// signing
export { generateKeyPair, parsePrivateKey, parsePublicKey, signDocument, verifyGrant, verifyDocument, canonicalPayload } from './signing/index.js';

// the client: the same code the CLI's network commands use
export { connect, LicenseClient, Lease, ServerUnavailableError, isServerUnavailable, parseDuration } from './client/index.js';
export type {
  ConnectOptions,
  CheckoutResponse,
  StatusResponse,
  PoolInfo,
  CheckoutInfo,
  RereadResponse,
  RemoveResponse,
  DownResponse,
} from './client/index.js';

// ltelicense-style server configuration
export { readConfig, interpretServerConfig, configToJson } from './config/index.js';
