// remove by handle (each server is asked until one knows it; HANDLE@PORT@HOST
// asks that server alone) or by FEATURE USER HOST (the checkouts are found in
// every server's status). A refusal is explained: min_remove with the seconds
// left, or how to pass the admin token.
import { PUBLIC_ID, parseHandleRef } from '../../../client/address.js';
import type { LicenseClient } from '../../../client/client.js';
import { isServerUnavailable } from '../../../client/failure.js';
import type { Endpoint } from '../../../client/types.js';
import { EXIT, LicutilError } from '../../../protocol/errors.js';
import type { CheckoutInfo } from '../../../protocol/messages.js';
import type { CliContext, CommandOutput, Message } from '../../common/command.js';
import { exitOfCode, failureJson } from '../../output/admin-view.js';
import type { ServerFailureJson } from '../../output/status-view.js';
import { clientOver, openClient } from '../../../client/road.js';
import { roadInput, withAdminHint } from '../../common/environment.js';
import type { RemoveArgs } from './args.js';
import { jsonDocument } from '../../../protocol/documents.js';

export interface RemovedJson {
  handle: string;
  server: string;
  /** what the checkout was; null when it was named by its handle (the server's answer does not say) */
  product: string | null;
  version: string | null;
  user: string | null;
  host: string | null;
}

export interface RefusedJson {
  handle: string;
  server: string | null;
  error: ServerFailureJson;
}

interface RemoveReport {
  removed: RemovedJson[];
  refused: RefusedJson[];
  /** with FEATURE USER HOST: servers that could not be asked for their status */
  unreachable: Array<{ server: string; error: ServerFailureJson }>;
}

function refusal(e: unknown): LicutilError {
  return e instanceof LicutilError ? withAdminHint(e) : new LicutilError('LICUTIL_E_INTERNAL', String(e));
}

function checkoutFacts(c: CheckoutInfo): Omit<RemovedJson, 'handle' | 'server'> {
  return { product: c.product, version: c.version, user: c.user, host: c.host };
}

async function removeHandle(client: LicenseClient, text: string): Promise<RemoveReport> {
  const ref = parseHandleRef(text);
  // every server numbers its own checkouts: asking each in turn could end another server's 27
  if (PUBLIC_ID.test(ref.handle) && !ref.endpoint && client.groups.length > 1) {
    throw new LicutilError(
      'LICUTIL_E_USAGE',
      `${ref.handle} is a checkout id, and ids are per server: ${client.groups.length} servers are in the license environment`,
      `name the server: \`licutil remove ${ref.handle}@PORT@HOST\` (lmstat text shows it as (HOST/PORT ${ref.handle}))`,
    );
  }
  try {
    const { endpoint, value } = ref.endpoint ? { endpoint: ref.endpoint, value: await client.server(ref.endpoint).remove(ref.handle) } : await client.remove(ref.handle);
    return { removed: [{ handle: value.handle, server: endpoint.spec, product: null, version: null, user: null, host: null }], refused: [], unreachable: [] };
  } catch (e) {
    const err = refusal(e);
    if (err.code === 'LICUTIL_E_NO_SUCH_HANDLE' || err.code === 'LICUTIL_E_UNAVAILABLE' || isServerUnavailable(err)) throw withHandleHint(err);
    const server = ref.endpoint?.spec ?? null;
    return { removed: [], refused: [{ handle: ref.handle, server, error: failureJson(err, null) }], unreachable: [] };
  }
}

function withHandleHint(e: LicutilError): LicutilError {
  if (e.code !== 'LICUTIL_E_NO_SUCH_HANDLE') return e;
  return new LicutilError(e.code, e.message, '`licutil stat -a` lists the live checkouts and their handles; one checked in or reclaimed is gone already');
}

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

