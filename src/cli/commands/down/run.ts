// down on every server entry. Without -q/--force the user is asked first, on a
// terminal or not (lmdown reads the answer from stdin; `lmdown -q` does not
// ask). After a server says it is stopping, wait until it stops answering, so
// a script can start another server on the port at once.
import type { LicenseClient } from '../../../client/client.js';
import type { Endpoint } from '../../../client/types.js';
import { EXIT } from '../../../protocol/errors.js';
import type { CliContext, CommandOutput } from '../../common/command.js';
import { adminExit, adminRow, failureMessages, type AdminRow } from '../../output/admin-view.js';
import type { Renderer } from '../../output/renderer.js';
import type { DownArgs } from './args.js';
import { openClient } from '../../../client/road.js';
import { roadInput, withAdminHint } from '../../common/environment.js';
import { jsonDocument } from '../../../protocol/documents.js';

export interface DownResultJson {
  stopping: true;
  /** the server stopped answering within the wait */
  stopped: boolean;
}

/** How long to watch a stopping server: it finishes requests in progress for up to 10 s. */
const STOP_WAIT_MS = 15_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stoppedAnswering(client: LicenseClient, ep: Endpoint): Promise<boolean> {
  const end = Date.now() + STOP_WAIT_MS;
  while (Date.now() < end) {
    try {
      await client.server(ep).hello();
    } catch {
      // refused, reset or shutting down (503): no longer serving
      return true;
    }
    await sleep(200);
  }
  return false;
}

/** The question to ask, or null when no server answers (nothing to stop: down reports why). */
async function question(client: LicenseClient, groups: number): Promise<string | null> {
  const status = await client.status();
  const up = status.filter((s) => s.ok);
  if (up.length === 0) return null;
  const live = up.reduce((n, s) => n + (s.ok ? s.value.pools.reduce((m, p) => m + p.checkouts.length, 0) : 0), 0);
  const names = status.map((s) => (s.ok ? s.endpoint.spec : s.group.spec)).join(', ');
  const checkouts = live > 0 ? ` ${live} checkout${live === 1 ? ' is' : 's are'} live and will end.` : '';
  return `Stop the license server${groups === 1 ? '' : 's'} ${names}?${checkouts} [y/N] `;
}

function downText(r: Renderer, rows: ReadonlyArray<AdminRow<DownResultJson>>): string {
  const out: string[] = [];
  for (const row of rows) {
    // a server that could not be stopped is told on stderr (failureMessages)
    if (!row.ok || !row.result) continue;
    out.push(`${r.c.bold(row.address)}: ${row.result.stopped ? 'stopped' : `stopping (still answering after ${STOP_WAIT_MS / 1000} s)`}`);
  }
  return out.join('\n');
}

export async function runDown(args: DownArgs, ctx: CliContext): Promise<CommandOutput> {
  const { client, groups } = await openClient(roadInput(args, ctx), 'stop');
  try {
    const ask = args.quiet || args.force ? null : await question(client, groups.length);
    if (ask !== null) {
      const { askYesNo } = await import('./prompt.js');
      if (!(await askYesNo(ask))) {
        return {
          json: jsonDocument('down', { servers: [], declined: true }),
          human: () => '',
          exitCode: EXIT.failure,
          messages: [
            {
              level: 'error',
              text: ctx.interactive
                ? 'not stopped: the answer was not yes'
                : 'not stopped: standard input is not a terminal and did not answer yes; pass -q or --force to stop without asking',
            },
          ],
        };
      }
    }
    const results = await client.down();
    const rows = await Promise.all(
      results.map(async (res) => {
        const stopped = res.ok ? await stoppedAnswering(client, res.endpoint) : false;
        return adminRow(res, (): DownResultJson => ({ stopping: true, stopped }), withAdminHint);
      }),
    );
    return { json: jsonDocument('down', { servers: rows, declined: false }), human: (r) => downText(r, rows), exitCode: adminExit(rows), messages: failureMessages(rows, 'not stopped') };
  } finally {
    await client.close();
  }
}
