// The library entry: what programs import from 'licutil'.
export { VERSION } from './version.js';
export { LicutilError, ERROR_CODES, EXIT } from './protocol/errors.js';
export type { ErrorCode } from './protocol/errors.js';
