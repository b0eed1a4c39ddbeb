// reread on every server entry: the diff each answered, or why it could not.
// Exit 0 only when every server reread files without errors; else the status
// of the first failure, or 65 when a server's new files have errors.
import type { CliContext, CommandOutput } from '../../common/command.js';
import { adminRow, failureMessages, rereadExit, rereadForIsv, rereadText, type AdminRow } from '../../output/admin-view.js';
import type { PoolSummary, RereadResponse } from '../../../protocol/messages.js';
import { openClient } from '../../../client/road.js';
import { roadInput, withAdminHint } from '../../common/environment.js';
import type { RereadArgs } from './args.js';
import { jsonDocument } from '../../../protocol/documents.js';

/** A pool as the reread document shows it: `permanent` beside `expires`, as everywhere in licutil's JSON. */
const poolJson = (p: PoolSummary) => ({ ...p, permanent: p.expires === null });

/** One server's reread as the document shows it; `errors` is null from a server too old to say. */
function rereadJson(d: RereadResponse) {
  return {
    added: d.added.map(poolJson),
    removed: d.removed.map(poolJson),
    changed: d.changed.map((c) => ({ id: c.id, before: poolJson(c.before), after: poolJson(c.after) })),
    messages: d.messages,
    errors: d.errors ?? null,
    orphaned_checkouts: d.orphaned_checkouts,
  };
}

const rowJson = (r: AdminRow<RereadResponse>) => ({ ...r, result: r.result === null ? null : rereadJson(r.result) });

export async function runReread(args: RereadArgs, ctx: CliContext): Promise<CommandOutput> {
  const { client } = await openClient(roadInput(args, ctx), 'reread');
  try {
    const results = await client.reread();
    const rows = results.map((r) => adminRow(r, (d) => rereadForIsv(d, args.isv), withAdminHint));
    return {
      json: jsonDocument('reread', { servers: rows.map(rowJson) }),
      human: (r) => rereadText(r, rows, !args.quiet),
      exitCode: rereadExit(rows),
      messages: [
        ...failureMessages(rows, 'not reread'),
        ...(args.isv !== undefined ? [{ level: 'info' as const, text: `only the pools of ${args.isv} are shown; a licutil server rereads all its license files` }] : []),
      ],
    };
  } finally {
    await client.close();
  }
}