async function removeMatching(client: LicenseClient, args: RemoveArgs, user: string, host: string): Promise<RemoveReport> {
  const feature = args.target;
  const statuses = await client.status({ product: feature });
  const report: RemoveReport = { removed: [], refused: [], unreachable: [] };
  const found: Array<{ endpoint: Endpoint; checkout: CheckoutInfo }> = [];
  for (const s of statuses) {
    if (!s.ok) {
      report.unreachable.push({ server: s.endpoint.spec, error: failureJson(s.error, s.kind) });
      continue;
    }
    for (const p of s.value.pools) {
      for (const c of p.checkouts) {
        const match = same(c.product, feature) && same(c.user, user) && same(c.host, host) && (args.display === undefined || c.display === undefined || same(c.display, args.display));
        if (match) found.push({ endpoint: s.endpoint, checkout: c });
      }
    }
  }
  if (found.length === 0) {
    const asked = statuses.length - report.unreachable.length;
    const missed = report.unreachable.length > 0 ? `; ${report.unreachable.length} of ${statuses.length} servers could not be asked (${report.unreachable.map((u) => `${u.server}: ${u.error.message}`).join('; ')})` : '';
    throw new LicutilError(
      report.unreachable.length > 0 && asked === 0 ? 'LICUTIL_E_UNAVAILABLE' : 'LICUTIL_E_NO_SUCH_HANDLE',
      `no checkout of ${feature} by ${user} on ${host} on the servers that answered${missed}`,
      `\`licutil stat -f ${feature}\` lists who holds ${feature}, with user, host and handle`,
    );
  }
  // one checkout after another: a shared seat's checkouts are ended in the order stat lists them
  for (const { endpoint, checkout } of found) {
    try {
      const r = await client.server(endpoint).remove(checkout.handle);
      report.removed.push({ handle: r.handle, server: endpoint.spec, ...checkoutFacts(checkout) });
    } catch (e) {
      report.refused.push({ handle: checkout.handle, server: endpoint.spec, error: failureJson(refusal(e), isServerUnavailable(e) ? e.kind : null) });
    }
  }
  return report;
}

function exitOf(report: RemoveReport): number {
  const first = report.refused[0];
  if (!first) return EXIT.ok;
  return exitOfCode(first.error.code);
}

function messagesOf(report: RemoveReport): Message[] {
  const out: Message[] = [];
  for (const r of report.refused) {
    out.push({ level: 'error', text: `checkout ${r.handle}${r.server ? ` on ${r.server}` : ''} not removed: ${r.error.message}${r.error.hint ? `\n  hint: ${r.error.hint}` : ''}` });
  }
  for (const u of report.unreachable) out.push({ level: 'warning', text: `${u.server} could not be asked: ${u.error.message}` });
  return out;
}

export async function runRemove(args: RemoveArgs, ctx: CliContext): Promise<CommandOutput> {
  const byFeature = args.user !== undefined;
  if (byFeature && args.host === undefined) {
    throw new LicutilError('LICUTIL_E_USAGE', 'remove FEATURE USER needs the HOST too', 'write `licutil remove FEATURE USER HOST`, or `licutil remove HANDLE`');
  }
  const ref = byFeature ? null : parseHandleRef(args.target);
  const input = roadInput(args, ctx);
  const client = ref?.endpoint
    ? clientOver([{ spec: ref.endpoint.spec, origin: 'HANDLE@PORT@HOST', endpoints: [ref.endpoint] }], input)
    : (await openClient(input, 'remove a checkout from')).client;
  let report: RemoveReport;
  try {
    report = byFeature ? await removeMatching(client, args, args.user ?? '', args.host ?? '') : await removeHandle(client, args.target);
  } finally {
    await client.close();
  }
  return {
    json: jsonDocument('remove', report),
    human: (r) =>
      report.removed
        .map((x) => `removed checkout ${x.handle} on ${x.server}${x.product ? ` (${x.product} ${x.version ?? ''} of ${x.user ?? '?'}@${x.host ?? '?'})` : ''}`)
        .map((l) => r.c.green(l))
        .join('\n'),
    exitCode: exitOf(report),
    messages: messagesOf(report),
  };
}
