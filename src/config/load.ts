// The whole path from a configuration file to a ServerConfig, as `licutil serve
// --config` and `--check-config` use it: read (syntax, preprocessor, includes,
// merge), then interpret (keys, types, ranges). One list of diagnostics comes
// out, reader's first; `config` is null when any of them is an error.
import { LicutilError } from '../protocol/errors.js';
import { formatDiagnostic, hasErrors, type ConfigDiagnostic } from './diagnostics.js';
import { configToJson, type JsonValue } from './json.js';
import { readConfig, type ConfigIo, type ReadConfigOptions } from './read.js';
import { interpretServerConfig, type ServerConfig } from './server-config.js';
import type { ConfigObject } from './values.js';

export interface LoadedServerConfig {
  /** null when there is an error among the diagnostics */
  config: ServerConfig | null;
  /** the merged configuration, whatever its problems */
  value: ConfigObject;
  diagnostics: ConfigDiagnostic[];
  /** every file read, the configuration file first */
  files: string[];
}

export function loadServerConfig(file: string, io: ConfigIo, opts?: ReadConfigOptions): LoadedServerConfig {
  const read = readConfig(file, io, opts);
  // keys of a file that did not parse are not worth checking: the first error is the one to fix
  if (hasErrors(read.diagnostics)) return { config: null, value: read.value, diagnostics: read.diagnostics, files: read.files };
  const interpreted = interpretServerConfig(read.value, file, read.locations);
  const diagnostics = [...read.diagnostics, ...interpreted.diagnostics];
  return { config: hasErrors(diagnostics) ? null : interpreted.config, value: read.value, diagnostics, files: read.files };
}

/** What `licutil serve --check-config FILE --json` prints. */
export interface CheckConfigReport {
  file: string;
  ok: boolean;
  /** the merged configuration (complex numbers as "1.2+3*I") */
  config: JsonValue;
  diagnostics: ConfigDiagnostic[];
}

export function checkConfigReport(file: string, loaded: LoadedServerConfig): CheckConfigReport {
  return { file, ok: loaded.config !== null, config: configToJson(loaded.value), diagnostics: loaded.diagnostics };
}

/** The configuration, or a LicutilError (exit 78) listing every error. */
export function requireServerConfig(loaded: LoadedServerConfig): ServerConfig {
  if (loaded.config) return loaded.config;
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  const lines = errors.slice(0, 20).map(formatDiagnostic);
  if (errors.length > 20) lines.push(`... and ${errors.length - 20} more`);
  throw new LicutilError(
    'LICUTIL_E_CONFIG',
    `the configuration has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n  ${lines.join('\n  ')}`,
    'fix them and run licutil serve --check-config FILE to see the merged result',
  );
}
