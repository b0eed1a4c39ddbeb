// When a server entry answers but is not a licutil server, the vendor's own
// tool (FlexNet lmutil, RLM rlmutil) may know it: run it (no shell, LANG=C, a
// timeout) and show its answer as licutil status, marked as from that tool.
// Without the tool, say which one would answer. The style of the license
// source (LM_LICENSE_FILE: flexlm, RLM_LICENSE: rlm) picks the tool.
import type { ServerGroup } from '../client/types.js';
import type { VendorToolName } from '../legacy/vendor-tool.js';
import type { Resolution, SourceStyle } from '../licenv/types.js';
import type { ParsedServer } from '../legacy/types.js';
import type { CliContext } from './command.js';
import type { ServerStatusRow } from './output/status-view.js';

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
export function styleOf(resolution: Resolution, group: Pick<ServerGroup, 'spec' | 'origin'>): SourceStyle {
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

/** Ask the vendor tool about `spec` (port@host). */
export async function askVendorTool(
  tool: VendorToolName,
  spec: string,
  args: VendorToolArgs,
  ctx: CliContext,
  timeoutMs: number,
  timeZone: string | undefined,
): Promise<VendorAnswer> {
  const { findVendorTool, readVendorStatus } = await import('../legacy/vendor-tool.js');
  const file = args[tool] ?? findVendorTool(tool, ctx.env.PATH);
  if (file === null) return { found: false, tool, hint: missingToolHint(tool, spec) };
  const st = await readVendorStatus(tool, spec, { path: file, timeoutMs, env: ctx.env, now: ctx.now(), ...(timeZone !== undefined ? { timeZone } : {}) });
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

/** The tool reached no daemon (the readers mark it: "Error getting status", no node UP, "Error connecting"). */
function vendorSaysDown(st: ParsedServer): boolean {
  return st.outage !== undefined;
}

/**
 * Status rows with every "not a licutil server" entry asked of its vendor
 * tool: its servers replace the row (marked server.source.tool), or the row
 * says which tool would answer.
 */
export async function withVendorAnswers(
  rows: readonly ServerStatusRow[],
  resolution: Resolution,
  args: VendorToolArgs,
  ctx: CliContext,
  timeoutMs: number,
  timeZone: string | undefined,
): Promise<ServerStatusRow[]> {
  const out = await Promise.all(
    rows.map(async (row): Promise<ServerStatusRow[]> => {
      if (row.failure?.kind !== 'not-licutil') return [row];
      const tool = chooseTool(styleOf(resolution, row), args);
      const a = await askVendorTool(tool, row.address, args, ctx, timeoutMs, timeZone);
      if (!a.found) return [{ ...row, failure: { ...row.failure, hint: a.hint } }];
      const live = a.statuses.filter((st) => !vendorSaysDown(st));
      if (live.length === 0 && a.statuses.length > 0) {
        const node = a.statuses.flatMap((st) => st.server.nodes ?? []).find((n) => n.status === 'down');
        const said = node ? `${node.message ?? 'server down'}${node.error ? ` (${node.error})` : ''}` : 'server down';
        return [{ ...row, failure: { ...row.failure, message: `${row.failure.message}; \`${a.command}\`: ${said}`, hint: `\`licutil explain ${node?.error ?? 'CODE'}\` says what the vendor error means` } }];
      }
      if (a.statuses.length === 0) {
        const why = a.timedOut ? `did not answer within ${Math.round(timeoutMs / 1000)} s` : `gave no status (exit ${a.code})`;
        return [{ ...row, failure: { ...row.failure, message: `${row.failure.message}; \`${a.command}\` ${why}` } }];
      }
      return live.map((status) => ({ ...row, status, failure: null }));
    }),
  );
  return out.flat();
}
