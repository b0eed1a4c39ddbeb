// reread on every server entry: the diff each answered, or why it could not.
// Exit 0 only when every server reread files without errors; else the status
// of the first failure, or 65 when a server's new files have errors.
import type { CliContext, CommandOutput } from '../../common/command.js';
import { adminRow, rereadExit, rereadForIsv, rereadText } from '../../output/admin-view.js';
import { openClient } from '../../../client/road.js';
import { roadInput, withAdminHint } from '../../common/environment.js';
import type { RereadArgs } from './args.js';
import { jsonDocument } from '../../../protocol/documents.js';

export async function runReread(args: RereadArgs, ctx: CliContext): Promise<CommandOutput> {
  const { client } = await openClient(roadInput(args, ctx), 'reread');
  try {
    const results = await client.reread();
    const rows = results.map((r) => adminRow(r, (d) => rereadForIsv(d, args.isv), withAdminHint));
    return {
      json: jsonDocument('reread', { servers: rows }),
      human: (r) => rereadText(r, rows, !args.quiet),
      exitCode: rereadExit(rows),
      messages: args.isv !== undefined ? [{ level: 'info', text: `only the pools of ${args.isv} are shown; a licutil server rereads all its license files` }] : [],
    };
  } finally {
    await client.close();
  }
}
