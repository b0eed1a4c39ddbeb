// The ltelicense configuration language (seed 000 §5) for `licutil serve --config`.
export { formatHostPort, parseHostPort, type HostPort } from './address.js';
export { CONFIG_DIAGNOSTIC_CODES, formatDiagnostic, hasErrors, type ConfigDiagnostic, type ConfigDiagnosticCode, type SourcePos } from './diagnostics.js';
export { configToJson, formatConfigJson, type JsonValue } from './json.js';
export { checkConfigReport, loadServerConfig, requireServerConfig, type CheckConfigReport, type LoadedServerConfig } from './load.js';
export { emptyLogOptions, formatLogOptions, LOG_LAYERS, LOG_LEVELS, parseLogOptions, type LayerLogOptions, type LogLevel, type LogOptions, type LogOptionsResult, type LogRotate } from './log-options.js';
export { ConfigLocations, mergeValues } from './merge.js';
export { readConfig, resolveInclude, type ConfigIo, type ReadConfigOptions, type ReadConfigResult } from './read.js';
export {
  COM_LOG_COUNT_MAX,
  COM_LOG_COUNT_MIN,
  DEFAULT_BIND_PORT,
  DEFAULT_COM_LOG_COUNT,
  DEFAULT_COM_NAME,
  DEFAULT_COM_PORT,
  interpretServerConfig,
  KNOWN_KEYS,
  readComPassword,
  type ComAuth,
  type ComSsl,
  type InterpretResult,
  type LicenseSource,
  type ServerConfig,
} from './server-config.js';
export { ComplexNumber, formatComplex, isConfigObject, type ConfigArray, type ConfigObject, type ConfigValue } from './values.js';
