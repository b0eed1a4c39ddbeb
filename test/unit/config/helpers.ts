// A tree of configuration files in memory, and shorthands over readConfig.
import { configToJson } from '../../../src/config/json.js';
import { readConfig, type ConfigIo, type ReadConfigOptions } from '../../../src/config/read.js';

export function tree(files: Record<string, string>): ConfigIo & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read(p: string): string {
      reads.push(p);
      const t = files[p];
      if (t === undefined) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
      return t;
    },
    exists: (p: string) => files[p] !== undefined,
  };
}

/** Reads `text` as main.cfg (plus other files) and returns the merged value as JSON. */
export function read(text: string, others: Record<string, string> = {}, opts?: ReadConfigOptions) {
  const r = readConfig('main.cfg', tree({ 'main.cfg': text, ...others }), opts);
  return { ...r, json: configToJson(r.value), messages: r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`) };
}

/** The JSON of a file that must read without any diagnostic. */
export function clean(text: string, others: Record<string, string> = {}, opts?: ReadConfigOptions): unknown {
  const r = read(text, others, opts);
  if (r.diagnostics.length > 0) throw new Error(`unexpected diagnostics:\n${r.messages.join('\n')}`);
  return r.json;
}

/** The diagnostics of a file, as `file:line:column: severity: message`. */
export function problems(text: string, others: Record<string, string> = {}, opts?: ReadConfigOptions): string[] {
  return read(text, others, opts).messages;
}
