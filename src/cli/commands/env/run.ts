// What `licutil env` shows: each source in order with its origin, kind, spec,
// what it resolved to and its problems; then what was set aside and why.
import type { GlobalArgs } from '../../args/global.js';
import type { CliContext, CommandOutput } from '../../common/command.js';
import { resolveFor } from '../../common/environment.js';
import { licenseFileProblem } from '../../common/licenses.js';
import type { Renderer } from '../../output/renderer.js';
import { resolutionToJson } from '../../../licenv/json.js';
import { isUsable } from '../../../licenv/resolve.js';
import type { LicenseSource, Resolution, ServerAddress } from '../../../licenv/types.js';
import { ERROR_CODES } from '../../../protocol/errors.js';
import { jsonDocument } from '../../../protocol/documents.js';

function ports(list: number[]): string {
  const first = list[0];
  const last = list[list.length - 1];
  const contiguous = list.every((p, i) => p === (first ?? 0) + i);
  return list.length > 2 && contiguous ? `${first}-${last}` : list.join(', ');
}

function address(a: ServerAddress): string {
  return a.port === null ? `@${a.host} (port ${ports(a.defaultPorts)})` : `${a.port}@${a.host}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function resolvedTo(s: LicenseSource): string {
  switch (s.kind) {
    case 'server':
      return (s.servers ?? []).map(address).join('\n');
    case 'literal':
      return `<${oneLine(s.text ?? '', 50)}>`;
    default:
      return (s.files ?? []).length > 0 ? (s.files ?? []).join('\n') : '-';
  }
}

function origin(s: LicenseSource): string {
  return s.entry ? `${s.origin} ${s.entry}` : s.origin;
}

function spec(s: LicenseSource): string {
  return s.kind === 'literal' ? oneLine(s.spec, 30) : s.spec;
}

function sourceTable(r: Renderer, list: LicenseSource[], numbered: boolean): string {
  const head = ['origin', 'kind', 'spec', 'resolves to', 'status'];
  const rows = list.map((s, i) => {
    const status = isUsable(s) ? (s.problems.length > 0 ? r.c.yellow('warning') : r.c.green('ok')) : r.c.red('unusable');
    const row = [origin(s), s.kind, spec(s), resolvedTo(s), status];
    return numbered ? [String(i + 1), ...row] : row;
  });
  return r.table(numbered ? ['#', ...head] : head, rows);
}

function problemLines(r: Renderer, list: LicenseSource[], prefix: string): string[] {
  return list.flatMap((s, i) => s.problems.map((p) => `  ${prefix}${i + 1} ${origin(s)}: ${r.c.red(p)}`));
}

function human(r: Renderer, res: Resolution): string {
  const out: string[] = [];
  if (res.sources.length > 0) {
    out.push(r.c.bold('License sources, in the order they are used:'), sourceTable(r, res.sources, true));
    const problems = problemLines(r, res.sources, '#');
    if (problems.length > 0) out.push('', r.c.bold('Problems:'), ...problems);
  }
  if (res.setAside.length > 0) {
    out.push('', r.c.bold('Set aside (not used):'), sourceTable(r, res.setAside, false));
  }
  if (res.notes.length > 0) {
    out.push('', r.c.bold('Notes:'), ...res.notes.map((n) => `  - ${n}`));
  }
  return out.join('\n').replace(/^\n+/, '');
}

function noSource(res: Resolution, ctx: CliContext): { message: string; hint: string } {
  const named = res.sources.length;
  const why =
    named > 0
      ? `${named} source${named === 1 ? ' was' : 's were'} named but none can be used (see the problems listed)`
      : 'nothing names a license file, directory, server or literal license';
  const example =
    ctx.platform === 'win32' ? 'set RLM_LICENSE=5053@licserver;C:\\licenses' : 'export RLM_LICENSE=5053@licserver:/opt/licenses';
  return {
    message: `no license source found: ${why}; looked at ${res.searched.join(', ')}`,
    hint: `set RLM_LICENSE (${example}) or LM_LICENSE_FILE, or pass -c port@host|FILE|DIR; see licutil-env(1)`,
  };
}

/**
 * A file that is empty or binary is named but gives nothing: it is a problem of
 * its source and no longer counts, so a source of only such files is unusable,
 * never `ok`.
 */
function dropNonLicenseFiles(res: Resolution): void {
  for (const s of res.sources) {
    if (s.files === undefined) continue;
    s.files = s.files.filter((f) => {
      const problem = licenseFileProblem(f);
      if (problem !== null) s.problems.push(problem);
      return problem === null;
    });
  }
}

export function runEnv(args: GlobalArgs, ctx: CliContext): CommandOutput {
  const res = resolveFor(args, ctx);
  dropNonLicenseFiles(res);
  const json = jsonDocument('env', resolutionToJson(res, isUsable));
  if (res.sources.some(isUsable)) {
    return { json, human: (r) => human(r, res), exitCode: 0 };
  }
  const { message, hint } = noSource(res, ctx);
  return {
    json: { ...json, error: { code: 'LICUTIL_E_NO_SOURCE', message, hint } },
    human: (r) => human(r, res),
    exitCode: ERROR_CODES.LICUTIL_E_NO_SOURCE.exit,
    messages: [{ level: 'error', text: `${message}\n  hint: ${hint}` }],
  };
}
