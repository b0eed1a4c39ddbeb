// When a server entry answers but is not a licutil server, the vendor's own
// tool (FlexNet lmutil, RLM rlmutil) may know it: which tool (the style of the
// license source: LM_LICENSE_FILE flexlm, RLM_LICENSE rlm, unless the user
// named one), how to ask it, and which would answer when none is installed.
// Shared by `stat` and lmdiag's network diagnosis.
import type { Resolution, SourceStyle } from '../licenv/types.js';
import type { ParsedServer } from './common/types.js';
import type { VendorToolName } from './vendor-tool.js';

export interface VendorToolArgs {
  lmutil?: string | undefined;
  rlmutil?: string | undefined;
}

export function toolForStyle(style: SourceStyle): VendorToolName {
  return style === 'rlm' ? 'rlmutil' : 'lmutil';
}

/** The tool named on the command line wins (only one given); else the one of the source's style. */
export function chooseTool(style: SourceStyle, args: VendorToolArgs): VendorToolName {
  if (args.lmutil !== undefined && args.rlmutil === undefined) return 'lmutil';
  if (args.rlmutil !== undefined && args.lmutil === undefined) return 'rlmutil';
  return toolForStyle(style);
}

/** The style of the source a server entry came from; FlexNet when unknown (the common case for a foreign daemon). */
export function styleOf(resolution: Resolution, group: { spec: string; origin: string }): SourceStyle {
  const src = resolution.sources.find((s) => s.spec === group.spec && s.origin === group.origin) ?? resolution.sources.find((s) => s.spec === group.spec);
  return src?.style ?? 'flexlm';
}

export const vendorCommandLine = (tool: VendorToolName, spec: string) => (tool === 'lmutil' ? `lmutil lmstat -a -c ${spec}` : `rlmutil rlmstat -a -c ${spec}`);

/** Which tool would answer, for a server entry when none is installed. */
export function missingToolHint(tool: VendorToolName, spec: string): string {
  const kind = tool === 'lmutil' ? 'a FlexNet' : 'an RLM';
  return `${kind} server? \`${vendorCommandLine(tool, spec)}\` would answer; install ${tool} or pass --${tool} PATH`;
}

export type VendorAnswer =
  | { found: true; tool: VendorToolName; statuses: ParsedServer[]; command: string; code: number; timedOut: boolean; stderr: string }
  | { found: false; tool: VendorToolName; hint: string };

/** Where the tool runs: its environment (PATH, license variables) and the time its dates are read against. */
export interface VendorToolContext {
  env: Readonly<Record<string, string | undefined>>;
  now: Date;
}

/** Ask the vendor tool about `spec` (port@host). */
export async function askVendorTool(
  tool: VendorToolName,
  spec: string,
  args: VendorToolArgs,
  ctx: VendorToolContext,
  timeoutMs: number,
  timeZone: string | undefined,
): Promise<VendorAnswer> {
  const { findVendorTool, readVendorStatus } = await import('./vendor-tool.js');
  const file = args[tool] ?? findVendorTool(tool, ctx.env.PATH);
  if (file === null) return { found: false, tool, hint: missingToolHint(tool, spec) };
  const st = await readVendorStatus(tool, spec, { path: file, timeoutMs, env: ctx.env, now: ctx.now, ...(timeZone !== undefined ? { timeZone } : {}) });
  return {
    found: true,
    tool,
    statuses: st.result.servers,
    command: st.command.join(' '),
    code: st.run.code,
    timedOut: st.run.timedOut,
    stderr: st.run.stderr,
  };
}

