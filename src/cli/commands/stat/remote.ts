// `stat` over the network: every server entry of the license environment is
// asked at once; one that does not answer is a row saying why, and the others
// are still shown. Exit 69 only when no server answered.
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../../../client/client.js';
import type { SweepResult } from '../../../client/types.js';
import { EXIT } from '../../../protocol/errors.js';
import type { StatusResponse } from '../../../protocol/messages.js';
import type { CliContext, CommandOutput } from '../../common/command.js';
import { renderStatus, statusJson, type ServerStatusRow, type StatusFilters, type StatusJson } from '../../output/status-view.js';
import { openClient } from '../../../client/road.js';
import { roadInput } from '../../common/environment.js';
import type { StatArgs } from './args.js';
import { statusDocument } from '../../output/status-json.js';

export function rowOf(r: SweepResult<StatusResponse>): ServerStatusRow {
  const base = { spec: r.group.spec, origin: r.group.origin, address: r.endpoint.spec };
  if (r.ok) return { ...base, status: r.value, failure: null };
  const e = r.error;
  return {
    ...base,
    status: null,
    failure: { kind: r.kind, code: e.code, message: e.message, ...(e.hint !== undefined ? { hint: e.hint } : {}) },
  };
}

/**
 * The output of a status view: shared by `stat` and `stat --from`. `render`
 * replaces the tables (`--format lmstat|rlmstat`); JSON is always the view.
 */
export function statusOutput(rows: readonly ServerStatusRow[], args: StatArgs, render: ((view: StatusJson) => string) | null = null): CommandOutput {
  const filters: StatusFilters = { feature: args.feature, user: args.u, avail: args.avail };
  const view = statusJson(rows, filters);
  const details = args.a || args.feature !== undefined || args.u !== undefined;
  const down = view.servers.filter((s) => s.status === 'down');
  return {
    json: statusDocument(view),
    // --format keeps the vendor's layout whole: -q drops licutil's banner, not theirs
    human: (r) => (render ? render(view) : renderStatus(r, view, filters, { details, avail: args.avail, quiet: args.quiet })),
    exitCode: view.answered > 0 ? EXIT.ok : EXIT.unavailable,
    messages:
      view.answered === 0
        ? [{ level: 'error', text: `no license server answered (${down.length} asked); \`licutil lmdiag -n\` tests each step` }]
        : // the table shows them already; JSON, lmstat/rlmstat text readers and -q (no servers table) get them on stderr
          args.json || render || args.quiet
          ? down.map((s) => ({ level: 'warning' as const, text: `${s.address} did not answer: ${s.error?.message ?? 'no answer'}` }))
          : [],
  };
}

export async function runStatRemote(args: StatArgs, ctx: CliContext, render: ((view: StatusJson) => string) | null = null): Promise<CommandOutput> {
  const { client, resolution, options } = await openClient(roadInput(args, ctx), 'ask for status');
  try {
    const password = ctx.env.RLM_LICENSE_PASSWORD || undefined;
    const results = await client.status({ product: args.feature, password });
    let rows = results.map(rowOf);
    if (rows.some((r) => r.failure?.kind === 'not-licutil')) {
      const { withVendorAnswers } = await import('../../common/vendor-fallback.js');
      const timeZone = args.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
      rows = await withVendorAnswers(rows, resolution, args, { env: ctx.env, now: ctx.now() }, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, timeZone);
    }
    return statusOutput(rows, args, render);
  } finally {
    await client.close();
  }
}
