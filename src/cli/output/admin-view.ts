// Views of the admin commands (reread, remove, down): per server entry, what it
// answered or why not, as JSON and text. Pure: results in, text and JSON out.
import type { SweepResult } from '../../client/types.js';
import { ERROR_CODES, EXIT, type ErrorCode, type LicutilError } from '../../protocol/errors.js';
import type { PoolChange, PoolSummary, RereadResponse } from '../../protocol/messages.js';
import type { Renderer } from './renderer.js';
import { formatExpiry, type ServerFailureJson } from './status-view.js';

export interface AdminRow<T> {
  spec: string;
  origin: string;
  address: string;
  ok: boolean;
  result: T | null;
  error: ServerFailureJson | null;
}

export function failureJson(e: LicutilError, kind: string | null): ServerFailureJson {
  return { kind, code: e.code, message: e.message, ...(e.hint !== undefined ? { hint: e.hint } : {}) };
}

export function adminRow<T, U = T>(r: SweepResult<T>, map: (v: T) => U, fix: (e: LicutilError) => LicutilError = (e) => e): AdminRow<U> {
  const base = { spec: r.group.spec, origin: r.group.origin };
  if (r.ok) return { ...base, address: r.endpoint.spec, ok: true, result: map(r.value), error: null };
  return { ...base, address: r.endpoint.spec, ok: false, result: null, error: failureJson(fix(r.error), r.kind) };
}

/** 0 when every server did it; else the status of the first failure (69 unreachable, 77 not admin, ...). */
export function adminExit(rows: ReadonlyArray<AdminRow<unknown>>): number {
  const failed = rows.find((r) => !r.ok);
  return failed?.error ? exitOfCode(failed.error.code) : EXIT.ok;
}

/**
 * reread: a server that could not be asked decides as in adminExit; else a
 * server that reread files with errors makes it 65 (LICUTIL_E_LICENSE_SYNTAX),
 * so a script that edits a license file and rereads notices its mistake.
 */
export function rereadExit(rows: ReadonlyArray<AdminRow<RereadResponse>>): number {
  const failed = adminExit(rows);
  if (failed !== EXIT.ok) return failed;
  return rows.some((r) => (r.result?.errors?.length ?? 0) > 0) ? ERROR_CODES.LICUTIL_E_LICENSE_SYNTAX.exit : EXIT.ok;
}

/** The exit status of an error code of the table (1 for one it does not know). */
export function exitOfCode(code: string): number {
  return Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code as ErrorCode].exit : EXIT.failure;
}

/**
 * A server that did not do it, for stderr (program.ts prefixes `licutil: `):
 * stdout keeps what the servers did, so a script piping it sees no failure text.
 * (Shaped as a command's Message: output/ does not import common/.)
 */
export function failureMessages(rows: ReadonlyArray<AdminRow<unknown>>, what: string): Array<{ level: 'error'; text: string }> {
  return rows
    .filter((row) => !row.ok && row.error)
    .map((row) => ({ level: 'error' as const, text: `${rowName(row)}: ${what}: ${row.error?.message ?? ''}${row.error?.hint ? `\n  hint: ${row.error.hint}` : ''}` }));
}

/** The name of a server entry in text: the address that answered, or the entry as written when none did. */
export function rowName(row: AdminRow<unknown>): string {
  return row.ok || row.error?.kind === null ? row.address : row.spec;
}

// ---- reread ----------------------------------------------------------------

/** Keep only the pools of one ISV (reread --isv); the server itself rereads everything. */
export function rereadForIsv(d: RereadResponse, isv: string | undefined): RereadResponse {
  if (isv === undefined) return d;
  const mine = (p: PoolSummary) => p.isv.toLowerCase() === isv.toLowerCase();
  return { ...d, added: d.added.filter(mine), removed: d.removed.filter(mine), changed: d.changed.filter((c) => mine(c.after) || mine(c.before)) };
}

function poolText(p: PoolSummary): string {
  return `${p.isv} ${p.product} ${p.version}: ${p.count} seat${p.count === 1 ? '' : 's'}, soft limit ${p.soft_limit}, ${p.expires === null ? 'permanent' : `until ${formatExpiry(p.expires)}`}`;
}

function changeText(c: PoolChange): string {
  const b = c.before;
  const a = c.after;
  const diffs: string[] = [];
  if (b.version !== a.version) diffs.push(`version ${b.version} → ${a.version}`);
  if (b.count !== a.count) diffs.push(`count ${b.count} → ${a.count}`);
  if (b.soft_limit !== a.soft_limit) diffs.push(`soft limit ${b.soft_limit} → ${a.soft_limit}`);
  if (b.expires !== a.expires) diffs.push(`expires ${formatExpiry(b.expires)} → ${formatExpiry(a.expires)}`);
  return `${a.isv} ${a.product} ${a.version}: ${diffs.length > 0 ? diffs.join(', ') : 'changed'}`;
}

/** `notes`: also what the server's start-up processing said (every line it read); -q leaves them out. */
export function rereadText(r: Renderer, rows: ReadonlyArray<AdminRow<RereadResponse>>, notes = true): string {
  const out: string[] = [];
  for (const row of rows) {
    const d = row.result;
    // a server that could not reread is told on stderr (failureMessages)
    if (!row.ok || !d) continue;
    if (out.length > 0) out.push('');
    out.push(`${r.c.bold(row.address)}: reread`);
    if (d.added.length + d.removed.length + d.changed.length === 0) out.push('  no pool changed');
    for (const p of d.added) out.push(`  ${r.c.green('+ added')}   ${poolText(p)}`);
    for (const p of d.removed) out.push(`  ${r.c.red('- removed')} ${poolText(p)}`);
    for (const c of d.changed) out.push(`  ${r.c.yellow('~ changed')} ${changeText(c)}`);
    if (d.orphaned_checkouts > 0) {
      out.push(`  ${d.orphaned_checkouts} checkout${d.orphaned_checkouts === 1 ? ' stays' : 's stay'} on pools no longer served, until checked in`);
    }
    // what changed first, then errors (shown even with -q: they are why the exit is 65), then notes
    const errors = new Set(d.errors ?? []);
    for (const m of errors) out.push(`  ${r.c.red('error:')} ${m}`);
    if (notes) for (const m of d.messages.filter((x) => !errors.has(x))) out.push(`  ${r.c.dim('note:')} ${m}`);
  }
  return out.join('\n');
}
