// The license environment: where licenses come from (seed 002 "The License Environment").
export type { FsView, LicenseSource, Resolution, ResolveInput } from './types.js';
export { FLEXLM_DEFAULT_PORTS } from './types.js';
export { isUsable, licenseFilesOf, literalTextsOf, resolveLicenseEnvironment, serversOf, usableSources } from './resolve.js';
export { joinLicenseSpec, splitLicenseSpec } from './split.js';
export { precedenceOf } from './walk.js';

