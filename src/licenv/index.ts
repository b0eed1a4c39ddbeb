// The license environment: where licenses come from (seed 002 "The License Environment").
export type { FsKind, FsView, LicenseSource, Resolution, ResolveInput, ServerAddress, SourceKind, SourceStyle } from './types.js';
export { FLEXLM_DEFAULT_PORTS, ORIGIN, RLM_DEFAULT_PORTS } from './types.js';
export { isUsable, licenseFilesOf, literalTextsOf, resolveLicenseEnvironment, serversOf, usableSources } from './resolve.js';
export { joinLicenseSpec, specSeparator, splitLicenseSpec } from './split.js';
export { flexlmDefaultFile, precedenceOf } from './walk.js';
export { resolutionToJson, sourceToJson } from './json.js';
export type { ResolutionJson, ServerJson, SourceJson } from './json.js';
