// `licutil serve --check-config FILE`: read the configuration as the server
// would (includes, preprocessor, merge, keys), print the merged result as JSON
// and say what is wrong, file:line:column. Nothing is started. Exit 0 when the
// server would start with it, 78 when it has errors. The password of com_auth
// is hidden so the output can go to a CI log.
import path from 'node:path';
import { checkConfigReport, loadServerConfig, type ConfigDiagnostic } from '../../config/index.js';
import { nodeConfigIo } from '../../config/node-io.js';
import { EXIT } from '../../protocol/errors.js';
import { effectiveServe, effectiveToJson, redactConfig, type ServeFlags } from './serve-config.js';

export interface CheckConfigOutcome {
  /** what --json prints */
  json: Record<string, unknown>;
  /** what a person sees on stdout: the merged configuration */
  text: string;
  diagnostics: Array<{ level: 'error' | 'warning'; text: string }>;
  exitCode: number;
}

function located(d: ConfigDiagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  return `${where}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}

export function checkConfig(file: string, flags: ServeFlags, cwd: string): CheckConfigOutcome {
  const abs = path.resolve(cwd, file);
  const loaded = loadServerConfig(abs, nodeConfigIo);
  const report = checkConfigReport(abs, loaded);
  const config = redactConfig(report.config);
  const json: Record<string, unknown> = { file: abs, ok: report.ok, config, diagnostics: report.diagnostics, files: loaded.files };
  // null when the file could not be read into a configuration
  json.effective = loaded.config ? effectiveToJson(effectiveServe(flags, loaded.config)) : null;
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  const diagnostics = report.diagnostics.map((d) => ({ level: d.severity, text: located(d) }));
  if (errors > 0) diagnostics.push({ level: 'error', text: `${abs}: ${errors} error${errors === 1 ? '' : 's'}; the server would not start with this configuration` });
  return { json, text: `${JSON.stringify(config, null, 2)}\n`, diagnostics, exitCode: report.ok ? EXIT.ok : EXIT.config };
}
