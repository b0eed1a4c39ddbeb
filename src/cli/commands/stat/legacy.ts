// stat and the vendors' text (src/legacy): `--format lmstat|rlmstat` prints the
// status in the layout of `lmutil lmstat -a` / `rlmutil rlmstat -a`, for the
// scripts that parse it; `--from lmstat|rlmstat [FILE|-]` reads such text
// (a file, or standard input) into the same view as a server's own status.
import { readFileSync } from 'node:fs';
import { isTimeZone, parseLmstat, parseRlmstat, renderLmstat, renderRlmstat } from '../../../legacy/index.js';
import type { LegacyParseResult, ServerOutage } from '../../../legacy/index.js';
import { LicutilError } from '../../../protocol/errors.js';
import type { StatusResponse } from '../../../protocol/messages.js';
import type { CliContext, CommandOutput, Message } from '../../common/command.js';
import type { ServerFailureJson, ServerStatusJson, ServerStatusRow, StatusJson } from '../../output/status-view.js';
import type { StatArgs } from './args.js';
import { statusOutput } from './remote.js';

export type LegacyFormat = 'lmstat' | 'rlmstat';

/** The zone vendor text is read and written in: --tz, else this machine's (as the vendor tools print local time). */
export function legacyTimeZone(args: StatArgs): string {
  const tz = args.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isTimeZone(tz)) throw new LicutilError('LICUTIL_E_USAGE', `--tz ${JSON.stringify(tz)} is not a time zone`, 'give an IANA zone name, e.g. UTC or Europe/Paris');
  return tz;
}

/** A server row of the view back to the status document it came from (the view adds `available`). */
function documentOf(s: ServerStatusJson): StatusResponse | null {
  if (s.status !== 'up' || !s.server) return null;
  return { server: s.server, pools: s.pools.map(({ available: _a, ...p }) => p), queues: s.queues };
}

export function legacyRenderer(format: LegacyFormat, args: StatArgs): (view: StatusJson) => string {
  const timeZone = legacyTimeZone(args);
  const render = format === 'lmstat' ? renderLmstat : renderRlmstat;
  return (view) => {
    const docs = view.servers.map(documentOf).filter((d): d is StatusResponse => d !== null);
    return docs.length > 0 ? render(docs, { timeZone }) : '';
  };
}

function readText(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : String(e);
    throw new LicutilError('LICUTIL_E_FILE', `cannot read ${file === '-' ? 'standard input' : file} (${code})`, 'name a file with lmutil lmstat -a or rlmutil rlmstat -a output, or - for standard input');
  }
}

function parseMessages(parsed: LegacyParseResult, where: string): Message[] {
  const out: Message[] = [];
  const n = parsed.unparsed.length;
  if (n > 0) {
    const first = parsed.unparsed.slice(0, 3).map((u) => `  line ${u.line}: ${u.text}`);
    out.push({ level: 'warning', text: `${where}: ${n} line${n === 1 ? ' was' : 's were'} not understood and left out; the first:\n${first.join('\n')}` });
  }
  for (const e of parsed.errors) {
    const code = e.code ? ` (${e.code}${e.system_text ? ` "${e.system_text}"` : ''})` : '';
    const explain = e.code ? `; \`licutil explain ${e.code}\` tells what it means` : '';
    out.push({ level: 'warning', text: `${where}:${e.line}: the vendor tool reports${e.subject ? ` for ${e.subject}` : ''}: ${e.message}${code}${explain}` });
  }
  return out;
}

// What the network answered, as licutil's own failure codes of a server that does not answer.
const CODE_OF_KIND: Record<ServerOutage['kind'], string> = {
  refused: 'LICUTIL_E_REFUSED',
  timeout: 'LICUTIL_E_CONNECT_TIMEOUT',
  dns: 'LICUTIL_E_HOST_UNKNOWN',
  unreachable: 'LICUTIL_E_UNREACHABLE',
  unavailable: 'LICUTIL_E_UNAVAILABLE',
};

/** A server the text says was not reached: down, as a live server that does not answer, with the vendor's error. */
function outageFailure(o: ServerOutage): ServerFailureJson {
  const named = o.name !== '' ? `${o.name}: ${o.title}` : o.message;
  const sys = o.system_text !== undefined ? ` (${o.system_text})` : '';
  // a bare negative number is FlexNet's to `explain`: RLM's codes go by name
  const code = o.dialect === 'rlm' ? o.name || null : o.code || null;
  return {
    kind: o.kind,
    code: CODE_OF_KIND[o.kind],
    message: `the ${o.dialect === 'flexlm' ? 'lmstat' : 'rlmstat'} text says the server was not reached: ${named}${sys}`,
    ...(code !== null ? { hint: `\`licutil explain ${code}\` tells what it means and what to check` } : {}),
    vendor: o,
  };
}

/** `stat --from lmstat|rlmstat [FILE|-]`: vendor text read into the status view. */
export function runStatFrom(format: LegacyFormat, file: string, args: StatArgs, ctx: CliContext, render: ((v: StatusJson) => string) | null): CommandOutput {
  const where = file === '-' ? 'standard input' : file;
  const text = readText(file);
  const parse = format === 'lmstat' ? parseLmstat : parseRlmstat;
  const options = { timeZone: legacyTimeZone(args), now: ctx.now() };
  const parsed = parse(text, options);
  // The other tool's text read the wrong way: a few of its lines pass for this
  // format's rows, under a server with no host, and would read as made-up pools.
  if (parsed.servers.every((s) => !s.outage && s.server.host === '' && !s.server.port)) {
    const other = format === 'lmstat' ? 'rlmstat' : 'lmstat';
    if ((format === 'lmstat' ? parseRlmstat : parseLmstat)(text, options).servers.some((s) => s.server.host !== '')) {
      throw new LicutilError('LICUTIL_E_LICENSE_SYNTAX', `${where} holds ${other} text, not ${format}`, `read it with \`licutil stat --from ${other}\``);
    }
  }
  if (parsed.servers.length === 0) {
    throw new LicutilError(
      'LICUTIL_E_LICENSE_SYNTAX',
      `no ${format} status found in ${where}${parsed.unparsed.length > 0 ? ` (${parsed.unparsed.length} lines not understood)` : ''}`,
      format === 'lmstat' ? 'give the output of `lmutil lmstat -a` (or lmstat -i)' : 'give the output of `rlmutil rlmstat -a`',
    );
  }
  const rows: ServerStatusRow[] = parsed.servers.map((s) => {
    const address = s.server.port ? `${s.server.port}@${s.server.host}` : s.server.host || where;
    const base = { spec: address, origin: `${format} text from ${where}`, address };
    return s.outage ? { ...base, status: null, failure: outageFailure(s.outage) } : { ...base, status: s, failure: null };
  });
  const out = statusOutput(rows, args, render);
  // exit 69 when every server of the text was down, as when asking live servers
  return { ...out, messages: [...(out.messages ?? []), ...parseMessages(parsed, where)] };
}
