// `stat` rows of servers that answered but are not licutil servers, asked of
// the vendor's own tool (src/legacy/vendor-fallback.ts): its servers replace
// the row, marked as from that tool, or the row says which tool would answer.
import type { Resolution } from '../../licenv/types.js';
import type { ParsedServer } from '../../legacy/common/types.js';
import { askVendorTool, chooseTool, styleOf, type VendorToolArgs, type VendorToolContext } from '../../legacy/vendor-fallback.js';
import type { ServerStatusRow } from '../output/status-view.js';

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
  ctx: VendorToolContext,
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
